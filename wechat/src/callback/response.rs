//! [`CallbackResponse`]: what to send back to WeChat.

/// The HTTP answer to a callback request: always status 200 when the request was accepted.
///
/// An adapter sends [`status`](Self::status), `Content-Type:`
/// [`content_type`](Self::content_type), every entry of [`headers`](Self::headers)
/// and [`body`](Self::body). The axum adapter (feature `axum`) does all four.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackResponse {
    /// HTTP status (200).
    pub status: u16,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// Further headers to send, as (lowercase name, value) pairs. The GET
    /// handshake's echo carries `x-content-type-options: nosniff`: the echo is
    /// text chosen by the caller, which a browser must not sniff into HTML.
    /// Empty on the other answers.
    pub headers: Vec<(&'static str, &'static str)>,
    /// The body: `success`, an empty string, the echo, or the (encrypted) reply.
    pub body: String,
}

/// `X-Content-Type-Options: nosniff`, lowercase as HTTP/2 wants header names.
pub(crate) const NOSNIFF: (&str, &str) = ("x-content-type-options", "nosniff");

impl CallbackResponse {
    /// A `text/plain` 200 answer.
    pub(crate) fn text(body: impl Into<String>) -> CallbackResponse {
        CallbackResponse {
            status: 200,
            content_type: "text/plain; charset=utf-8",
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The GET handshake's answer: the echo as `text/plain`, with `nosniff`.
    pub(crate) fn echo(body: impl Into<String>) -> CallbackResponse {
        CallbackResponse {
            headers: vec![NOSNIFF],
            ..CallbackResponse::text(body)
        }
    }

    /// A 200 answer of the given type.
    pub(crate) fn with_type(content_type: &'static str, body: String) -> CallbackResponse {
        CallbackResponse {
            status: 200,
            content_type,
            headers: Vec::new(),
            body,
        }
    }
}
