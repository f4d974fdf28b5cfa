//! Bad inputs, each rejected with its own typed error (crypto and message layers;
//! the HTTP-level rejections are in `callback_server.rs`).

use aes::cipher::{block_padding::NoPadding, BlockModeEncrypt, KeyIvInit};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use wechat::crypto::{CryptoError, MessageCrypto};
use wechat::message::{Message, MessageError};

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wxb11529c136998cb6";

fn crypto() -> MessageCrypto {
    MessageCrypto::new("pamtest", KEY, APPID).unwrap()
}

/// AES-256-CBC of `raw` (a multiple of 16 bytes) with the test key, base64-encoded:
/// lets a test build plaintexts the SDK itself would never produce.
fn raw_encrypt(raw: &[u8]) -> String {
    // The key's last character carries 4 unused bits, so allow trailing bits.
    let lenient = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
    );
    let key = lenient.decode(format!("{KEY}=")).unwrap();
    let mut buf = raw.to_vec();
    let len = buf.len();
    let ct = cbc::Encryptor::<aes::Aes256>::new_from_slices(&key, &key[..16])
        .unwrap()
        .encrypt_padded::<NoPadding>(&mut buf, len)
        .unwrap()
        .to_vec();
    STANDARD.encode(ct)
}

/// Decrypts `encrypt` with a valid signature and returns the crypto error.
fn decrypt_err(encrypt: &str) -> CryptoError {
    let c = crypto();
    let sig = c.msg_signature("1", "2", encrypt);
    match c.decrypt(&sig, "1", "2", encrypt) {
        Err(wechat::Error::Crypto(e)) => e,
        other => panic!("expected a crypto error, got {other:?}"),
    }
}

fn key_err(key: &str) -> CryptoError {
    match MessageCrypto::new("t", key, APPID) {
        Err(wechat::Error::Crypto(e)) => e,
        other => panic!("expected a key error, got {other:?}"),
    }
}

/// `random(16) | len | msg | appid` plus valid 32-byte padding.
fn layout(declared_len: u32, body: &[u8]) -> Vec<u8> {
    let mut raw = vec![b'r'; 16];
    raw.extend_from_slice(&declared_len.to_be_bytes());
    raw.extend_from_slice(body);
    let pad = 32 - raw.len() % 32;
    raw.resize(raw.len() + pad, pad as u8);
    raw
}

#[test]
fn key_too_short() {
    assert!(matches!(
        key_err("abc"),
        CryptoError::InvalidEncodingAesKey { .. }
    ));
}

#[test]
fn key_too_long() {
    assert!(matches!(
        key_err(&format!("{KEY}A")),
        CryptoError::InvalidEncodingAesKey { .. }
    ));
}

#[test]
fn key_with_non_alphanumeric_character() {
    assert!(matches!(
        key_err("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF+"),
        CryptoError::InvalidEncodingAesKey { .. }
    ));
}

#[test]
fn key_error_does_not_echo_the_key() {
    let text =
        wechat::Error::from(key_err("abcdefghijklmnopqrstuvwxyz0123456789ABCDE!")).to_string();
    assert!(!text.contains("abcdefghij"), "{text}");
}

#[test]
fn wrong_msg_signature() {
    let c = crypto();
    let enc = c.encrypt("<xml/>", &[1; 16]);
    let bad = "0".repeat(40);
    assert!(matches!(
        c.decrypt(&bad, "1", "2", &enc),
        Err(wechat::Error::Crypto(CryptoError::SignatureMismatch))
    ));
}

#[test]
fn msg_signature_of_wrong_length() {
    let c = crypto();
    let enc = c.encrypt("<xml/>", &[1; 16]);
    assert!(matches!(
        c.decrypt("abc", "1", "2", &enc),
        Err(wechat::Error::Crypto(CryptoError::SignatureMismatch))
    ));
}

#[test]
fn plaintext_signature_mismatch() {
    assert!(!wechat::crypto::check_signature(
        "t",
        &"f".repeat(40),
        "1",
        "2"
    ));
    assert!(!wechat::crypto::check_signature("t", "ä", "1", "2"));
}

#[test]
fn encrypt_not_base64() {
    assert_eq!(decrypt_err("not base64 at all!"), CryptoError::Base64);
}

#[test]
fn ciphertext_not_whole_blocks() {
    assert_eq!(
        decrypt_err(&STANDARD.encode([0u8; 17])),
        CryptoError::CiphertextLength { len: 17 }
    );
}

#[test]
fn ciphertext_empty() {
    assert_eq!(
        decrypt_err(&STANDARD.encode([0u8; 0])),
        CryptoError::CiphertextLength { len: 0 }
    );
}

#[test]
fn padding_value_zero() {
    let mut raw = layout(0, APPID.as_bytes());
    *raw.last_mut().unwrap() = 0;
    assert_eq!(decrypt_err(&raw_encrypt(&raw)), CryptoError::Padding);
}

#[test]
fn padding_value_above_32() {
    let mut raw = vec![33u8; 64];
    raw[..20].fill(0);
    assert_eq!(decrypt_err(&raw_encrypt(&raw)), CryptoError::Padding);
}

#[test]
fn padding_bytes_inconsistent() {
    let mut raw = layout(0, APPID.as_bytes());
    let n = raw.len();
    let pad = raw[n - 1] as usize;
    assert!(pad >= 2);
    raw[n - 2] ^= 0x55;
    assert_eq!(decrypt_err(&raw_encrypt(&raw)), CryptoError::Padding);
}

