//! The TOML files as written, with spans, before any checking.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

/// A group file (also `shared.toml`, which has only `types`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub group: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub doc: Option<Spanned<String>>,
    pub apps: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub endpoint: Vec<Spanned<RawEndpoint>>,
    #[serde(default)]
    pub types: IndexMap<Spanned<String>, Spanned<RawType>>,
}

/// One `[[endpoint]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    pub name: Spanned<String>,
    pub title: Spanned<String>,
    pub method: Spanned<String>,
    pub path: Spanned<String>,
    pub token: Option<Spanned<String>>,
    pub token_param: Option<Spanned<String>>,
    pub doc: Option<Spanned<String>>,
    pub request: Option<Spanned<toml::Value>>,
    pub response: Option<Spanned<toml::Value>>,
    pub deprecated: Option<Spanned<String>>,
    pub body: Option<Spanned<String>>,
    pub binary: Option<Spanned<bool>>,
    pub sign: Option<Spanned<Vec<Spanned<String>>>>,
}

/// One `[types.Name]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawType {
    pub doc: Option<String>,
    pub fields: Option<IndexMap<Spanned<String>, Spanned<toml::Value>>>,
    #[serde(rename = "enum")]
    pub str_enum: Option<Vec<Spanned<String>>>,
    pub int_enum: Option<IndexMap<Spanned<String>, Spanned<i64>>>,
}

/// One `[code]` of `errcodes.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawErrcode {
    pub name: Spanned<String>,
    pub meaning: String,
}
