//! The one error type of the SDK.

use std::fmt;

/// Everything that can go wrong in a call, a token refresh, a store or a configuration.
///
/// Marked `#[non_exhaustive]`: match the variants you handle and keep a `_` arm.
/// No variant holds an app secret or a token: request URLs are dropped from
/// transport errors and token values are masked in body excerpts, so `Debug`
/// and `Display` are safe to log.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// WeChat answered with a non-zero `errcode`.
    ///
    /// `name` is the errcode's name from `api-specs/errcodes.toml` (WeChat's global
    /// return-code table, <https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html>),
    /// when the table knows it.
    #[error("{endpoint}: WeChat errcode {errcode}{} ({errmsg})", name.map(|n| format!(" {n}")).unwrap_or_default())]
    Api {
        /// `group.endpoint` of the call, or the token request that failed (e.g. `token.stable_token`).
        endpoint: &'static str,
        /// WeChat's `errcode`.
        errcode: i64,
        /// WeChat's `errmsg`, as sent.
        errmsg: String,
        /// The errcode's name in the global return-code table, if known.
        name: Option<&'static str>,
    },

    /// The HTTP status was not a success (after the retries allowed for 5xx).
    #[error("{endpoint}: HTTP status {status}: {body_excerpt}")]
    Http {
        /// `group.endpoint` of the call.
        endpoint: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The first bytes of the body, with token values masked.
        body_excerpt: String,
    },

    /// The request did not complete: connection refused, reset, TLS, or a timeout
    /// (after the retries allowed). The request URL is removed, as it may carry a token.
    #[error("{endpoint}: {}: {source}", if *.timeout { "request timed out" } else { "transport error" })]
    Transport {
        /// `group.endpoint` of the call.
        endpoint: &'static str,
        /// Whether the failure was a timeout.
        timeout: bool,
        /// The underlying error, without its URL.
        #[source]
        source: reqwest::Error,
    },

    /// The response body did not decode into the typed response.
    #[error("{endpoint}: cannot decode the response at `{path}`: {message}; body: {body_excerpt}")]
    Decode {
        /// `group.endpoint` of the call.
        endpoint: &'static str,
        /// The path of the field that failed, e.g. `item[0].media_id` (`.` for the root).
        path: String,
        /// What was wrong, e.g. ``missing field `media_id` ``.
        message: String,
        /// The first bytes of the body, with token values masked.
        body_excerpt: String,
    },

    /// A configuration is missing or wrong (no secret, a bad URL, a bad spec...).
    #[error("configuration error: {0}")]
    Config(String),

    /// A token store failed to read or write.
    #[error("token store error: {message}")]
    Store {
        /// What failed, e.g. the file and the operation.
        message: String,
        /// The underlying error, if any.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// A token was rejected by WeChat, and getting a new one needs a
    /// `stable_token` `force_refresh`, which WeChat limits to one per 30 seconds
    /// and 20 a day (<https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken>).
    /// The SDK sends no request beyond that limit.
    #[error("access_token for {appid} was rejected and a stable_token force_refresh is not allowed now: {reason}")]
    ForceRefreshLimited {
        /// The appid whose token was rejected.
        appid: String,
        /// Which limit applies (the 30-second spacing or the daily count).
        reason: &'static str,
    },

    /// A callback signature, decryption or encryption failed (see [`crate::crypto::CryptoError`]).
    #[error("callback crypto: {0}")]
    Crypto(#[from] crate::crypto::CryptoError),

    /// A callback request was rejected or could not be answered (see [`crate::callback::CallbackError`]).
    #[error("callback: {0}")]
    Callback(#[from] crate::callback::CallbackError),

    /// A file to upload could not be opened or read, or a downloaded file could not be
    /// written.
    #[error("file {}: {source}", path.display())]
    File {
        /// The file's path.
        path: std::path::PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },

    /// Mini-program user data (`encryptedData`) could not be decrypted or checked (see
    /// [`crate::crypto::UserDataError`]).
    #[error("mini-program user data: {0}")]
    UserData(#[from] crate::crypto::UserDataError),

    /// A third-party platform cannot get its `component_access_token` for want of a
    /// `component_verify_ticket` WeChat accepts: none was received, or WeChat rejected
    /// the held one (61005 / 61006), and no push arrived after `api_start_push_ticket`.
    /// A `component_access_token` still valid is served meanwhile; this error comes only
    /// when there is none.
    /// Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html>
    #[error("component_verify_ticket of platform {component_appid}: {problem}")]
    ComponentTicket {
        /// The platform's component_appid.
        component_appid: String,
        /// Which case it is.
        problem: crate::component::TicketProblem,
    },

    /// The platform holds no `authorizer_refresh_token` for this authorizer (it never
    /// authorized the platform, or its authorization was never completed). Nothing was
    /// sent to WeChat.
    #[error("authorizer {authorizer_appid} of platform {component_appid} is unknown: no authorizer_refresh_token is stored; complete its authorization first (platform.complete_authorization(auth_code))")]
    UnknownAuthorizer {
        /// The platform's component_appid.
        component_appid: String,
        /// The authorizer's appid.
        authorizer_appid: String,
    },

    /// The authorizer must authorize the platform again: WeChat rejected its
    /// `authorizer_refresh_token` (61023, 61003) or it revoked the authorization.
    /// Further calls fail with this error without a request until it authorizes again.
    #[error("authorizer {authorizer_appid} of platform {component_appid} must authorize the platform again: {reason}")]
    AuthorizerNeedsReauthorization {
        /// The platform's component_appid.
        component_appid: String,
        /// The authorizer's appid.
        authorizer_appid: String,
        /// Why, for people (an errcode, or the revocation).
        reason: String,
    },

    /// An argument cannot be sent as it is (e.g. an OAuth `state` with characters WeChat
    /// refuses, a redirect URI that is not a URL). Nothing was sent.
    #[error("invalid {argument}: {reason}")]
    InvalidArgument {
        /// The argument, e.g. `state`.
        argument: &'static str,
        /// What is wrong with it (never a secret value).
        reason: String,
    },
}

impl Error {
    /// WeChat's `errcode`, if this is an [`Error::Api`].
    pub fn errcode(&self) -> Option<i64> {
        match self {
            Error::Api { errcode, .. } => Some(*errcode),
            _ => None,
        }
    }

    pub(crate) fn store(
        message: impl fmt::Display,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Store {
            message: message.to_string(),
            source: Some(Box::new(source)),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config(message.into())
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
