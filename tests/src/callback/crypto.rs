//! The encryption of WeChat's callbacks (an account's messages and events, a
//! platform's pushes), as WeChat's "encryption and decryption technical plan"
//! describes it: an independent implementation, so that the SDK's decryption is
//! checked against a second reading (on the same RustCrypto primitives); and the
//! decryption of the receiver's encrypted replies.
//!
//! - The AES key is `base64_decode(EncodingAESKey + "=")` (32 bytes); the IV
//!   is its first 16 bytes.
//! - The plaintext is `random (16 bytes) | length of msg (4 bytes, big-endian)
//!   | msg | component_appid`, padded PKCS#7-style to a multiple of **32**
//!   bytes, encrypted with AES-256-CBC and base64-encoded.
//! - Decryption reverses it and checks the receiver id (the appid at the end).
//! - `msg_signature` is the hex SHA-1 of the sorted concatenation of token,
//!   timestamp, nonce and the ciphertext; the URL `signature` the same
//!   without the ciphertext.
//!
//! Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Technical_Plan.html>

use std::fmt;

use aes::cipher::{block_padding::NoPadding, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use aes::Aes256;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha1::{Digest, Sha1};

/// Characters of an EncodingAESKey.
const KEY_CHARS: usize = 43;

/// WeChat pads to multiples of 32 bytes, not AES's 16.
const PAD_BLOCK: usize = 32;

/// Decodes a 43-character EncodingAESKey into the 32-byte AES key.
///
/// The last character carries 4 bits beyond the key; like WeChat, any value
/// is accepted there. `Err` says what is wrong.
pub fn decode_key(encoding_aes_key: &str) -> Result<[u8; 32], String> {
    if encoding_aes_key.chars().count() != KEY_CHARS {
        return Err(format!(
            "an EncodingAESKey has {KEY_CHARS} characters, this one {}",
            encoding_aes_key.chars().count()
        ));
    }
    if let Some(c) = encoding_aes_key
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '+' || *c == '/'))
    {
        return Err(format!(
            "an EncodingAESKey is base64 (A-Z, a-z, 0-9, + and /); {c:?} is not"
        ));
    }
    let lenient = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
    );
    let bytes = lenient
        .decode(format!("{encoding_aes_key}="))
        .map_err(|e| format!("the EncodingAESKey does not decode: {e}"))?;
    bytes
        .try_into()
        .map_err(|_| "the EncodingAESKey does not decode to 32 bytes".to_owned())
}

