//! The callback handler end to end: verification before parsing, the timestamp
//! window, replays, WeChat's retries, multi-app routing, key rotation, the GET
//! handshake, encrypted replies, and the HTTP status of every rejection.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use wechat::callback::{
    CallbackApp, CallbackConfig, CallbackError, CallbackQuery, CallbackResponse, CallbackServer,
    Incoming, Router,
};
use wechat::crypto::{check_signature, CryptoError, MessageCrypto};
use wechat::message::{Message, MessageError, Reply};

const NOW: i64 = 1_700_000_000;
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const OLD_KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const APPID: &str = "wx2c2769f8efd9abc2";

fn text_xml(msg_id: u64, content: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName>\
         <CreateTime>{NOW}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>\
         <MsgId>{msg_id}</MsgId></xml>"
    )
}

fn sign(token: &str, ts: &str, nonce: &str) -> String {
    use sha1::{Digest, Sha1};
    let mut parts = [token, ts, nonce];
    parts.sort();
    let digest = Sha1::digest(parts.concat().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn plain_query(token: &str, ts: i64, nonce: &str) -> CallbackQuery {
    let ts = ts.to_string();
    CallbackQuery::parse(&format!(
        "signature={}&timestamp={ts}&nonce={nonce}&openid=o_user",
        sign(token, &ts, nonce)
    ))
}

/// An encrypted request: the query and the XML envelope.
fn encrypted_request(
    crypto: &MessageCrypto,
    plaintext: &str,
    ts: i64,
    nonce: &str,
) -> (CallbackQuery, String) {
    let reply = crypto.encrypt_reply(plaintext, nonce, ts, &[5; 16]);
    let body = format!(
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[{}]]></Encrypt></xml>",
        reply.encrypt
    );
    let query = CallbackQuery::parse(&format!(
        "signature=ignored&timestamp={ts}&nonce={nonce}&encrypt_type=aes&msg_signature={}",
        reply.msg_signature
    ));
    (query, body)
}

struct Fixture {
    server: CallbackServer,
    calls: Arc<AtomicUsize>,
}

fn echo_router(calls: Arc<AtomicUsize>) -> Router {
    Router::new()
        .on_message("text", move |incoming: Incoming| {
            let calls = calls.clone();
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                match incoming.message {
                    Message::Text(t) => Reply::text(format!("{}:{}", incoming.appid, t.content)),
                    _ => Reply::Success,
                }
            }
        })
        .on_event("subscribe", |_: Incoming| async { Reply::text("welcome") })
}

fn fixture(apps: Vec<CallbackApp>, config: CallbackConfig) -> Fixture {
    let calls = Arc::new(AtomicUsize::new(0));
    let mut builder = CallbackServer::builder()
        .config(config)
        .router(echo_router(calls.clone()))
        .clock(|| NOW);
    for app in apps {
        builder = builder.app(app);
    }
    Fixture {
        server: builder.build().unwrap(),
        calls,
    }
}

impl Fixture {
    /// POSTs `body` with query `q` to the server's only URL (no appid in the path).
    async fn post(
        &self,
        q: &CallbackQuery,
        body: impl AsRef<[u8]>,
    ) -> Result<CallbackResponse, CallbackError> {
        self.server.handle_post(q, body.as_ref(), None).await
    }

    /// POSTs `body` to the URL of app `path_appid` (`/wechat/{appid}`).
    async fn post_to(
        &self,
        q: &CallbackQuery,
        body: impl AsRef<[u8]>,
        path_appid: Option<&str>,
    ) -> Result<CallbackResponse, CallbackError> {
        self.server.handle_post(q, body.as_ref(), path_appid).await
    }

