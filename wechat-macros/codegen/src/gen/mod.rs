//! Rust code from a checked [`SpecSet`](crate::spec::SpecSet).
//!
//! Generated code reaches the runtime only through `<krate>::__private`, so a user
//! crate needs no dependency but `wechat`.

mod directions;
mod errcodes;
mod example;
mod group;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub use directions::Directions;
pub use errcodes::errcode_table;
pub use example::{call_example, CallExample, ExamplePaths};
pub use group::{disabled_area_accessor, group_accessor, group_module, other_app_accessor};
pub use types::type_items;

use crate::spec::names::is_keyword;

/// Where the generated code finds the runtime.
pub struct Gen {
    /// `crate` inside `wechat`, `::wechat` elsewhere.
    pub krate: TokenStream,
    /// The same path as a string, for `#[serde(crate = "...")]`.
    pub serde_crate: String,
    /// Inside `wechat`: the cargo feature that adds the serde derive a type does not
    /// need (`Deserialize` on what is only sent, `Serialize` on what is only
    /// received). `None` in a user crate, whose types derive both.
    pub both_ways_feature: Option<&'static str>,
    /// How the example in each method's rustdoc names the client and the groups.
    pub examples: ExamplePaths,
}

impl Gen {
    /// Code generated inside the `wechat` crate itself.
    pub fn inside_wechat() -> Gen {
        Gen {
            krate: quote!(crate),
            serde_crate: "crate::__private::serde".into(),
            both_ways_feature: Some("serde-both-ways"),
            examples: ExamplePaths {
                groups: "wechat::api".into(),
                client: None,
            },
        }
    }

    /// Code generated in a user crate, for the client struct named `client`, whose
    /// groups are in the module `<client in snake_case>_api`.
    pub fn in_user_crate(client: &str) -> Gen {
        Gen {
            krate: quote!(::wechat),
            serde_crate: "::wechat::__private::serde".into(),
            both_ways_feature: None,
            examples: ExamplePaths {
                groups: format!("{}_api", crate::spec::names::snake_case(client)),
                client: Some(client.to_owned()),
            },
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

/// The directory of the generator's test data, `wechat-macros/tests/`.
#[cfg(test)]
pub(crate) fn test_data() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

/// The specs of `wechat-macros/tests/snapshot-specs/`, which the generator's tests read.
#[cfg(test)]
pub(crate) fn snapshot_specs() -> crate::spec::SpecSet {
    let root = test_data();
    let (set, diags) =
        crate::spec::load::load_dir(&root.join("snapshot-specs"), "tests/snapshot-specs");
    assert!(diags.is_empty(), "{diags:?}");
    set
}

#[cfg(test)]
mod snapshot {
    //! The generated code of `wechat-macros/tests/snapshot-specs/`, formatted, against
    //! `wechat-macros/tests/snapshots/*.rs`. `UPDATE_SNAPSHOTS=1 cargo test -p wechat-codegen`
    //! rewrites them.

    use super::{group_module, snapshot_specs, test_data, Gen};

    /// `text` against the snapshot file `name`, rewritten under `UPDATE_SNAPSHOTS`.
    fn check(name: &str, text: &str) {
        let path = test_data().join("snapshots").join(name);
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, text).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            expected == text,
            "{} differs from the generated code:\n{text}",
            path.display()
        );
    }

    /// Built-in mode (inside `wechat`), for two real groups of `api-specs/`.
    #[test]
    fn builtin_groups_match_the_snapshot() {
        let dir = test_data().join("../../api-specs");
        let (set, diags) = crate::spec::load::load_dir(&dir, "api-specs");
        assert!(diags.is_empty(), "{diags:?}");
        for name in ["menu", "qrcode"] {
            let group = set.groups.iter().find(|g| g.name == name).unwrap();
            let tokens = group_module(
                &Gen::inside_wechat(),
                group,
                &set.shared_types,
                Some(quote::quote!(super::types)),
            );
            let file: syn::File = syn::parse2(tokens).expect("generated code parses");
            let text = format!(
                "// Generated (built-in mode) from api-specs/official_account/{name}.toml\n{}",
                prettyplease::unparse(&file)
            );
            check(&format!("builtin_{name}.rs"), &text);
        }
    }

    #[test]
    fn generated_code_matches_the_snapshot() {
        let root = test_data();
        let set = snapshot_specs();
        for group in &set.groups {
            let tokens = group_module(&Gen::in_user_crate("MyApp"), group, &[], None);
            let file: syn::File = syn::parse2(tokens).expect("generated code parses");
            let text = format!(
                "// Generated from tests/snapshot-specs/{}.toml\n{}",
                group.name,
                prettyplease::unparse(&file)
            );
            let path = root.join("snapshots").join(format!("{}.rs", group.name));
            if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
                std::fs::write(&path, &text).unwrap();
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                expected == text,
                "{} differs from the generated code:\n{text}",
                path.display()
            );
        }
    }
}
