//! What the code generated from `api-specs/` stands on, in one place: the generator
//! (`wechat-codegen`) writes calls to these items, through `wechat::__private`
//! (`private.rs`), and nothing else in the crate is written for it.
//!
//! - `endpoint.rs`: what a generated method says about its endpoint (path, method,
//!   credential), also used by the hand-written endpoints (tokens, OAuth).
//! - `request.rs`: a request's query-string part and body part.
//! - `struct_de.rs`: how generated structs deserialize (one visitor for all).
//! - `enums.rs`: the forward-compatible enums (`int_enum!`, `string_enum!`).
//! - `client_call.rs`: the call paths of JSON endpoints (one per answer shape).
//! - `media_call.rs`: the call paths of uploads and file downloads.
//! - `raw_call.rs`: the call paths of a file as the whole body and of text answers.
//! - `signing.rs`: the `signature` / `sig_method` / `pay_sig` query parameters of
//!   signed endpoints.

pub(crate) mod client_call;
pub(crate) mod endpoint;
pub(crate) mod enums;
pub(crate) mod media_call;
pub(crate) mod raw_call;
pub(crate) mod request;
pub(crate) mod signing;
pub(crate) mod struct_de;
