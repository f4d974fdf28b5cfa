//! The `wechat` crate's own API (`wechat::api`), expanded once from the built-in specs.

use std::path::Path;
use std::sync::OnceLock;

use proc_macro2::TokenStream;
use quote::quote;

use crate::gen::{self, Gen};
use crate::load_dir;
use crate::spec::{App, SpecSet};

/// The built-in spec directory as this crate was built: the workspace's `api-specs/`.
const BUILTIN_SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../api-specs");

/// One built-in group (`wechat::api::<name>`): its name, the clients that have it, and
/// its file under `api-specs/`.
#[derive(Clone, Debug)]
pub struct BuiltinGroup {
    /// snake_case name: the accessor's name.
    pub name: String,
    /// The clients that have it.
    pub apps: Vec<App>,
    /// `api-specs/<area>/<file>.toml`.
    pub file: String,
}

/// The built-in groups, read once per process from the built-in specs; empty when they
/// are not where this crate was built from (a user's spec names are then not checked
/// against them).
pub fn builtin_groups() -> &'static [BuiltinGroup] {
    static GROUPS: OnceLock<Vec<BuiltinGroup>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let dir = Path::new(BUILTIN_SPECS);
        if !dir.is_dir() {
            return Vec::new();
        }
        let (set, _) = load_dir(dir, "api-specs");
        set.groups
            .iter()
            .map(|g| BuiltinGroup {
                name: g.name.clone(),
                apps: g.apps.clone(),
                file: g
                    .location
                    .rsplit_once(".toml")
                    .map_or(g.location.clone(), |(file, _)| format!("{file}.toml")),
            })
            .collect()
    })
}

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
    // On each app type's client, stand-ins for the groups of the other one, whose notes
    // say where those groups are.
    let stand_ins_for = |app: App| {
        let list: Vec<_> = set
            .groups
            .iter()
            .filter(|grp| !grp.apps.contains(&app) && !grp.apps.contains(&App::Component))
            .filter(|grp| {
                !set.groups
                    .iter()
                    .any(|o| o.name == grp.name && o.apps.contains(&app))
            })
            .map(|grp| gen::other_app_accessor(grp, app, &vis))
            .collect();
        list
    };
    let oa = accessors_for(App::OfficialAccount);
    let mp = accessors_for(App::MiniProgram);
    let oa_stand_ins = stand_ins_for(App::OfficialAccount);
    let mp_stand_ins = stand_ins_for(App::MiniProgram);
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
        #[allow(deprecated)]
        impl crate::OfficialAccount { #(#oa_stand_ins)* }
        #[allow(deprecated)]
        impl crate::MiniProgram { #(#mp_stand_ins)* }
        impl crate::component::Platform { #(#platform)* }
        #[doc(hidden)]
        pub mod errcode_table { #errcodes }
        #track
    }
}
