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
    match (args, errors.0) {
        (
            Some(Args {
                kind: Kind::App(c), ..
            }),
            None,
        ) => client::client_items(&item, &c, user_groups),
        (
            Some(Args {
                kind: Kind::Platform(p),
                ..
            }),
            None,
        ) => client::platform_items(&item, &p),
        (_, Some(e)) => {
            let fallback = client::fallback(&item);
            let e = e.to_compile_error();
            quote! { #e #fallback }
        }
        (None, None) => unreachable!("missing arguments always leave an error"),
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
    let Some(appid) = appid else {
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
        return None;
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
    if !diags.is_empty() {
        return TokenStream::new();
    }
    client::user_groups(&set, &item.ident, &item.vis, &specs.value())
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
        // The struct is still emitted, so that code using it adds no cascade of errors.
        assert!(out.contains("pub struct MyApp ;"), "{out}");
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
