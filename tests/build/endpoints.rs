//! The endpoints of the API specs as the simulator needs them: for the synthesized
//! answers and the generated smoke test, each with a sample request and answer that
//! have every field. The specs are read by `wechat-codegen`'s loader, the one reader
//! of the format.

use std::path::Path;

use serde_json::{json, Map, Value};
use wechat_codegen::gen::{call_example, CallExample, Gen};
use wechat_codegen::spec::{
    BodyKind, Credential, Field, Method, Response, Scalar, SpecSet, TypeDef, TypeExpr, TypeKind,
};

/// One endpoint of a spec file.
pub struct SpecEndpoint {
    pub group: String,
    pub apps: Vec<String>,
    pub name: String,
    pub method: String,
    pub path: String,
    pub token: String,
    /// The query parameter the credential travels in: `access_token`, or
    /// `component_access_token` (a platform's own endpoint without `token_param`); empty
    /// for `token = "none"`.
    pub token_param: String,
    /// A multipart upload or a binary answer: exercised by the media tests, not the smoke test.
    pub file_payload: bool,
    /// A request that has every field, as JSON; `None` without a request.
    pub request: Option<Value>,
    /// A success answer with every field, as JSON.
    pub response: Value,
    /// The Rust path of the request type under `wechat::api`, e.g. `menu::Menu`; `None`
    /// without a request.
    pub request_type: Option<String>,
    /// The Rust path of the response type under `wechat::api`; `None` when the answer
    /// is `()` or JSON.
    pub response_type: Option<String>,
    /// The example of the method's rustdoc.
    pub example: CallExample,
    /// Its signatures: `(signature, sig_method, pay_sig)`.
    pub sign: (bool, bool, bool),
    /// A file sent as the whole body (`body = "raw"`).
    pub raw_body: bool,
    /// `(field, value)`: the request field, query or body, whose string-enum value is
    /// the endpoint's own name (`action = get_pay_mch` of `get_pay_mch`), which tells
    /// it from the other endpoints of its path.
    pub discriminator: Option<(String, String)>,
}

/// Every endpoint of every group file under `dir`. A mistake in a spec file stops the build.
pub fn read(dir: &Path) -> Vec<SpecEndpoint> {
    let (set, diags) = wechat_codegen::load_dir(dir, &dir.display().to_string());
    if !diags.is_empty() {
        let list: Vec<String> = diags.iter().map(ToString::to_string).collect();
        panic!("the API specs have mistakes:\n{}", list.join("\n"));
    }
    endpoints(&set)
}

fn endpoints(set: &SpecSet) -> Vec<SpecEndpoint> {
    let mut out = Vec::new();
    let builtin = Gen::inside_wechat();
    for group in &set.groups {
        let types = Synth {
            local: &group.types,
            shared: &set.shared_types,
            endpoint: "",
        };
        let apps: Vec<String> = group.apps.iter().map(|a| a.name().to_owned()).collect();
        // A type of the group lives in its module, a shared one in `types`.
        let type_path = |name: &str| {
            if group.types.iter().any(|t| t.name == name) {
                format!("{}::{name}", group.name)
            } else {
                format!("types::{name}")
            }
        };
        for ep in &group.endpoints {
            let synth = Synth {
                endpoint: &ep.name,
                ..types
            };
            let request = ep.request.as_deref().map(|r| synth.named(r, 0));
            let discriminator = ep.request.as_deref().and_then(|r| synth.discriminator(r));
            let response = match &ep.response {
                Response::Unit => json!({"errcode": 0, "errmsg": "ok"}),
                Response::Json => json!({}),
                // A text answer: the simulator sends a template that is a JSON string as
                // text/plain.
                Response::Text => json!("sample,text\n"),
                Response::Named(n) => synth.named(n, 0),
            };
            out.push(SpecEndpoint {
                group: group.name.clone(),
                apps: apps.clone(),
                name: ep.name.clone(),
                method: match ep.method {
                    Method::Get => "GET",
                    Method::Post => "POST",
                }
                .to_owned(),
                path: ep.path.clone(),
                token: match ep.token {
                    Credential::AccessToken => "access_token",
                    Credential::ComponentAccessToken
                    | Credential::ComponentAccessTokenAsAccessToken => "component_access_token",
                    Credential::None => "none",
                }
                .to_owned(),
                token_param: match ep.token {
                    Credential::AccessToken | Credential::ComponentAccessTokenAsAccessToken => {
                        "access_token"
                    }
                    Credential::ComponentAccessToken => "component_access_token",
                    Credential::None => "",
                }
                .to_owned(),
                file_payload: ep.body != BodyKind::Json || ep.binary,
                request,
                response,
                request_type: ep.request.as_deref().map(type_path),
                response_type: match &ep.response {
                    Response::Named(n) => Some(type_path(n)),
                    Response::Unit | Response::Json | Response::Text => None,
                },
                example: call_example(&builtin, group, &set.shared_types, ep),
                sign: (ep.sign.signature, ep.sign.sig_method, ep.sign.pay_sig),
                raw_body: ep.body == BodyKind::Raw,
                discriminator,
            });
        }
    }
    out
}