#[test]
fn plaintext_shorter_than_header() {
    // 16 bytes of data + 16 bytes of padding value 16: nothing left for the length.
    let mut raw = vec![b'r'; 16];
    raw.resize(32, 16);
    assert!(matches!(
        decrypt_err(&raw_encrypt(&raw)),
        CryptoError::LengthPrefix { .. }
    ));
}

#[test]
fn length_prefix_past_the_end() {
    let raw = layout(1000, b"short");
    assert_eq!(
        decrypt_err(&raw_encrypt(&raw)),
        CryptoError::LengthPrefix {
            declared: 1000,
            available: 5
        }
    );
}

#[test]
fn receiver_id_mismatch() {
    let mut body = b"<xml/>".to_vec();
    body.extend_from_slice(b"wx_someone_else");
    assert_eq!(
        decrypt_err(&raw_encrypt(&layout(6, &body))),
        CryptoError::AppIdMismatch {
            expected: APPID.into(),
            actual: "wx_someone_else".into()
        }
    );
}

#[test]
fn message_not_utf8() {
    let mut body = vec![0xff, 0xfe];
    body.extend_from_slice(APPID.as_bytes());
    assert_eq!(
        decrypt_err(&raw_encrypt(&layout(2, &body))),
        CryptoError::NotUtf8
    );
}

fn envelope_err(body: &str) -> CryptoError {
    match crypto().decrypt_message(body, "x", "1", "2") {
        Err(wechat::Error::Crypto(e)) => e,
        other => panic!("expected a crypto error, got {other:?}"),
    }
}

#[test]
fn envelope_without_encrypt() {
    assert_eq!(
        envelope_err("<xml><ToUserName>gh</ToUserName></xml>"),
        CryptoError::MissingEncrypt
    );
}

#[test]
fn envelope_with_empty_encrypt() {
    assert_eq!(
        envelope_err(r#"{"ToUserName":"gh","Encrypt":"  "}"#),
        CryptoError::MissingEncrypt
    );
}

#[test]
fn envelope_malformed_xml() {
    assert!(matches!(
        envelope_err("<xml><Encrypt>abc</Nope></xml>"),
        CryptoError::Envelope(_)
    ));
}

#[test]
fn envelope_malformed_json() {
    assert!(matches!(
        envelope_err("{\"Encrypt\": "),
        CryptoError::Envelope(_)
    ));
}

#[test]
fn xml_with_dtd_billion_laughs() {
    let xml = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><MsgType>text</MsgType><Content>&lol2;</Content></xml>"#;
    assert_eq!(Message::from_xml(xml), Err(MessageError::DtdForbidden));
}

#[test]
fn xml_with_external_entity() {
    let xml = r#"<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>"#;
    assert_eq!(Message::from_xml(xml), Err(MessageError::DtdForbidden));
}

#[test]
fn xml_with_undefined_entity_reference() {
    assert_eq!(
        Message::from_xml("<xml><MsgType>text</MsgType><Content>&xxe;</Content></xml>"),
        Err(MessageError::EntityForbidden("xxe".into()))
    );
}

#[test]
fn xml_nested_too_deep() {
    let xml = format!(
        "<xml><MsgType>x</MsgType>{}{}</xml>",
        "<a>".repeat(40),
        "</a>".repeat(40)
    );
    assert_eq!(
        Message::from_xml(&xml),
        Err(MessageError::TooDeep { max: 16 })
    );
}

#[test]
fn json_nested_too_deep() {
    let json = format!(
        r#"{{"MsgType":"x","a":{}1{}}}"#,
        "[".repeat(40),
        "]".repeat(40)
    );
    assert_eq!(
        Message::from_json(&json),
        Err(MessageError::TooDeep { max: 16 })
    );
}

#[test]
fn xml_malformed() {
    assert!(matches!(
        Message::from_xml("<xml><MsgType>text</MsgType>"),
        Err(MessageError::Xml(_))
    ));
    assert!(matches!(
        Message::from_xml("<xml><a></b></xml>"),
        Err(MessageError::Xml(_))
    ));
}

#[test]
fn json_malformed_or_not_an_object() {
    assert!(matches!(
        Message::from_json("{"),
        Err(MessageError::Json(_))
    ));
    assert!(matches!(
        Message::from_json("[1,2]"),
        Err(MessageError::Json(_))
    ));
}

#[test]
fn no_msg_type() {
    assert_eq!(
        Message::from_xml("<xml><ToUserName>a</ToUserName></xml>"),
        Err(MessageError::MissingType)
    );
    assert_eq!(Message::from_json("{}"), Err(MessageError::MissingType));
}

#[test]
fn typed_message_with_a_malformed_field() {
    let err = Message::from_xml(
        "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>\
         <CreateTime>yesterday</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>",
    )
    .unwrap_err();
    assert!(
        matches!(&err, MessageError::Field { kind, .. } if kind == "text"),
        "{err:?}"
    );
}

#[test]
fn typed_message_without_its_header() {
    let err =
        Message::from_xml("<xml><MsgType>text</MsgType><Content>x</Content></xml>").unwrap_err();
    assert!(matches!(err, MessageError::Field { .. }), "{err:?}");
}
