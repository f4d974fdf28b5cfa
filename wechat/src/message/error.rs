//! The typed errors of message parsing and reply rendering.

/// Why a callback body could not be turned into a [`Message`](super::Message),
/// or a [`Reply`](super::Reply) could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MessageError {
    /// The XML is not well-formed.
    #[error("malformed XML: {0}")]
    Xml(String),

    /// The JSON is not well-formed, or its root is not an object.
    #[error("malformed JSON: {0}")]
    Json(String),

    /// The XML has a `<!DOCTYPE ...>`: DTDs are refused (no entity expansion, no XXE).
    #[error("XML with a DTD is refused")]
    DtdForbidden,

    /// The XML refers to an entity other than the five predefined ones or a character reference.
    #[error("XML entity reference `&{0};` is refused")]
    EntityForbidden(String),

    /// The elements (or JSON objects/arrays) nest deeper than allowed.
    #[error("nesting deeper than {max} levels")]
    TooDeep {
        /// The limit that was exceeded.
        max: usize,
    },

    /// The body has neither `MsgType` nor `InfoType`.
    #[error("the body has no MsgType or InfoType")]
    MissingType,

    /// A known message type whose fields do not fit its typed shape
    /// (for example a `CreateTime` that is not a number).
    #[error("{kind}: {message}")]
    Field {
        /// `MsgType`, `MsgType/Event` or `InfoType` of the message.
        kind: String,
        /// What was wrong.
        message: String,
    },

    /// A news reply with more than 8 articles, or none.
    #[error("a news reply needs 1 to 8 articles, got {0}")]
    ArticleCount(usize),
}

impl From<MessageError> for crate::Error {
    fn from(err: MessageError) -> Self {
        crate::Error::Callback(err.into())
    }
}
