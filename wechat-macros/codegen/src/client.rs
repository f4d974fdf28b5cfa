//! What `#[wechat_client(...)]` emits: the client struct, its `AppClient` impl,
//! `builder()`, `Deref` to the app type, and the groups of the user's own specs.
//!
//! The attribute's arguments are parsed by the macro; this module takes them checked.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, ItemStruct, LitStr, Visibility};

use crate::gen::{self, Gen};
use crate::spec::names::snake_case;
use crate::spec::{App, SpecSet};

/// Where the client gets its tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// This process holds the secret and asks WeChat for tokens (`"hub"`).
    Hub,
    /// Tokens come from a hub (`"client"`).
    Client,
}

/// The checked arguments of `#[wechat_client]`.
#[derive(Clone)]
pub struct ClientArgs {
    /// `appid = "wx..."`.
    pub appid: LitStr,
    /// `scenario = "hub" | "client"`.
    pub scenario: Scenario,
    /// `app_type = "official_account" | "mini_program"` (never [`App::Component`]: a
    /// platform client is [`PlatformArgs`]).
    pub app: App,
    /// `component_appid = "wx..."` beside `appid`: an authorizer of that third-party
    /// platform, whose tokens come from the hub's platform routes.
    pub component_appid: Option<LitStr>,
}

/// The checked arguments of `#[wechat_client(component_appid = "wx...")]`: a
/// third-party platform's client.
#[derive(Clone)]
pub struct PlatformArgs {
    /// `component_appid = "wx..."`.
    pub component_appid: LitStr,
    /// `scenario = "hub" | "client"`.
    pub scenario: Scenario,
}

/// The platform struct in place of the unit struct `item`: a wrapper of
/// `wechat::component::Platform` with its `PlatformClient` impl, `builder()` and `Deref`.
pub fn platform_items(item: &ItemStruct, args: &PlatformArgs) -> TokenStream {
    let ItemStruct {
        attrs, vis, ident, ..
    } = item;
    let component_appid = &args.component_appid;
    let scenario = scenario_tokens(args.scenario);
    let builder_doc = format!(
        " A builder for `{ident}` (component_appid `{}`): set the component secret, the callback Token and EncodingAESKey, the stores; then `build()`.",
        component_appid.value()
    );
    quote! {
        #(#attrs)*
        #vis struct #ident {
            inner: ::wechat::component::Platform,
        }

        impl ::wechat::__private::PlatformClient for #ident {
            const COMPONENT_APPID: &'static str = #component_appid;
            const SCENARIO: ::wechat::Scenario = #scenario;
            fn from_platform(platform: ::wechat::component::Platform) -> Self {
                #ident { inner: platform }
            }
        }

        impl #ident {
            /// The component_appid of this third-party platform.
            #vis const COMPONENT_APPID: &'static str = #component_appid;

            #[doc = #builder_doc]
            #vis fn builder() -> ::wechat::component::PlatformBuilder<#ident> {
                ::wechat::component::PlatformBuilder::new()
            }
        }

        impl ::core::ops::Deref for #ident {
            type Target = ::wechat::component::Platform;
            fn deref(&self) -> &::wechat::component::Platform {
                &self.inner
            }
        }

        impl ::core::clone::Clone for #ident {
            fn clone(&self) -> Self {
                #ident { inner: ::core::clone::Clone::clone(&self.inner) }
            }
        }

        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(stringify!(#ident)).field(&self.inner).finish()
            }
        }
    }
}

fn scenario_tokens(scenario: Scenario) -> TokenStream {
    match scenario {
        Scenario::Hub => quote!(::wechat::Scenario::Hub),
        Scenario::Client => quote!(::wechat::Scenario::Client),
    }
}

/// One message per group of `set` that is not for `app` (each is a mistake of the
/// user's spec directory).
pub fn groups_for_other_apps(set: &SpecSet, app: App) -> Vec<String> {
    set.groups
        .iter()
        .filter(|grp| !grp.apps.contains(&app))
        .map(|grp| {
            format!(
                "group `{}` ({}) is not for this client's app_type; set `apps` in the file",
                grp.name,
                grp.file.display()
            )
        })
        .collect()
}

