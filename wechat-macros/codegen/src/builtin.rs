//! The `wechat` crate's own API (`wechat::api`), expanded once from the built-in specs.

use proc_macro2::TokenStream;
use quote::quote;

use crate::gen::{self, Gen};
use crate::spec::{App, SpecSet};

/// The items of `wechat::api`: the shared types, one module per group, the group
/// accessors of `OfficialAccount`, `MiniProgram` and `component::Platform`, the errcode table and the file
/// tracking. `set` is a spec directory loaded without mistakes.
pub fn api_items(set: &SpecSet) -> TokenStream {
    let g = Gen::inside_wechat();
    let shared_known: Vec<_> = set.shared_types.iter().collect();
    let shared_directions = gen::Directions::of_shared(&set.groups, &set.shared_types);
    let shared_items = gen::type_items(&g, &set.shared_types, &shared_known, &shared_directions);
    let groups = set
        .groups
        .iter()
        .map(|grp| gen::group_module(&g, grp, &set.shared_types, Some(quote!(super::types))));
    let here = quote!(crate::api);
    let vis = quote!(pub);
    let accessors_for = |app: App| {
        let list: Vec<_> = set
            .groups
            .iter()
            .filter(|grp| grp.apps.contains(&app))
            .map(|grp| gen::group_accessor(grp, &here, &vis))
            .collect();
        list
    };
    let oa = accessors_for(App::OfficialAccount);
    let mp = accessors_for(App::MiniProgram);
    let platform = accessors_for(App::Component);
    let errcodes = gen::errcode_table(&set.errcodes);
    let track = gen::track_files(&set.files);
    quote! {
        /// Types used by more than one group (`api-specs/shared.toml`).
        pub mod types {
            #[allow(unused_imports)]
            use crate::__private::serde::Serialize;
            #shared_items
        }
        #(#groups)*
        impl crate::OfficialAccount { #(#oa)* }
        impl crate::MiniProgram { #(#mp)* }
        impl crate::component::Platform { #(#platform)* }
        #[doc(hidden)]
        pub mod errcode_table { #errcodes }
        #track
    }
}
