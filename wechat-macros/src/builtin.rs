//! `__builtin_specs!("../api-specs")`: the `wechat` crate's own API, expanded once.

use proc_macro2::TokenStream;
use quote::quote;

use wechat_codegen::{builtin, load_dir};

pub fn expand(input: TokenStream) -> TokenStream {
    let lit: syn::LitStr = match syn::parse2(input) {
        Ok(l) => l,
        Err(e) => return e.to_compile_error(),
    };
    let base = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = std::path::Path::new(&base).join(lit.value());
    let (set, diags) = load_dir(&dir, &lit.value());
    if !diags.is_empty() {
        let errors = diags
            .iter()
            .map(|d| syn::Error::new(lit.span(), d.to_string()).to_compile_error());
        return quote! { #(#errors)* };
    }
    builtin::api_items(&set)
}
