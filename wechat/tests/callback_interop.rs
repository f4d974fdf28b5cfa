//! The Rust side of `tests/interop/wechatpy_interop.sh` (ignored unless that
//! script runs it with `INTEROP_DIR` set): decrypts what wechatpy encrypted,
//! and encrypts replies for wechatpy to decrypt.

use serde_json::{json, Value};
use wechat::crypto::MessageCrypto;

#[test]
#[ignore = "run by tests/interop/wechatpy_interop.sh"]
fn wechatpy_interop() {
    let dir = std::env::var("INTEROP_DIR").expect("INTEROP_DIR");
    let input: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/from_wechatpy.json")).unwrap(),
    )
    .unwrap();
    let text = |v: &Value, k: &str| v[k].as_str().unwrap().to_owned();
    let crypto = MessageCrypto::new(
        &text(&input, "token"),
        &text(&input, "key"),
        &text(&input, "appid"),
    )
    .unwrap();
    let mut replies = Vec::new();
    let cases = input["cases"].as_array().unwrap();
    for case in cases {
        let plaintext = crypto
            .decrypt_message(
                &text(case, "body"),
                &text(case, "msg_signature"),
                &text(case, "timestamp"),
                &text(case, "nonce"),
            )
            .expect("decrypt what wechatpy encrypted");
        assert_eq!(plaintext, text(case, "plaintext"));
        let timestamp: i64 = text(case, "timestamp").parse().unwrap();
        let nonce = text(case, "nonce");
        let body = crypto
            .encrypt_message(&plaintext, &nonce, timestamp)
            .unwrap();
        let reply = crypto.encrypt_reply(&plaintext, &nonce, timestamp, &rand::random());
        for (body, signature) in [
            (body, None),
            (reply.to_xml(), Some(reply.msg_signature.clone())),
        ] {
            // encrypt_message's signature sits in the envelope; read it back from there.
            let signature = signature.unwrap_or_else(|| {
                body.split("<MsgSignature><![CDATA[").nth(1).unwrap()[..40].to_owned()
            });
            replies.push(json!({
                "plaintext": plaintext,
                "body": body,
                "msg_signature": signature,
                "timestamp": timestamp.to_string(),
                "nonce": nonce,
            }));
        }
    }
    println!(
        "decrypted {} wechatpy messages, wrote {} replies",
        cases.len(),
        replies.len()
    );
    std::fs::write(
        format!("{dir}/from_rust.json"),
        json!({ "cases": replies }).to_string(),
    )
    .unwrap();
}
