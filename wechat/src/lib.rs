//! WeChat server SDK.
//!
//! See the workspace README for the quick start.

#![warn(missing_docs)]

pub mod crypto;
mod error;
pub mod message;
mod secret;
pub mod server;

pub use error::{Error, Result};
pub use secret::Secret;
