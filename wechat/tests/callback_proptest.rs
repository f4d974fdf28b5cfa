//! Property: for a random EncodingAESKey, receiver id, message, random prefix,
//! nonce and timestamp, encrypt → decrypt is the identity (through the XML envelope too).

use proptest::prelude::*;
use wechat::crypto::MessageCrypto;

fn encoding_aes_key() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9]{43}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn encrypt_then_decrypt_is_identity(
        key in encoding_aes_key(),
        token in "[ -~]{0,32}",
        appid in "[a-zA-Z0-9_]{1,32}",
        message in any::<String>(),
        random in any::<[u8; 16]>(),
        nonce in "[a-zA-Z0-9]{1,16}",
        timestamp in 0i64..4_000_000_000,
    ) {
        let crypto = MessageCrypto::new(&token, &key, &appid).unwrap();
        let encrypt = crypto.encrypt(&message, &random);
        let ts = timestamp.to_string();
        let signature = crypto.msg_signature(&ts, &nonce, &encrypt);
        prop_assert_eq!(crypto.decrypt(&signature, &ts, &nonce, &encrypt).unwrap(), message.clone());

        let reply = crypto.encrypt_reply(&message, &nonce, timestamp, &random);
        let back = crypto.decrypt_message(&reply.to_xml(), &reply.msg_signature, &ts, &nonce).unwrap();
        prop_assert_eq!(&back, &message);
        let back = crypto.decrypt_message(&reply.to_json(), &reply.msg_signature, &ts, &nonce).unwrap();
        prop_assert_eq!(back, message);
    }
}
