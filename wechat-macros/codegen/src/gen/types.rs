//! Structs and enums of the specs.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, Directions, Gen};
use crate::spec::names::pascal_case;
use crate::spec::{Field, Location, Scalar, TypeDef, TypeExpr, TypeKind};

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
    // What a type needs is always there; inside `wechat`, the other direction only with
    // the feature; in a user crate, both. An upload's request is never decoded.
    let serialize = presence(g, needs.serialize);
    let deserialize = if upload {
        Presence::Never
    } else {
        presence(g, needs.deserialize)
    };
    let (derive_serialize, optional_serialize) = match serialize {
        Presence::Always => (quote!(Serialize,), TokenStream::new()),
        Presence::WithFeature(f) => (
            TokenStream::new(),
            quote!(#[cfg_attr(feature = #f, derive(Serialize))]),
        ),
        Presence::Never => (TokenStream::new(), TokenStream::new()),
    };
    // `#[serde(...)]` attributes serve the `Serialize` derive, and exist only with it.
    let serde_attr = |args: TokenStream| match serialize {
        Presence::Always => quote!(#[serde(#args)]),
        Presence::WithFeature(f) => quote!(#[cfg_attr(feature = #f, serde(#args))]),
        Presence::Never => TokenStream::new(),
    };
    let crate_attr = serde_attr(quote!(crate = #serde_crate));
    let field_items = fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let ty = rust_type(g, &f.ty);
        let mut serde_args = Vec::new();
        if f.rust != f.wire {
            let wire = &f.wire;
            serde_args.push(quote!(rename = #wire));
        }
        if f.ty.is_optional() {
            serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        if f.ty.is_file_part() {
            serde_args.clear();
            serde_args.push(quote!(skip));
        } else if t.is_request && f.location == Location::Query {
            serde_args.push(quote!(skip_serializing));
        }
        let attr = (!serde_args.is_empty()).then(|| serde_attr(quote!(#(#serde_args),*)));
        let doc = doc_attr(f.doc.as_deref());
        quote! { #doc #attr pub #fname: #ty, }
    });
    let deserialize_impl = match deserialize {
        Presence::Always => deserialize_items(g, t, fields),
        Presence::WithFeature(f) => {
            let items = deserialize_items(g, t, fields);
            quote! { #[cfg(feature = #f)] #items }
        }
        Presence::Never => TokenStream::new(),
    };
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
        #[derive(Clone, Debug, PartialEq, #derive_default #derive_serialize)]
        #optional_serialize
        #crate_attr
        pub struct #name { #(#field_items)* }
        #deserialize_impl
        #request_impl
    }
}

/// Whether a struct has a serde direction.
#[derive(Clone, Copy)]
enum Presence {
    Always,
    /// Only with this cargo feature of `wechat`.
    WithFeature(&'static str),
    Never,
}

fn presence(g: &Gen, needed: bool) -> Presence {
    match (needed, g.both_ways_feature) {
        (true, _) | (false, None) => Presence::Always,
        (false, Some(feature)) => Presence::WithFeature(feature),
    }
}

/// `Deserialize` through the runtime's one generic struct visitor
/// (`__private::de::deserialize_struct`): per struct, only its wire names, one slot per
/// field, and the two functions that fill the slots and build the struct.
fn deserialize_items(g: &Gen, t: &TypeDef, fields: &[Field]) -> TokenStream {
    let k = &g.krate;
    let de = quote!(#k::__private::de);
    let serde = quote!(#k::__private::serde);
    let name = format_ident!("{}", t.name);
    let name_str = &t.name;
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let idents: Vec<_> = fields.iter().map(|f| ident(&f.rust)).collect();
    let types: Vec<_> = fields.iter().map(|f| rust_type(g, &f.ty)).collect();
    let indices = (0..fields.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let finish = fields.iter().zip(&idents).map(|(f, id)| {
        let wire = &f.wire;
        if f.ty.is_optional() {
            quote!(#id: slots.#id.unwrap_or_default())
        } else {
            quote!(#id: #de::required(slots.#id, #wire)?)
        }
    });
    let read = if fields.is_empty() {
        quote! {
            fn read<'de, M: #de::MapAccess<'de>>(
                _slots: &mut Slots, _index: usize, _map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                ::core::result::Result::Ok(())
            }
        }
    } else {
        quote! {
            fn read<'de, M: #de::MapAccess<'de>>(
                slots: &mut Slots, index: usize, map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    #(#indices => #de::slot(&mut slots.#idents, #wires, map),)*
                    _ => ::core::result::Result::Ok(()),
                }
            }
        }
    };
    quote! {
        const _: () = {
            pub struct Slots { #(#idents: ::core::option::Option<#types>,)* }

            impl #de::SpecStruct for #name {
                const NAME: &'static str = #name_str;
                const FIELDS: &'static [&'static str] = &[#(#wires),*];
                type Slots = Slots;

                fn slots() -> Slots {
                    Slots { #(#idents: ::core::option::Option::None,)* }
                }

                #read

                fn finish<E: #de::Error>(slots: Slots) -> ::core::result::Result<Self, E> {
                    ::core::result::Result::Ok(#name { #(#finish,)* })
                }
            }

            impl<'de> #serde::Deserialize<'de> for #name {
                fn deserialize<D: #serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    #de::deserialize_struct(deserializer)
                }
            }
        };
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
pub(super) fn defaultable<'a>(types: &[&'a TypeDef]) -> HashSet<&'a str> {
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
