//! Rust code from a checked [`SpecSet`](crate::spec::SpecSet).
//!
//! Generated code reaches the runtime only through `<krate>::__private`, so a user
//! crate needs no dependency but `wechat`.

mod errcodes;
mod group;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub use errcodes::errcode_table;
pub use group::{group_accessor, group_module};
pub use types::type_items;

use crate::spec::names::is_keyword;

/// Where the generated code finds the runtime.
pub struct Gen {
    /// `crate` inside `wechat`, `::wechat` elsewhere.
    pub krate: TokenStream,
    /// The same path as a string, for `#[serde(crate = "...")]`.
    pub serde_crate: String,
}

impl Gen {
    /// Code generated inside the `wechat` crate itself.
    pub fn inside_wechat() -> Gen {
        Gen {
            krate: quote!(crate),
            serde_crate: "crate::__private::serde".into(),
        }
    }

    /// Code generated in a user crate.
    pub fn in_user_crate() -> Gen {
        Gen {
            krate: quote!(::wechat),
            serde_crate: "::wechat::__private::serde".into(),
        }
    }
}

/// An identifier, raw (`r#type`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `const _: &[u8] = include_bytes!("...");` for each file, so that Cargo rebuilds when one changes.
pub fn track_files(files: &[std::path::PathBuf]) -> TokenStream {
    let paths = files.iter().filter_map(|f| f.to_str());
    quote! { #( const _: &[u8] = include_bytes!(#paths); )* }
}
