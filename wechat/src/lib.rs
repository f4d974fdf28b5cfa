//! WeChat server SDK.
//!
//! See the workspace README for the quick start.

#![warn(missing_docs)]

mod error;
mod secret;

pub use error::{Error, Result};
pub use secret::Secret;
