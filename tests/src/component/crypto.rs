//! The encryption of the platform's pushes, as WeChat's "encryption and
//! decryption technical plan" describes it: an independent implementation,
//! so that the SDK's decryption is checked against a second reading (on the
//! same RustCrypto primitives).
//!
//! - The AES key is `base64_decode(EncodingAESKey + "=")` (32 bytes); the IV
//!   is its first 16 bytes.
//! - The plaintext is `random (16 bytes) | length of msg (4 bytes, big-endian)
//!   | msg | component_appid`, padded PKCS#7-style to a multiple of **32**
//!   bytes, encrypted with AES-256-CBC and base64-encoded.
//! - `msg_signature` is the hex SHA-1 of the sorted concatenation of token,
//!   timestamp, nonce and the ciphertext; the URL `signature` the same
//!   without the ciphertext.
//!
//! Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Technical_Plan.html>

use std::fmt;

use aes::cipher::{block_padding::NoPadding, BlockModeEncrypt, KeyIvInit};
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

/// One platform's Token, AES key and appid: what its pushes are encrypted
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
        sha1_sorted(&mut [&self.token, timestamp, nonce])
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
        let Some(path) = crate::shared_vectors("crypto.json") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut checked = 0;
        for case in doc["cases"].as_array().unwrap() {
            if case["kind"] != "msg_encrypt" {
                continue;
            }
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
    fn debug_hides_the_secrets() {
        let c = PushCrypto::new("the-token", KEY, "wxcomp").unwrap();
        let shown = format!("{c:?}");
        assert!(
            shown.contains("wxcomp") && !shown.contains("the-token"),
            "{shown}"
        );
    }
}
