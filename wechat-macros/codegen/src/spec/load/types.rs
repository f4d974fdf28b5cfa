//! `[types.Name]`: structs and enums, then the checks that need every type of the
//! file (references to known types, where `file` fields may be).

use std::collections::HashSet;

use indexmap::IndexMap;
use toml::Spanned;

use super::{Ctx, Src};
use crate::spec::names::{is_pascal, is_snake, pascal_case};
use crate::spec::raw::RawType;
use crate::spec::{Field, TypeDef, TypeKind};

impl Ctx {
    pub(super) fn types(
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

    pub(super) fn check_refs(
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

    /// `file` fields: only `file` / `file?` fields of requests of multipart endpoints,
    /// and every such request has at least one.
    pub(super) fn check_files(
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
}
