//! The typed API, generated from the TOML files of `api-specs/` at build time.
//!
//! One module per group (`wechat::api::menu`, `wechat::api::material`, ...) holds the
//! group's request and response types and its handle; the clients' accessors
//! (`app.menu()`) return the handles. Shared types are in [`types`].
//!
//! Each area directory of `api-specs/` is expanded by its own call, made only with the
//! area's cargo features: a build without an area never expands its groups.

wechat_macros::__builtin_specs!("../api-specs");
#[cfg(any(feature = "official-account", feature = "mini-program"))]
wechat_macros::__builtin_specs!("../api-specs", "common");
#[cfg(feature = "component")]
wechat_macros::__builtin_specs!("../api-specs", "component");
#[cfg(feature = "mini-program")]
wechat_macros::__builtin_specs!("../api-specs", "mini_program");
#[cfg(feature = "official-account")]
wechat_macros::__builtin_specs!("../api-specs", "official_account");