/// One message per group of `set` named like a built-in group of `app`'s client: its
/// accessor would hide the built-in one (`app.menu()`), so it is refused at its
/// `group = "..."`.
pub fn groups_named_like_builtin(set: &SpecSet, app: App) -> Vec<String> {
    let builtin = crate::builtin::builtin_groups();
    set.groups
        .iter()
        .filter_map(|grp| {
            let taken = builtin
                .iter()
                .find(|b| b.name == grp.name && b.apps.contains(&app))?;
            Some(format!(
                "{}: group `{}` is a built-in group of this client (`app.{}()`, {}): a group of your own needs a name of its own, such as `my_{}`",
                grp.location, grp.name, grp.name, taken.file, grp.name
            ))
        })
        .collect()
}

/// The groups of a user's spec directory, for the client `ident`: a module
/// `<ident in snake_case>_api` holding one module per group, the group accessors on
/// the client, and the file tracking. `shown_as` is the directory as the user wrote it.
pub fn user_groups(set: &SpecSet, ident: &Ident, vis: &Visibility, shown_as: &str) -> TokenStream {
    let g = Gen::in_user_crate(&ident.to_string());
    let module = format_ident!("{}_api", snake_case(&ident.to_string()));
    let groups = set
        .groups
        .iter()
        .map(|grp| gen::group_module(&g, grp, &[], None));
    let module_path = quote!(#module);
    let vis_tokens = quote!(#vis);
    let accessors = set
        .groups
        .iter()
        .map(|grp| gen::group_accessor(grp, &module_path, &vis_tokens));
    let track = gen::track_files(&set.files);
    let doc = format!(" The API groups of `{ident}` from its own spec directory `{shown_as}`.");
    quote! {
        #[doc = #doc]
        #vis mod #module {
            #(#groups)*
        }
        impl #ident { #(#accessors)* }
        #track
    }
}

/// The client struct in place of the unit struct `item`, followed by `user_groups`.
pub fn client_items(item: &ItemStruct, args: &ClientArgs, user_groups: TokenStream) -> TokenStream {
    let ItemStruct {
        attrs, vis, ident, ..
    } = item;
    let appid = &args.appid;
    let (app_ty, app_const) = match args.app {
        App::OfficialAccount => (
            quote!(::wechat::OfficialAccount),
            quote!(::wechat::AppType::OfficialAccount),
        ),
        App::MiniProgram => (
            quote!(::wechat::MiniProgram),
            quote!(::wechat::AppType::MiniProgram),
        ),
        App::Component => return syn::Error::new_spanned(
            appid,
            "a third-party platform client is declared with `component_appid = \"wx...\"` alone",
        )
        .to_compile_error(),
    };
    let scenario = scenario_tokens(args.scenario);
    let component_appid = match &args.component_appid {
        Some(c) => quote!(#c),
        None => quote!(""),
    };
    let builder_doc = format!(
        " A builder for `{ident}` (appid `{}`): set the secret, the API base URL, the store, timeouts; then `build()`.",
        appid.value()
    );
    quote! {
        #(#attrs)*
        #vis struct #ident {
            inner: #app_ty,
        }

        impl ::wechat::__private::AppClient for #ident {
            const APPID: &'static str = #appid;
            const SCENARIO: ::wechat::Scenario = #scenario;
            const APP_TYPE: ::wechat::AppType = #app_const;
            const COMPONENT_APPID: &'static str = #component_appid;
            fn from_client(client: ::wechat::Client) -> Self {
                #ident { inner: <#app_ty>::from(client) }
            }
        }

        impl #ident {
            /// The appid this client is for.
            #vis const APPID: &'static str = #appid;

            #[doc = #builder_doc]
            #vis fn builder() -> ::wechat::ClientBuilder<#ident> {
                ::wechat::ClientBuilder::new()
            }
        }

        impl ::core::ops::Deref for #ident {
            type Target = #app_ty;
            fn deref(&self) -> &#app_ty {
                &self.inner
            }
        }

        impl ::core::clone::Clone for #ident {
            fn clone(&self) -> Self {
                #ident { inner: ::core::clone::Clone::clone(&self.inner) }
            }
        }

        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_tuple(stringify!(#ident)).field(&self.inner).finish()
            }
        }

        #user_groups
    }
}

/// What is emitted beside compile errors in place of `item`, so that code using the
/// struct does not add a cascade of unrelated errors.
pub fn fallback(item: &ItemStruct) -> TokenStream {
    let ItemStruct {
        attrs, vis, ident, ..
    } = item;
    quote! {
        #(#attrs)*
        #vis struct #ident;
        impl #ident {
            #[allow(dead_code)]
            #vis fn builder() -> ::wechat::ClientBuilder<::wechat::OfficialAccount> {
                ::wechat::ClientBuilder::new()
            }
        }
    }
}
