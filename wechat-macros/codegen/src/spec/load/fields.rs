//! One field of a struct: `name = "type"` or `name = { type, doc, rust, in }`.

use std::collections::HashSet;

use super::{Ctx, Src};
use crate::spec::names::{is_valid_ident, snake_case};
use crate::spec::{Field, Location, TypeExpr};

impl Ctx {
    pub(super) fn field(
        &mut self,
        src: &Src,
        at: usize,
        wire: &str,
        value: toml::Value,
    ) -> Option<Field> {
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

    pub(super) fn check_field_names(
        &mut self,
        src: &Src,
        at: usize,
        type_name: &str,
        fields: &[Field],
    ) {
        let mut seen = HashSet::new();
        for f in fields {
            if !seen.insert(f.rust.as_str()) {
                self.err(src, at, format!("`{type_name}`: two fields map to the Rust name `{}`; set `rust = \"...\"` on one", f.rust));
            }
        }
    }
}
