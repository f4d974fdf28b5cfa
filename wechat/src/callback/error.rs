//! [`CallbackError`]: every way a callback request is rejected, with its HTTP status.

use crate::crypto::CryptoError;
use crate::message::MessageError;

/// Why a callback request was rejected or could not be answered.
///
/// [`http_status`](Self::http_status) is the status the adapters answer with.
/// No variant carries a Token, an EncodingAESKey or a decrypted body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// A required query parameter is missing (`timestamp`, `nonce`, `signature`,
    /// `msg_signature` or `echostr`).
    #[error("missing query parameter `{0}`")]
    MissingParameter(&'static str),

    /// `timestamp` is not a Unix time in seconds written in decimal digits only
    /// (no sign, no whitespace, at most `i64::MAX`).
    #[error("timestamp is not a Unix time (decimal digits only, in seconds)")]
    InvalidTimestamp,

    /// `timestamp` is further from the server's clock than the configured window.
    #[error("timestamp is {skew_secs} s away from now, outside the {window_secs} s window")]
    StaleTimestamp {
        /// `now - timestamp`, in seconds.
        skew_secs: i64,
        /// The window, in seconds.
        window_secs: u64,
    },

    /// The same (`timestamp`, `nonce`) was already accepted inside the window.
    #[error("replayed request (timestamp and nonce already seen)")]
    Replayed,

    /// The plaintext-mode `signature` matches no configured Token.
    #[error("signature mismatch")]
    SignatureMismatch,

    /// The body is larger than the configured limit.
    #[error("body of {size} bytes exceeds the {limit}-byte limit")]
    BodyTooLarge {
        /// Size received, in bytes.
        size: usize,
        /// The limit, in bytes.
        limit: usize,
    },

    /// The body is not UTF-8.
    #[error("body is not UTF-8")]
    BodyNotUtf8,

    /// No configured app matches the appid path segment.
    #[error("no app is configured for `{0}`")]
    UnknownApp(String),

    /// `encrypt_type` is neither `aes` nor `raw`.
    #[error("unsupported encrypt_type `{0}`")]
    UnsupportedEncryptType(String),

    /// The request is encrypted but no matching app has an EncodingAESKey.
    #[error("encrypted request, but no EncodingAESKey is configured")]
    NotConfiguredForEncryption,

    /// The request is in plaintext but the app accepts encrypted requests only (safe mode).
    #[error("plaintext request, but the app requires encryption")]
    EncryptionRequired,

    /// Checking or decrypting the encrypted body failed.
    #[error(transparent)]
    Crypto(#[from] CryptoError),

    /// The (decrypted) message could not be parsed, or the reply could not be rendered.
    #[error(transparent)]
    Message(#[from] MessageError),

    /// The user's handler returned an error. WeChat will retry the message.
    #[error("handler failed: {0}")]
    Handler(#[source] Box<dyn std::error::Error + Send + Sync>),

    /// The replay / de-duplication store failed.
    #[error("dedup store failed: {0}")]
    Store(#[source] Box<crate::Error>),
}

impl CallbackError {
    /// The HTTP status for this rejection: 400 malformed request, 401 bad
    /// signature, 403 stale or replayed, 404 unknown app, 413 body too large,
    /// 500 handler or reply failure, 503 store failure.
    pub fn http_status(&self) -> u16 {
        match self {
            CallbackError::MissingParameter(_)
            | CallbackError::InvalidTimestamp
            | CallbackError::BodyNotUtf8
            | CallbackError::UnsupportedEncryptType(_)
            | CallbackError::NotConfiguredForEncryption
            | CallbackError::EncryptionRequired => 400,
            CallbackError::SignatureMismatch => 401,
            CallbackError::StaleTimestamp { .. } | CallbackError::Replayed => 403,
            CallbackError::UnknownApp(_) => 404,
            CallbackError::BodyTooLarge { .. } => 413,
            CallbackError::Crypto(CryptoError::SignatureMismatch) => 401,
            CallbackError::Crypto(CryptoError::InvalidEncodingAesKey { .. }) => 500,
            CallbackError::Crypto(_) => 400,
            CallbackError::Message(MessageError::ArticleCount(_)) => 500,
            CallbackError::Message(_) => 400,
            CallbackError::Handler(_) => 500,
            CallbackError::Store(_) => 503,
        }
    }
}
