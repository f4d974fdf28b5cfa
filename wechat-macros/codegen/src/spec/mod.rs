//! The spec model: what a directory of TOML API specs says, checked.
//!
//! [`load::load_dir`] reads a directory into a [`SpecSet`], collecting every
//! mistake as a [`Diagnostic`] with `file.toml:line:col`.

pub mod load;
pub mod names;
mod raw;
pub mod type_expr;

use std::path::PathBuf;

pub use type_expr::{Scalar, TypeExpr};

/// Which client types get a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum App {
    /// 公众号
    OfficialAccount,
    /// 小程序
    MiniProgram,
    /// 第三方平台 (a third-party platform's own endpoints, with `component_access_token`)
    Component,
}

impl App {
    /// The spec spelling.
    pub fn parse(s: &str) -> Option<App> {
        match s {
            "official_account" => Some(App::OfficialAccount),
            "mini_program" => Some(App::MiniProgram),
            "component" => Some(App::Component),
            _ => None,
        }
    }

    /// The spec spelling, as [`App::parse`] reads it: `official_account`, `mini_program`,
    /// `component`.
    pub fn name(self) -> &'static str {
        match self {
            App::OfficialAccount => "official_account",
            App::MiniProgram => "mini_program",
            App::Component => "component",
        }
    }

    /// How messages name it: "Official Account", "Mini Program", "third-party platform".
    pub fn title(self) -> &'static str {
        match self {
            App::OfficialAccount => "Official Account",
            App::MiniProgram => "Mini Program",
            App::Component => "third-party platform",
        }
    }
}

/// The credential an endpoint needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// `access_token`
    AccessToken,
    /// `component_access_token`
    ComponentAccessToken,
    /// `component_access_token`, sent in a parameter named `access_token`
    /// (`token_param = "access_token"`)
    ComponentAccessTokenAsAccessToken,
    /// nothing
    None,
}

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
}

/// How a POST request's body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// A JSON object (the default).
    Json,
    /// `multipart/form-data`: `file` fields are file parts, other body fields text parts.
    Multipart,
    /// The bytes of the request's one `file` field are the whole body (with the file's
    /// content type); its other fields travel in the query.
    Raw,
}

/// Where a request field travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// URL query
    Query,
    /// JSON body
    Body,
}

/// A struct field.
#[derive(Clone, Debug)]
pub struct Field {
    /// The JSON / query name.
    pub wire: String,
    /// The Rust name (without `r#`).
    pub rust: String,
    /// Its type.
    pub ty: TypeExpr,
    /// Its rustdoc.
    pub doc: Option<String>,
    /// Where it travels when its struct is a request: GET requests are all query;
    /// POST fields are in the body unless they say `in = "query"`.
    pub location: Location,
}

/// A named type's shape.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// A struct with fields.
    Struct(Vec<Field>),
    /// A string enum.
    StrEnum(Vec<String>),
    /// An integer enum: (variant name in snake_case, value).
    IntEnum(Vec<(String, i64)>),
}

/// A named type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// PascalCase name.
    pub name: String,
    /// Its rustdoc.
    pub doc: Option<String>,
    /// Its shape.
    pub kind: TypeKind,
    /// Whether an endpoint sends it as its request.
    pub is_request: bool,
    /// Byte offset of its definition in its file, for messages.
    pub at: usize,
}

/// What an endpoint answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// errcode/errmsg only.
    Unit,
    /// A `serde_json::Value`.
    Json,
    /// A named type.
    Named(String),
    /// Text (a `String`): what a `text/plain` answer such as a CSV bill holds.
    Text,
}

/// The query parameters the SDK computes over a POST body (`sign = [...]` in a spec).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signing {
    /// `signature`: HMAC-SHA256 of the body with the user's `session_key`, hex; the
    /// method takes the `session_key`.
    pub signature: bool,
    /// `sig_method=hmac_sha256`, beside `signature`.
    pub sig_method: bool,
    /// `pay_sig`: HMAC-SHA256 of `path&body` with the client's virtual-payment AppKey, hex.
    pub pay_sig: bool,
}

impl Signing {
    /// Whether the endpoint is signed at all.
    pub fn any(self) -> bool {
        self.signature || self.sig_method || self.pay_sig
    }
}

/// One endpoint.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// snake_case method name.
    pub name: String,
    /// One-line title.
    pub title: String,
    /// HTTP method.
    pub method: Method,
    /// URL path.
    pub path: String,
    /// Credential.
    pub token: Credential,
    /// Official doc URL.
    pub doc: String,
    /// The request type, if any (inline requests are turned into a named type).
    pub request: Option<String>,
    /// The response.
    pub response: Response,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// How the request body is encoded.
    pub body: BodyKind,
    /// Whether the answer may be a file (bytes) rather than a JSON document.
    pub binary: bool,
    /// The signatures it carries.
    pub sign: Signing,
}

/// One group file.
#[derive(Clone, Debug)]
pub struct Group {
    /// snake_case group name.
    pub name: String,
    /// One-line title.
    pub title: String,
    /// Group doc URL.
    pub doc: Option<String>,
    /// Clients that get the group.
    pub apps: Vec<App>,
    /// Endpoints, in file order.
    pub endpoints: Vec<Endpoint>,
    /// Types, in file order (inline request/response types included).
    pub types: Vec<TypeDef>,
    /// The file it came from.
    pub file: PathBuf,
    /// Where its `group = "..."` is: `path/file.toml:line:col`, the path as messages
    /// show it.
    pub location: String,
}

/// One entry of `errcodes.toml`.
#[derive(Clone, Debug)]
pub struct Errcode {
    /// The code.
    pub code: i64,
    /// snake_case name.
    pub name: String,
    /// One line.
    pub meaning: String,
}

/// Everything a spec directory holds.
#[derive(Clone, Debug, Default)]
pub struct SpecSet {
    /// Group files, sorted by group name.
    pub groups: Vec<Group>,
    /// Types of `shared.toml`.
    pub shared_types: Vec<TypeDef>,
    /// `errcodes.toml`, sorted by code.
    pub errcodes: Vec<Errcode>,
    /// Every file read (for rebuild tracking).
    pub files: Vec<PathBuf>,
}

/// A mistake in a spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// `path/file.toml:line:col`, or the path alone.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}
