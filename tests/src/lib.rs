//! A WeChat API simulator on loopback: the test double for the SDK.
//!
//! It shares no code with the SDK: it is an independent reading of the same
//! documentation.

mod bodies;
mod config;
mod endpoints;
mod errcode;
mod faults;
mod state;
mod stats;
mod tokens;

pub use bodies::builtin_endpoints;
pub use config::SimConfig;
pub use errcode::errmsg;
pub use faults::Fault;
