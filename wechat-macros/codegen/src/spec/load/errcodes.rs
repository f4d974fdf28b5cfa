//! `errcodes.toml`: WeChat's global return codes.

use std::collections::{BTreeMap, HashSet};

use indexmap::IndexMap;
use toml::Spanned;

use super::{Ctx, Src};
use crate::spec::names::is_snake;
use crate::spec::raw::RawErrcode;
use crate::spec::Errcode;

impl Ctx {
    pub(super) fn errcodes(&mut self, src: &Src) -> Vec<Errcode> {
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
}
