//! Reading a spec directory and checking it, with every mistake located.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use toml::Spanned;

use super::names::{is_pascal, is_snake, is_valid_ident, pascal_case, snake_case};
use super::raw::{RawEndpoint, RawErrcode, RawFile, RawType};
use super::{
    App, BodyKind, Credential, Diagnostic, Endpoint, Errcode, Field, Group, Location, Method,
    Response, SpecSet, TypeDef, TypeExpr, TypeKind,
};

/// Reads every `*.toml` under `dir` (sorted), checks them, and returns what it could
/// read plus every mistake. `shown_as` is how `dir` appears in messages (e.g. `my-specs`).
pub fn load_dir(dir: &Path, shown_as: &str) -> (SpecSet, Vec<Diagnostic>) {
    let mut cx = Ctx { diags: Vec::new() };
    let mut set = SpecSet::default();
    let mut files = Vec::new();
    if let Err(e) = collect_toml_files(dir, &mut files) {
        cx.diags.push(Diagnostic {
            location: shown_as.to_owned(),
            message: format!("cannot read the spec directory: {e}"),
        });
        return (set, cx.diags);
    }
    files.sort();
    if files.is_empty() {
        cx.diags.push(Diagnostic {
            location: shown_as.to_owned(),
            message: "no `*.toml` spec file in this directory".into(),
        });
    }
    let mut shared_raw = None;
    let mut group_raws = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let shown = format!("{}/{}", shown_as.trim_end_matches('/'), rel.display());
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                cx.diags.push(Diagnostic {
                    location: shown,
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        set.files.push(path.clone());
        let src = Src { shown, text };
        if rel == Path::new("coverage-exceptions.toml") {
            // Data for the coverage report, not a group.
            continue;
        }
        if rel == Path::new("errcodes.toml") {
            set.errcodes = cx.errcodes(&src);
        } else if rel == Path::new("shared.toml") {
            shared_raw = cx.parse::<RawFile>(&src).map(|raw| (src, raw));
        } else if let Some(raw) = cx.parse::<RawFile>(&src) {
            let apps = default_apps(rel);
            group_raws.push((src, raw, apps, path.clone()));
        }
    }

    let mut shared_names = HashSet::new();
    if let Some((src, raw)) = shared_raw {
        for key in ["group", "title", "endpoint"] {
            let present = match key {
                "group" => raw.group.is_some(),
                "title" => raw.title.is_some(),
                _ => !raw.endpoint.is_empty(),
            };
            if present {
                cx.diags.push(Diagnostic {
                    location: src.shown.clone(),
                    message: format!(
                        "shared.toml holds only `[types.*]`; `{key}` belongs in a group file"
                    ),
                });
            }
        }
        let mut types = Vec::new();
        cx.types(&src, raw.types, &mut types, &HashSet::new());
        shared_names = types.iter().map(|t| t.name.clone()).collect();
        for t in &types {
            cx.check_refs(&src, t, &shared_names, &HashSet::new());
            cx.check_files(&src, t, &HashSet::new(), &HashSet::new());
        }
        set.shared_types = types;
    }

    let mut seen_groups: HashMap<String, String> = HashMap::new();
    for (src, raw, apps, path) in group_raws {
        if let Some(group) = cx.group(&src, raw, apps, path, &shared_names) {
            if let Some(other) = seen_groups.insert(group.name.clone(), src.shown.clone()) {
                cx.diags.push(Diagnostic {
                    location: src.shown.clone(),
                    message: format!("group `{}` is already defined in {other}", group.name),
                });
            }
            set.groups.push(group);
        }
    }
    set.groups.sort_by(|a, b| a.name.cmp(&b.name));
    (set, cx.diags)
}

fn collect_toml_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_toml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn default_apps(rel: &Path) -> Vec<App> {
    let first = rel.components().next().and_then(|c| c.as_os_str().to_str());
    match (first, rel.components().count() > 1) {
        (Some("official_account"), true) => vec![App::OfficialAccount],
        (Some("mini_program"), true) => vec![App::MiniProgram],
        _ => vec![App::OfficialAccount, App::MiniProgram],
    }
}

/// One file's text and how it is named in messages.
struct Src {
    shown: String,
    text: String,
}

impl Src {
    fn at(&self, offset: usize) -> String {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{}:{line}:{col}", self.shown)
    }
}

struct Ctx {
    diags: Vec<Diagnostic>,
}

impl Ctx {
    fn err(&mut self, src: &Src, offset: usize, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            location: src.at(offset),
            message: message.into(),
        });
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, src: &Src) -> Option<T> {
        match toml::from_str::<T>(&src.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                let message = e.message().trim().to_owned();
                self.err(src, offset, message);
                None
            }
        }
    }

    fn errcodes(&mut self, src: &Src) -> Vec<Errcode> {
        let Some(raw) = self.parse::<IndexMap<Spanned<String>, RawErrcode>>(src) else {
            return Vec::new();
        };
        let mut out: BTreeMap<i64, Errcode> = BTreeMap::new();
        let mut names = HashSet::new();
        for (key, entry) in raw {
            let Ok(code) = key.get_ref().parse::<i64>() else {
                self.err(
                    src,
                    key.span().start,
                    format!("`{}` is not an errcode: keys are integers", key.get_ref()),
                );
                continue;
            };
            if !is_snake(entry.name.get_ref()) {
                self.err(
                    src,
                    entry.name.span().start,
                    format!("errcode name `{}` is not snake_case", entry.name.get_ref()),
                );
            }
            if !names.insert(entry.name.get_ref().clone()) {
                self.err(
                    src,
                    entry.name.span().start,
                    format!("errcode name `{}` is used twice", entry.name.get_ref()),
                );
            }
            out.insert(
                code,
                Errcode {
                    code,
                    name: entry.name.into_inner(),
                    meaning: entry.meaning,
                },
            );
        }
        out.into_values().collect()
    }

    fn group(
        &mut self,
        src: &Src,
        raw: RawFile,
        default: Vec<App>,
        path: PathBuf,
        shared: &HashSet<String>,
    ) -> Option<Group> {
        let Some(name) = raw.group else {
            self.err(src, 0, "missing `group = \"...\"`: every spec file but shared.toml and errcodes.toml is a group");
            return None;
        };
        if !is_snake(name.get_ref()) {
            self.err(
                src,
                name.span().start,
                format!("group `{}` must be a snake_case identifier", name.get_ref()),
            );
        }
        let title = match raw.title {
            Some(t) => t.into_inner(),
            None => {
                self.err(src, 0, "missing `title = \"...\"` for the group");
                String::new()
            }
        };
        let apps = match raw.apps {
            None => default,
            Some(list) => {
                let mut apps = Vec::new();
                for a in list.into_inner() {
                    match App::parse(a.get_ref()) {
                        Some(app) => apps.push(app),
                        None => self.err(
                            src,
                            a.span().start,
                            format!(
                                "unknown app `{}`: expected `official_account` or `mini_program`",
                                a.get_ref()
                            ),
                        ),
                    }
                }
                apps
            }
        };
        if let Some(doc) = &raw.doc {
            self.check_url(src, doc);
        }
        let mut types = Vec::new();
        self.types(src, raw.types, &mut types, shared);
        let mut endpoints = Vec::new();
        let mut names = HashSet::new();
        if raw.endpoint.is_empty() {
            self.err(src, 0, "a group needs at least one `[[endpoint]]`");
        }
        let mut multipart_requests = HashSet::new();
        let mut other_requests = HashSet::new();
        for ep in raw.endpoint {
            let start = ep.span().start;
            let ep = ep.into_inner();
            if !names.insert(ep.name.get_ref().clone()) {
                self.err(
                    src,
                    ep.name.span().start,
                    format!(
                        "endpoint `{}` is defined twice in this group",
                        ep.name.get_ref()
                    ),
                );
            }
            if let Some(e) = self.endpoint(src, start, ep, &mut types, shared) {
                if let Some(r) = &e.request {
                    match e.body {
                        BodyKind::Multipart => multipart_requests.insert(r.clone()),
                        BodyKind::Json => other_requests.insert(r.clone()),
                    };
                }
                endpoints.push(e);
            }
        }
        let local: HashSet<String> = types.iter().map(|t| t.name.clone()).collect();
        for t in &types {
            self.check_refs(src, t, &local, shared);
            self.check_files(src, t, &multipart_requests, &other_requests);
        }
        Some(Group {
            name: name.into_inner(),
            title,
            doc: raw.doc.map(Spanned::into_inner),
            apps,
            endpoints,
            types,
            file: path,
        })
    }

    fn check_url(&mut self, src: &Src, url: &Spanned<String>) {
        if !url.get_ref().starts_with("https://") && !url.get_ref().starts_with("http://") {
            self.err(
                src,
                url.span().start,
                format!("`{}` is not a URL (expected https://...)", url.get_ref()),
            );
        }
    }

    fn endpoint(
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

    /// `file` fields: only `file` / `file?` fields of requests of multipart endpoints,
    /// and every such request has at least one.
    fn check_files(
        &mut self,
        src: &Src,
        t: &TypeDef,
        multipart: &HashSet<String>,
        other: &HashSet<String>,
    ) {
        let TypeKind::Struct(fields) = &t.kind else {
            return;
        };
        let is_multipart = multipart.contains(&t.name);
        let mut files = 0;
        for f in fields {
            if !f.ty.has_file() {
                continue;
            }
            files += 1;
            if !f.ty.is_file_part() {
                self.err(
                    src,
                    t.at,
                    format!(
                        "`{}.{}`: a file is a field of its own, `file` or `file?`",
                        t.name, f.wire
                    ),
                );
            } else if !is_multipart {
                self.err(
                    src,
                    t.at,
                    format!(
                        "`{}.{}` is a file: only the request of a `body = \"multipart\"` endpoint may hold files",
                        t.name, f.wire
                    ),
                );
            }
        }
        if is_multipart && other.contains(&t.name) {
            self.err(
                src,
                t.at,
                format!(
                    "`{}` is the request of an upload and of a JSON endpoint; give each its own",
                    t.name
                ),
            );
        }
        if is_multipart && files == 0 {
            self.err(
                src,
                t.at,
                format!(
                    "`{}` is the request of a multipart upload but has no `file` field",
                    t.name
                ),
            );
        }
    }

    /// A `request` / `response` value: a type name, or an inline field table that becomes `inline_name`.
    fn type_ref_or_inline(
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

    fn mark_request(&mut self, src: &Src, span: usize, def: &mut TypeDef, method: Method) {
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

    fn field(&mut self, src: &Src, at: usize, wire: &str, value: toml::Value) -> Option<Field> {
        let (ty, doc, rust, location) = match value {
            toml::Value::String(t) => (t, None, None, None),
            toml::Value::Table(mut t) => {
                let ty = match t.remove("type") {
                    Some(toml::Value::String(s)) => s,
                    _ => {
                        self.err(
                            src,
                            at,
                            format!("field `{wire}`: a table needs `type = \"...\"`"),
                        );
                        return None;
                    }
                };
                let mut take = |k: &str| match t.remove(k) {
                    Some(toml::Value::String(s)) => Ok(Some(s)),
                    None => Ok(None),
                    Some(_) => Err(format!("field `{wire}`: `{k}` must be a string")),
                };
                let parts = (take("doc"), take("rust"), take("in"));
                let (doc, rust, location) = match parts {
                    (Ok(d), Ok(r), Ok(l)) => (d, r, l),
                    (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                        self.err(src, at, e);
                        return None;
                    }
                };
                if let Some(k) = t.keys().next() {
                    self.err(
                        src,
                        at,
                        format!("field `{wire}`: unknown key `{k}` (expected type, doc, rust, in)"),
                    );
                }
                (ty, doc, rust, location)
            }
            other => {
                self.err(
                    src,
                    at,
                    format!(
                        "field `{wire}`: expected a type expression or a table, found {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        };
        let ty = match TypeExpr::parse(&ty) {
            Ok(t) => t,
            Err(e) => {
                self.err(src, at, format!("field `{wire}`: {e}"));
                return None;
            }
        };
        let location = match location.as_deref() {
            None | Some("body") => Location::Body,
            Some("query") => Location::Query,
            Some(other) => {
                self.err(
                    src,
                    at,
                    format!("field `{wire}`: `in = \"{other}\"`, expected \"query\" or \"body\""),
                );
                Location::Body
            }
        };
        let rust = rust.unwrap_or_else(|| snake_case(wire));
        if !is_valid_ident(&rust) {
            self.err(
                src,
                at,
                format!(
                    "field `{wire}`: `{rust}` is not a valid Rust field name; set `rust = \"...\"`"
                ),
            );
        }
        Some(Field {
            wire: wire.to_owned(),
            rust,
            ty,
            doc,
            location,
        })
    }

    fn check_field_names(&mut self, src: &Src, at: usize, type_name: &str, fields: &[Field]) {
        let mut seen = HashSet::new();
        for f in fields {
            if !seen.insert(f.rust.as_str()) {
                self.err(src, at, format!("`{type_name}`: two fields map to the Rust name `{}`; set `rust = \"...\"` on one", f.rust));
            }
        }
    }

    fn types(
        &mut self,
        src: &Src,
        raw: IndexMap<Spanned<String>, Spanned<RawType>>,
        out: &mut Vec<TypeDef>,
        shared: &HashSet<String>,
    ) {
        for (name, def) in raw {
            let at = name.span().start;
            let name = name.into_inner();
            if !is_pascal(&name) {
                self.err(src, at, format!("type name `{name}` must be PascalCase"));
                continue;
            }
            if shared.contains(&name) {
                self.err(
                    src,
                    at,
                    format!("type `{name}` is already defined in shared.toml"),
                );
            }
            let def_at = def.span().start;
            let RawType {
                doc,
                fields,
                str_enum,
                int_enum,
            } = def.into_inner();
            let kind = match (fields, str_enum, int_enum) {
                (Some(fields), None, None) => {
                    let fields: Vec<Field> = fields
                        .into_iter()
                        .filter_map(|(k, v)| {
                            let at = v.span().start;
                            self.field(src, at, k.get_ref(), v.into_inner())
                        })
                        .collect();
                    self.check_field_names(src, at, &name, &fields);
                    TypeKind::Struct(fields)
                }
                (None, Some(values), None) => {
                    let mut seen = HashSet::new();
                    let mut out_values = Vec::new();
                    for v in values {
                        if pascal_case(v.get_ref()) == "Other" {
                            self.err(src, v.span().start, format!("`{name}`: the variant `Other` is reserved for values added later"));
                        }
                        if !seen.insert(pascal_case(v.get_ref())) {
                            self.err(
                                src,
                                v.span().start,
                                format!(
                                    "`{name}`: enum value `{}` gives a variant name used twice",
                                    v.get_ref()
                                ),
                            );
                        }
                        out_values.push(v.into_inner());
                    }
                    if out_values.is_empty() {
                        self.err(
                            src,
                            def_at,
                            format!("`{name}`: an enum needs at least one value"),
                        );
                    }
                    TypeKind::StrEnum(out_values)
                }
                (None, None, Some(values)) => {
                    let mut vs = Vec::new();
                    for (k, v) in values {
                        if !is_snake(k.get_ref()) {
                            self.err(
                                src,
                                k.span().start,
                                format!(
                                    "`{name}`: int_enum variant `{}` must be snake_case",
                                    k.get_ref()
                                ),
                            );
                        }
                        if k.get_ref() == "other" {
                            self.err(src, k.span().start, format!("`{name}`: the variant `other` is reserved for values added later"));
                        }
                        vs.push((k.into_inner(), v.into_inner()));
                    }
                    TypeKind::IntEnum(vs)
                }
                _ => {
                    self.err(
                        src,
                        def_at,
                        format!(
                            "type `{name}` needs exactly one of `fields`, `enum` or `int_enum`"
                        ),
                    );
                    continue;
                }
            };
            if out.iter().any(|t| t.name == name) {
                self.err(src, at, format!("type `{name}` is defined twice"));
                continue;
            }
            out.push(TypeDef {
                name,
                doc,
                kind,
                is_request: false,
                at,
            });
        }
    }

    fn check_refs(
        &mut self,
        src: &Src,
        t: &TypeDef,
        local: &HashSet<String>,
        shared: &HashSet<String>,
    ) {
        if let TypeKind::Struct(fields) = &t.kind {
            for f in fields {
                if let Some(n) = f.ty.named() {
                    if !local.contains(n) && !shared.contains(n) {
                        self.err(src, t.at, format!("`{}.{}`: unknown type `{n}` (define it under `[types.{n}]` here or in shared.toml)", t.name, f.wire));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
