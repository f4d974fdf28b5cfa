//! One `[[endpoint]]`: its keys, and its `request` / `response` (a type name or an
//! inline table of fields).

use std::collections::HashSet;

use toml::Spanned;

use super::{Ctx, Src};
use crate::spec::names::{is_pascal, is_snake, pascal_case};
use crate::spec::raw::RawEndpoint;
use crate::spec::{
    BodyKind, Credential, Endpoint, Field, Location, Method, Response, Signing, TypeDef, TypeKind,
};

impl Ctx {
    /// One `[[endpoint]]` checked, each key by its own reader below; its inline request
    /// and response types are added to `types`. `None` only when nothing usable is left.
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
        let method = self.endpoint_method(src, &ep.method);
        self.check_path(src, &ep.path);
        let token = self.endpoint_token(src, start, ep.token.as_ref());
        let token = self.endpoint_token_param(src, token, ep.token_param.as_ref());
        let doc = self.endpoint_doc(src, &name, &ep);
        let (body, binary) = self.endpoint_body(src, start, &name, method, &ep);
        let sign = self.endpoint_sign(src, &name, method, body, &ep);
        let pascal = pascal_case(&name);
        let title = ep.title.get_ref().trim_end_matches('.').to_owned();
        let request = ep.request.and_then(|r| {
            let doc = format!("The request of `{name}`: {title}.");
            self.endpoint_request(
                src,
                r,
                &format!("{pascal}Request"),
                &doc,
                method,
                types,
                shared,
            )
        });
        if body == BodyKind::Raw {
            if let Some(r) = &request {
                self.raw_request(src, start, &name, r, types);
            }
        }
        let response = match ep.response {
            None => Response::Unit,
            Some(r) if r.get_ref().as_str() == Some("json") => Response::Json,
            Some(r) if r.get_ref().as_str() == Some("text") => Response::Text,
            Some(r) => {
                let doc = format!("The answer of `{name}`: {title}.");
                self.endpoint_response(src, r, &format!("{pascal}Response"), &doc, types, shared)
            }
        };
        if response == Response::Text && (body == BodyKind::Multipart || binary || sign.any()) {
            self.err(
                src,
                start,
                format!("endpoint `{name}`: a text answer comes from a JSON or raw request, unsigned and not `binary`"),
            );
        }
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
            sign,
        })
    }

    /// The request of a `body = "raw"` endpoint: exactly one `file` field, the body;
    /// every other field travels in the query.
    fn raw_request(
        &mut self,
        src: &Src,
        start: usize,
        name: &str,
        request: &str,
        types: &mut [TypeDef],
    ) {
        let Some(TypeDef {
            kind: TypeKind::Struct(fields),
            ..
        }) = types.iter_mut().find(|t| t.name == request)
        else {
            return;
        };
        let files = fields.iter().filter(|f| f.ty.is_file_part()).count();
        if files != 1 {
            self.err(
                src,
                start,
                format!("endpoint `{name}`: a raw body is one `file` field, and `{request}` has {files}"),
            );
        }
        for f in fields.iter_mut().filter(|f| !f.ty.is_file_part()) {
            f.location = Location::Query;
            if !f.ty.is_query_shaped() {
                self.err(
                    src,
                    start,
                    format!("`{request}.{}` travels in the query of a raw body and must be a scalar or an enum", f.wire),
                );
            }
        }
    }

    /// `sign`: the query parameters the SDK computes over the JSON body of a POST:
    /// `signature` (with the user's session_key), `sig_method` (beside `signature`),
    /// `pay_sig` (with the client's virtual-payment AppKey).
    fn endpoint_sign(
        &mut self,
        src: &Src,
        name: &str,
        method: Method,
        body: BodyKind,
        ep: &RawEndpoint,
    ) -> Signing {
        let mut sign = Signing::default();
        let Some(list) = &ep.sign else {
            return sign;
        };
        for item in list.get_ref() {
            match item.get_ref().as_str() {
                "signature" => sign.signature = true,
                "sig_method" => sign.sig_method = true,
                "pay_sig" => sign.pay_sig = true,
                other => self.err(
                    src,
                    item.span().start,
                    format!(
                        "sign `{other}`: expected \"signature\", \"sig_method\" or \"pay_sig\""
                    ),
                ),
            }
        }
        let at = list.span().start;
        if method != Method::Post || body != BodyKind::Json {
            self.err(
                src,
                at,
                format!("endpoint `{name}`: signatures are computed over a JSON body: `sign` needs a POST with a JSON body"),
            );
        }
        if sign.sig_method && !sign.signature {
            self.err(
                src,
                at,
                format!("endpoint `{name}`: `sig_method` goes with `signature`"),
            );
        }
        sign
    }

    /// `method`: `"GET"` or `"POST"`.
    fn endpoint_method(&mut self, src: &Src, method: &Spanned<String>) -> Method {
        match method.get_ref().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            other => {
                self.err(
                    src,
                    method.span().start,
                    format!("method `{other}`: expected \"GET\" or \"POST\""),
                );
                Method::Post
            }
        }
    }

    /// `path`: starts with `/`, no query string, no whitespace.
    fn check_path(&mut self, src: &Src, path: &Spanned<String>) {
        let p = path.get_ref();
        if !p.starts_with('/') || p.contains('?') || p.contains(char::is_whitespace) {
            self.err(
                src,
                path.span().start,
                format!("path `{p}` must start with `/` and carry no query string"),
            );
        }
    }

    /// `token`: the credential sent (default `access_token`).
    fn endpoint_token(
        &mut self,
        src: &Src,
        start: usize,
        token: Option<&Spanned<String>>,
    ) -> Credential {
        match token.map(|t| t.get_ref().as_str()) {
            None | Some("access_token") => Credential::AccessToken,
            Some("component_access_token") => Credential::ComponentAccessToken,
            Some("none") => Credential::None,
            Some(other) => {
                let at = token.map_or(start, |t| t.span().start);
                self.err(
                    src,
                    at,
                    format!(
                        "token `{other}`: expected access_token, component_access_token or none"
                    ),
                );
                Credential::AccessToken
            }
        }
    }

    /// `token_param`: the name of the query parameter the credential travels in, when it
    /// is not the credential's own: `"access_token"` for a `component_access_token`
    /// that a page asks to be sent as `access_token=`.
    fn endpoint_token_param(
        &mut self,
        src: &Src,
        token: Credential,
        param: Option<&Spanned<String>>,
    ) -> Credential {
        let Some(param) = param else {
            return token;
        };
        match (token, param.get_ref().as_str()) {
            (Credential::ComponentAccessToken, "access_token") => {
                Credential::ComponentAccessTokenAsAccessToken
            }
            (Credential::ComponentAccessToken, "component_access_token")
            | (Credential::AccessToken, "access_token") => token,
            (_, other) => {
                self.err(
                    src,
                    param.span().start,
                    format!("token_param `{other}`: only a component_access_token can be sent under another name, and only as \"access_token\""),
                );
                token
            }
        }
    }

    /// `doc`: the official page, required.
    fn endpoint_doc(&mut self, src: &Src, name: &str, ep: &RawEndpoint) -> String {
        match &ep.doc {
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
        }
    }

    /// `body` and `binary`: how the request is sent and whether the answer is a file; a
    /// multipart upload is a POST with a request and a JSON answer.
    fn endpoint_body(
        &mut self,
        src: &Src,
        start: usize,
        name: &str,
        method: Method,
        ep: &RawEndpoint,
    ) -> (BodyKind, bool) {
        let at = ep.body.as_ref().map_or(start, |b| b.span().start);
        let body = match ep.body.as_ref().map(|b| b.get_ref().as_str()) {
            None | Some("json") => BodyKind::Json,
            Some("multipart") => BodyKind::Multipart,
            Some("raw") => BodyKind::Raw,
            Some(other) => {
                self.err(
                    src,
                    at,
                    format!("body `{other}`: expected \"json\", \"multipart\" or \"raw\""),
                );
                BodyKind::Json
            }
        };
        let binary = ep.binary.as_ref().is_some_and(|b| *b.get_ref());
        if body == BodyKind::Raw {
            if method != Method::Post || binary || ep.request.is_none() {
                self.err(
                    src,
                    at,
                    format!("endpoint `{name}`: a raw body is a POST with a request holding one `file` field, answering JSON or text"),
                );
            }
            return (body, binary);
        }
        if body == BodyKind::Multipart {
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
        (body, binary)
    }

    /// `request`: a type of this file (named, or inline as `inline_name`), marked as a
    /// request of `method`.
    #[allow(clippy::too_many_arguments)]
    fn endpoint_request(
        &mut self,
        src: &Src,
        r: Spanned<toml::Value>,
        inline_name: &str,
        doc: &str,
        method: Method,
        types: &mut Vec<TypeDef>,
        shared: &HashSet<String>,
    ) -> Option<String> {
        let span = r.span().start;
        let type_name = self.type_ref_or_inline(src, r, inline_name, doc, types, false)?;
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
    }

    /// `response`: a struct type (named, of this file or shared, or inline as
    /// `inline_name`).
    fn endpoint_response(
        &mut self,
        src: &Src,
        r: Spanned<toml::Value>,
        inline_name: &str,
        doc: &str,
        types: &mut Vec<TypeDef>,
        shared: &HashSet<String>,
    ) -> Response {
        let span = r.span().start;
        let Some(n) = self.type_ref_or_inline(src, r, inline_name, doc, types, true) else {
            return Response::Unit;
        };
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
