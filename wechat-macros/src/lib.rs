//! Procedural macros of the [`wechat`](https://docs.rs/wechat) crate.
//!
//! - `#[wechat_client(...)]`: use it as `wechat::wechat_client`; see its documentation there.
//! - `__builtin_specs!`: used once by the `wechat` crate to expand the built-in `api-specs/`.
//!
//! The crate is a thin shell: it parses the macro input, calls into `wechat-codegen`
//! (the spec model, loader and generator, a plain library with its own tests), and
//! turns mistakes into compile errors.

extern crate proc_macro;

mod builtin;
mod client_attr;

use proc_macro::TokenStream;

/// Turns a unit struct into a typed WeChat client. Documented on `wechat::wechat_client`.
#[proc_macro_attribute]
pub fn wechat_client(args: TokenStream, item: TokenStream) -> TokenStream {
    client_attr::expand(args.into(), item.into()).into()
}

/// Expands the built-in spec directory (a path relative to the calling crate's
/// `CARGO_MANIFEST_DIR`) into `wechat::api`. Used by the `wechat` crate only.
#[doc(hidden)]
#[proc_macro]
pub fn __builtin_specs(input: TokenStream) -> TokenStream {
    builtin::expand(input.into()).into()
}
