//! Hostile requests at the server level: each is refused with its exact typed
//! error and HTTP status, and the handler does not run. Payload attacks inside a
//! correctly encrypted and signed envelope, re-signed truncated ciphertexts, a
//! foreign receiver id, duplicate `Encrypt` elements, extreme timestamps, replays
//! after a parse or handler failure, GET handshake replays, and an oversized
//! chunked body through the axum adapter. The clock is injected throughout.

mod callback_common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use callback_common::requests::*;
use wechat::callback::{CallbackConfig, CallbackError};
use wechat::crypto::{CryptoError, MessageCrypto};
use wechat::message::MessageError;

/// Asserts `result` is the error `expected` (by its `Debug` form) with `status`.
fn assert_rejected<T: std::fmt::Debug>(
    result: Result<T, CallbackError>,
    expected: CallbackError,
    status: u16,
) {
    let err = result.expect_err("the request must be refused");
    assert_eq!(format!("{err:?}"), format!("{expected:?}"));
    assert_eq!(err.http_status(), status, "{err}");
}

// --- Payload attacks inside a valid envelope ---------------------------------

#[tokio::test]
async fn dtd_inside_the_encrypted_payload_is_refused() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let plaintext = "<!DOCTYPE xml [<!ENTITY a \"b\">]><xml><ToUserName>gh_account</ToUserName>\
         <FromUserName>o_user</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>\
         <Content>&a;</Content><MsgId>1</MsgId></xml>";
    let (q, body) = encrypted_request(&wechat_crypto(), plaintext, NOW, "dtd");
    assert_rejected(
        s.server.handle_post(&q, body.as_bytes(), None).await,
        CallbackError::Message(MessageError::DtdForbidden),
        400,
    );
    assert_eq!(s.calls(), 0);
}

#[tokio::test]
async fn deep_nesting_inside_the_encrypted_payload_is_refused() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let max = CallbackConfig::default().parse_limits.max_depth;
    let xml = format!(
        "<xml><MsgType>text</MsgType>{}{}</xml>",
        "<a>".repeat(20),
        "</a>".repeat(20)
    );
    let (q, body) = encrypted_request(&wechat_crypto(), &xml, NOW, "deep-xml");
    assert_rejected(
        s.server.handle_post(&q, body.as_bytes(), None).await,
        CallbackError::Message(MessageError::TooDeep { max }),
        400,
    );

    // The same in a JSON push, inside a JSON envelope.
    let json = format!(
        r#"{{"MsgType":"text","a":{}1{}}}"#,
        r#"{"a":"#.repeat(20),
        "}".repeat(20)
    );
    let crypto = wechat_crypto();
    let encrypt = crypto.encrypt(&json, &[7; 16]);
    let q = encrypted_query(&crypto, &NOW.to_string(), "deep-json", &encrypt);
    let body = format!(r#"{{"ToUserName":"gh_account","Encrypt":"{encrypt}"}}"#);
    assert_rejected(
        s.server.handle_post(&q, body.as_bytes(), None).await,
        CallbackError::Message(MessageError::TooDeep { max }),
        400,
    );
    assert_eq!(s.calls(), 0);
}

#[tokio::test]
async fn resigned_truncated_ciphertexts_are_crypto_errors() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let crypto = wechat_crypto();
    let ts = NOW.to_string();
    let full = crypto.encrypt(&text_xml(1, "truncate me"), &[5; 16]);
    let raw = STANDARD.decode(&full).unwrap();

    // Cut the base64 text at every length, and the ciphertext at every block.
    let mut cuts: Vec<String> = (1..full.len()).map(|n| full[..n].to_owned()).collect();
    cuts.extend((1..raw.len() / 16).map(|blocks| STANDARD.encode(&raw[..blocks * 16])));
    for (i, encrypt) in cuts.iter().enumerate() {
        let q = encrypted_query(&crypto, &ts, &format!("cut{i}"), encrypt);
        let body = envelope(encrypt);
        let err = s
            .server
            .handle_post(&q, body.as_bytes(), None)
            .await
            .expect_err("a truncated ciphertext must be refused");
        match &err {
            CallbackError::Crypto(
                CryptoError::Base64
                | CryptoError::CiphertextLength { .. }
                | CryptoError::Padding
                | CryptoError::LengthPrefix { .. }
                | CryptoError::AppIdMismatch { .. }
                | CryptoError::NotUtf8,
            ) => {}
            other => panic!(
                "cut {} of {}: unexpected {other:?}",
                encrypt.len(),
                full.len()
            ),
        }
        assert_eq!(err.http_status(), 400, "{err}");
    }
    assert_eq!(s.calls(), 0);
}

