//! A WeChat server SDK: typed API calls generated from TOML specs, and an
//! `access_token` that is fetched, cached, shared and refreshed for you.
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
//! - [`wechat_client`]: the attribute that makes a typed client of a unit struct.
//! - [`api`]: every typed endpoint, one module per group.
//! - [`store`]: where tokens are kept ([`store::MemoryStore`], [`store::FileStore`], your own).
//! - [`jssdk`], [`oauth`], [`miniprogram`]: web pages (JS-SDK signatures, OAuth2 web
//!   authorization) and mini-program login.
//! - [`media`]: files sent in uploads and answered by downloads.
//! - [`clock`]: where the SDK reads the time (the wall clock unless you give it another).
//! - [`Error`]: the one error type.

#![warn(missing_docs)]

pub mod api;
mod app;
mod client;
pub mod clock;
pub mod crypto;
mod endpoint;
mod enums;
pub mod errcode;
mod error;
#[cfg(feature = "hub")]
pub mod hub;
pub mod jssdk;
pub mod media;
pub mod message;
pub mod miniprogram;
pub mod oauth;
mod request;
mod secret;
pub mod server;
pub mod store;
mod struct_de;
pub mod token;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use app::{AppType, MiniProgram, OfficialAccount, Scenario};
pub use client::{Client, ClientBuilder, RetryPolicy};
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
