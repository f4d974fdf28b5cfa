//! The errcode table from `errcodes.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::spec::Errcode;

/// `pub static ERRCODES: &[(i64, &str, &str)]`, sorted by code, for a binary search.
pub fn errcode_table(codes: &[Errcode]) -> TokenStream {
    let rows = codes.iter().map(|c| {
        let (code, name, meaning) = (c.code, &c.name, &c.meaning);
        quote!((#code, #name, #meaning))
    });
    quote! {
        /// `(errcode, name, meaning)` from `api-specs/errcodes.toml`, sorted by errcode.
        pub static ERRCODES: &[(i64, &str, &str)] = &[#(#rows),*];
    }
}
