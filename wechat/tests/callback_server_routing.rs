//! The callback handler end to end, continued: one URL for several apps, key rotation,
//! the GET handshake, the HTTP status of every rejection, JSON pushes, secrets in
//! `Debug`, the dedup store's bounds.

mod callback_common;
mod callback_server_common;

use wechat::callback::{CallbackApp, CallbackConfig, CallbackError, CallbackQuery, CallbackServer};
use wechat::crypto::{check_signature, MessageCrypto};
use wechat::message::MessageError;

use callback_server_common::*;

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
