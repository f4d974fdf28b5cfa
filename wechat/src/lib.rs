//! A WeChat server SDK: typed API calls generated from TOML specs, an `access_token`
//! (and every ticket) that is fetched, cached, shared and refreshed for you, and the
//! pipeline for WeChat's signed, encrypted callbacks.
//!
//! # Calling WeChat
//!
//! [`wechat_client`] makes a typed client of a unit struct; every call goes through one
//! token core ([`token`]), with tokens kept in a [`store`].
//!
//! ```no_run
//! use wechat::wechat_client;
//!
//! #[wechat_client(appid = "wx1234567890abcdef", scenario = "hub")]
//! struct MyApp;
//!
//! # async fn run() -> Result<(), wechat::Error> {
//! let app = MyApp::builder()
//!     .secret(std::env::var("WECHAT_SECRET").unwrap_or_default())
//!     .store(wechat::store::FileStore::new("./wechat-tokens"))
//!     .build()?;
//! let menu = app.menu().get().await?;
//! println!("{} buttons", menu.menu.button.len());
//! # Ok(()) }
//! ```
//!
//! # Receiving callbacks
//!
//! [`callback::CallbackServer`] checks the signature and the timestamp window, refuses
//! replays, decrypts ([`crypto`]), parses into a typed [`message::Message`], drops
//! WeChat's retries, routes to your handler and encrypts its reply. It takes a query and
//! a body, so it fits any HTTP framework; `callback::axum` (feature `axum`) is the
//! ready-made router.
//!
//! ```no_run
//! use wechat::message::{Message, Reply};
//! use wechat::callback::{CallbackApp, CallbackQuery, CallbackServer, Incoming, Router};
//!
//! # async fn run(raw_query: &str, body: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
//! let server = CallbackServer::builder()
//!     .app(CallbackApp::encrypted("wx1234567890abcdef", "Token", "EncodingAESKey43characterslong0123456789ab")?)
//!     .router(Router::new().on_message("text", |i: Incoming| async move {
//!         match i.message {
//!             Message::Text(t) => Reply::text(format!("you said: {}", t.content)),
//!             _ => Reply::Success,
//!         }
//!     }))
//!     .build()?;
//! let answer = server.handle_post(&CallbackQuery::parse(raw_query), body, None).await?;
//! println!("{}", answer.body);
//! # Ok(()) }
//! ```
//!
//! # Several servers, one set of tokens
//!
//! `hub` (feature `hub`, and the `wechat-hub` binary) is a token hub (中控服务器): one
//! process owns the app secrets and serves tokens to business servers, whose clients
//! are built with `scenario = "client"` and `.hub_url(..)`. Processes that share a
//! `store::RedisStore` (feature `redis`) refresh once between them instead.
//!
//! # The rest
//!
//! - [`api`]: every typed endpoint, one module per group.
//! - [`jssdk`], [`oauth`], [`miniprogram`]: JS-SDK signatures for web pages, OAuth2 web
//!   authorization, mini-program login and user data.
//! - [`media`]: files sent in uploads and answered by downloads.
//! - [`clock`]: where the SDK reads the time (the wall clock unless you give it another).
//! - [`errcode`]: WeChat's global return codes by name; [`Error`]: the one error type.
//!
//! # Cargo features
//!
//! | feature | adds |
//! |---|---|
//! | `axum` | `callback::axum`, an axum router for the callback endpoint |
//! | `redis` | `store::RedisStore` and `callback::RedisDedupStore`: tokens and replay memory shared by processes on several hosts |
//! | `postgres` | `store::PostgresStore`: durable records (refresh tokens, tickets, the authorizer registry) and tokens with their refresh locks, in PostgreSQL |
//! | `hub` | `hub` and the `wechat-hub` binary |
//! | `serde-both-ways` | `Serialize` and `Deserialize` on every built-in API type (by default each derives the direction it travels in) |
//!
//! # Testing without WeChat
//!
//! The workspace's `wechat-sim` crate is a WeChat API simulator on loopback: point a
//! client's `.api_base(..)` at it. `cargo run --example quickstart` shows it end to end.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

pub mod api;
mod app;
pub mod callback;
mod client;
pub mod clock;
pub mod component;
pub mod crypto;
pub mod errcode;
mod error;
#[cfg(feature = "hub")]
#[cfg_attr(docsrs, doc(cfg(feature = "hub")))]
pub mod hub;
pub mod jssdk;
pub mod media;
pub mod message;
pub mod miniprogram;
pub mod oauth;
mod secret;
mod spec_support;
pub mod store;
pub mod token;

#[doc(hidden)]
#[path = "spec_support/private.rs"]
pub mod __private;

pub use app::{AppType, Scenario};
pub use client::{Client, ClientBuilder, RetryPolicy};
pub use client::{MiniProgram, OfficialAccount};
pub use error::{Error, Result};
pub use secret::Secret;

/// Turns a unit struct into a typed client of one WeChat app.
///
/// ```no_run
/// #[wechat::wechat_client(appid = "wx1234567890abcdef", scenario = "hub")]
/// pub struct MyApp;
/// ```
///
/// Arguments (string literals):
/// - `appid` (required): the app's appid.
/// - `scenario`: `"hub"` (default; this process holds the app secret and gets tokens
///   from WeChat) or `"client"` (tokens from a hub).
/// - `app_type`: `"official_account"` (default) or `"mini_program"`: which API groups the
///   client has. Calling a group of the other type does not compile.
/// - `specs`: a directory of your own TOML specs, relative to your crate's
///   `Cargo.toml`; its groups become methods of this struct, and their types live in a
///   module named after the struct (`my_app_api` for `MyApp`).
///
/// The struct gets `MyApp::builder()` (a [`ClientBuilder`]), `MyApp::APPID`, `Clone`,
/// `Debug` (no secrets), and dereferences to [`OfficialAccount`] or [`MiniProgram`], whose
/// accessors (`app.menu()`, `app.material()`, ...) hold the built-in API. The built-in
/// API is compiled once in this crate, not once per annotated struct.
pub use wechat_macros::wechat_client;

/// The README's examples, compiled as doctests (they use the `axum` feature).
#[cfg(all(doctest, feature = "axum"))]
#[doc = include_str!("../../README.md")]
mod readme_examples {}
