//! The short example of each generated method's rustdoc: the request built with its
//! required fields (WeChat's own placeholder style, `"OPENID".into()`), then the call.
//!
//! The example is Rust text, not tokens: it goes into a doc string. It is shown in the
//! rendered docs but is not a doctest (one doctest per endpoint would be one compiled
//! crate per endpoint); the simulator's crate compiles every built-in example in one
//! test target instead, from [`call_example`] itself.

use std::collections::HashSet;

use super::types::defaultable;
use super::Gen;
use crate::spec::names::{is_keyword, pascal_case};
use crate::spec::{App, Endpoint, Group, Response, Scalar, TypeDef, TypeExpr, TypeKind};

/// How the examples name the client and the group modules.
#[derive(Clone, Debug)]
pub struct ExamplePaths {
    /// The path of the group modules: `wechat::api`, or a user client's `<client>_api`.
    pub groups: String,
    /// The client type a call starts from; `None`: the group's app type
    /// (`wechat::OfficialAccount`, `wechat::MiniProgram`, `wechat::component::Platform`).
    pub client: Option<String>,
}

/// One method's example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallExample {
    /// The client type the example's `app` is a reference to.
    pub client: String,
    /// The client variable's name: `app`, or `platform` for a third-party platform.
    pub var: String,
    /// Whether the endpoint is deprecated (the example then allows it).
    pub deprecated: bool,
    /// The example's visible lines: the `use`, the request, the call.
    pub body: String,
}

impl CallExample {
    /// The markdown code block of the rustdoc, the function around the body hidden.
    pub fn doc_block(&self) -> String {
        let mut out = String::from("```no_run\n");
        if self.deprecated {
            out.push_str("# #[allow(deprecated)]\n");
        }
        out.push_str(&format!(
            "# async fn example({}: &{}) -> Result<(), wechat::Error> {{\n",
            self.var, self.client
        ));
        out.push_str(&self.body);
        out.push_str("# Ok(())\n# }\n```");
        out
    }

    /// The example as a function `name` that compiles where `wechat` and `serde_json`
    /// are dependencies.
    pub fn function(&self, name: &str) -> String {
        let allow = if self.deprecated {
            "#[allow(deprecated)]\n"
        } else {
            ""
        };
        let body: String = self
            .body
            .lines()
            .map(|l| format!("    {}\n", l.strip_prefix("# ").unwrap_or(l)))
            .collect();
        format!(
            "{allow}pub async fn {name}({}: &{}) -> Result<(), wechat::Error> {{\n{body}    Ok(())\n}}\n",
            self.var, self.client
        )
    }
}

/// The example of endpoint `e` of `group`; `shared` are the types of `shared.toml` the
/// group may use.
pub fn call_example(g: &Gen, group: &Group, shared: &[TypeDef], e: &Endpoint) -> CallExample {
    let paths = &g.examples;
    let (client, var) = match (&paths.client, group.apps.first()) {
        (Some(c), _) => (c.clone(), "app"),
        (None, Some(App::Component)) => ("wechat::component::Platform".to_owned(), "platform"),
        (None, Some(App::MiniProgram)) => ("wechat::MiniProgram".to_owned(), "app"),
        (None, _) => ("wechat::OfficialAccount".to_owned(), "app"),
    };
    let mut known: Vec<&TypeDef> = group.types.iter().collect();
    known.extend(shared.iter());
    let writer = Writer {
        group,
        known: &known,
        defaults: defaultable(&known),
        groups_path: &paths.groups,
        endpoint: &e.name,
    };
    let module = raw(&group.name);
    let mut body = String::new();
    let arg = match &e.request {
        Some(r) => {
            body.push_str(&format!("let req = {};\n", writer.named(r, 0)));
            "&req"
        }
        None => "",
    };
    let arg = if e.sign.signature {
        body.push_str("let session_key: wechat::Secret = \"SESSION_KEY\".into(); // the user's, from code2session\n");
        if arg.is_empty() {
            "&session_key".to_owned()
        } else {
            format!("{arg}, &session_key")
        }
    } else {
        arg.to_owned()
    };
    let call = format!("{var}.{module}().{}({arg}).await?", raw(&e.name));
    let answer = match (&e.response, e.binary) {
        (Response::Text, _) => Some("String".to_owned()),
        (Response::Unit, false) => None,
        (Response::Unit, true) => Some("wechat::media::MediaFile".to_owned()),
        (Response::Json, false) => Some("serde_json::Value".to_owned()),
        (Response::Json, true) => Some("wechat::media::FileOr<serde_json::Value>".to_owned()),
        (Response::Named(n), false) => Some(writer.path(n)),
        (Response::Named(n), true) => Some(format!("wechat::media::FileOr<{}>", writer.path(n))),
    };
    match answer {
        Some(t) => body.push_str(&format!("let answer: {t} = {call};\n# let _ = answer;\n")),
        None => body.push_str(&format!("{call};\n")),
    }
    if body.contains(&format!("{module}::")) {
        body.insert_str(0, &format!("use {}::{module};\n\n", paths.groups));
    }
    CallExample {
        client,
        var: var.to_owned(),
        deprecated: e.deprecated.is_some(),
        body,
    }
}

