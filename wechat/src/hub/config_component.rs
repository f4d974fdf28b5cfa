//! The third-party platform parts of `hub.toml`: `[[component]]` entries, `[durable]`
//! and `public_url`.
//!
//! ```toml
//! public_url = "https://hub.example.com"    # where merchants' browsers reach the hub
//!
//! [[component]]
//! appid = "wx_component_appid"
//! secret = "..."        # or WECHAT_HUB_SECRET_WX_COMPONENT_APPID
//! token = "..."         # the push Token, or WECHAT_HUB_COMPONENT_TOKEN_WX_COMPONENT_APPID
//! aes_key = "..."       # the EncodingAESKey, or WECHAT_HUB_COMPONENT_AES_KEY_WX_COMPONENT_APPID
//! authorized_redirect = "https://admin.example.com/authorized"  # optional
//!
//! [durable]
//! kind = "postgres"     # or "file" (path = "...")
//! url = "postgres://wechat@db/wechat"   # or WECHAT_HUB_DURABLE_URL
//! ```

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::config_problems::Problems;
use super::config_store::StoreConfig;
use super::config_values::{app_secret_var, env_suffix, http_url_problem, postgres_problems};
use crate::Secret;

/// The environment variable that overrides `[durable] url`.
pub const DURABLE_URL_VAR: &str = "WECHAT_HUB_DURABLE_URL";

/// The environment variable that overrides the push Token of platform `appid`.
pub fn component_token_var(appid: &str) -> String {
    format!("WECHAT_HUB_COMPONENT_TOKEN_{}", env_suffix(appid))
}

