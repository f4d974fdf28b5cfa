//! Fuzzes the callback path: envelope, decryption and message parsing must
//! never panic, and encrypt → decrypt must give the input back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wechat::crypto::{EncryptedEnvelope, MessageCrypto};
use wechat::message::{BodyFormat, Message, ParseLimits};

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wx2c2769f8efd9abc2";

fuzz_target!(|data: &[u8]| {
    let crypto = MessageCrypto::new("token", KEY, APPID).expect("valid key");
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The input as a request body: envelope, then both parsers.
    let _ = EncryptedEnvelope::parse(text);
    let _ = Message::parse(text, BodyFormat::Xml, ParseLimits::default());
    let _ = Message::parse(text, BodyFormat::Json, ParseLimits::default());
    // The input as a ciphertext.
    if let Ok(plain) = crypto.decrypt_unverified(text) {
        let _ = Message::parse(&plain, BodyFormat::detect(&plain), ParseLimits::default());
    }
    // Encrypt, then decrypt: the identity.
    let encrypt = crypto.encrypt(text, &[9; 16]);
    let signature = crypto.msg_signature("1", "2", &encrypt);
    let back = crypto.decrypt(&signature, "1", "2", &encrypt).expect("round trip");
    assert_eq!(back, text);
    // The input inside a real encrypted envelope, decrypted and parsed.
    let reply = crypto.encrypt_reply(text, "2", 1, &[3; 16]);
    if let Ok(plain) = crypto.decrypt_message(&reply.to_xml(), &reply.msg_signature, "1", "2") {
        let _ = Message::parse(&plain, BodyFormat::detect(&plain), ParseLimits::default());
    }
});
