//! The typed API, generated from the TOML files of `api-specs/` at build time.
//!
//! One module per group (`wechat::api::menu`, `wechat::api::material`, ...) holds the
//! group's request and response types and its handle; the clients' accessors
//! (`app.menu()`) return the handles. Shared types are in [`types`].

wechat_macros::__builtin_specs!("../api-specs");