    /// How many times the text handler ran.
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

fn plain_app() -> CallbackApp {
    CallbackApp::plaintext(APPID, "token").with_original_id("gh_account")
}

fn safe_app() -> CallbackApp {
    CallbackApp::encrypted(APPID, "token", KEY)
        .unwrap()
        .with_original_id("gh_account")
}

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

#[tokio::test]
async fn one_url_serves_several_apps() {
    let a = CallbackApp::plaintext("wx_a", "token-a").with_original_id("gh_a");
    let b = CallbackApp::encrypted("wx_b", "token-b", KEY)
        .unwrap()
        .with_original_id("gh_b");
    let f = fixture(vec![a, b], CallbackConfig::default());
    // By signature (token).
    let r = f
        .post(&plain_query("token-a", NOW, "1"), text_xml(1, "x"))
        .await
        .unwrap();
    assert!(r.body.contains("wx_a:x"));
    // By path segment.
    let err = f
        .post_to(
            &plain_query("token-a", NOW, "2"),
            text_xml(2, "x"),
            Some("wx_b"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CallbackError::SignatureMismatch));
    let crypto = MessageCrypto::new("token-b", KEY, "wx_b").unwrap();
    let (q, body) = encrypted_request(&crypto, &text_xml(3, "y"), NOW, "3");
    let r = f.post_to(&q, &body, Some("gh_b")).await.unwrap();
    let env_sig = r.body.contains("<MsgSignature>");
    assert!(env_sig);
    let err = f
        .post_to(&plain_query("token-a", NOW, "4"), b"", Some("wx_nobody"))
        .await
        .unwrap_err();
    assert!(matches!(err, CallbackError::UnknownApp(_)));
    assert_eq!(err.http_status(), 404);
}

#[tokio::test]
async fn apps_sharing_a_token_are_told_apart_by_to_user_name() {
    let a = CallbackApp::plaintext("wx_a", "shared").with_original_id("gh_a");
    let b = CallbackApp::plaintext("wx_b", "shared").with_original_id("gh_account");
    let f = fixture(vec![a, b], CallbackConfig::default());
    let r = f
        .post(&plain_query("shared", NOW, "1"), text_xml(1, "x"))
        .await
        .unwrap();
    assert!(r.body.contains("wx_b:x"), "{}", r.body);
}

#[tokio::test]
async fn previous_key_is_accepted_during_rotation_and_the_reply_uses_it() {
    let app = CallbackApp::encrypted(APPID, "new-token", KEY)
        .unwrap()
        .with_previous_key("old-token", Some(OLD_KEY))
        .unwrap();
    let f = fixture(vec![app], CallbackConfig::default());
    let old = MessageCrypto::new("old-token", OLD_KEY, APPID).unwrap();
    let (q, body) = encrypted_request(&old, &text_xml(1, "rotated"), NOW, "n");
    let r = f.post(&q, &body).await.unwrap();
    #[derive(serde::Deserialize)]
    struct Env {
        #[serde(rename = "MsgSignature")]
        sig: String,
        #[serde(rename = "TimeStamp")]
        ts: String,
    }
    let env: Env = quick_xml::de::from_str(&r.body).unwrap();
    let plain = old
        .decrypt_message(&r.body, &env.sig, &env.ts, "n")
        .unwrap();
    assert!(plain.contains("rotated"));
    // The new key works too.
    let new = MessageCrypto::new("new-token", KEY, APPID).unwrap();
    let (q, body) = encrypted_request(&new, &text_xml(2, "fresh"), NOW, "m");
    assert!(f.post(&q, &body).await.is_ok());
}

#[tokio::test]
async fn same_token_new_aes_key_falls_back_to_the_previous_key() {
    let app = CallbackApp::encrypted(APPID, "token", KEY)
        .unwrap()
        .with_previous_key("token", Some(OLD_KEY))
        .unwrap();
    let f = fixture(vec![app], CallbackConfig::default());
    let old = MessageCrypto::new("token", OLD_KEY, APPID).unwrap();
    let (q, body) = encrypted_request(&old, &text_xml(1, "k"), NOW, "n");
    assert!(f.post(&q, &body).await.is_ok());
}

#[tokio::test]
async fn get_handshake_plaintext_and_encrypted() {
    let f = fixture(vec![safe_app()], CallbackConfig::default());
    let ts = NOW.to_string();
    let q = CallbackQuery::parse(&format!(
        "signature={}&timestamp={ts}&nonce=n&echostr=hello123",
        sign("token", &ts, "n")
    ));
    assert_eq!(
        f.server.handle_get(&q, None).await.unwrap().body,
        "hello123"
    );
    let bad = CallbackQuery::parse(&format!(
        "signature={}&timestamp={ts}&nonce=n&echostr=x",
        "0".repeat(40)
    ));
    assert!(matches!(
        f.server.handle_get(&bad, None).await,
        Err(CallbackError::SignatureMismatch)
    ));
    // Encrypted echostr (WeCom style), with its own nonce: the pair above is spent.
    let crypto = MessageCrypto::new("token", KEY, APPID).unwrap();
    let sealed = crypto.encrypt_reply("echo-42", "m", NOW, &[1; 16]);
    let q = CallbackQuery::parse(&format!(
        "msg_signature={}&timestamp={ts}&nonce=m&echostr={}",
        sealed.msg_signature,
        form_urlencoded::byte_serialize(sealed.encrypt.as_bytes()).collect::<String>()
    ));
    assert_eq!(f.server.handle_get(&q, None).await.unwrap().body, "echo-42");
    assert!(check_signature("token", &sign("token", &ts, "n"), &ts, "n"));
}

#[tokio::test]
async fn every_rejection_has_its_status() {
    let f = fixture(vec![plain_app()], CallbackConfig::default());
    let ok_q = plain_query("token", NOW, "s1");
    let body = text_xml(1, "x");

    let big = vec![b'a'; 64 * 1024 + 1];
    let e = f.post(&ok_q, &big).await.unwrap_err();
    assert!(matches!(
        e,
        CallbackError::BodyTooLarge { limit: 65536, .. }
    ));
    assert_eq!(e.http_status(), 413);

    let e = f.post(&ok_q, &[0xff, 0xfe]).await.unwrap_err();
    assert!(matches!(e, CallbackError::BodyNotUtf8));
    assert_eq!(e.http_status(), 400);

    let e = f
        .post(&CallbackQuery::parse("nonce=1&signature=x"), &body)
        .await
        .unwrap_err();
    assert!(matches!(e, CallbackError::MissingParameter("timestamp")));
    assert_eq!(e.http_status(), 400);

    let e = f
        .post(&CallbackQuery::parse("timestamp=1"), &body)
        .await
        .unwrap_err();
    assert!(matches!(e, CallbackError::MissingParameter("nonce")));

    let e = f
        .post(
            &CallbackQuery::parse(&format!("timestamp={NOW}&nonce=1")),
            &body,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, CallbackError::MissingParameter("signature")));

