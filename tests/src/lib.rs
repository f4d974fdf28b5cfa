//! A WeChat API simulator on loopback: the test double for the SDK.
//!
//! It shares no code with the SDK: it is an independent reading of the same
//! documentation.

mod config;
mod errcode;
mod tokens;

pub use config::SimConfig;
pub use errcode::errmsg;