/// Lowercase hex SHA-1 of the sorted concatenation of `parts`.
fn sha1_sorted(parts: &mut [&str]) -> String {
    parts.sort_unstable();
    let mut hasher = Sha1::new();
    for part in parts.iter() {
        hasher.update(part.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The URL `signature` of a callback: SHA-1 over the Token, timestamp and nonce,
/// sorted (the same in plaintext and safe mode).
pub fn url_signature(token: &str, timestamp: &str, nonce: &str) -> String {
    sha1_sorted(&mut [token, timestamp, nonce])
}

/// One account's or platform's Token, AES key and appid: what its pushes are encrypted
/// and signed with. `Debug` shows the appid only.
#[derive(Clone)]
pub struct PushCrypto {
    token: String,
    key: [u8; 32],
    appid: String,
}

impl fmt::Debug for PushCrypto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PushCrypto")
            .field("appid", &self.appid)
            .finish_non_exhaustive()
    }
}

impl PushCrypto {
    /// The crypto of platform `appid`; `Err` when the key is not a valid
    /// EncodingAESKey.
    pub fn new(token: &str, encoding_aes_key: &str, appid: &str) -> Result<PushCrypto, String> {
        Ok(PushCrypto {
            token: token.to_owned(),
            key: decode_key(encoding_aes_key)?,
            appid: appid.to_owned(),
        })
    }

    /// The base64 `Encrypt` value of `plaintext`, with this 16-byte random
    /// prefix.
    pub fn encrypt(&self, plaintext: &str, random: &[u8; 16]) -> String {
        let msg = plaintext.as_bytes();
        let mut buf = Vec::with_capacity(20 + msg.len() + self.appid.len() + PAD_BLOCK);
        buf.extend_from_slice(random);
        // A push is a few hundred bytes; saturate rather than wrap past 4 GiB.
        let len = u32::try_from(msg.len()).unwrap_or(u32::MAX);
        buf.extend_from_slice(&len.to_be_bytes());
        buf.extend_from_slice(msg);
        buf.extend_from_slice(self.appid.as_bytes());
        let pad = PAD_BLOCK - buf.len() % PAD_BLOCK;
        // `pad` is in 1..=32.
        buf.resize(buf.len() + pad, pad as u8);
        STANDARD.encode(self.cbc_encrypt(&buf))
    }

    /// The plaintext of a base64 `Encrypt` value: `Err` says why there is none
    /// (not base64, not whole AES blocks, bad padding, a length past the end, or
    /// another receiver id than this appid).
    pub fn decrypt(&self, encrypt: &str) -> Result<String, String> {
        let mut buf = STANDARD
            .decode(encrypt.trim())
            .map_err(|e| format!("Encrypt is not base64: {e}"))?;
        if buf.is_empty() || buf.len() % 16 != 0 {
            return Err(format!(
                "Encrypt holds {} bytes, not whole 16-byte AES blocks",
                buf.len()
            ));
        }
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&self.key[..16]);
        let plain = cbc::Decryptor::<Aes256>::new(&self.key.into(), &iv.into())
            .decrypt_padded::<NoPadding>(&mut buf)
            .map_err(|e| format!("Encrypt does not decrypt: {e}"))?;
        let pad = usize::from(plain.last().copied().unwrap_or(0));
        if !(1..=PAD_BLOCK).contains(&pad) || pad > plain.len() {
            return Err(format!(
                "the decrypted text ends in a bad padding byte {pad}"
            ));
        }
        let body = &plain[..plain.len() - pad];
        let Some(len_bytes) = body.get(16..20) else {
            return Err("the decrypted text is shorter than its 20-byte header".to_owned());
        };
        let len = u32::from_be_bytes([len_bytes[0], len_bytes[1], len_bytes[2], len_bytes[3]]);
        let end = 20usize.saturating_add(len as usize);
        let (Some(msg), Some(receiver)) = (body.get(20..end), body.get(end..)) else {
            return Err(format!(
                "the decrypted text says {len} bytes of message, past its end"
            ));
        };
        if receiver != self.appid.as_bytes() {
            return Err(format!(
                "the message is for {:?}, not {:?}",
                String::from_utf8_lossy(receiver),
                self.appid
            ));
        }
        String::from_utf8(msg.to_vec()).map_err(|_| "the message is not UTF-8".to_owned())
    }

    /// AES-256-CBC (RustCrypto's `cbc`) over whole 16-byte blocks; the IV is
    /// the key's first 16 bytes.
    fn cbc_encrypt(&self, plain: &[u8]) -> Vec<u8> {
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&self.key[..16]);
        let mut buf = plain.to_vec();
        let len = buf.len();
        // `plain` is padded to 32 bytes, so NoPadding cannot fail.
        cbc::Encryptor::<Aes256>::new(&self.key.into(), &iv.into())
            .encrypt_padded::<NoPadding>(&mut buf, len)
            .map(<[u8]>::to_vec)
            .unwrap_or_default()
    }

    /// `msg_signature` of a push: SHA-1 over token, timestamp, nonce and
    /// `encrypt`, sorted.
    pub fn msg_signature(&self, timestamp: &str, nonce: &str, encrypt: &str) -> String {
        sha1_sorted(&mut [&self.token, timestamp, nonce, encrypt])
    }

    /// The URL `signature`: SHA-1 over token, timestamp and nonce, sorted.
    pub fn signature(&self, timestamp: &str, nonce: &str) -> String {
        url_signature(&self.token, timestamp, nonce)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn keys_must_be_43_base64_characters() {
        assert!(decode_key(KEY).is_ok());
        assert!(decode_key(&KEY[1..]).unwrap_err().contains("43"));
        let bad = format!("{}-", &KEY[1..]);
        assert!(decode_key(&bad).unwrap_err().contains("'-'"));
        // Trailing bits in the last character are ignored.
        let a = decode_key("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").unwrap();
        let b = decode_key("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFH").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn signatures_follow_the_sorted_sha1_rule() {
        // The Official Account URL check example of wechatpy's test suite.
        let c = PushCrypto::new("test", KEY, "wx").unwrap();
        assert_eq!(
            c.signature("1410685589", "test"),
            "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"
        );
    }

    #[test]
    fn encryption_matches_the_known_vector() {
        // WxJava's testAesEncrypt (values of the official Java sample).
        let c = PushCrypto::new("pamtest", KEY, "wxb11529c136998cb6").unwrap();
        assert_eq!(
            c.encrypt("我是中文abcd123", b"aaaabbbbccccdddd"),
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
        );
    }

    /// Every `msg_encrypt` case of the shared vectors, when they are there.
    #[test]
    fn encryption_matches_the_shared_vectors() {
        let cases = crate::crypto_cases("msg_encrypt");
        if cases.is_empty() {
            return;
        }
        let mut checked = 0;
        for case in &cases {
            let i = &case["inputs"];
            let s = |k: &str| i[k].as_str().unwrap_or_default().to_owned();
            let Ok(random) = <[u8; 16]>::try_from(s("random").as_bytes()) else {
                continue;
            };
            let c = PushCrypto::new(&s("token"), &s("encoding_aes_key"), &s("receive_id")).unwrap();
            let encrypt = c.encrypt(&s("plaintext"), &random);
            assert_eq!(encrypt, case["expected"]["encrypt"], "{}", case["id"]);
            if let Some(sig) = case["expected"]["msg_signature"].as_str() {
                let ms = c.msg_signature(&s("timestamp"), &s("nonce"), &encrypt);
                assert_eq!(ms, sig, "{}", case["id"]);
            }
            checked += 1;
        }
        assert!(checked >= 3, "only {checked} msg_encrypt cases");
    }

    #[test]
    fn decryption_reverses_encryption_and_checks_the_receiver() {
        let c = PushCrypto::new("t", KEY, "wxb11529c136998cb6").unwrap();
        for text in ["", "x", "我是中文abcd123", &"y".repeat(100)] {
            let encrypt = c.encrypt(text, b"0123456789abcdef");
            assert_eq!(c.decrypt(&encrypt).unwrap(), text);
        }
        let other = PushCrypto::new("t", KEY, "wxother").unwrap();
        let err = other
            .decrypt(&c.encrypt("x", b"0123456789abcdef"))
            .unwrap_err();
        assert!(err.contains("wxb11529c136998cb6"), "{err}");
        assert!(c.decrypt("not base64!").unwrap_err().contains("base64"));
        assert!(c.decrypt("AAAA").unwrap_err().contains("16-byte"));
    }

    /// Every `msg_decrypt` case of the shared vectors, when they are there.
    #[test]
    fn decryption_matches_the_shared_vectors() {
        let cases = crate::crypto_cases("msg_decrypt");
        if cases.is_empty() {
            return;
        }
        let mut checked = 0;
        for case in &cases {
            let i = &case["inputs"];
            let s = |k: &str| i[k].as_str().unwrap_or_default().to_owned();
            let c = PushCrypto::new(&s("token"), &s("encoding_aes_key"), &s("receive_id")).unwrap();
            let decrypted = c.decrypt(&s("encrypt"));
            match case["expected"]["plaintext"].as_str() {
                Some(plain) => assert_eq!(decrypted.unwrap(), plain, "{}", case["id"]),
                None if case["expected"]["actual_receive_id"].is_string() => {
                    assert!(decrypted.is_err(), "{}", case["id"]);
                }
                None => continue,
            }
            checked += 1;
        }
        assert!(checked >= 5, "only {checked} msg_decrypt cases");
    }

    #[test]
    fn debug_hides_the_secrets() {
        let c = PushCrypto::new("the-token", KEY, "wxcomp").unwrap();
        let shown = format!("{c:?}");
        assert!(
            shown.contains("wxcomp") && !shown.contains("the-token"),
            "{shown}"
        );
    }
}
