//! The typed errors of callback message crypto.

/// What went wrong while checking, decrypting or encrypting a callback message.
///
/// Each failure has its own variant so that a caller (and the tests) can tell a
/// forged request from a misconfigured key. No variant holds the Token or the
/// EncodingAESKey. Format: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Technical_Plan.html>.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The EncodingAESKey is not 43 characters of base64 that decode to 32 bytes.
    #[error("invalid EncodingAESKey: {reason}")]
    InvalidEncodingAesKey {
        /// Why the key was refused (never the key itself).
        reason: &'static str,
    },

    /// `signature` / `msg_signature` does not match `sha1(sort(token, timestamp, nonce[, Encrypt]))`.
    #[error("signature mismatch")]
    SignatureMismatch,

    /// `Encrypt` (or `echostr`) is not valid standard base64.
    #[error("Encrypt is not valid base64")]
    Base64,

    /// The decoded ciphertext is empty or not a whole number of 16-byte AES blocks.
    #[error("ciphertext length {len} is not a positive multiple of 16 bytes")]
    CiphertextLength {
        /// Length of the decoded ciphertext in bytes.
        len: usize,
    },

    /// The PKCS#7 padding (block size 32, pad values 1..=32) is malformed.
    #[error("bad PKCS#7 padding")]
    Padding,

    /// The plaintext is shorter than the 16-byte random and the 4-byte length,
    /// or the length prefix points past the end of the plaintext.
    #[error("bad message length prefix: declared {declared} bytes, {available} available")]
    LengthPrefix {
        /// The big-endian `msg_len` read from the plaintext (0 when the plaintext is too short to hold it).
        declared: usize,
        /// Bytes available after the 20-byte header.
        available: usize,
    },

    /// The receiver id at the end of the plaintext is not this app's id.
    #[error("receiver id mismatch: expected {expected}, got {actual}")]
    AppIdMismatch {
        /// The appid / corpid this `MessageCrypto` was built for.
        expected: String,
        /// The receiver id found in the plaintext (lossy UTF-8).
        actual: String,
    },

    /// The decrypted message is not UTF-8.
    #[error("decrypted message is not UTF-8")]
    NotUtf8,

    /// The request body holds no `Encrypt` field.
    #[error("the body has no Encrypt field")]
    MissingEncrypt,

    /// The request body is not a well-formed XML or JSON envelope.
    #[error("malformed encrypted envelope: {0}")]
    Envelope(String),
}
