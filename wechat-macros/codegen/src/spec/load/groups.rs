//! A group file: its top-level keys, then its types and endpoints.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use toml::Spanned;

use super::{Ctx, Src};
use crate::spec::names::is_snake;
use crate::spec::raw::RawFile;
use crate::spec::{App, BodyKind, Group};

impl Ctx {
    pub(super) fn group(
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
                                "unknown app `{}`: expected `official_account`, `mini_program` or `component`",
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
        let mut names: HashMap<String, usize> = HashMap::new();
        if raw.endpoint.is_empty() {
            self.err(src, 0, "a group needs at least one `[[endpoint]]`");
        }
        let mut multipart_requests = HashSet::new();
        let mut other_requests = HashSet::new();
        for ep in raw.endpoint {
            let start = ep.span().start;
            let ep = ep.into_inner();
            if let Some(first) = names.insert(ep.name.get_ref().clone(), ep.name.span().start) {
                self.err(
                    src,
                    ep.name.span().start,
                    format!(
                        "endpoint `{}` is defined twice in this group (first at {})",
                        ep.name.get_ref(),
                        src.at(first)
                    ),
                );
            }
            if let Some(e) = self.endpoint(src, start, ep, &mut types, shared) {
                if let Some(r) = &e.request {
                    match e.body {
                        BodyKind::Multipart | BodyKind::Raw => multipart_requests.insert(r.clone()),
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
        let location = src.at(name.span().start);
        Some(Group {
            location,
            name: name.into_inner(),
            title,
            doc: raw.doc.map(Spanned::into_inner),
            apps,
            endpoints,
            types,
            file: path,
        })
    }

    pub(super) fn check_url(&mut self, src: &Src, url: &Spanned<String>) {
        if !url.get_ref().starts_with("https://") && !url.get_ref().starts_with("http://") {
            self.err(
                src,
                url.span().start,
                format!("`{}` is not a URL (expected https://...)", url.get_ref()),
            );
        }
    }
}
