//! Reads the API spec files as data, for the simulator's synthesized answers and the
//! generated smoke test. It reads the TOML format on its own: the simulator shares no
//! code with the SDK.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use toml::Value as Toml;

/// One endpoint of a spec file.
pub struct SpecEndpoint {
    pub group: String,
    pub apps: Vec<String>,
    pub name: String,
    pub method: String,
    pub path: String,
    pub token: String,
    /// A multipart upload or a binary answer: exercised by the media tests, not the smoke test.
    pub file_payload: bool,
    /// A request that has every field, as JSON; `None` without a request.
    pub request: Option<Value>,
    /// A success answer with every field, as JSON.
    pub response: Value,
}

/// Every endpoint of every group file under `dir`.
pub fn read(dir: &Path) -> Vec<SpecEndpoint> {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let shared = files
        .iter()
        .find(|f| f.file_name().is_some_and(|n| n == "shared.toml"))
        .map(|f| types_of(&parse(f)))
        .unwrap_or_default();
    let mut out = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(dir).unwrap_or(file);
        let name = rel.to_string_lossy();
        if ["errcodes.toml", "shared.toml", "coverage-exceptions.toml"].contains(&name.as_ref()) {
            continue;
        }
        let doc = parse(file);
        let Some(group) = doc.get("group").and_then(Toml::as_str) else {
            continue;
        };
        let apps = match doc.get("apps").and_then(Toml::as_array) {
            Some(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            None => match rel.components().next().and_then(|c| c.as_os_str().to_str()) {
                Some("official_account") => vec!["official_account".to_owned()],
                Some("mini_program") => vec!["mini_program".to_owned()],
                _ => vec!["official_account".to_owned(), "mini_program".to_owned()],
            },
        };
        let mut types = shared.clone();
        types.extend(types_of(&doc));
        let synth = Synth { types: &types };
        for ep in doc
            .get("endpoint")
            .and_then(Toml::as_array)
            .into_iter()
            .flatten()
        {
            let text = |k: &str| {
                ep.get(k)
                    .and_then(Toml::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let request = ep.get("request").map(|r| synth.shape(r));
            let response = match ep.get("response") {
                None => json!({"errcode": 0, "errmsg": "ok"}),
                Some(Toml::String(s)) if s == "json" => json!({}),
                Some(r) => synth.shape(r),
            };
            out.push(SpecEndpoint {
                group: group.to_owned(),
                apps: apps.clone(),
                name: text("name"),
                method: text("method"),
                path: text("path"),
                token: ep
                    .get("token")
                    .and_then(Toml::as_str)
                    .unwrap_or("access_token")
                    .to_owned(),
                file_payload: ep.get("body").and_then(Toml::as_str) == Some("multipart")
                    || ep.get("binary").and_then(Toml::as_bool) == Some(true),
                request,
                response,
            });
        }
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn parse(file: &Path) -> Toml {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn types_of(doc: &Toml) -> BTreeMap<String, Toml> {
    doc.get("types")
        .and_then(Toml::as_table)
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// Makes sample values of spec types: every field present, arrays of one element.
struct Synth<'a> {
    types: &'a BTreeMap<String, Toml>,
}

const MAX_DEPTH: usize = 4;

impl Synth<'_> {
    /// A `request` / `response` value: a type name or an inline table of fields.
    fn shape(&self, value: &Toml) -> Value {
        match value {
            Toml::String(name) => self.expr(name, 0),
            Toml::Table(fields) => self.fields(fields, 0),
            _ => Value::Null,
        }
    }

    fn fields(&self, fields: &toml::Table, depth: usize) -> Value {
        let mut out = Map::new();
        for (wire, def) in fields {
            let expr = match def {
                Toml::String(s) => s.as_str(),
                Toml::Table(t) => t.get("type").and_then(Toml::as_str).unwrap_or("json"),
                _ => "json",
            };
            // Deep optional fields stop the recursion of self-referencing types.
            if depth >= MAX_DEPTH && expr.ends_with('?') {
                continue;
            }
            out.insert(wire.clone(), self.expr(expr, depth + 1));
        }
        Value::Object(out)
    }

    fn expr(&self, expr: &str, depth: usize) -> Value {
        let expr = expr.trim();
        if let Some(inner) = expr.strip_suffix('?') {
            return self.expr(inner, depth);
        }
        if let Some(inner) = expr.strip_prefix('[').and_then(|e| e.strip_suffix(']')) {
            return if depth >= MAX_DEPTH {
                json!([])
            } else {
                json!([self.expr(inner, depth)])
            };
        }
        match expr {
            "string" => json!("sample"),
            "secret" => json!("sample-secret"),
            "bool" => json!(true),
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => json!(1),
            "f64" => json!(1.5),
            "json" => json!({}),
            name => match self.types.get(name) {
                Some(def) => self.named(def, depth),
                None => Value::Null,
            },
        }
    }

    fn named(&self, def: &Toml, depth: usize) -> Value {
        if let Some(values) = def.get("enum").and_then(Toml::as_array) {
            return values
                .first()
                .cloned()
                .map(toml_to_json)
                .unwrap_or(Value::Null);
        }
        if let Some(values) = def.get("int_enum").and_then(Toml::as_table) {
            return values
                .values()
                .next()
                .cloned()
                .map(toml_to_json)
                .unwrap_or(Value::Null);
        }
        match def.get("fields").and_then(Toml::as_table) {
            Some(fields) => self.fields(fields, depth),
            None => json!({}),
        }
    }
}

fn toml_to_json(v: Toml) -> Value {
    match v {
        Toml::String(s) => Value::String(s),
        Toml::Integer(i) => json!(i),
        Toml::Float(f) => json!(f),
        Toml::Boolean(b) => json!(b),
        other => Value::String(other.to_string()),
    }
}