#[tokio::test]
async fn payload_for_another_receiver_id_is_refused() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let other = MessageCrypto::new(TOKEN, KEY, "wx_someone_else").unwrap();
    let (q, body) = encrypted_request(&other, &text_xml(1, "x"), NOW, "appid");
    assert_rejected(
        s.server.handle_post(&q, body.as_bytes(), None).await,
        CallbackError::Crypto(CryptoError::AppIdMismatch {
            expected: APPID.to_owned(),
            actual: "wx_someone_else".to_owned(),
        }),
        400,
    );
    assert_eq!(s.calls(), 0);
}

#[tokio::test]
async fn duplicate_encrypt_elements_are_refused() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let crypto = wechat_crypto();
    let ts = NOW.to_string();
    let first = crypto.encrypt(&text_xml(1, "first"), &[1; 16]);
    let second = crypto.encrypt(&text_xml(2, "second"), &[2; 16]);
    let bodies = [
        format!(
            "<xml><ToUserName>gh_account</ToUserName><Encrypt>{first}</Encrypt><Encrypt>{second}</Encrypt></xml>"
        ),
        format!(
            "<xml><Encrypt>{first}</Encrypt><ToUserName>gh_account</ToUserName><Encrypt>{second}</Encrypt></xml>"
        ),
        format!(r#"{{"ToUserName":"gh_account","Encrypt":"{first}","Encrypt":"{second}"}}"#),
    ];
    for (i, body) in bodies.iter().enumerate() {
        // Signed over either copy: neither may be picked.
        for (j, signed) in [&first, &second].into_iter().enumerate() {
            let q = encrypted_query(&crypto, &ts, &format!("dup{i}-{j}"), signed);
            let err = s
                .server
                .handle_post(&q, body.as_bytes(), None)
                .await
                .expect_err("two Encrypt elements must be refused");
            assert!(
                matches!(err, CallbackError::Crypto(CryptoError::Envelope(_))),
                "body {i}: {err:?}"
            );
            assert_eq!(err.http_status(), 400);
        }
    }
    assert_eq!(s.calls(), 0);
}

// --- Extreme timestamps ------------------------------------------------------

/// Timestamps that are not a Unix time in decimal seconds: each refused as
/// `InvalidTimestamp`, whatever the signature.
const NOT_UNIX_TIMES: &[&str] = &[
    "99999999999999999999999999999999",
    "18446744073709551616",
    "9223372036854775808",
    "-9223372036854775808",
    "-1",
    "+1700000000",
    " 1700000000",
    "1700000000 ",
    "\t1700000000",
    "1700000000\n",
    "17 00000000",
    "1.7e9",
    "0x6553F100",
    "soon",
    "",
    "１７００００００００",
];

#[tokio::test]
async fn timestamps_that_are_not_unix_times_are_refused() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let crypto = wechat_crypto();
    for ts in NOT_UNIX_TIMES {
        let q = plain_query_raw(TOKEN, ts, "ts");
        assert_rejected(
            s.server
                .handle_post(&q, text_xml(1, "x").as_bytes(), None)
                .await,
            CallbackError::InvalidTimestamp,
            400,
        );
        let encrypt = crypto.encrypt(&text_xml(2, "y"), &[3; 16]);
        let q = encrypted_query(&crypto, ts, "ts", &encrypt);
        assert_rejected(
            s.server
                .handle_post(&q, envelope(&encrypt).as_bytes(), None)
                .await,
            CallbackError::InvalidTimestamp,
            400,
        );
        let q = wechat::callback::CallbackQuery::parse(&format!(
            "signature={}&timestamp={}&nonce=ts&echostr=e",
            sign(TOKEN, ts, "ts"),
            urlencode(ts)
        ));
        assert_rejected(
            s.server.handle_get(&q, None).await,
            CallbackError::InvalidTimestamp,
            400,
        );
    }
    assert_eq!(s.calls(), 0);
}

#[tokio::test]
async fn timestamps_at_the_ends_of_i64_are_stale_without_overflow() {
    let s = counted(plain_app(), Behaviour::Succeed);
    for (ts, skew) in [
        (i64::MAX, NOW - i64::MAX),
        (0, NOW),
        (NOW + 301, -301),
        (NOW - 301, 301),
    ] {
        let q = plain_query(TOKEN, ts, "edge");
        assert_rejected(
            s.server
                .handle_post(&q, text_xml(1, "x").as_bytes(), None)
                .await,
            CallbackError::StaleTimestamp {
                skew_secs: skew,
                window_secs: 300,
            },
            403,
        );
    }
    assert_eq!(s.calls(), 0);
}

#[tokio::test]
async fn an_extreme_clock_does_not_overflow() {
    for now in [i64::MIN, i64::MAX] {
        let server = wechat::callback::CallbackServer::builder()
            .app(plain_app())
            .clock(move || now)
            .build()
            .unwrap();
        let q = plain_query(TOKEN, NOW, "clock");
        let err = server
            .handle_post(&q, text_xml(1, "x").as_bytes(), None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, CallbackError::StaleTimestamp { .. }),
            "{err:?}"
        );
    }
}

