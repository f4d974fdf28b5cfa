//! Mini-program user data: the `rawData` signature and `encryptedData` decryption.
//!
//! `encryptedData` is AES-128-CBC with PKCS#7 padding; the key is
//! `base64_decode(session_key)` (16 bytes) and the IV `base64_decode(iv)` (16 bytes).
//! The plaintext is JSON with a `watermark: {appid, timestamp}`.
//! Doc: <https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html>

use aes::cipher::{block_padding::Pkcs7, BlockModeDecrypt, KeyIvInit};
use aes::Aes128;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha1::{Digest as _, Sha1};
use subtle::ConstantTimeEq;

/// Why mini-program user data could not be decrypted or checked.
///
/// CBC has no integrity check, so a wrong key, a wrong IV and altered data are told
/// apart by what the decryption yields; each variant names the likely cause. No variant
/// holds the session_key or the decrypted data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UserDataError {
    /// The session_key is not base64 of 16 bytes.
    #[error("session_key {reason}")]
    InvalidSessionKey {
        /// What is wrong with it.
        reason: &'static str,
    },

    /// The iv is not base64 of 16 bytes.
    #[error("iv {reason}")]
    InvalidIv {
        /// What is wrong with it.
        reason: &'static str,
    },

    /// encryptedData is not base64 of a whole number of 16-byte blocks.
    #[error("encryptedData {reason}")]
    InvalidEncryptedData {
        /// What is wrong with it.
        reason: &'static str,
    },

    /// The padding is wrong after decryption: the session_key is not the one the data
    /// was encrypted with (a later `wx.login` replaced it; call `code2session` again),
    /// or the end of encryptedData was altered.
    #[error("does not decrypt with this session_key (a newer login replaced it, or the data was altered)")]
    SessionKeyMismatch,

    /// Everything but the first 16 bytes decrypted: the iv is not the one sent with this
    /// encryptedData (or the first block of encryptedData was altered).
    #[error("the iv does not belong to this encryptedData (its first block does not decrypt)")]
    IvMismatch,

    /// The data decrypted with valid padding but is not the JSON object WeChat
    /// encrypts: encryptedData was altered or truncated.
    #[error("the decrypted data is not a JSON object: encryptedData was altered")]
    Corrupted,

    /// The decrypted data has no `watermark.appid`.
    #[error("the decrypted data has no watermark.appid")]
    MissingWatermark,

    /// `watermark.appid` is another app's: the data was not meant for this app.
    #[error("watermark appid mismatch: expected {expected}, got {actual}")]
    WatermarkMismatch {
        /// The appid asked for.
        expected: String,
        /// The appid in the watermark.
        actual: String,
    },
}

/// Decrypts mini-program user data (`encryptedData` from `wx.getUserInfo`,
/// `wx.getWeRunData`, `wx.getShareInfo` ...) into its JSON value.
///
/// Arguments are as the mini program and `code2session` give them: `session_key`,
/// `encrypted_data` and `iv` are standard base64. Use
/// [`decrypt_user_data_for_app`] to also check `watermark.appid`.
///
/// ```
/// # fn demo(session_key: &str, encrypted_data: &str, iv: &str) -> Result<(), wechat::Error> {
/// let data = wechat::crypto::decrypt_user_data(session_key, encrypted_data, iv)?;
/// println!("openId {}", data["openId"]);
/// # Ok(()) }
/// ```
///
/// Doc: <https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html>
///
/// # Errors
/// [`Error::UserData`](crate::Error::UserData) with the [`UserDataError`] that says what
/// is wrong: a malformed argument, a session_key or iv that does not match, or altered data.
pub fn decrypt_user_data(
    session_key: &str,
    encrypted_data: &str,
    iv: &str,
) -> Result<serde_json::Value, crate::Error> {
    decrypt(session_key, encrypted_data, iv).map_err(crate::Error::from)
}

/// [`decrypt_user_data`], then checks that `watermark.appid` is `expected_appid`.
///
/// # Errors
/// As [`decrypt_user_data`], plus [`UserDataError::MissingWatermark`] and
/// [`UserDataError::WatermarkMismatch`].
pub fn decrypt_user_data_for_app(
    expected_appid: &str,
    session_key: &str,
    encrypted_data: &str,
    iv: &str,
) -> Result<serde_json::Value, crate::Error> {
    let value = decrypt(session_key, encrypted_data, iv)?;
    let actual = value
        .get("watermark")
        .and_then(|w| w.get("appid"))
        .and_then(|a| a.as_str())
        .ok_or(UserDataError::MissingWatermark)?;
    if actual != expected_appid {
        return Err(UserDataError::WatermarkMismatch {
            expected: expected_appid.to_owned(),
            actual: actual.to_owned(),
        }
        .into());
    }
    Ok(value)
}

/// Checks the `signature` that `wx.getUserInfo` sends with `rawData`:
/// `signature == sha1_hex(raw_data + session_key)`. Constant-time; upper- or lowercase
/// hex accepted.
///
/// Doc: <https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html>
pub fn check_raw_data_signature(raw_data: &str, session_key: &str, signature: &str) -> bool {
    let digest = raw_data_signature(raw_data, session_key);
    let given = signature.to_ascii_lowercase();
    given.len() == digest.len() && bool::from(digest.as_bytes().ct_eq(given.as_bytes()))
}

/// `sha1_hex(raw_data + session_key)`, the `signature` of `rawData`.
pub fn raw_data_signature(raw_data: &str, session_key: &str) -> String {
    let mut h = Sha1::new();
    h.update(raw_data.as_bytes());
    h.update(session_key.as_bytes());
    super::signature_hex(h)
}

/// Base64 of exactly 16 bytes, or why not.
fn decode16(value: &str) -> Result<[u8; 16], &'static str> {
    let bytes = STANDARD
        .decode(value.trim().as_bytes())
        .map_err(|_| "is not base64")?;
    <[u8; 16]>::try_from(bytes.as_slice()).map_err(|_| "must decode to 16 bytes")
}

fn decrypt(
    session_key: &str,
    encrypted_data: &str,
    iv: &str,
) -> Result<serde_json::Value, UserDataError> {
    let key =
        decode16(session_key).map_err(|reason| UserDataError::InvalidSessionKey { reason })?;
    let iv = decode16(iv).map_err(|reason| UserDataError::InvalidIv { reason })?;
    let mut buf = STANDARD
        .decode(encrypted_data.trim().as_bytes())
        .map_err(|_| UserDataError::InvalidEncryptedData {
            reason: "is not base64",
        })?;
    if buf.is_empty() || buf.len() % 16 != 0 {
        return Err(UserDataError::InvalidEncryptedData {
            reason: "is not a whole number of 16-byte blocks",
        });
    }
    let plain = cbc::Decryptor::<Aes128>::new(&key.into(), &iv.into())
        .decrypt_padded::<Pkcs7>(&mut buf)
        .map_err(|_| UserDataError::SessionKeyMismatch)?;
    match serde_json::from_slice::<serde_json::Value>(plain) {
        Ok(v) if v.is_object() => Ok(v),
        _ => {
            // A wrong IV garbles only the first block: the rest is still the JSON text.
            let rest_is_text = plain.len() > 16 && std::str::from_utf8(&plain[16..]).is_ok();
            let first_is_garbled = plain.first() != Some(&b'{');
            if rest_is_text && first_is_garbled {
                Err(UserDataError::IvMismatch)
            } else {
                Err(UserDataError::Corrupted)
            }
        }
    }
}
