//! [`Handler`]: the user's code for one message, as a trait or an async closure.

use std::future::Future;

use async_trait::async_trait;

use crate::message::{BodyFormat, Message, Reply};

/// A message handed to a [`Handler`], with where it came from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Incoming {
    /// The receiver id of the app that received it (see [`CallbackApp`](super::CallbackApp)).
    pub appid: String,
    /// The parsed message.
    pub message: Message,
    /// Whether the request was encrypted (the reply will be).
    pub encrypted: bool,
    /// XML or JSON.
    pub format: BodyFormat,
    /// The `openid` query parameter, when WeChat sent one.
    pub openid: Option<String>,
}

/// The error type a handler may return.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// What a handler returns: a [`Reply`] (use [`Reply::Success`] for "no reply"),
/// or an error, answered with HTTP 500 so that WeChat retries.
pub type HandlerResult = Result<Reply, HandlerError>;

/// Code that handles a message.
///
/// Implemented for async closures `Fn(Incoming) -> impl Future<Output = R>` where `R`
/// is [`Reply`] or `Result<Reply, E>`; implement it on a type for anything richer.
#[async_trait]
pub trait Handler: Send + Sync + 'static {
    /// Handles one message. WeChat gives up after 5 seconds.
    async fn handle(&self, incoming: Incoming) -> HandlerResult;
}

/// A handler's return value: [`Reply`] or `Result<Reply, E>`.
pub trait IntoHandlerResult: Send {
    /// Converts into a [`HandlerResult`].
    fn into_handler_result(self) -> HandlerResult;
}

impl IntoHandlerResult for Reply {
    fn into_handler_result(self) -> HandlerResult {
        Ok(self)
    }
}

impl<E> IntoHandlerResult for Result<Reply, E>
where
    E: Into<HandlerError> + Send,
{
    fn into_handler_result(self) -> HandlerResult {
        self.map_err(Into::into)
    }
}

#[async_trait]
impl<F, Fut, R> Handler for F
where
    F: Fn(Incoming) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send,
    R: IntoHandlerResult,
{
    async fn handle(&self, incoming: Incoming) -> HandlerResult {
        (self)(incoming).await.into_handler_result()
    }
}
