//! Every `signature`, `msg_decrypt`, `msg_encrypt` and `url_verify` case of
//! `shared/vectors/crypto.json`; negative cases must be rejected.

mod callback_common;

use callback_common::s;
use wechat::crypto::{check_signature, CryptoError, MessageCrypto};

fn cases(kind: &str) -> Vec<serde_json::Value> {
    wechat_sim::crypto_cases(kind)
}

fn is_negative(case: &serde_json::Value) -> bool {
    case["expected"]["valid"] == "false"
}

fn crypto_for(inputs: &serde_json::Value) -> MessageCrypto {
    MessageCrypto::new(
        s(inputs, "token"),
        s(inputs, "encoding_aes_key"),
        s(inputs, "receive_id"),
    )
    .expect("valid key")
}

#[test]
fn signature_cases() {
    for case in cases("signature") {
        let i = &case["inputs"];
        let (token, ts, nonce) = (s(i, "token"), s(i, "timestamp"), s(i, "nonce"));
        if is_negative(&case) {
            assert!(
                !check_signature(token, s(i, "signature"), ts, nonce),
                "{}",
                case["id"]
            );
        } else {
            let sig = s(&case["expected"], "signature");
            assert!(check_signature(token, sig, ts, nonce), "{}", case["id"]);
        }
    }
}

#[test]
fn msg_decrypt_cases() {
    for case in cases("msg_decrypt") {
        let id = case["id"].as_str().unwrap_or_default();
        let i = &case["inputs"];
        let crypto = crypto_for(i);
        let (sig, ts, nonce) = (s(i, "msg_signature"), s(i, "timestamp"), s(i, "nonce"));
        let result = match i.get("post_body").and_then(|b| b.as_str()) {
            Some(body) => crypto.decrypt_message(body, sig, ts, nonce),
            None => crypto.decrypt(sig, ts, nonce, s(i, "encrypt")),
        };
        if is_negative(&case) {
            let err = result.expect_err(id);
            let expected_kind = s(&case["expected"], "error").to_ascii_lowercase();
            match err {
                wechat::Error::Crypto(CryptoError::SignatureMismatch) => {
                    assert!(expected_kind.contains("signature"), "{id}: {expected_kind}")
                }
                wechat::Error::Crypto(CryptoError::AppIdMismatch { actual, .. }) => {
                    assert!(expected_kind.contains("appid"), "{id}");
                    assert_eq!(actual, s(&case["expected"], "actual_receive_id"), "{id}");
                }
                other => panic!("{id}: unexpected error {other:?}"),
            }
        } else {
            let plaintext = result.unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(plaintext, s(&case["expected"], "plaintext"), "{id}");
            let msg_len: usize = s(&case["expected"], "msg_len").parse().unwrap();
            assert_eq!(plaintext.len(), msg_len, "{id}");
            // The same ciphertext through the signature-free core.
            assert_eq!(
                crypto.decrypt_unverified(s(i, "encrypt")).unwrap(),
                plaintext,
                "{id}"
            );
        }
    }
}

#[test]
fn msg_encrypt_cases() {
    for case in cases("msg_encrypt") {
        let id = case["id"].as_str().unwrap_or_default();
        let i = &case["inputs"];
        let e = &case["expected"];
        let crypto = crypto_for(i);
        let random: [u8; 16] = s(i, "random")
            .as_bytes()
            .try_into()
            .expect("16-byte random");
        let encrypt = crypto.encrypt(s(i, "plaintext"), &random);
        assert_eq!(encrypt, s(e, "encrypt"), "{id}");
        if let Some(ts) = i.get("timestamp").and_then(|t| t.as_str()) {
            let nonce = s(i, "nonce");
            let reply =
                crypto.encrypt_reply(s(i, "plaintext"), nonce, ts.parse().unwrap(), &random);
            assert_eq!(reply.encrypt, s(e, "encrypt"), "{id}");
            assert_eq!(reply.msg_signature, s(e, "msg_signature"), "{id}");
            if let Some(xml) = e.get("reply_xml").and_then(|x| x.as_str()) {
                assert_eq!(reply.to_xml(), xml, "{id}");
            }
            // And back.
            let back = crypto
                .decrypt_message(&reply.to_xml(), &reply.msg_signature, ts, nonce)
                .unwrap();
            assert_eq!(back, s(i, "plaintext"), "{id}");
        }
    }
}

#[test]
fn url_verify_cases() {
    for case in cases("url_verify") {
        let id = case["id"].as_str().unwrap_or_default();
        let i = &case["inputs"];
        let crypto = crypto_for(i);
        let result = crypto.verify_url(
            s(i, "msg_signature"),
            s(i, "timestamp"),
            s(i, "nonce"),
            s(i, "echostr"),
        );
        if is_negative(&case) {
            assert!(
                matches!(
                    result,
                    Err(wechat::Error::Crypto(CryptoError::SignatureMismatch))
                ),
                "{id}: {result:?}"
            );
        } else {
            assert_eq!(
                result.unwrap(),
                s(&case["expected"], "echo_plaintext"),
                "{id}"
            );
        }
        if let Some(encoded) = i.get("echostr_urlencoded").and_then(|v| v.as_str()) {
            let query = format!(
                "msg_signature={}&timestamp={}&nonce={}&echostr={encoded}",
                s(i, "msg_signature"),
                s(i, "timestamp"),
                s(i, "nonce")
            );
            let q = wechat::callback::CallbackQuery::parse(&query);
            assert_eq!(q.echostr.as_deref(), Some(s(i, "echostr")), "{id}");
        }
    }
}
