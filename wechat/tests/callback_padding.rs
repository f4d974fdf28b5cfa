//! PKCS#7 with a 32-byte block: each of the 32 pad values round-trips (one test each).
//!
//! Pads 17 to 32 are the ones 16-byte PKCS#7 implementations reject; about half
//! of real messages need one.

use base64::Engine as _;
use wechat::crypto::MessageCrypto;

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wx2c2769f8efd9abc2";

/// Encrypts a message whose padded plaintext needs exactly `pad` pad bytes,
/// checks the ciphertext length that implies, and decrypts it back.
fn round_trip_with_pad(pad: usize) {
    let crypto = MessageCrypto::new("token", KEY, APPID).unwrap();
    // 16 random + 4 length + message + appid + pad ≡ 0 (mod 32)
    let fixed = 16 + 4 + APPID.len();
    let msg_len = (64 - (fixed + pad) % 32) % 32 + 32;
    let message: String = "x".repeat(msg_len);
    assert_eq!((fixed + msg_len + pad) % 32, 0);
    let encrypt = crypto.encrypt(&message, &[7u8; 16]);
    let ciphertext = base64::engine::general_purpose::STANDARD
        .decode(&encrypt)
        .unwrap();
    assert_eq!(ciphertext.len(), fixed + msg_len + pad, "pad {pad}");
    let sig = crypto.msg_signature("1", "n", &encrypt);
    assert_eq!(crypto.decrypt(&sig, "1", "n", &encrypt).unwrap(), message);
}

macro_rules! pad_tests {
    ($($name:ident = $pad:literal,)*) => {
        $( #[test] fn $name() { round_trip_with_pad($pad); } )*
    };
}

pad_tests! {
    pad_01 = 1, pad_02 = 2, pad_03 = 3, pad_04 = 4, pad_05 = 5, pad_06 = 6, pad_07 = 7, pad_08 = 8,
    pad_09 = 9, pad_10 = 10, pad_11 = 11, pad_12 = 12, pad_13 = 13, pad_14 = 14, pad_15 = 15, pad_16 = 16,
    pad_17 = 17, pad_18 = 18, pad_19 = 19, pad_20 = 20, pad_21 = 21, pad_22 = 22, pad_23 = 23, pad_24 = 24,
    pad_25 = 25, pad_26 = 26, pad_27 = 27, pad_28 = 28, pad_29 = 29, pad_30 = 30, pad_31 = 31, pad_32 = 32,
}