/// Makes sample values of spec types: every field present, arrays of one element.
#[derive(Clone, Copy)]
struct Synth<'a> {
    /// The group's own types (inline requests and answers included).
    local: &'a [TypeDef],
    /// The types of `shared.toml`.
    shared: &'a [TypeDef],
    /// The endpoint the sample is for: a string enum with its name as a value takes
    /// that value (`action = get_pay_mch`), as the rustdoc examples do.
    endpoint: &'a str,
}

const MAX_DEPTH: usize = 4;

impl Synth<'_> {
    fn fields(&self, fields: &[Field], depth: usize) -> Value {
        let mut out = Map::new();
        for f in fields {
            // Deep optional fields stop the recursion of self-referencing types.
            if depth >= MAX_DEPTH && f.ty.is_optional() {
                continue;
            }
            out.insert(f.wire.clone(), self.expr(&f.ty, depth + 1));
        }
        Value::Object(out)
    }

    fn expr(&self, expr: &TypeExpr, depth: usize) -> Value {
        match expr {
            TypeExpr::Optional(inner) => self.expr(inner, depth),
            TypeExpr::Array(inner) => {
                if depth >= MAX_DEPTH {
                    json!([])
                } else {
                    json!([self.expr(inner, depth)])
                }
            }
            TypeExpr::Scalar(s) => match s {
                Scalar::String => json!("sample"),
                Scalar::Secret => json!("sample-secret"),
                Scalar::Bool => json!(true),
                Scalar::Int(_) => json!(1),
                Scalar::F64 => json!(1.5),
                Scalar::Json => json!({}),
                Scalar::File => Value::Null,
            },
            TypeExpr::Named(name) => self.named(name, depth),
        }
    }

    /// The field of the request struct `name` whose string-enum type holds the
    /// endpoint's name, with that value.
    fn discriminator(&self, name: &str) -> Option<(String, String)> {
        let types = || self.local.iter().chain(self.shared);
        let TypeKind::Struct(fields) = &types().find(|t| t.name == name)?.kind else {
            return None;
        };
        fields.iter().find_map(|f| {
            let ty = match &f.ty {
                TypeExpr::Optional(inner) => inner,
                ty => ty,
            };
            let TypeExpr::Named(n) = ty else {
                return None;
            };
            match &types().find(|t| t.name == *n)?.kind {
                TypeKind::StrEnum(values) if values.iter().any(|v| v == self.endpoint) => {
                    Some((f.wire.clone(), self.endpoint.to_owned()))
                }
                _ => None,
            }
        })
    }

    /// A sample of the named type: its first enum value (or the endpoint's name, see
    /// `endpoint`), or every field.
    fn named(&self, name: &str, depth: usize) -> Value {
        let def = self
            .local
            .iter()
            .chain(self.shared)
            .find(|t| t.name == name);
        match def.map(|t| &t.kind) {
            Some(TypeKind::StrEnum(values)) => values
                .iter()
                .find(|v| *v == self.endpoint)
                .or(values.first())
                .map_or(Value::Null, |v| json!(v)),
            Some(TypeKind::IntEnum(values)) => {
                values.first().map_or(Value::Null, |(_, v)| json!(v))
            }
            Some(TypeKind::Struct(fields)) => self.fields(fields, depth),
            None => Value::Null,
        }
    }
}