/// Writes values of the group's types.
struct Writer<'a> {
    group: &'a Group,
    known: &'a [&'a TypeDef],
    defaults: HashSet<&'a str>,
    groups_path: &'a str,
    /// The endpoint's name: a string enum with that value (`action = get_pay_mch` of
    /// the `get_pay_mch` endpoint) takes it rather than its first value.
    endpoint: &'a str,
}

/// Nesting beyond which arrays are left empty, so that examples stay short.
const MAX_DEPTH: usize = 2;

impl Writer<'_> {
    /// Where a named type is: the group's module, or the shared `types`.
    fn path(&self, name: &str) -> String {
        if self.group.types.iter().any(|t| t.name == name) {
            format!("{}::{name}", raw(&self.group.name))
        } else {
            format!("{}::types::{name}", self.groups_path)
        }
    }

    /// A value of the named type at nesting `depth`: a struct literal with its
    /// required fields, or an enum's first variant (see `endpoint`).
    fn named(&self, name: &str, depth: usize) -> String {
        let path = self.path(name);
        let Some(def) = self.known.iter().find(|t| t.name == name) else {
            return format!("{path}::default()");
        };
        match &def.kind {
            TypeKind::StrEnum(values) => match values
                .iter()
                .find(|v| *v == self.endpoint)
                .or(values.first())
            {
                Some(v) => format!("{path}::{}", pascal_case(v)),
                None => format!("{path}::default()"),
            },
            TypeKind::IntEnum(values) => match values.first() {
                Some((v, _)) => format!("{path}::{}", pascal_case(v)),
                None => format!("{path}::default()"),
            },
            TypeKind::Struct(fields) => {
                let default = self.defaults.contains(name);
                let indent = "    ".repeat(depth + 1);
                let mut lines = Vec::new();
                let mut left_out = false;
                for f in fields {
                    let value = match &f.ty {
                        TypeExpr::Optional(_) if default => {
                            left_out = true;
                            continue;
                        }
                        TypeExpr::Optional(_) => "None".to_owned(),
                        ty => self.value(ty, &f.wire, depth + 1),
                    };
                    lines.push(format!("{indent}{}: {value},\n", raw(&f.rust)));
                }
                match (lines.is_empty(), left_out) {
                    (true, true) => format!("{path}::default()"),
                    (true, false) => format!("{path} {{}}"),
                    (false, _) => {
                        let rest = if left_out {
                            format!("{indent}..Default::default()\n")
                        } else {
                            String::new()
                        };
                        let close = "    ".repeat(depth);
                        format!("{path} {{\n{}{rest}{close}}}", lines.concat())
                    }
                }
            }
        }
    }

    /// A value of a required field's type; `wire` names the placeholder.
    fn value(&self, ty: &TypeExpr, wire: &str, depth: usize) -> String {
        match ty {
            TypeExpr::Scalar(s) => scalar(*s, wire),
            TypeExpr::Named(n) => self.named(n, depth),
            TypeExpr::Array(_) if depth > MAX_DEPTH => "Vec::new()".to_owned(),
            TypeExpr::Array(inner) => format!("vec![{}]", self.value(inner, wire, depth)),
            TypeExpr::Optional(_) => "None".to_owned(),
        }
    }
}

/// A placeholder of a scalar, named after its field as WeChat's pages write them.
fn scalar(s: Scalar, wire: &str) -> String {
    match s {
        Scalar::String | Scalar::Secret => format!("{:?}.into()", wire.to_ascii_uppercase()),
        Scalar::Bool => "false".to_owned(),
        Scalar::Int(_) => "0".to_owned(),
        Scalar::F64 => "0.0".to_owned(),
        Scalar::Json => "serde_json::json!({})".to_owned(),
        Scalar::File => format!(
            "wechat::media::UploadFile::path({:?})",
            format!("{wire}.jpg")
        ),
    }
}

/// A name as Rust code writes it: `r#type` for a keyword.
fn raw(name: &str) -> String {
    if is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}
