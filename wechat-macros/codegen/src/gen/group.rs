//! One module per group: its types and its handle with one async method per endpoint.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::example::call_example;
use super::types::type_items;
use super::{ident, Directions, Gen};
use crate::spec::names::pascal_case;
use crate::spec::{App, BodyKind, Credential, Endpoint, Group, Method, Response, TypeDef};

/// The name of a group's handle type: `material` → `MaterialApi`.
pub fn handle_name(group: &Group) -> proc_macro2::Ident {
    format_ident!("{}Api", pascal_case(&group.name))
}

/// `pub mod <group> { types; handle }`. `shared` are the types the group may use from
/// `shared_path` (a module path such as `super::types`), if any.
pub fn group_module(
    g: &Gen,
    group: &Group,
    shared: &[TypeDef],
    shared_path: Option<TokenStream>,
) -> TokenStream {
    let k = &g.krate;
    let module = ident(&group.name);
    let handle = handle_name(group);
    let mut known: Vec<&TypeDef> = group.types.iter().collect();
    known.extend(shared.iter());
    let directions = Directions::of_group(group, shared);
    let types = type_items(g, &group.types, &known, &directions);
    let shared_use = shared_path.map(|p| quote! { #[allow(unused_imports)] use #p::*; });
    let mut module_doc = vec![format!(" {}", group.title)];
    if let Some(doc) = &group.doc {
        module_doc.push(String::new());
        module_doc.push(format!(" Official doc: <{doc}>"));
    }
    let handle_doc = format!(
        " The `{}` endpoints: {}. Get it from the client's `{}()` accessor.",
        group.name, group.title, group.name
    );
    let methods = group
        .endpoints
        .iter()
        .map(|e| endpoint_method(g, group, shared, e));
    quote! {
        #(#[doc = #module_doc])*
        pub mod #module {
            #[allow(unused_imports)]
            use #k::__private::serde::Serialize;
            #shared_use
            #types

            #[doc = #handle_doc]
            #[derive(Clone, Copy, Debug)]
            pub struct #handle<'a> {
                client: &'a #k::Client,
            }

            impl<'a> #handle<'a> {
                /// The handle over a client; the client's accessor is the usual way to get one.
                pub fn new(client: &'a #k::Client) -> Self {
                    Self { client }
                }

                #(#methods)*
            }
        }
    }
}

/// `pub fn <group>(&self) -> <group>::<Handle><'_>`, for a type that has `client()`.
/// `module_path` is the path to the group modules from where the accessor is written.
pub fn group_accessor(group: &Group, module_path: &TokenStream, vis: &TokenStream) -> TokenStream {
    let name = ident(&group.name);
    let handle = handle_name(group);
    let doc = format!(" {}: the `{}` endpoints.", group.title, group.name);
    quote! {
        #[doc = #doc]
        #vis fn #name(&self) -> #module_path::#name::#handle<'_> {
            #module_path::#name::#handle::new(self.client())
        }
    }
}

/// On a client of `this` app type, a stand-in for the accessor of `group`, a group of
/// another app type only: a deprecated, hidden method whose note says whose group it is
/// and how to get it, returning a type without methods (so that calling an endpoint
/// on it stays a compile error, with the note shown beside it).
pub fn other_app_accessor(group: &Group, this: App, vis: &TokenStream) -> TokenStream {
    let name = ident(&group.name);
    let theirs = group
        .apps
        .iter()
        .map(|a| a.title())
        .collect::<Vec<_>>()
        .join(" and ");
    let how = match group.apps.first() {
        Some(App::Component) => "on a third-party platform client (`component_appid = \"wx...\"`)".to_owned(),
        Some(a) => format!(
            "on clients declared with `app_type = \"{}\"` (`#[wechat_client(appid = \"wx...\", app_type = \"{}\")]`)",
            a.name(),
            a.name()
        ),
        None => "on no client".to_owned(),
    };
    let note = format!(
        "`{}` is a group of {theirs} clients, not of {} clients: it is {how}",
        group.name,
        this.title()
    );
    quote! {
        #[doc(hidden)]
        #[deprecated(note = #note)]
        #vis fn #name(&self) -> crate::__private::GroupOfAnotherAppType {
            crate::__private::GroupOfAnotherAppType(())
        }
    }
}

/// On a client that has `group`, in a build of `wechat` without its area's
/// `features`: a deprecated, hidden stand-in for the accessor whose note names the
/// feature to enable, returning a type without methods.
pub fn disabled_area_accessor(
    group: &Group,
    features: &[String],
    vis: &TokenStream,
) -> TokenStream {
    let name = ident(&group.name);
    let list = features
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let note = format!(
        "`{}` is left out of this build of `wechat`: it needs the cargo feature {list} (on by default; `wechat = {{ version = \"…\", features = [\"{}\"] }}`)",
        group.name, features[0]
    );
    quote! {
        #[doc(hidden)]
        #[deprecated(note = #note)]
        #vis fn #name(&self) -> crate::__private::GroupOfADisabledArea {
            crate::__private::GroupOfADisabledArea(())
        }
    }
}