/// The environment variable that overrides the EncodingAESKey of platform `appid`.
pub fn component_aes_key_var(appid: &str) -> String {
    format!("WECHAT_HUB_COMPONENT_AES_KEY_{}", env_suffix(appid))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawComponent {
    appid: String,
    secret: Option<String>,
    token: Option<String>,
    aes_key: Option<String>,
    authorized_redirect: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDurable {
    kind: Option<String>,
    path: Option<PathBuf>,
    url: Option<String>,
}

/// One third-party platform the hub serves.
#[derive(Clone, Debug)]
pub(crate) struct ComponentConfig {
    pub(crate) appid: String,
    pub(crate) secret: Secret,
    pub(crate) token: Secret,
    pub(crate) aes_key: Secret,
    /// Where `/component/{appid}/authorized` sends the browser after an authorization
    /// (`?authorizer_appid=..`), instead of showing a result page.
    pub(crate) authorized_redirect: Option<String>,
}

/// Where the hub keeps what cannot be fetched again: tickets, refresh tokens, the
/// authorizer registry.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DurableConfig {
    /// Files of a directory (`[durable] kind = "file"`, or a `[store]` of kind `file`).
    File {
        /// The directory.
        path: PathBuf,
    },
    /// PostgreSQL (`kind = "postgres"`, feature `postgres`).
    Postgres {
        /// `postgres://user[:password]@host[:port]/db`. Redacted in `Debug`.
        url: Secret,
    },
}

/// Parses the `[[component]]` entries; `seen` holds the `[[app]]` appids (a platform's
/// appid must not be one of them).
pub(crate) fn components(
    raw: Vec<RawComponent>,
    seen: &HashMap<String, usize>,
    env: &impl Fn(&str) -> Option<String>,
    problems: &mut Problems<'_>,
) -> Vec<ComponentConfig> {
    let mut out: Vec<ComponentConfig> = Vec::new();
    for (i, c) in raw.into_iter().enumerate() {
        let owner = format!("[[component]] #{}", i + 1);
        let at = |key: &str| format!("component.{i}.{key}");
        let appid = c.appid.trim().to_owned();
        if appid.is_empty() {
            problems.at(&at("appid"), format!("{owner}: appid is empty"));
            continue;
        }
        if seen.contains_key(&appid) || out.iter().any(|o| o.appid == appid) {
            problems.at(
                &at("appid"),
                format!("{owner}: appid {appid} is listed twice"),
            );
            continue;
        }
        let mut value = |what: &str, var: String, given: Option<String>| {
            let v = env(&var).or(given).filter(|s| !s.is_empty());
            if v.is_none() {
                problems.at(&at(what), format!(
                    "component {appid}: no {what}: set {what} = \"...\" or the environment variable {var}"
                ));
            }
            Secret::new(v.unwrap_or_default())
        };
        let secret = value("secret", app_secret_var(&appid), c.secret);
        let token = value("token", component_token_var(&appid), c.token);
        let aes_key = value("aes_key", component_aes_key_var(&appid), c.aes_key);
        if !aes_key.is_empty() && aes_key.expose().len() != 43 {
            problems.at(
                &at("aes_key"),
                format!("component {appid}: aes_key must be the 43-character EncodingAESKey"),
            );
        }
        if let Some(url) = &c.authorized_redirect {
            if let Some(p) =
                http_url_problem(&format!("component {appid}: authorized_redirect"), url)
            {
                problems.at(&at("authorized_redirect"), p);
            }
        }
        out.push(ComponentConfig {
            appid,
            secret,
            token,
            aes_key,
            authorized_redirect: c.authorized_redirect,
        });
    }
    out
}

/// `[durable]`, or the `[store]` standing in for it (a file or PostgreSQL store); refused
/// when platforms would keep their refresh tokens in memory or Redis only.
pub(crate) fn durable(
    raw: Option<RawDurable>,
    store: &StoreConfig,
    has_components: bool,
    env: &impl Fn(&str) -> Option<String>,
    problems: &mut Problems<'_>,
) -> Option<DurableConfig> {
    let Some(raw) = raw else {
        return match store {
            StoreConfig::File { path } => Some(DurableConfig::File { path: path.clone() }),
            StoreConfig::Postgres { url } => Some(DurableConfig::Postgres { url: url.clone() }),
            _ if has_components => {
                problems.at(
                    "component",
                    "[[component]] needs a durable store for its tickets and authorizer_refresh_tokens: add [durable] kind = \"file\" (path = ...) or kind = \"postgres\" (url = ...), or use a [store] of kind \"file\" or \"postgres\"",
                );
                None
            }
            _ => None,
        };
    };
    match raw.kind.as_deref() {
        Some("file") => {
            if raw.url.is_some() {
                problems.at(
                    "durable.url",
                    "[durable] url applies to kind = \"postgres\" only",
                );
            }
            match raw.path {
                Some(path) => Some(DurableConfig::File { path }),
                None => {
                    problems.at(
                        "durable.kind",
                        "[durable] kind = \"file\" needs path = \"...\"",
                    );
                    None
                }
            }
        }
        Some("postgres") => {
            if raw.path.is_some() {
                problems.at(
                    "durable.path",
                    "[durable] path applies to kind = \"file\" only",
                );
            }
            let url = env(DURABLE_URL_VAR).or(raw.url);
            postgres_problems("durable", DURABLE_URL_VAR, url.as_deref(), problems);
            Some(DurableConfig::Postgres {
                url: Secret::new(url.unwrap_or_default()),
            })
        }
        other => {
            problems.at(
                "durable.kind",
                format!(
                    "[durable] kind = \"{}\": expected \"file\" or \"postgres\"",
                    other.unwrap_or("")
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::hub::HubConfig;

    const BASE: &str = r#"
[[app]]
appid = "wx1"
secret = "s1"
[[key]]
name = "k"
secret = "k1"
appids = ["wx1", "wxc"]
[[component]]
appid = "wxc"
secret = "cs"
token = "t"
aes_key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
"#;

    fn parse(text: &str) -> Result<HubConfig, Vec<String>> {
        HubConfig::parse_with_env(text, "hub.toml", |_| None).map_err(|e| e.problems)
    }

    #[test]
    fn a_component_with_a_file_store_needs_no_durable_section() {
        let c = parse(&format!("[store]\nkind = \"file\"\npath = \"/d\"\n{BASE}")).unwrap();
        assert_eq!(c.components.len(), 1);
        assert_eq!(
            c.durable,
            Some(super::DurableConfig::File { path: "/d".into() })
        );
    }

    #[test]
    fn memory_or_redis_without_durable_is_refused() {
        let p = parse(&format!("[store]\nkind = \"memory\"\n{BASE}")).unwrap_err();
        assert!(
            p.iter().any(|l| l.contains("needs a durable store")),
            "{p:?}"
        );
        let ok = parse(&format!(
            "[store]\nkind = \"memory\"\n[durable]\nkind = \"file\"\npath = \"/d\"\n{BASE}"
        ));
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn each_component_problem_is_reported() {
        let text = r#"
[[app]]
appid = "wx1"
secret = "s1"
[[key]]
name = "k"
secret = "k1"
appids = ["wx1", "wxc", "wxunknown"]
[[component]]
appid = "wxc"
aes_key = "short"
[durable]
kind = "postgres"
"#;
        let p = parse(text).unwrap_err();
        for needle in [
            "component wxc: no secret",
            "component wxc: no token",
            "43-character",
            "needs url",
            "wxunknown is not an [[app]]",
        ] {
            assert!(p.iter().any(|l| l.contains(needle)), "{needle}: {p:?}");
        }
    }

    #[test]
    fn secrets_come_from_the_environment() {
        let text = BASE
            .replace("secret = \"cs\"\n", "")
            .replace("token = \"t\"\n", "");
        let c = HubConfig::parse_with_env(
            &format!("[store]\nkind = \"file\"\npath = \"/d\"\n{text}"),
            "hub.toml",
            |var| match var {
                "WECHAT_HUB_SECRET_WXC" => Some("env-secret".into()),
                "WECHAT_HUB_COMPONENT_TOKEN_WXC" => Some("env-token".into()),
                _ => None,
            },
        )
        .unwrap();
        assert_eq!(c.components[0].secret.expose(), "env-secret");
        assert_eq!(c.components[0].token.expose(), "env-token");
    }
}