    let e = f
        .post(
            &CallbackQuery::parse("timestamp=soon&nonce=1&signature=x"),
            &body,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, CallbackError::InvalidTimestamp));

    let q = CallbackQuery::parse(&format!(
        "timestamp={NOW}&nonce=1&signature=x&encrypt_type=rot13"
    ));
    let e = f.post(&q, &body).await.unwrap_err();
    assert!(matches!(e, CallbackError::UnsupportedEncryptType(_)));

    let q = CallbackQuery::parse(&format!("timestamp={NOW}&nonce=1&encrypt_type=aes"));
    let e = f.post(&q, &body).await.unwrap_err();
    assert!(matches!(
        e,
        CallbackError::MissingParameter("msg_signature")
    ));

    // Encrypted request to an app without an EncodingAESKey.
    let crypto = MessageCrypto::new("token", KEY, APPID).unwrap();
    let (q, enc_body) = encrypted_request(&crypto, &body, NOW, "e1");
    let e = f.post(&q, &enc_body).await.unwrap_err();
    assert!(matches!(e, CallbackError::NotConfiguredForEncryption));

    // DTD in the (signed) plaintext body.
    let q = plain_query("token", NOW, "dtd");
    let e = f
        .post(&q, b"<!DOCTYPE x [<!ENTITY a \"b\">]><xml>&a;</xml>")
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        CallbackError::Message(MessageError::DtdForbidden)
    ));
    assert_eq!(e.http_status(), 400);

    // DTD in an encrypted envelope is refused before the signature check.
    let q = CallbackQuery::parse(&format!(
        "timestamp={NOW}&nonce=1&encrypt_type=aes&msg_signature=x"
    ));
    let e = f
        .post(&q, b"<!DOCTYPE x><xml><Encrypt>a</Encrypt></xml>")
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        CallbackError::Message(MessageError::DtdForbidden)
    ));

    // Safe mode refuses plaintext.
    let strict = fixture(
        vec![safe_app().require_encryption(true)],
        CallbackConfig::default(),
    );
    let e = strict
        .post(&plain_query("token", NOW, "p"), &body)
        .await
        .unwrap_err();
    assert!(matches!(e, CallbackError::EncryptionRequired));
    assert_eq!(f.calls(), 0);
}

#[tokio::test]
async fn json_mini_program_push_is_handled() {
    let f = fixture(vec![plain_app()], CallbackConfig::default());
    let json = format!(
        r#"{{"ToUserName":"gh_account","FromUserName":"o_user","CreateTime":{NOW},"MsgType":"text","Content":"json hi","MsgId":42}}"#
    );
    let r = f.post(&plain_query("token", NOW, "j"), json).await.unwrap();
    assert_eq!(r.content_type, "application/json");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["Content"], format!("{APPID}:json hi"));
}

#[test]
fn debug_output_hides_secrets() {
    let app = CallbackApp::encrypted(APPID, "my-secret-token", KEY).unwrap();
    let text = format!("{app:?}");
    assert!(
        !text.contains("my-secret-token") && !text.contains("abcdefghij"),
        "{text}"
    );
    let crypto = MessageCrypto::new("my-secret-token", KEY, APPID).unwrap();
    let text = format!("{crypto:?}");
    assert!(
        !text.contains("my-secret-token") && !text.contains("abcdefghij"),
        "{text}"
    );
    assert!(text.contains(APPID));
}

#[test]
fn a_server_needs_an_app() {
    assert!(matches!(
        CallbackServer::builder().build(),
        Err(wechat::Error::Config(_))
    ));
}

#[tokio::test]
async fn memory_store_expires_and_stays_bounded() {
    use std::time::Duration;
    use wechat::callback::{DedupStore, MemoryDedupStore};
    let store = MemoryDedupStore::with_capacity(3);
    assert!(store
        .insert_if_absent("a", Duration::from_millis(50))
        .await
        .unwrap());
    assert!(!store
        .insert_if_absent("a", Duration::from_millis(50))
        .await
        .unwrap());
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert!(store
        .insert_if_absent("a", Duration::from_secs(60))
        .await
        .unwrap());
    for k in ["b", "c", "d", "e"] {
        store
            .insert_if_absent(k, Duration::from_secs(60))
            .await
            .unwrap();
    }
    assert!(store.len() <= 3, "{}", store.len());
    // The newest keys are kept.
    assert!(!store
        .insert_if_absent("e", Duration::from_secs(60))
        .await
        .unwrap());
}
