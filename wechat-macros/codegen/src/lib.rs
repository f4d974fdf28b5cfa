//! The API spec model, its loader and the Rust generator of the
//! [`wechat`](https://docs.rs/wechat) crate.
//!
//! A plain library, so that every program that reads `api-specs/` shares one reader:
//! the proc macros of `wechat-macros` (a thin shell over this crate), the simulator's
//! build script and the `spec-coverage` report.
//!
//! - [`spec`]: the model of a spec directory, and [`load_dir`], which reads and checks it.
//! - [`gen`]: the Rust items of groups, types and error codes.
//! - [`builtin`]: the `wechat::api` module of the built-in specs (`__builtin_specs!`).
//! - [`client`]: what `#[wechat_client]` emits: the client struct and its own spec groups.

#![warn(missing_docs)]

pub mod builtin;
pub mod client;
pub mod gen;
pub mod spec;

pub use spec::load::load_dir;
