//! `__builtin_specs!("../api-specs")` and `__builtin_specs!("../api-specs", "area")`: the
//! `wechat` crate's own API. The first call expands what every build has (shared types,
//! accessors, errcodes); each area's call, made under the area's features, its group
//! modules, so a build without an area never expands its groups.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

use wechat_codegen::{builtin, load_dir};

/// The spec directory, and the area directory to expand, if one.
struct Input {
    dir: LitStr,
    area: Option<LitStr>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let dir = input.parse()?;
        let area = if input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            Some(input.parse()?)
        } else {
            None
        };
        Ok(Input { dir, area })
    }
}

pub fn expand(input: TokenStream) -> TokenStream {
    let Input { dir: lit, area } = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let base = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = std::path::Path::new(&base).join(lit.value());
    let (set, diags) = load_dir(&dir, &lit.value());
    if !diags.is_empty() {
        // Reported once, by the call without an area.
        if area.is_some() {
            return TokenStream::new();
        }
        let errors = diags
            .iter()
            .map(|d| syn::Error::new(lit.span(), d.to_string()).to_compile_error());
        return quote! { #(#errors)* };
    }
    match area {
        None => builtin::api_items(&set),
        Some(area) => {
            if !builtin::area_dirs(&set).contains(&area.value()) {
                return syn::Error::new(
                    area.span(),
                    format!("no group file under {}/{}", lit.value(), area.value()),
                )
                .to_compile_error();
            }
            builtin::area_modules(&set, &area.value())
        }
    }
}
