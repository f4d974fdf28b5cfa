//! `#[wechat_client(appid = "...", scenario = "hub", app_type = "...", specs = "...")]`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, ItemStruct, Lit, LitStr, MetaNameValue, Token};

use wechat_codegen::client::{self, ClientArgs, PlatformArgs, Scenario};
use wechat_codegen::load_dir;
use wechat_codegen::spec::App;

/// The checked arguments.
struct Args {
    kind: Kind,
    specs: Option<LitStr>,
}

/// An app's client (with `appid`), or a third-party platform's (`component_appid` alone).
enum Kind {
    App(ClientArgs),
    Platform(PlatformArgs),
}

/// Collects errors so that all of them are reported at once.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }
}

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let item: ItemStruct = match syn::parse2(item.clone()) {
        Ok(s) => s,
        Err(_) => {
            return syn::Error::new(
                Span::call_site(),
                "#[wechat_client] goes on a unit struct, e.g. `struct MyApp;`",
            )
            .to_compile_error()
        }
    };
    let args = parse_args(args, &mut errors);
    if !matches!(item.fields, syn::Fields::Unit) {
        errors.push(syn::Error::new_spanned(
            &item.fields,
            "#[wechat_client] goes on a unit struct: remove the fields (the macro adds its own)",
        ));
    }
    if !item.generics.params.is_empty() {
        errors.push(syn::Error::new_spanned(
            &item.generics,
            "#[wechat_client] structs cannot be generic",
        ));
    }
    let user_groups = match &args {
        Some(Args {
            kind: Kind::App(c),
            specs: Some(s),
        }) => user_specs(s, c.app, &item, &mut errors),
        Some(Args {
            kind: Kind::Platform(_),
            specs: Some(s),
        }) => {
            errors.push(syn::Error::new_spanned(
                s,
                "`specs` is not supported on a third-party platform client yet: add the groups to an authorizer's client (`appid = ..., component_appid = ...`)",
            ));
            TokenStream::new()
        }
        _ => TokenStream::new(),
    };
    // Beside the errors, the client is expanded as well as it can be (the groups without
    // mistakes, defaults for the arguments in error), so that the code using it shows
    // only the real mistakes, not a cascade of missing methods.
    let errors = errors.0.map(|e| e.to_compile_error());
    match args {
        Some(Args {
            kind: Kind::App(c), ..
        }) => {
            let items = client::client_items(&item, &c, user_groups);
            quote! { #errors #items }
        }
        Some(Args {
            kind: Kind::Platform(p),
            ..
        }) => {
            let items = client::platform_items(&item, &p);
            quote! { #errors #items }
        }
        None => {
            let fallback = client::fallback(&item);
            quote! { #errors #fallback }
        }
    }
}

fn parse_args(args: TokenStream, errors: &mut Errors) -> Option<Args> {
    let list = match Punctuated::<MetaNameValue, Token![,]>::parse_terminated.parse2(args) {
        Ok(l) => l,
        Err(e) => {
            errors.push(syn::Error::new(
                e.span(),
                format!("{e}: expected `appid = \"wx...\", scenario = \"hub\"`"),
            ));
            return None;
        }
    };
    let (mut appid, mut scenario, mut app, mut specs) = (None, None, None, None);
    let mut component_appid: Option<LitStr> = None;
    let mut appid_written = false;
    for nv in list {
        let key = nv
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        appid_written |= key == "appid";
        let value = match &nv.value {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => s.clone(),
            other => {
                errors.push(syn::Error::new_spanned(
                    other,
                    format!("`{key}` takes a string literal"),
                ));
                continue;
            }
        };
        match key.as_str() {
            "appid" => {
                if value.value().trim().is_empty() || value.value().chars().any(char::is_whitespace) {
                    errors.push(syn::Error::new_spanned(&value, "appid must be a non-empty appid such as \"wx1234567890abcdef\""));
                }
                appid = Some(value);
            }
            "component_appid" => {
                if value.value().trim().is_empty() || value.value().chars().any(char::is_whitespace) {
                    errors.push(syn::Error::new_spanned(&value, "component_appid must be a non-empty appid such as \"wx1234567890abcdef\""));
                }
                component_appid = Some(value);
            }
            "scenario" => match value.value().as_str() {
                "hub" => scenario = Some(Scenario::Hub),
                "client" => scenario = Some(Scenario::Client),
                other => errors.push(syn::Error::new_spanned(
                    &value,
                    format!("unknown scenario `{other}`: expected \"hub\" (this process holds the secret) or \"client\" (tokens from a hub)"),
                )),
            },
            "app_type" => match App::parse(&value.value()) {
                Some(App::Component) => errors.push(syn::Error::new_spanned(
                    &value,
                    "a third-party platform client is declared with `component_appid = \"wx...\"` (and no appid or app_type)",
                )),
                Some(a) => app = Some(a),
                None => errors.push(syn::Error::new_spanned(
                    &value,
                    format!("unknown app_type `{}`: expected \"official_account\" or \"mini_program\"", value.value()),
                )),
            },
            "specs" => {
                if std::path::Path::new(&value.value()).is_absolute() {
                    errors.push(syn::Error::new_spanned(&value, "specs must be a path relative to your crate's Cargo.toml directory"));
                } else {
                    specs = Some(value);
                }
            }
            _ => errors.push(syn::Error::new_spanned(
                &nv.path,
                format!("unknown argument `{key}`: expected appid, component_appid, scenario, app_type or specs"),
            )),
        }
    }
    let scenario = scenario.unwrap_or(Scenario::Hub);
    let appid = if let Some(appid) = appid {
        appid
    } else {
        if let Some(component_appid) = component_appid {
            if let Some(a) = app {
                errors.push(syn::Error::new(
                    Span::call_site(),
                    format!("a third-party platform client has no app_type (`{}` is for an authorizer's client: add `appid = \"wx...\"`)", a.name()),
                ));
            }
            return Some(Args {
                kind: Kind::Platform(PlatformArgs {
                    component_appid,
                    scenario,
                }),
                specs,
            });
        }
        if !appid_written {
            errors.push(syn::Error::new(
                Span::call_site(),
                "missing `appid = \"wx...\"` (or `component_appid = \"wx...\"` for a third-party platform)",
            ));
        }
        // The client is still expanded (beside the error), so that code using it shows
        // no errors of its own.
        LitStr::new("", Span::call_site())
    };
    if let (Some(c), Scenario::Hub) = (&component_appid, scenario) {
        errors.push(syn::Error::new_spanned(
            c,
            "an authorizer of a third-party platform gets its tokens from the platform: use `scenario = \"client\"` (tokens from the hub), or `platform.authorizer(..)` in the process that holds the component secret",
        ));
    }
    Some(Args {
        kind: Kind::App(ClientArgs {
            appid,
            scenario,
            app: app.unwrap_or(App::OfficialAccount),
            component_appid,
        }),
        specs,
    })
}

fn user_specs(specs: &LitStr, app: App, item: &ItemStruct, errors: &mut Errors) -> TokenStream {
    let base = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = std::path::Path::new(&base).join(specs.value());
    let (set, diags) = load_dir(&dir, &specs.value());
    for d in &diags {
        errors.push(syn::Error::new_spanned(specs, d.to_string()));
    }
    for message in client::groups_for_other_apps(&set, app) {
        errors.push(syn::Error::new_spanned(specs, message));
    }
    for message in client::groups_named_like_builtin(&set, app) {
        errors.push(syn::Error::new_spanned(specs, message));
    }
    if diags.is_empty() {
        return client::user_groups(&set, &item.ident, &item.vis, &specs.value());
    }
    // The groups of files without mistakes, unless a mistake is outside any group file
    // (shared.toml, errcodes.toml, the directory): the others may use what it defines.
    let file_of = |location: &str| {
        location
            .rsplit_once(".toml")
            .map_or(location.to_owned(), |(f, _)| format!("{f}.toml"))
    };
    let group_files: Vec<String> = set.groups.iter().map(|g| file_of(&g.location)).collect();
    let broken: Vec<String> = diags.iter().map(|d| file_of(&d.location)).collect();
    if broken.iter().any(|f| !group_files.contains(f)) {
        return TokenStream::new();
    }
    let mut sound = set.clone();
    sound
        .groups
        .retain(|g| !broken.contains(&file_of(&g.location)));
    client::user_groups(&sound, &item.ident, &item.vis, &specs.value())
}

#[cfg(test)]
mod tests {
    use quote::quote;

    fn expand(args: proc_macro2::TokenStream) -> String {
        super::expand(
            args,
            quote!(
                pub struct MyApp;
            ),
        )
        .to_string()
    }

    #[test]
    fn spec_mistakes_are_compile_errors_with_file_line_and_column() {
        let out = expand(quote!(
            appid = "wx1234567890abcdef",
            specs = "tests/bad-specs"
        ));
        assert!(out.contains("compile_error"), "{out}");
        assert!(out.contains("tests/bad-specs/broken.toml:6:8: endpoint name `Fetch` must be a snake_case identifier"), "{out}");
        assert!(
            out.contains("tests/bad-specs/broken.toml:11:12: field `value`: unknown type `u128`"),
            "{out}"
        );
        // The client is still emitted, with the groups of the files without mistakes, so
        // that code using it adds no cascade of errors.
        assert!(out.contains("pub struct MyApp {"), "{out}");
        assert!(out.contains("pub fn reports (& self)"), "{out}");
        assert!(!out.contains("pub fn broken (& self)"), "{out}");
    }

    #[test]
    fn a_user_group_named_like_a_built_in_one_is_refused_at_its_group_line() {
        let out = expand(quote!(
            appid = "wx1234567890abcdef",
            specs = "tests/clashing-specs"
        ));
        assert!(out.contains("compile_error"), "{out}");
        assert!(
            out.contains("tests/clashing-specs/menu.toml:2:9: group `menu` is a built-in group of this client (`app.menu()`, api-specs/official_account/menu.toml): a group of your own needs a name of its own, such as `my_menu`"),
            "{out}"
        );
        // A Mini Program client has no built-in `menu`: the same group is fine there.
        let out = expand(quote!(
            appid = "wx1234567890abcdef",
            app_type = "mini_program",
            specs = "tests/clashing-specs"
        ));
        assert!(!out.contains("compile_error"), "{out}");
        assert!(out.contains("pub fn menu (& self)"), "{out}");
    }

    #[test]
    fn argument_mistakes_still_expand_the_client() {
        let out = expand(quote!(scenario = "central"));
        assert!(out.contains("missing `appid"), "{out}");
        assert!(out.contains("unknown scenario `central`"), "{out}");
        assert!(
            out.contains("impl :: wechat :: __private :: AppClient for MyApp"),
            "{out}"
        );
    }

    #[test]
    fn a_good_client_expands_to_struct_builder_and_deref() {
        let out = expand(quote!(appid = "wx1234567890abcdef", scenario = "hub"));
        assert!(!out.contains("compile_error"), "{out}");
        for needle in [
            "impl :: wechat :: __private :: AppClient for MyApp",
            "fn builder ()",
            "Deref for MyApp",
        ] {
            assert!(out.contains(needle), "missing {needle}: {out}");
        }
    }
}
