//! A bounded fuzz-style run for every `cargo test`: random and mutated inputs
//! through the envelope, decryption and both parsers must never panic.
//! (The coverage-guided target is `wechat/fuzz`, run with `cargo fuzz`.)

use rand::{Rng, SeedableRng};
use wechat::crypto::{EncryptedEnvelope, MessageCrypto};
use wechat::message::{BodyFormat, Message, ParseLimits};

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const SEEDS: [&str; 4] = [
    "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>",
    "<xml><ToUserName>gh</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event><CopyrightCheckResult><Count>1</Count><ResultList><item><ArticleIdx>1</ArticleIdx></item></ResultList></CopyrightCheckResult></xml>",
    r#"{"ToUserName":"gh","FromUserName":"u","CreateTime":"1","MsgType":"event","Event":"subscribe_msg_popup_event","List":{"TemplateId":"t","PopupScene":"0"}}"#,
    "<xml><AppId>a</AppId><CreateTime>1</CreateTime><InfoType>authorized</InfoType><AuthorizerAppid>b</AuthorizerAppid></xml>",
];

fn exercise(crypto: &MessageCrypto, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = EncryptedEnvelope::parse(&text);
    let _ = Message::parse(&text, BodyFormat::Xml, ParseLimits::default());
    let _ = Message::parse(&text, BodyFormat::Json, ParseLimits::default());
    if let Ok(plain) = crypto.decrypt_unverified(&text) {
        let _ = Message::parse(&plain, BodyFormat::detect(&plain), ParseLimits::default());
    }
}

#[test]
fn random_and_mutated_inputs_never_panic() {
    let crypto = MessageCrypto::new("t", KEY, "wx").unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    for i in 0..20_000 {
        let mut bytes: Vec<u8> = SEEDS[i % SEEDS.len()].as_bytes().to_vec();
        if i % 5 == 0 {
            // Also valid ciphertexts of mutated plaintexts.
            bytes = crypto
                .encrypt(&String::from_utf8_lossy(&bytes), &rng.random())
                .into_bytes();
        }
        for _ in 0..rng.random_range(1..8) {
            let at = rng.random_range(0..=bytes.len());
            match rng.random_range(0..4) {
                0 if !bytes.is_empty() => {
                    let j = rng.random_range(0..bytes.len());
                    bytes[j] = rng.random();
                }
                1 => bytes.insert(at, *b"<>/&;[]{}\":=".get(rng.random_range(0..12)).unwrap()),
                2 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => bytes.truncate(at),
            }
        }
        exercise(&crypto, &bytes);
    }
    for _ in 0..5_000 {
        let len = rng.random_range(0..512);
        let bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        exercise(&crypto, &bytes);
    }
}