// --- Replays after a failure -------------------------------------------------

#[tokio::test]
async fn a_parse_failure_spends_the_signed_query() {
    let s = counted(plain_app(), Behaviour::Succeed);
    let q = plain_query(TOKEN, NOW, "spent");
    let err = s
        .server
        .handle_post(&q, b"<xml><MsgType>text</MsgType><broken", None)
        .await
        .unwrap_err();
    assert!(matches!(err, CallbackError::Message(_)), "{err:?}");
    assert_eq!(err.http_status(), 400);
    // The signature does not cover the body: a forged one must not get through.
    assert_rejected(
        s.server
            .handle_post(&q, text_xml(1, "forged").as_bytes(), None)
            .await,
        CallbackError::Replayed,
        403,
    );
    assert_eq!(s.calls(), 0);
}

#[tokio::test]
async fn an_encrypted_parse_failure_spends_the_signed_query() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let (q, body) = encrypted_request(&wechat_crypto(), "<xml><broken", NOW, "spent");
    let err = s
        .server
        .handle_post(&q, body.as_bytes(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, CallbackError::Message(_)), "{err:?}");
    assert_rejected(
        s.server.handle_post(&q, body.as_bytes(), None).await,
        CallbackError::Replayed,
        403,
    );
    assert_eq!(s.calls(), 0);
}

#[tokio::test]
async fn a_plaintext_handler_failure_keeps_the_query_spent() {
    let s = counted(plain_app(), Behaviour::FailFirst);
    let q = plain_query(TOKEN, NOW, "once");
    let err = s
        .server
        .handle_post(&q, text_xml(5, "x").as_bytes(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, CallbackError::Handler(_)), "{err:?}");
    assert_eq!(err.http_status(), 500);
    // The same signed query with a forged body.
    assert_rejected(
        s.server
            .handle_post(&q, text_xml(6, "forged").as_bytes(), None)
            .await,
        CallbackError::Replayed,
        403,
    );
    assert_eq!(s.calls(), 1);
    // WeChat's retry (a fresh nonce) of the failed message is still handled.
    let retry = plain_query(TOKEN, NOW, "retry");
    let r = s
        .server
        .handle_post(&retry, text_xml(5, "x").as_bytes(), None)
        .await
        .unwrap();
    assert_eq!(r.body, "success");
    assert_eq!(s.calls(), 2);
}

#[tokio::test]
async fn an_encrypted_handler_failure_lets_the_identical_retry_through() {
    let s = counted(safe_app(), Behaviour::FailFirst);
    let crypto = wechat_crypto();
    let (q, body) = encrypted_request(&crypto, &text_xml(5, "x"), NOW, "again");
    let err = s
        .server
        .handle_post(&q, body.as_bytes(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, CallbackError::Handler(_)), "{err:?}");
    // msg_signature covers the Encrypt body: another body with this query fails it.
    let forged = envelope(&crypto.encrypt(&text_xml(6, "forged"), &[9; 16]));
    assert_rejected(
        s.server.handle_post(&q, forged.as_bytes(), None).await,
        CallbackError::Crypto(CryptoError::SignatureMismatch),
        401,
    );
    assert_eq!(s.calls(), 1);
    // The identical message (what a retry reusing the nonce would be) is handled.
    let r = s
        .server
        .handle_post(&q, body.as_bytes(), None)
        .await
        .unwrap();
    assert_eq!(r.body, "success");
    assert_eq!(s.calls(), 2);
    // Once handled, it is spent.
    assert_rejected(
        s.server.handle_post(&q, body.as_bytes(), None).await,
        CallbackError::Replayed,
        403,
    );
    assert_eq!(s.calls(), 2);
}

// --- GET handshake replays ---------------------------------------------------

#[tokio::test]
async fn a_plaintext_handshake_cannot_be_replayed() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let q = handshake_query(TOKEN, NOW, "hs", "echo-1");
    let r = s.server.handle_get(&q, None).await.unwrap();
    assert_eq!(r.body, "echo-1");
    assert_rejected(
        s.server.handle_get(&q, None).await,
        CallbackError::Replayed,
        403,
    );
    // Nor with another echostr: the signature does not cover it.
    let other = handshake_query(TOKEN, NOW, "hs", "<script>");
    assert_rejected(
        s.server.handle_get(&other, None).await,
        CallbackError::Replayed,
        403,
    );
}

#[tokio::test]
async fn an_encrypted_handshake_cannot_be_replayed() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let q = encrypted_handshake_query(&wechat_crypto(), NOW, "ehs", "echo-2");
    let r = s.server.handle_get(&q, None).await.unwrap();
    assert_eq!(r.body, "echo-2");
    assert_rejected(
        s.server.handle_get(&q, None).await,
        CallbackError::Replayed,
        403,
    );
}

