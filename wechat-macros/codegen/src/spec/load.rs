//! Reading a spec directory and checking it, with every mistake located.
//!
//! This module walks the directory and sorts the files; what each part of a file says
//! is read and checked by the submodules: `groups` (a group file's top-level keys),
//! `endpoints` (`[[endpoint]]`, its request and response), `types` (`[types.Name]`),
//! `fields` (one field of a struct) and `errcodes` (`errcodes.toml`).

mod endpoints;
mod errcodes;
mod fields;
mod groups;
mod types;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::raw::RawFile;
use super::{App, Diagnostic, SpecSet};

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
            if let Some(other) = seen_groups.insert(group.name.clone(), group.location.clone()) {
                cx.diags.push(Diagnostic {
                    location: group.location.clone(),
                    message: format!("group `{}` is already defined at {other}", group.name),
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
        (Some("component"), true) => vec![App::Component],
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
}

#[cfg(test)]
mod tests;