fn endpoint_method(g: &Gen, group: &Group, shared: &[TypeDef], e: &Endpoint) -> TokenStream {
    let k = &g.krate;
    let name = ident(&e.name);
    let (method_str, method_tok) = match e.method {
        Method::Get => ("GET", quote!(#k::__private::HttpMethod::Get)),
        Method::Post => ("POST", quote!(#k::__private::HttpMethod::Post)),
    };
    let (cred_str, cred_tok) = match e.token {
        Credential::AccessToken => (
            "`access_token`",
            quote!(#k::__private::Credential::AccessToken),
        ),
        Credential::ComponentAccessToken => (
            "`component_access_token`",
            quote!(#k::__private::Credential::ComponentAccessToken),
        ),
        Credential::ComponentAccessTokenAsAccessToken => (
            "`component_access_token`, sent as `access_token`",
            quote!(#k::__private::Credential::ComponentAccessTokenAsAccessToken),
        ),
        Credential::None => ("none", quote!(#k::__private::Credential::None)),
    };
    let path = &e.path;
    let group_name = &group.name;
    let endpoint_name = &e.name;
    let id = format!("{}.{}", group.name, e.name);
    let mut docs = vec![
        format!(" {}", e.title),
        String::new(),
        format!(" `{method_str} {path}` · credential: {cred_str}"),
        String::new(),
        " Returns the call as a future: `.await` it.".to_owned(),
    ];
    if e.body == BodyKind::Multipart {
        docs.push(String::new());
        docs.push(" Sent as `multipart/form-data`: each [`UploadFile`](crate::media::UploadFile) is a file part (a".to_owned());
        docs.push(
            " path is streamed, never read whole), the other body fields are text parts."
                .to_owned(),
        );
    }
    if e.sign.any() {
        let mut what = Vec::new();
        if e.sign.signature {
            what.push("`signature` (HMAC-SHA256 of the body with the user's `session_key`, which it takes)");
        }
        if e.sign.sig_method {
            what.push("`sig_method=hmac_sha256`");
        }
        if e.sign.pay_sig {
            what.push("`pay_sig` (HMAC-SHA256 of `path&body` with the client's virtual-payment AppKey, [`ClientBuilder::xpay_app_key`](crate::ClientBuilder::xpay_app_key))");
        }
        docs.push(String::new());
        docs.push(format!(
            " Signed: the SDK adds {} to the query, over the exact body it sends.",
            what.join(", ")
        ));
    }
    if e.body == BodyKind::Raw {
        docs.push(String::new());
        docs.push(" Sent as the raw body: the bytes of the [`UploadFile`](crate::media::UploadFile) (a path is".to_owned());
        docs.push(" streamed, never read whole), with its content type; the other fields travel in the query.".to_owned());
    }
    if e.response == Response::Text {
        docs.push(String::new());
        docs.push(" Answers text (a `String`), as WeChat sends it (`text/plain`).".to_owned());
    }
    if e.binary {
        docs.push(String::new());
        docs.push(match e.response {
            Response::Unit => " Answers a file: its bytes and content type as a [`MediaFile`](crate::media::MediaFile).".to_owned(),
            _ => " Answers a file ([`FileOr::File`](crate::media::FileOr::File)) or a JSON document ([`FileOr::Json`](crate::media::FileOr::Json)).".to_owned(),
        });
    }
    docs.extend([
        String::new(),
        format!(" Official doc: <{}>", e.doc),
        String::new(),
        " # Errors".to_owned(),
        String::new(),
        " [`Error::Api`](crate::Error::Api) when WeChat answers a non-zero `errcode`; otherwise the".to_owned(),
        " transport, HTTP, decode and token errors of [`Error`](crate::Error).".to_owned(),
    ]);
    if e.body == BodyKind::Multipart {
        docs.push(
            " [`Error::File`](crate::Error::File) when a file to upload cannot be read.".to_owned(),
        );
    }
    if g.serde_crate.starts_with("::wechat") {
        for d in docs.iter_mut() {
            *d = d
                .replace("(crate::Error", "(::wechat::Error")
                .replace("(crate::media", "(::wechat::media")
                .replace("(crate::ClientBuilder", "(::wechat::ClientBuilder");
        }
    }
    // Shown in the rendered docs, not a doctest: see `example.rs`.
    let example_block = call_example(g, group, shared, e).doc_block();
    let example: Vec<String> = ["# Example", ""]
        .into_iter()
        .chain(example_block.lines())
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    let deprecated = e
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    if let Some(note) = &e.deprecated {
        docs.push(String::new());
        docs.push(format!(" Deprecated: {note}"));
    }
    // A plain `fn` returning the runtime's call future (no `async fn`, so no future
    // type of its own per endpoint): the future borrows the client (`'a`) and the
    // request (`'r`).
    let (mut generics, mut arg, req_expr, mut captures) = match &e.request {
        Some(r) => {
            let r = format_ident!("{}", r);
            (
                quote!(<'r>),
                quote!(req: &'r #r),
                quote!(req),
                quote!(use<'a, 'r>),
            )
        }
        None => (
            TokenStream::new(),
            TokenStream::new(),
            quote!(&#k::__private::NoRequest {}),
            quote!(use<'a>),
        ),
    };
    // A `signature` is computed with the user's session_key, which the method takes.
    if e.sign.signature {
        let comma = (!arg.is_empty()).then(|| quote!(,));
        arg = quote!(#arg #comma session_key: &'r #k::Secret);
        generics = quote!(<'r>);
        captures = quote!(use<'a, 'r>);
    }
    let p = quote!(#k::__private);
    let json_type = |r: &Response| match r {
        Response::Named(n) => {
            let n = format_ident!("{}", n);
            quote!(#n)
        }
        _ => quote!(#p::serde_json::Value),
    };
    let signing = {
        let session_key = if e.sign.signature {
            quote!(::core::option::Option::Some(session_key))
        } else {
            quote!(::core::option::Option::None)
        };
        let (sig_method, pay_sig) = (e.sign.sig_method, e.sign.pay_sig);
        quote!(#p::Signing { session_key: #session_key, sig_method: #sig_method, pay_sig: #pay_sig })
    };
    let (ret, call) = match (&e.response, e.body, e.binary) {
        (Response::Unit, BodyKind::Json, false) if e.sign.any() => (
            quote!(()),
            quote!(#p::call_signed_unit(self.client, &ENDPOINT, #req_expr, #signing)),
        ),
        (r, BodyKind::Json, false) if e.sign.any() => {
            let t = json_type(r);
            (
                quote!(#t),
                quote!(#p::call_signed_json(self.client, &ENDPOINT, #req_expr, #signing)),
            )
        }
        (Response::Text, BodyKind::Raw, _) => (
            quote!(::std::string::String),
            quote!(#p::call_raw_text(self.client, &ENDPOINT, #req_expr)),
        ),
        (Response::Unit, BodyKind::Raw, _) => (
            quote!(()),
            quote!(#p::call_raw_unit(self.client, &ENDPOINT, #req_expr)),
        ),
        (r, BodyKind::Raw, _) => {
            let t = json_type(r);
            (
                quote!(#t),
                quote!(#p::call_raw_json(self.client, &ENDPOINT, #req_expr)),
            )
        }
        (Response::Text, _, _) => (
            quote!(::std::string::String),
            quote!(#p::call_text(self.client, &ENDPOINT, #req_expr)),
        ),
        (Response::Unit, BodyKind::Multipart, _) => (
            quote!(()),
            quote!(#p::call_multipart_unit(self.client, &ENDPOINT, #req_expr)),
        ),
        (r, BodyKind::Multipart, _) => {
            let t = json_type(r);
            (
                quote!(#t),
                quote!(#p::call_multipart(self.client, &ENDPOINT, #req_expr)),
            )
        }
        (Response::Unit, BodyKind::Json, true) => (
            quote!(#k::media::MediaFile),
            quote!(#p::call_binary(self.client, &ENDPOINT, #req_expr)),
        ),
        (r, BodyKind::Json, true) => {
            let t = json_type(r);
            (
                quote!(#k::media::FileOr<#t>),
                quote!(#p::call_binary_or_json(self.client, &ENDPOINT, #req_expr)),
            )
        }
        (Response::Unit, BodyKind::Json, false) => (
            quote!(()),
            quote!(#p::call_unit(self.client, &ENDPOINT, #req_expr)),
        ),
        (Response::Json, BodyKind::Json, false) => (
            quote!(#k::__private::serde_json::Value),
            quote!(#p::call_json(self.client, &ENDPOINT, #req_expr)),
        ),
        (Response::Named(n), BodyKind::Json, false) => {
            let n = format_ident!("{}", n);
            (
                quote!(#n),
                quote!(#p::call_json(self.client, &ENDPOINT, #req_expr)),
            )
        }
    };
    quote! {
        #(#[doc = #docs])*
        #[doc = ""]
        #(#[cfg_attr(not(doctest), doc = #example)])*
        #deprecated
        pub fn #name #generics(self, #arg)
            -> impl ::core::future::Future<Output = Result<#ret, #k::Error>> + #captures
        {
            static ENDPOINT: #k::__private::Endpoint = #k::__private::Endpoint {
                id: #id,
                group: #group_name,
                name: #endpoint_name,
                method: #method_tok,
                path: #path,
                credential: #cred_tok,
            };
            #call
        }
    }
}