#[tokio::test]
async fn a_plaintext_handshake_query_cannot_carry_a_forged_post() {
    let s = counted(plain_app(), Behaviour::Succeed);
    // The plaintext signature is the same for GET and POST.
    s.server
        .handle_get(&handshake_query(TOKEN, NOW, "both", "e"), None)
        .await
        .unwrap();
    assert_rejected(
        s.server
            .handle_post(
                &plain_query(TOKEN, NOW, "both"),
                text_xml(1, "forged").as_bytes(),
                None,
            )
            .await,
        CallbackError::Replayed,
        403,
    );
    // Nor a spent POST query a handshake.
    s.server
        .handle_post(
            &plain_query(TOKEN, NOW, "post-first"),
            text_xml(2, "x").as_bytes(),
            None,
        )
        .await
        .unwrap();
    assert_rejected(
        s.server
            .handle_get(&handshake_query(TOKEN, NOW, "post-first", "e"), None)
            .await,
        CallbackError::Replayed,
        403,
    );
    assert_eq!(s.calls(), 1);
}

#[tokio::test]
async fn a_refused_handshake_spends_nothing() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let mut bad = handshake_query("wrong-token", NOW, "n", "e");
    assert_rejected(
        s.server.handle_get(&bad, None).await,
        CallbackError::SignatureMismatch,
        401,
    );
    bad = handshake_query(TOKEN, NOW, "n", "e");
    assert_eq!(s.server.handle_get(&bad, None).await.unwrap().body, "e");
}

#[tokio::test]
async fn the_echo_is_sent_with_nosniff() {
    let s = counted(safe_app(), Behaviour::Succeed);
    let r = s
        .server
        .handle_get(&handshake_query(TOKEN, NOW, "ns", "<b>hi</b>"), None)
        .await
        .unwrap();
    assert_eq!(r.body, "<b>hi</b>");
    assert!(r.content_type.starts_with("text/plain"));
    assert!(
        r.headers.contains(&("x-content-type-options", "nosniff")),
        "{:?}",
        r.headers
    );
}

// --- Through the axum adapter ------------------------------------------------

#[cfg(feature = "axum")]
mod over_http {
    use std::sync::Arc;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    async fn serve(server: wechat::callback::CallbackServer) -> std::net::SocketAddr {
        let app =
            axum::Router::new().nest("/wechat", wechat::callback::axum::router(Arc::new(server)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    }

    #[tokio::test]
    async fn an_oversized_chunked_body_is_413() {
        let mut config = CallbackConfig::default();
        config.max_body_bytes = 1024;
        let s = counted_with(plain_app(), Behaviour::Succeed, config, None);
        let calls = s.calls.clone();
        let addr = serve(s.server).await;

        let ts = NOW.to_string();
        let mut request = format!(
            "POST /wechat?signature={}&timestamp={ts}&nonce=chunked HTTP/1.1\r\n\
             Host: {addr}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            sign(TOKEN, &ts, "chunked")
        )
        .into_bytes();
        // No Content-Length: 8 chunks of 256 bytes, twice the limit.
        for _ in 0..8 {
            request.extend_from_slice(b"100\r\n");
            request.extend_from_slice(&[b'x'; 256]);
            request.extend_from_slice(b"\r\n");
        }
        request.extend_from_slice(b"0\r\n\r\n");

        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        // The server may answer before reading it all.
        let _ = stream.write_all(&request).await;
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn the_echo_carries_nosniff_over_http() {
        let s = counted(plain_app(), Behaviour::Succeed);
        let addr = serve(s.server).await;
        let ts = NOW.to_string();
        let url = format!(
            "http://{addr}/wechat?signature={}&timestamp={ts}&nonce=h&echostr=%3Cb%3E",
            sign(TOKEN, &ts, "h")
        );
        let r = reqwest::get(&url).await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"));
        assert_eq!(r.text().await.unwrap(), "<b>");
        // The replay is refused.
        let r = reqwest::get(&url).await.unwrap();
        assert_eq!(r.status(), 403);
    }

    #[tokio::test]
    async fn a_rejection_echoing_the_request_carries_nosniff() {
        let s = counted(plain_app(), Behaviour::Succeed);
        let addr = serve(s.server).await;
        // The reason names the unknown app, that is the caller's text.
        let r = reqwest::get(format!(
            "http://{addr}/wechat/%3Cb%3Ehi%3C%2Fb%3E?timestamp={NOW}&nonce=n&signature=x&echostr=e"
        ))
        .await
        .unwrap();
        assert_eq!(r.status(), 404);
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"));
        assert!(r.text().await.unwrap().contains("<b>hi</b>"));
    }
}
