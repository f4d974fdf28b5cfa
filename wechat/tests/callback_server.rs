//! The callback handler end to end: verification before parsing, the timestamp
//! window, replays, WeChat's retries, encrypted replies (multi-app routing, key
//! rotation, the GET handshake and the HTTP status of every rejection:
//! `callback_server_routing.rs`).

mod callback_common;
mod callback_server_common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use wechat::callback::{CallbackConfig, CallbackError, CallbackServer, Incoming, Router};
use wechat::crypto::{CryptoError, MessageCrypto};
use wechat::message::{Message, Reply};

use callback_server_common::*;

#[tokio::test]
async fn plaintext_message_is_routed_and_answered() {
    let f = fixture(vec![plain_app()], CallbackConfig::default());
    let q = plain_query("token", NOW, "n1");
    let r = f.post(&q, text_xml(1, "hi")).await.unwrap();
    assert_eq!(r.status, 200);
    assert!(
        r.body
            .contains("<Content><![CDATA[wx2c2769f8efd9abc2:hi]]></Content>"),
        "{}",
        r.body
    );
    assert!(r
        .body
        .contains("<ToUserName><![CDATA[o_user]]></ToUserName>"));
    assert!(r
        .body
        .contains("<FromUserName><![CDATA[gh_account]]></FromUserName>"));
    assert_eq!(f.calls(), 1);
}

#[tokio::test]
async fn bad_signature_is_rejected_before_parsing_and_the_handler_is_not_called() {
    let f = fixture(vec![plain_app()], CallbackConfig::default());
    let q = plain_query("wrong-token", NOW, "n1");
    // The body is not even XML: parsing it would give another error.
    let err = f.post(&q, b"<<<not xml").await.unwrap_err();
    assert!(matches!(err, CallbackError::SignatureMismatch));
    assert_eq!(err.http_status(), 401);
    assert_eq!(f.calls(), 0);
}

#[tokio::test]
async fn encrypted_bad_msg_signature_is_rejected_and_the_handler_is_not_called() {
    let f = fixture(vec![safe_app()], CallbackConfig::default());
    let crypto = MessageCrypto::new("other-token", KEY, APPID).unwrap();
    let (q, body) = encrypted_request(&crypto, &text_xml(1, "x"), NOW, "n");
    let err = f.post(&q, &body).await.unwrap_err();
    assert!(matches!(
        err,
        CallbackError::Crypto(CryptoError::SignatureMismatch)
    ));
    assert_eq!(err.http_status(), 401);
    assert_eq!(f.calls(), 0);
}

