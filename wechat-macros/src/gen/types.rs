//! Structs and enums of the specs.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, Directions, Gen};
use crate::spec::names::pascal_case;
use crate::spec::{Location, Scalar, TypeDef, TypeExpr, TypeKind};

/// The items for `types` (structs, enums, and `ApiRequest` impls of request structs).
/// `known` holds every type visible to them (their own and shared ones), to tell which
/// structs can derive `Default`; `directions` tells which serde derives each needs.
pub fn type_items(
    g: &Gen,
    types: &[TypeDef],
    known: &[&TypeDef],
    directions: &Directions,
) -> TokenStream {
    let defaults = defaultable(known);
    let items = types.iter().map(|t| match &t.kind {
        TypeKind::Struct(_) => struct_item(g, t, defaults.contains(t.name.as_str()), directions),
        TypeKind::StrEnum(values) => str_enum_item(g, t, values),
        TypeKind::IntEnum(values) => int_enum_item(g, t, values),
    });
    quote! { #(#items)* }
}

/// Rust type of a type expression.
pub fn rust_type(g: &Gen, ty: &TypeExpr) -> TokenStream {
    let k = &g.krate;
    match ty {
        TypeExpr::Scalar(Scalar::String) => quote!(String),
        TypeExpr::Scalar(Scalar::Secret) => quote!(#k::Secret),
        TypeExpr::Scalar(Scalar::Bool) => quote!(bool),
        TypeExpr::Scalar(Scalar::Int(i)) => {
            let i = format_ident!("{}", i);
            quote!(#i)
        }
        TypeExpr::Scalar(Scalar::F64) => quote!(f64),
        TypeExpr::Scalar(Scalar::Json) => quote!(#k::__private::serde_json::Value),
        TypeExpr::Scalar(Scalar::File) => quote!(#k::media::UploadFile),
        TypeExpr::Named(n) => {
            let n = format_ident!("{}", n);
            quote!(#n)
        }
        TypeExpr::Array(t) => {
            let t = rust_type(g, t);
            quote!(Vec<#t>)
        }
        TypeExpr::Optional(t) => {
            let t = rust_type(g, t);
            quote!(Option<#t>)
        }
    }
}

fn doc_attr(doc: Option<&str>) -> TokenStream {
    match doc {
        Some(d) => {
            let lines = d.lines().map(|l| format!(" {}", l.trim_end()));
            quote! { #(#[doc = #lines])* }
        }
        None => TokenStream::new(),
    }
}

fn struct_item(g: &Gen, t: &TypeDef, default: bool, directions: &Directions) -> TokenStream {
    let TypeKind::Struct(fields) = &t.kind else {
        unreachable!("struct_item takes structs")
    };
    let k = &g.krate;
    let serde_crate = &g.serde_crate;
    let name = format_ident!("{}", t.name);
    let doc = doc_attr(Some(
        t.doc
            .as_deref()
            .unwrap_or(&format!("`{}`, as the WeChat API spells it.", t.name)),
    ));
    // An upload's request holds files: it is only ever sent, never decoded.
    let upload = fields.iter().any(|f| f.ty.is_file_part());
    let derive_default = default.then(|| quote!(Default,));
    let needs = directions.needs(&t.name);
    // What a type needs is derived; inside `wechat`, the other direction only with the
    // feature; in a user crate, both.
    let (mut derives, mut optional) = (Vec::new(), Vec::new());
    for (needed, possible, derive) in [
        (needs.serialize, true, quote!(Serialize)),
        (needs.deserialize, !upload, quote!(Deserialize)),
    ] {
        match (possible, needed, g.both_ways_feature) {
            (false, _, _) => {}
            (true, true, _) | (true, false, None) => derives.push(derive),
            (true, false, Some(_)) => optional.push(derive),
        }
    }
    let optional_derive = match (g.both_ways_feature, optional.is_empty()) {
        (Some(feature), false) => quote!(#[cfg_attr(feature = #feature, derive(#(#optional),*))]),
        _ => TokenStream::new(),
    };
    let field_items = fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let ty = rust_type(g, &f.ty);
        let mut serde_args = Vec::new();
        if f.rust != f.wire {
            let wire = &f.wire;
            serde_args.push(quote!(rename = #wire));
        }
        if f.ty.is_optional() {
            serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
        }
        if f.ty.is_file_part() {
            serde_args.clear();
            serde_args.push(quote!(skip));
        } else if t.is_request && f.location == Location::Query {
            serde_args.push(quote!(skip_serializing));
        }
        let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        let doc = doc_attr(f.doc.as_deref());
        quote! { #doc #serde_attr pub #fname: #ty, }
    });
    let request_impl = t.is_request.then(|| {
        let pushes: Vec<_> = fields
            .iter()
            .filter(|f| f.location == Location::Query)
            .map(|f| {
                let wire = &f.wire;
                let fname = ident(&f.rust);
                quote! { query.push(#wire, &self.#fname); }
            })
            .collect();
        let body = if pushes.is_empty() {
            quote! { fn write_query(&self, _query: &mut #k::__private::Query) {} }
        } else {
            quote! { fn write_query(&self, query: &mut #k::__private::Query) { #(#pushes)* } }
        };
        let files: Vec<_> = fields
            .iter()
            .filter(|f| f.ty.is_file_part())
            .map(|f| {
                let wire = &f.wire;
                let fname = ident(&f.rust);
                if f.ty.is_optional() {
                    quote! { if let Some(f) = &self.#fname { parts.push((#wire, f)); } }
                } else {
                    quote! { parts.push((#wire, &self.#fname)); }
                }
            })
            .collect();
        let file_parts = (!files.is_empty()).then(|| {
            quote! {
                fn file_parts(&self) -> Vec<(&'static str, &#k::media::UploadFile)> {
                    let mut parts = Vec::new();
                    #(#files)*
                    parts
                }
            }
        });
        quote! { impl #k::__private::ApiRequest for #name { #body #file_parts } }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #derive_default #(#derives),*)]
        #optional_derive
        #[serde(crate = #serde_crate)]
        pub struct #name { #(#field_items)* }
        #request_impl
    }
}

fn str_enum_item(g: &Gen, t: &TypeDef, values: &[String]) -> TokenStream {
    let k = &g.krate;
    let name = format_ident!("{}", t.name);
    let doc = doc_attr(Some(
        t.doc
            .as_deref()
            .unwrap_or(&format!("`{}`, as the WeChat API spells it.", t.name)),
    ));
    let variants = values.iter().map(|v| {
        let var = format_ident!("{}", pascal_case(v));
        quote!(#var => #v)
    });
    quote! {
        #k::__private::string_enum! { #doc pub enum #name { #(#variants),* } }
    }
}

fn int_enum_item(g: &Gen, t: &TypeDef, values: &[(String, i64)]) -> TokenStream {
    let k = &g.krate;
    let name = format_ident!("{}", t.name);
    let doc = doc_attr(Some(
        t.doc
            .as_deref()
            .unwrap_or(&format!("`{}`, as the WeChat API spells it.", t.name)),
    ));
    let variants = values.iter().map(|(v, n)| {
        let var = format_ident!("{}", pascal_case(v));
        quote!(#var => #n)
    });
    quote! {
        #k::__private::int_enum! { #doc pub enum #name { #(#variants),* } }
    }
}

/// Names of the struct types that can derive `Default`: every field is optional, an
/// array, a scalar, or such a struct. Enums cannot.
fn defaultable<'a>(types: &[&'a TypeDef]) -> HashSet<&'a str> {
    let by_name: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), *t)).collect();
    let mut yes: HashSet<&str> = types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Struct(_)))
        .map(|t| t.name.as_str())
        .collect();
    loop {
        let before = yes.len();
        let snapshot = yes.clone();
        yes.retain(|n| {
            let Some(TypeDef {
                kind: TypeKind::Struct(fields),
                ..
            }) = by_name.get(n)
            else {
                return false;
            };
            fields.iter().all(|f| expr_defaultable(&f.ty, &snapshot))
        });
        if yes.len() == before {
            return yes;
        }
    }
}

fn expr_defaultable(ty: &TypeExpr, yes: &HashSet<&str>) -> bool {
    match ty {
        TypeExpr::Scalar(Scalar::File) => false,
        TypeExpr::Optional(_) | TypeExpr::Array(_) | TypeExpr::Scalar(_) => true,
        TypeExpr::Named(n) => yes.contains(n.as_str()),
    }
}
