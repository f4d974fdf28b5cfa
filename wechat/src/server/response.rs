//! [`CallbackResponse`]: what to send back to WeChat.

/// The HTTP answer to a callback request: always status 200 when the request was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackResponse {
    /// HTTP status (200).
    pub status: u16,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// The body: `success`, an empty string, the echo, or the (encrypted) reply.
    pub body: String,
}

impl CallbackResponse {
    /// A `text/plain` 200 answer.
    pub(crate) fn text(body: impl Into<String>) -> CallbackResponse {
        CallbackResponse {
            status: 200,
            content_type: "text/plain; charset=utf-8",
            body: body.into(),
        }
    }

    /// A 200 answer of the given type.
    pub(crate) fn with_type(content_type: &'static str, body: String) -> CallbackResponse {
        CallbackResponse {
            status: 200,
            content_type,
            body,
        }
    }
}
