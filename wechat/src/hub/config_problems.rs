//! The problems of a hub configuration, all of them at once, each located in the
//! file: `hub.toml:7:1: [[app]] #2: unknown field `secrte`, expected `appid` or `secret``.
//!
//! The file is read twice: as a TOML document with the position of every key and value
//! (to locate problems), and into the configuration's types. A setting the types
//! refuse (an unknown key, a wrong type) is reported and then blanked out of the text,
//! positions kept, and the text read again, so that one mistake does not hide the next.

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// At most this many settings refused by the types are reported, one read each.
const MAX_REFUSED: usize = 50;

/// The problems found so far, and where to find the settings they are about.
pub(crate) struct Problems<'t> {
    file: &'t str,
    text: &'t str,
    doc: Option<Spanned<DeTable<'t>>>,
    found: Vec<String>,
}

impl<'t> Problems<'t> {
    /// No problems yet, for `text` read from the file named `file`.
    pub(crate) fn new(file: &'t str, text: &'t str) -> Problems<'t> {
        Problems {
            file,
            text,
            doc: DeTable::parse(text).ok(),
            found: Vec::new(),
        }
    }

    /// A problem with the setting at `path`: keys and array indexes joined by dots,
    /// counting from 0 (`"refresh.margin_secs"`, `"app.1.secret"`). A setting that is
    /// not in the file (a missing secret, say) is located at the nearest table that is.
    pub(crate) fn at(&mut self, path: &str, message: impl Into<String>) {
        let message = message.into();
        let located = match self.locate(path) {
            Some(offset) => self.position(offset),
            None => self.file.to_owned(),
        };
        self.found.push(format!("{located}: {message}"));
    }

    /// A problem of the whole file (no setting to point at).
    pub(crate) fn file_wide(&mut self, message: impl Into<String>) {
        let message = message.into();
        self.found.push(format!("{}: {message}", self.file));
    }

    /// Whether none was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The problems, in the order found, one line each.
    pub(crate) fn into_lines(self) -> Vec<String> {
        self.found
    }

    /// `file:line:col` of byte `offset`.
    fn position(&self, offset: usize) -> String {
        let (line, col) = line_col(self.text, offset);
        format!("{}:{line}:{col}", self.file)
    }

    /// The byte offset of the setting at `path`, or of its nearest table in the file.
    fn locate(&self, path: &str) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        let mut at = doc.span().start;
        let mut value: &DeValue<'t> = &DeValue::Table(DeTable::default());
        let mut table = Some(doc.get_ref());
        for segment in path.split('.').filter(|s| !s.is_empty()) {
            let next = match (table, value, segment.parse::<usize>()) {
                (_, DeValue::Array(items), Ok(i)) => items.get(i).map(|v| (v.span().start, v)),
                (Some(t), _, _) => t
                    .iter()
                    .find(|(k, _)| k.get_ref() == segment)
                    .map(|(k, v)| (k.span().start, v)),
                _ => None,
            };
            let Some((start, next)) = next else { break };
            at = start;
            value = next.get_ref();
            table = match value {
                DeValue::Table(t) => Some(t),
                _ => None,
            };
        }
        Some(at)
    }

    /// Reads the text into `T`; each setting `T` refuses becomes a problem, is blanked
    /// out, and the rest is read again (see the module's doc). `None` when the text is
    /// not TOML, or `T` still refuses it after that.
    pub(crate) fn read<T: DeserializeOwned>(&mut self) -> Option<T> {
        let mut text = self.text.to_owned();
        for _ in 0..MAX_REFUSED {
            let err = match toml::from_str::<T>(&text) {
                Ok(raw) => return Some(raw),
                Err(err) => err,
            };
            let message = err.message().replace('\n', " ").trim().to_owned();
            let Some(span) = err.span() else {
                self.file_wide(message);
                return None;
            };
            self.found
                .push(format!("{}: {message}", self.position(span.start)));
            let doc = self.doc.as_ref()?;
            let mut blanked = text.clone().into_bytes();
            if !blank_setting_at(doc.get_ref(), span.start, &mut blanked) {
                return None;
            }
            text = String::from_utf8(blanked).ok()?;
        }
        None
    }
}

/// Blanks (spaces for every byte but newlines) the deepest setting of `table` whose key
/// or value holds byte `offset`: a `key = value`, or a table with its header and
/// settings. `false` when no setting holds it.
fn blank_setting_at(table: &DeTable<'_>, offset: usize, text: &mut [u8]) -> bool {
    for (key, value) in table.iter() {
        let (k, v) = (key.span(), value.span());
        let inside =
            |s: &std::ops::Range<usize>| s.start <= offset && offset < s.end.max(s.start + 1);
        match value.get_ref() {
            DeValue::Table(inner) if !inline(text, v.start) => {
                if blank_setting_at(inner, offset, text) {
                    return true;
                }
                if inside(&k) || inside(&v) {
                    blank(text, v.clone());
                    blank_all(inner, text);
                    return true;
                }
            }
            DeValue::Array(items) if items.first().is_some_and(|i| is_table_header(text, i)) => {
                for item in items {
                    if let DeValue::Table(inner) = item.get_ref() {
                        if blank_setting_at(inner, offset, text) {
                            return true;
                        }
                    }
                }
                if inside(&k) {
                    // A whole array of tables under an unknown name: one header each.
                    for item in items {
                        blank(text, item.span());
                        if let DeValue::Table(inner) = item.get_ref() {
                            blank_all(inner, text);
                        }
                    }
                    return true;
                }
            }
            _ if inside(&k) || inside(&v) || (k.start <= offset && offset < v.end) => {
                blank(text, k.start..v.end);
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Blanks every setting of `table` (a table being removed with its header).
fn blank_all(table: &DeTable<'_>, text: &mut [u8]) {
    for (key, value) in table.iter() {
        match value.get_ref() {
            DeValue::Table(inner) if !inline(text, value.span().start) => {
                blank(text, value.span());
                blank_all(inner, text);
            }
            _ => blank(text, key.span().start..value.span().end),
        }
    }
}

/// Whether the value at `start` is an inline table (`{ ... }`) rather than a header.
fn inline(text: &[u8], start: usize) -> bool {
    text.get(start) == Some(&b'{')
}

/// Whether `item` of an array is a table with a `[[header]]` of its own.
fn is_table_header(text: &[u8], item: &Spanned<DeValue<'_>>) -> bool {
    matches!(item.get_ref(), DeValue::Table(_)) && text.get(item.span().start) == Some(&b'[')
}

/// Spaces over `range` of `text`, newlines kept (so every position after it stays).
fn blank(text: &mut [u8], range: std::ops::Range<usize>) {
    let end = range.end.min(text.len());
    for byte in text
        .get_mut(range.start.min(end)..end)
        .into_iter()
        .flatten()
    {
        if *byte != b'\n' && *byte != b'\r' {
            *byte = b' ';
        }
    }
}

/// `line:col` (1-based) of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