#[tokio::test]
async fn encrypted_message_gets_an_encrypted_reply() {
    let f = fixture(vec![safe_app()], CallbackConfig::default());
    let crypto = MessageCrypto::new("token", KEY, APPID).unwrap();
    let (q, body) = encrypted_request(&crypto, &text_xml(2, "secret"), NOW, "n2");
    let r = f.post(&q, &body).await.unwrap();
    assert!(
        r.body.contains("<Encrypt>") && r.body.contains("<MsgSignature>"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("secret"));
    #[derive(serde::Deserialize)]
    struct Env {
        #[serde(rename = "MsgSignature")]
        sig: String,
        #[serde(rename = "TimeStamp")]
        ts: String,
        #[serde(rename = "Nonce")]
        nonce: String,
    }
    let env: Env = quick_xml::de::from_str(&r.body).unwrap();
    assert_eq!(env.nonce, "n2");
    let plain = crypto
        .decrypt_message(&r.body, &env.sig, &env.ts, &env.nonce)
        .unwrap();
    let Message::Text(t) = Message::from_xml(&plain).unwrap() else {
        panic!()
    };
    assert_eq!(t.content, format!("{APPID}:secret"));
}

#[tokio::test]
async fn success_reply_is_sent_unencrypted() {
    let f = fixture(vec![safe_app()], CallbackConfig::default());
    let crypto = MessageCrypto::new("token", KEY, APPID).unwrap();
    let image = format!(
        "<xml><ToUserName>gh_account</ToUserName><FromUserName>u</FromUserName><CreateTime>{NOW}</CreateTime>\
         <MsgType>image</MsgType><PicUrl>p</PicUrl><MediaId>m</MediaId><MsgId>9</MsgId></xml>"
    );
    let (q, body) = encrypted_request(&crypto, &image, NOW, "n");
    let r = f.post(&q, &body).await.unwrap();
    assert_eq!(r.body, "success");
}

#[tokio::test]
async fn stale_and_future_timestamps_are_rejected() {
    let f = fixture(vec![plain_app()], CallbackConfig::default());
    for ts in [NOW - 301, NOW + 301] {
        let q = plain_query("token", ts, "n");
        let err = f.post(&q, text_xml(1, "x")).await.unwrap_err();
        assert!(
            matches!(
                err,
                CallbackError::StaleTimestamp {
                    window_secs: 300,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.http_status(), 403);
    }
    // Inside the window.
    let q = plain_query("token", NOW - 299, "n");
    assert!(f.post(&q, text_xml(1, "x")).await.is_ok());
}

#[tokio::test]
async fn timestamp_window_is_configurable() {
    let mut config = CallbackConfig::default();
    config.timestamp_window = std::time::Duration::from_secs(10);
    let f = fixture(vec![plain_app()], config);
    let q = plain_query("token", NOW - 11, "n");
    let err = f.post(&q, text_xml(1, "x")).await.unwrap_err();
    assert!(matches!(
        err,
        CallbackError::StaleTimestamp {
            window_secs: 10,
            ..
        }
    ));
}

#[tokio::test]
async fn replayed_timestamp_and_nonce_are_rejected() {
    let f = fixture(vec![plain_app()], CallbackConfig::default());
    let q = plain_query("token", NOW, "same-nonce");
    f.post(&q, text_xml(1, "a")).await.unwrap();
    let err = f.post(&q, text_xml(2, "b")).await.unwrap_err();
    assert!(matches!(err, CallbackError::Replayed));
    assert_eq!(err.http_status(), 403);
    assert_eq!(f.calls(), 1);
}

#[tokio::test]
async fn wechat_retries_run_the_handler_once() {
    let f = fixture(vec![plain_app()], CallbackConfig::default());
    for nonce in ["try1", "try2", "try3", "try4"] {
        let q = plain_query("token", NOW, nonce);
        let r = f.post(&q, text_xml(77, "once")).await.unwrap();
        assert_eq!(r.status, 200);
    }
    assert_eq!(f.calls(), 1);
}

#[tokio::test]
async fn event_retries_are_keyed_by_sender_and_time() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let server = CallbackServer::builder()
        .app(plain_app())
        .clock(|| NOW)
        .router(Router::new().on_event("subscribe", move |_: Incoming| {
            let c = c.clone();
            async move {
                c.fetch_add(1, Ordering::SeqCst);
                Reply::text("welcome")
            }
        }))
        .build()
        .unwrap();
    let event = |from: &str| {
        format!(
            "<xml><ToUserName>gh_account</ToUserName><FromUserName>{from}</FromUserName>\
             <CreateTime>{NOW}</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>"
        )
    };
    for (nonce, from) in [("a", "u1"), ("b", "u1"), ("c", "u2")] {
        let q = plain_query("token", NOW, nonce);
        server
            .handle_post(&q, event(from).as_bytes(), None)
            .await
            .unwrap();
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failed_handler_lets_the_retry_through() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let server = CallbackServer::builder()
        .app(plain_app())
        .clock(|| NOW)
        .router(Router::new().fallback(move |_: Incoming| {
            let c = c.clone();
            async move {
                if c.fetch_add(1, Ordering::SeqCst) == 0 {
                    Err::<Reply, _>("database down")
                } else {
                    Ok(Reply::Success)
                }
            }
        }))
        .build()
        .unwrap();
    let err = server
        .handle_post(
            &plain_query("token", NOW, "a"),
            text_xml(5, "x").as_bytes(),
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CallbackError::Handler(_)));
    assert_eq!(err.http_status(), 500);
    let r = server
        .handle_post(
            &plain_query("token", NOW, "b"),
            text_xml(5, "x").as_bytes(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(r.body, "success");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
