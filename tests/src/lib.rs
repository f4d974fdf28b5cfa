//! A WeChat API simulator on loopback: the test double for the SDK.
//!
//! It answers the way WeChat's documentation says WeChat answers:
//! `/cgi-bin/token` and `/cgi-bin/stable_token` with their exact token
//! semantics (grace windows, force refresh limits, isolated pools); every
//! other path checks the access_token (41001 / 40001 / 42001) and then
//! answers a realistic success body. Faults (errcodes, HTTP failures,
//! latency) can be injected per path, and request counts read back. The
//! same controls are available over HTTP under `/sim/` and from the
//! `wechat-sim` binary.
//!
//! Third-party platforms (components) are simulated too: tickets pushed
//! encrypted to the platform's events URL, component_access_tokens,
//! pre-authorization and authorization codes, authorizer tokens with
//! rotating refresh tokens, and authorization events; the
//! [`Simulator`] stands in for the account on WeChat's authorization page
//! ([`Simulator::authorize`], [`Simulator::unauthorize`]).
//!
//! It shares no code with the SDK's runtime: it is an independent reading of the
//! same documentation. Only its build script reads the API specs, with
//! `wechat-codegen`'s loader, for the synthesized answers and the smoke test.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use std::time::Duration;
//! use wechat_sim::{SimConfig, Simulator};
//!
//! let sim = Simulator::start(SimConfig {
//!     token_ttl: Duration::from_secs(2),
//!     grace: Duration::from_secs(1),
//!     ..SimConfig::default()
//! }
//! .app("wx1234567890abcdef", "app-secret"))
//! .await?;
//! println!("WeChat is at {}", sim.url());
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod api;
mod bodies;
mod callback;
mod component;
mod config;
mod control;
mod endpoints;
mod errcode;
mod faults;
#[cfg(test)]
mod http_tests;
mod multipart;
mod reply;
mod request;
mod server;
mod signing;
mod sns;
mod state;
mod stats;
mod token_api;
mod tokens;
mod vectors;

pub use bodies::builtin_endpoints;
pub use callback::message::{CallbackMessage, Parties};
pub use callback::reply::Reply;
pub use callback::trigger::{trigger, CallbackTarget, TriggerOutcome, TRIGGER_TIMEOUT};
pub use component::authorizer::AuthorizerType;
pub use component::ops::Authorization;
pub use component::push::{PushRecord, PushStatus};
pub use component::state::LapseReport;
pub use config::{ComponentConfig, SimConfig};
pub use errcode::errmsg;
pub use faults::Fault;
pub use server::Simulator;
pub use vectors::{crypto_cases, shared_vectors};
