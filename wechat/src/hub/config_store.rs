//! `[store]`: where the hub keeps its hot tokens (memory, files, Redis, PostgreSQL), as written in
//! `hub.toml` and as checked.

use std::path::PathBuf;

use serde::Deserialize;

use super::config_problems::Problems;
use super::config_values::{postgres_problems, STORE_URL_VAR};
use crate::Secret;

/// The directory of `[store] kind = "file"` when no `path` is given.
pub const DEFAULT_FILE_STORE: &str = "./wechat-hub-data";

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStore {
    kind: Option<String>,
    path: Option<PathBuf>,
    url: Option<String>,
    prefix: Option<String>,
}

/// Where the hub keeps its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreConfig {
    /// In the hub's memory: lost on restart.
    Memory,
    /// In files of a directory (the default, `./wechat-hub-data`).
    File {
        /// The directory.
        path: PathBuf,
    },
    /// In Redis, shared by several hub replicas (needs the `redis` feature).
    Redis {
        /// `redis://[user:password@]host:port[/db]`. Redacted in `Debug`.
        url: Secret,
        /// The key prefix (default `wechat`).
        prefix: String,
    },
    /// In PostgreSQL (needs the `postgres` feature): tokens, locks and leases in the
    /// `wechat` schema, shared by several hub replicas; it also stands in for a missing
    /// `[durable]`, as a file store does.
    Postgres {
        /// `postgres://user[:password]@host[:port]/db`. Redacted in `Debug`.
        url: Secret,
    },
}

/// The `[store]` section checked: its store, with each problem found added to `problems`.
/// `env` reads an environment variable ([`STORE_URL_VAR`] overrides `url`).
pub(crate) fn store_config(
    raw: RawStore,
    env: &dyn Fn(&str) -> Option<String>,
    problems: &mut Problems<'_>,
) -> StoreConfig {
    let store = match raw.kind.as_deref().unwrap_or("file") {
        "memory" => StoreConfig::Memory,
        "file" => StoreConfig::File {
            path: raw
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_FILE_STORE)),
        },
        "redis" => {
            let url = env(STORE_URL_VAR).or(raw.url.clone());
            match url {
                    None => problems.at("store.url", format!(
                        "[store] kind = \"redis\" needs url = \"redis://host:6379\" (or {STORE_URL_VAR})"
                    )),
                    Some(u) => match reqwest::Url::parse(&u) {
                        Ok(p) if matches!(p.scheme(), "redis" | "rediss" | "redis+unix" | "unix") => {}
                        _ => problems.at(
                            "store.url",
                            "[store] url: not a Redis URL (redis://[user:password@]host:port[/db])",
                        ),
                    },
                }
            if !cfg!(feature = "redis") {
                problems.at(
                    "store.kind",
                    "[store] kind = \"redis\": this wechat-hub was built without the `redis` feature",
                );
            }
            StoreConfig::Redis {
                url: Secret::new(env(STORE_URL_VAR).or(raw.url).unwrap_or_default()),
                prefix: raw.prefix.clone().unwrap_or_else(|| "wechat".to_owned()),
            }
        }
        "postgres" => {
            let url = env(STORE_URL_VAR).or(raw.url);
            postgres_problems("store", STORE_URL_VAR, url.as_deref(), problems);
            if raw.path.is_some() {
                problems.at("store.path", "[store] path applies to kind = \"file\" only");
            }
            StoreConfig::Postgres {
                url: Secret::new(url.unwrap_or_default()),
            }
        }
        other => {
            problems.at("store.kind", format!(
                "[store] kind = \"{other}\": expected \"file\" (default), \"memory\", \"redis\" or \"postgres\""
            ));
            StoreConfig::Memory
        }
    };
    if raw.prefix.is_some() && !matches!(store, StoreConfig::Redis { .. }) {
        problems.at(
            "store.prefix",
            "[store] prefix applies to kind = \"redis\" only",
        );
    }
    store
}
