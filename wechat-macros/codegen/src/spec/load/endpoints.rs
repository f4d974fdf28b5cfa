//! One `[[endpoint]]`: its keys, and its `request` / `response` (a type name or an
//! inline table of fields).

use std::collections::HashSet;

use toml::Spanned;

use super::{Ctx, Src};
use crate::spec::names::{is_pascal, is_snake, pascal_case};
use crate::spec::raw::RawEndpoint;
use crate::spec::{
    BodyKind, Credential, Endpoint, Field, Location, Method, Response, TypeDef, TypeKind,
};

impl Ctx {
    pub(super) fn endpoint(
        &mut self,
        src: &Src,
        start: usize,
        ep: RawEndpoint,
        types: &mut Vec<TypeDef>,
        shared: &HashSet<String>,
    ) -> Option<Endpoint> {
        let name = ep.name.get_ref().clone();
        if !is_snake(&name) {
            self.err(
                src,
                ep.name.span().start,
                format!("endpoint name `{name}` must be a snake_case identifier"),
            );
        }
        let method = match ep.method.get_ref().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            other => {
                self.err(
                    src,
                    ep.method.span().start,
                    format!("method `{other}`: expected \"GET\" or \"POST\""),
                );
                Method::Post
            }
        };
        let path = ep.path.get_ref();
        if !path.starts_with('/') || path.contains('?') || path.contains(char::is_whitespace) {
            self.err(
                src,
                ep.path.span().start,
                format!("path `{path}` must start with `/` and carry no query string"),
            );
        }
        let token = match ep.token.as_ref().map(|t| t.get_ref().as_str()) {
            None | Some("access_token") => Credential::AccessToken,
            Some("component_access_token") => Credential::ComponentAccessToken,
            Some("none") => Credential::None,
            Some(other) => {
                let at = ep.token.as_ref().map_or(start, |t| t.span().start);
                self.err(
                    src,
                    at,
                    format!(
                        "token `{other}`: expected access_token, component_access_token or none"
                    ),
                );
                Credential::AccessToken
            }
        };
        let doc = match &ep.doc {
            Some(d) => {
                self.check_url(src, d);
                d.get_ref().clone()
            }
            None => {
                self.err(
                    src,
                    ep.name.span().start,
                    format!(
                        "endpoint `{name}` has no `doc` URL: every endpoint links its official doc"
                    ),
                );
                String::new()
            }
        };
        let body = match ep.body.as_ref().map(|b| b.get_ref().as_str()) {
            None | Some("json") => BodyKind::Json,
            Some("multipart") => BodyKind::Multipart,
            Some(other) => {
                let at = ep.body.as_ref().map_or(start, |b| b.span().start);
                self.err(
                    src,
                    at,
                    format!("body `{other}`: expected \"json\" or \"multipart\""),
                );
                BodyKind::Json
            }
        };
        let binary = ep.binary.as_ref().is_some_and(|b| *b.get_ref());
        if body == BodyKind::Multipart {
            let at = ep.body.as_ref().map_or(start, |b| b.span().start);
            if method != Method::Post {
                self.err(
                    src,
                    at,
                    format!("endpoint `{name}`: a multipart upload is a POST"),
                );
            }
            if binary {
                self.err(
                    src,
                    at,
                    format!("endpoint `{name}`: an upload answers JSON; `binary = true` is for downloads"),
                );
            }
            if ep.request.is_none() {
                self.err(
                    src,
                    at,
                    format!(
                        "endpoint `{name}`: a multipart upload needs a request with a `file` field"
                    ),
                );
            }
        }
        let pascal = pascal_case(&name);
        let request_doc = format!(
            "The request of `{name}`: {}.",
            ep.title.get_ref().trim_end_matches('.')
        );
        let response_doc = format!(
            "The answer of `{name}`: {}.",
            ep.title.get_ref().trim_end_matches('.')
        );
        let request = ep.request.and_then(|r| {
            let span = r.span().start;
            let type_name = self.type_ref_or_inline(src, r, &format!("{pascal}Request"), &request_doc, types, false)?;
            match types.iter_mut().find(|t| t.name == type_name) {
                Some(def) => self.mark_request(src, span, def, method),
                None if shared.contains(&type_name) => self.err(
                    src,
                    span,
                    format!("request `{type_name}` is a shared type; a request must be a type of this group file"),
                ),
                None => self.err(src, span, format!("request type `{type_name}` is not defined in this file")),
            }
            Some(type_name)
        });
        let response = match ep.response {
            None => Response::Unit,
            Some(r) if r.get_ref().as_str() == Some("json") => Response::Json,
            Some(r) => {
                let span = r.span().start;
                match self.type_ref_or_inline(
                    src,
                    r,
                    &format!("{pascal}Response"),
                    &response_doc,
                    types,
                    true,
                ) {
                    Some(n) => {
                        let is_struct = types
                            .iter()
                            .find(|t| t.name == n)
                            .map(|t| matches!(t.kind, TypeKind::Struct(_)))
                            .unwrap_or(shared.contains(&n));
                        if !is_struct {
                            self.err(
                                src,
                                span,
                                format!("response `{n}` must be a struct type (with `fields`)"),
                            );
                        }
                        Response::Named(n)
                    }
                    None => Response::Unit,
                }
            }
        };
        Some(Endpoint {
            name,
            title: ep.title.into_inner(),
            method,
            path: ep.path.into_inner(),
            token,
            doc,
            request,
            response,
            deprecated: ep.deprecated.map(Spanned::into_inner),
            body,
            binary,
        })
    }

    /// A `request` / `response` value: a type name, or an inline field table that becomes `inline_name`.
    pub(super) fn type_ref_or_inline(
        &mut self,
        src: &Src,
        value: Spanned<toml::Value>,
        inline_name: &str,
        inline_doc: &str,
        types: &mut Vec<TypeDef>,
        response: bool,
    ) -> Option<String> {
        let span = value.span().start;
        match value.into_inner() {
            toml::Value::String(name) => {
                if !is_pascal(&name) {
                    let what = if response {
                        "a type name, `json`, or an inline table of fields"
                    } else {
                        "a type name or an inline table of fields"
                    };
                    self.err(src, span, format!("`{name}`: expected {what}"));
                    return None;
                }
                Some(name)
            }
            toml::Value::Table(table) => {
                if types.iter().any(|t| t.name == inline_name) {
                    self.err(
                        src,
                        span,
                        format!(
                            "the inline type `{inline_name}` clashes with a type of the same name"
                        ),
                    );
                    return None;
                }
                let fields: Vec<Field> = table
                    .into_iter()
                    .filter_map(|(k, v)| self.field(src, span, &k, v))
                    .collect();
                self.check_field_names(src, span, inline_name, &fields);
                types.push(TypeDef {
                    name: inline_name.to_owned(),
                    doc: Some(inline_doc.to_owned()),
                    kind: TypeKind::Struct(fields),
                    is_request: false,
                    at: span,
                });
                Some(inline_name.to_owned())
            }
            other => {
                self.err(
                    src,
                    span,
                    format!(
                        "expected a type name or a table of fields, found {}",
                        other.type_str()
                    ),
                );
                None
            }
        }
    }

    pub(super) fn mark_request(
        &mut self,
        src: &Src,
        span: usize,
        def: &mut TypeDef,
        method: Method,
    ) {
        let TypeKind::Struct(fields) = &mut def.kind else {
            self.err(
                src,
                span,
                format!(
                    "request `{}` must be a struct type (with `fields`)",
                    def.name
                ),
            );
            return;
        };
        if def.is_request
            && method == Method::Get
            && fields.iter().any(|f| f.location == Location::Body)
        {
            self.err(
                src,
                span,
                format!(
                    "`{}` is the request of both a GET and a POST endpoint; give each its own",
                    def.name
                ),
            );
        }
        def.is_request = true;
        for f in fields.iter_mut() {
            if method == Method::Get {
                f.location = Location::Query;
            }
            if f.location == Location::Query && !f.ty.is_query_shaped() {
                self.err(
                    src,
                    span,
                    format!(
                        "`{}.{}` is a query parameter and must be a scalar or an enum",
                        def.name, f.wire
                    ),
                );
            }
        }
    }
}
