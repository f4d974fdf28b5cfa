//! The `wechat` crate's own API (`wechat::api`), expanded once from the built-in specs:
//! the items every build has, and each area's group modules by the area's own call.

use std::path::Path;
use std::sync::OnceLock;

use proc_macro2::TokenStream;
use quote::quote;

use crate::gen::{self, Gen};
use crate::load_dir;
use crate::spec::{App, Group, SpecSet};

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

/// The cargo features of the area a built-in group belongs to, by its directory:
/// `official_account/` → `official-account`, `mini_program/` → `mini-program`,
/// `component/` → `component`, `common/` → both of the first two; any other directory
/// `<dir>/` → `<dir>` with `-` for `_`. Empty for a file at the top of the spec
/// directory.
pub fn area_features(group: &Group) -> Vec<String> {
    area_dir_features(area_dir(group))
}

/// The cargo features of an area directory (see [`area_features`]).
pub fn area_dir_features(dir: &str) -> Vec<String> {
    match dir {
        "" => Vec::new(),
        "common" => vec!["official-account".to_owned(), "mini-program".to_owned()],
        other => vec![other.replace('_', "-")],
    }
}

/// `#[cfg(any(feature = ...))]` of a group's area, or nothing.
fn area_cfg(group: &Group) -> TokenStream {
    let features = area_features(group);
    if features.is_empty() {
        return TokenStream::new();
    }
    quote!(#[cfg(any(#(feature = #features),*))])
}

/// The directory of a group file under the spec directory (`official_account`, ...):
/// its area; empty for a file at the top.
fn area_dir(group: &Group) -> &str {
    group
        .file
        .parent()
        .and_then(|d| d.file_name())
        .and_then(|d| d.to_str())
        .filter(|d| *d != "api-specs")
        .unwrap_or("")
}

/// The area directories of the spec set, sorted: each is expanded by its own
/// `__builtin_specs!(dir, "area")` call under the area's features.
pub fn area_dirs(set: &SpecSet) -> Vec<String> {
    let mut dirs: Vec<String> = set
        .groups
        .iter()
        .map(|g| area_dir(g).to_owned())
        .filter(|d| !d.is_empty())
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// One module per group of the area directory `area` (`official_account`, ...): what
/// `__builtin_specs!("../api-specs", "official_account")` expands to. The `wechat` crate
/// makes the call only with the area's features, so a build without them never expands
/// the area's groups.
pub fn area_modules(set: &SpecSet, area: &str) -> TokenStream {
    let g = Gen::inside_wechat();
    let groups = set
        .groups
        .iter()
        .filter(|grp| area_dir(grp) == area)
        .map(|grp| gen::group_module(&g, grp, &set.shared_types, Some(quote!(super::types))));
    quote!(#(#groups)*)
}

/// The items of `wechat::api` but its areas' group modules ([`area_modules`]): the
/// shared types, the modules of groups outside any area directory, the group accessors
/// of `OfficialAccount`, `MiniProgram` and `component::Platform`, the errcode table and
/// the file tracking. `set` is a spec directory loaded without mistakes.
pub fn api_items(set: &SpecSet) -> TokenStream {
    let g = Gen::inside_wechat();
    let shared_known: Vec<_> = set.shared_types.iter().collect();
    let shared_directions = gen::Directions::of_shared(&set.groups, &set.shared_types);
    let shared_items = gen::type_items(&g, &set.shared_types, &shared_known, &shared_directions);
    let groups = set
        .groups
        .iter()
        .filter(|grp| area_dir(grp).is_empty())
        .map(|grp| gen::group_module(&g, grp, &set.shared_types, Some(quote!(super::types))));
    let here = quote!(crate::api);
    let vis = quote!(pub);
    // Each accessor is compiled with its group's area; without it, a stand-in whose
    // note names the feature.
    let accessors_for = |app: App| {
        let list: Vec<_> = set
            .groups
            .iter()
            .filter(|grp| grp.apps.contains(&app))
            .map(|grp| {
                let cfg = area_cfg(grp);
                let accessor = gen::group_accessor(grp, &here, &vis);
                let features = area_features(grp);
                let stand_in = (!features.is_empty()).then(|| {
                    let stand_in = gen::disabled_area_accessor(grp, &features, &vis);
                    quote!(#[cfg(not(any(#(feature = #features),*)))] #[allow(deprecated)] #stand_in)
                });
                quote!(#cfg #accessor #stand_in)
            })
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

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::{api_items, area_modules};
    use crate::load_dir;

    fn cfg_of(attrs: &[syn::Attribute]) -> Vec<String> {
        attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .map(|a| a.to_token_stream().to_string().replace(' ', ""))
            .collect()
    }

    /// Each area's group modules come from the area's own call, which `wechat/src/api.rs`
    /// makes under the area's features; each accessor is compiled with its area's
    /// feature, and without it the accessor is a stand-in naming the feature.
    #[test]
    fn groups_are_compiled_with_their_area() {
        let dir = std::path::Path::new(super::BUILTIN_SPECS);
        let (set, diags) = load_dir(dir, "api-specs");
        assert!(diags.is_empty(), "{diags:?}");
        let file: syn::File = syn::parse2(api_items(&set)).expect("the expansion parses");
        let modules = |file: &syn::File| -> Vec<String> {
            file.items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Mod(m) => Some(m.ident.to_string()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            modules(&file),
            ["types", "errcode_table"],
            "no group module here"
        );
        for (area, group) in [
            ("official_account", "menu"),
            ("mini_program", "url_scheme"),
            ("common", "access"),
            ("component", "component"),
        ] {
            let area_file: syn::File =
                syn::parse2(area_modules(&set, area)).expect("the area's expansion parses");
            let names = modules(&area_file);
            assert!(names.contains(&group.to_owned()), "{area}: {names:?}");
            assert_eq!(
                names.contains(&"menu".to_owned()),
                area == "official_account"
            );
        }

        // Every area directory has its call in `wechat/src/api.rs`, under its features.
        let api_rs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../wechat/src/api.rs");
        let api: syn::File = syn::parse_file(&std::fs::read_to_string(api_rs).unwrap()).unwrap();
        let calls: Vec<(String, Vec<String>)> = api
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Macro(m) => {
                    Some((m.mac.tokens.to_string().replace(' ', ""), cfg_of(&m.attrs)))
                }
                _ => None,
            })
            .collect();
        for area in super::area_dirs(&set) {
            let features = super::area_dir_features(&area);
            let cfg = match features.as_slice() {
                [one] => format!(r#"#[cfg(feature="{one}")]"#),
                many => format!(
                    "#[cfg(any({}))]",
                    many.iter()
                        .map(|f| format!(r#"feature="{f}""#))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            };
            let args = format!(r#""../api-specs","{area}""#);
            assert!(
                calls.iter().any(|(a, c)| *a == args && *c == [cfg.clone()]),
                "wechat/src/api.rs has no `{cfg} __builtin_specs!({args})`: {calls:?}"
            );
        }

        // On `MiniProgram`: `url_scheme()` with the feature, its stand-in without.
        let accessors: Vec<(Vec<String>, String)> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(i)
                    if i.self_ty.to_token_stream().to_string() == "crate :: MiniProgram" =>
                {
                    Some(i)
                }
                _ => None,
            })
            .flat_map(|i| i.items.iter())
            .filter_map(|item| match item {
                syn::ImplItem::Fn(f) if f.sig.ident == "url_scheme" => {
                    Some((cfg_of(&f.attrs), f.sig.output.to_token_stream().to_string()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(accessors.len(), 2, "{accessors:?}");
        assert_eq!(accessors[0].0, [r#"#[cfg(any(feature="mini-program"))]"#]);
        assert_eq!(
            accessors[1].0,
            [r#"#[cfg(not(any(feature="mini-program")))]"#]
        );
        assert!(
            accessors[1].1.contains("GroupOfADisabledArea"),
            "{}",
            accessors[1].1
        );
    }
}
