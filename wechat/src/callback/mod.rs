//! The callback endpoint: framework-agnostic request handling, routing, replay
//! protection and retry de-duplication, plus an axum adapter (cargo feature `axum`).
//!
//! ```no_run
//! use wechat::message::{Message, Reply};
//! use wechat::callback::{CallbackApp, CallbackQuery, CallbackServer, Incoming, Router};
//!
//! # async fn run() -> Result<(), wechat::Error> {
//! let server = CallbackServer::builder()
//!     .app(CallbackApp::encrypted("wx_appid", "token", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")?)
//!     .router(Router::new().on_message("text", |incoming: Incoming| async move {
//!         match incoming.message {
//!             Message::Text(text) => Reply::text(text.content),
//!             _ => Reply::Success,
//!         }
//!     }))
//!     .build()?;
//! // In your HTTP framework's POST handler:
//! let query = CallbackQuery::parse("signature=..&timestamp=..&nonce=..&encrypt_type=aes&msg_signature=..");
//! match server.handle_post(&query, b"<xml>...</xml>", None).await {
//!     Ok(response) => { /* send response.status, response.content_type, response.body */ }
//!     Err(rejection) => { /* send rejection.http_status() */ }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Docs: <https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html>,
//! <https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html>

mod app;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
mod callback_server;
mod config;
mod dedup;
mod error;
mod handler;
mod query;
#[cfg(feature = "redis")]
mod redis_dedup;
mod response;
mod router;

pub use app::CallbackApp;
pub use callback_server::{CallbackServer, CallbackServerBuilder};
pub use config::CallbackConfig;
pub use dedup::{DedupStore, MemoryDedupStore};
pub use error::CallbackError;
pub use handler::{Handler, HandlerError, HandlerResult, Incoming, IntoHandlerResult};
pub use query::CallbackQuery;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use redis_dedup::RedisDedupStore;
pub use response::CallbackResponse;
pub use router::Router;
