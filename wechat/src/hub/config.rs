//! The hub's configuration file (`hub.toml`): parsing, environment overrides, checks.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

#[cfg(test)]
pub(crate) use super::config_access::Appids;
use super::config_access::{
    self as access, KeyConfig, RawKey, RawUnauthenticated, UnauthenticatedConfig,
};
use super::config_component::{
    self as component, ComponentConfig, DurableConfig, RawComponent, RawDurable,
};
use super::config_problems::Problems;
use super::config_store::{store_config, RawStore, StoreConfig};
use super::config_values::{app_secret_var, http_url_problem};
use super::connections::{RawServer, ServerLimits};
use crate::token::TokenEndpoint;
use crate::Secret;

/// The default address the hub listens on.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:4000";
/// The default WeChat API base URL.
pub const DEFAULT_API_BASE: &str = "https://api.weixin.qq.com";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    listen: Option<String>,
    threads: Option<usize>,
    api_base: Option<String>,
    token_endpoint: Option<String>,
    #[serde(default)]
    store: RawStore,
    #[serde(default)]
    refresh: RawRefresh,
    #[serde(default)]
    server: RawServer,
    #[serde(default, rename = "app")]
    apps: Vec<RawApp>,
    #[serde(default, rename = "key")]
    keys: Vec<RawKey>,
    unauthenticated: Option<RawUnauthenticated>,
    public_url: Option<String>,
    #[serde(default, rename = "component")]
    components: Vec<RawComponent>,
    durable: Option<RawDurable>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRefresh {
    margin_secs: Option<u64>,
    jitter_secs: Option<u64>,
    startup_spread_secs: Option<u64>,
    retry_min_secs: Option<u64>,
    retry_max_secs: Option<u64>,
    authorizer_rate_per_sec: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApp {
    appid: String,
    secret: Option<String>,
}

/// When the hub refreshes tokens and tickets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefreshConfig {
    /// Refresh this long before expiry (`margin_secs`, default 300 s).
    pub margin: Duration,
    /// Plus a random part of up to this much (`jitter_secs`, default 60 s).
    pub jitter: Duration,
    /// At startup, spread the first refreshes of all tokens over this long
    /// (`startup_spread_secs`, default 10 s).
    pub startup_spread: Duration,
    /// After a failed refresh, wait this long before the next try, doubling at each
    /// failure (`retry_min_secs`, default 5 s) ...
    pub retry_min: Duration,
    /// ... up to this much (`retry_max_secs`, default 300 s).
    pub retry_max: Duration,
    /// At most this many proactive `api_authorizer_token` refreshes per second, per
    /// platform (`authorizer_rate_per_sec`, default 20): thousands of authorizers are
    /// renewed spread out, never in a burst.
    pub authorizer_rate_per_sec: u32,
}

impl Default for RefreshConfig {
    fn default() -> Self {
        RefreshConfig {
            margin: Duration::from_secs(300),
            jitter: Duration::from_secs(60),
            startup_spread: Duration::from_secs(10),
            retry_min: Duration::from_secs(5),
            retry_max: Duration::from_secs(300),
            authorizer_rate_per_sec: 20,
        }
    }
}

/// One app the hub serves.
#[derive(Clone, Debug)]
pub(crate) struct AppConfig {
    pub(crate) appid: String,
    pub(crate) secret: Secret,
}

/// A checked hub configuration.
///
/// Made by [`HubConfig::load`] (a file, with environment overrides) or
/// [`HubConfig::parse`] (TOML text). `Debug` shows no secret.
#[derive(Clone, Debug)]
pub struct HubConfig {
    pub(crate) listen: SocketAddr,
    pub(crate) threads: usize,
    pub(crate) api_base: String,
    pub(crate) token_endpoint: TokenEndpoint,
    pub(crate) store: StoreConfig,
    pub(crate) refresh: RefreshConfig,
    pub(crate) server: ServerLimits,
    pub(crate) apps: Vec<AppConfig>,
    pub(crate) keys: Vec<KeyConfig>,
    pub(crate) unauthenticated: Option<UnauthenticatedConfig>,
    /// The hub's URL as merchants' browsers reach it (`public_url`, default
    /// `http://{listen}`), for the authorization pages' `redirect_uri`.
    pub(crate) public_url: String,
    pub(crate) components: Vec<ComponentConfig>,
    pub(crate) durable: Option<DurableConfig>,
}

/// Everything wrong with a configuration, all at once: one line per problem, each with
/// its position in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The problems, one line each, e.g.
    /// `hub.toml:7:1: unknown field `secrte`, expected `appid` or `secret``.
    pub problems: Vec<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for ConfigError {}

impl HubConfig {
    /// Reads and checks the configuration file at `path`, with the secrets overridden by
    /// the environment variables of this process ([`app_secret_var`],
    /// [`key_secret_var`](super::key_secret_var), [`STORE_URL_VAR`](super::STORE_URL_VAR)).
    ///
    /// # Errors
    /// [`ConfigError`] with every problem at once, one line each, located as
    /// `file:line:col: ...` (a setting missing from the file at its table; a problem of
    /// the whole file as `file: ...`): an unreadable file, a TOML syntax error (then
    /// the only one told), an unknown key or a value of the wrong type (each set aside,
    /// so that the rest is still checked), a missing secret, a duplicate appid or key,
    /// a bad URL or address.
    pub fn load(path: &Path) -> Result<HubConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            problems: vec![format!("cannot read {}: {e}", path.display())],
        })?;
        Self::parse_with_env(&text, &path.display().to_string(), |var| {
            std::env::var(var).ok()
        })
    }

    /// Checks a configuration given as TOML text, with the secrets overridden by this
    /// process's environment as in [`HubConfig::load`].
    ///
    /// # Errors
    /// As [`HubConfig::load`], with problems located as `hub.toml:line:col`.
    pub fn parse(text: &str) -> Result<HubConfig, ConfigError> {
        Self::parse_with_env(text, "hub.toml", |var| std::env::var(var).ok())
    }

    /// As [`HubConfig::parse`], with the environment given by `env` (a variable name →
    /// its value) and problems located in the file named `file`.
    ///
    /// # Errors
    /// As [`HubConfig::load`].
    pub fn parse_with_env(
        text: &str,
        file: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<HubConfig, ConfigError> {
        let mut problems = Problems::new(file, text);
        let Some(raw) = problems.read::<RawConfig>() else {
            return Err(ConfigError {
                problems: problems.into_lines(),
            });
        };

        let listen_text = raw.listen.as_deref().unwrap_or(DEFAULT_LISTEN);
        let listen = listen_text.parse::<SocketAddr>().unwrap_or_else(|_| {
            problems.at(
                "listen",
                format!("listen = \"{listen_text}\": not an address like 127.0.0.1:4000"),
            );
            SocketAddr::from(([127, 0, 0, 1], 4000))
        });

        let threads = match raw.threads {
            Some(0) => {
                problems.at(
                    "threads",
                    "threads = 0: at least 1 (default: the number of CPUs)",
                );
                1
            }
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };

        let api_base = raw
            .api_base
            .as_deref()
            .unwrap_or(DEFAULT_API_BASE)
            .trim_end_matches('/')
            .to_owned();
        if let Some(p) = http_url_problem("api_base", &api_base) {
            problems.at("api_base", p);
        }

        let token_endpoint = match raw.token_endpoint.as_deref() {
            None | Some("stable") => TokenEndpoint::Stable,
            Some("classic") => TokenEndpoint::Classic,
            Some(other) => {
                problems.at(
                    "token_endpoint",
                    format!("token_endpoint = \"{other}\": expected \"stable\" (default) or \"classic\""),
                );
                TokenEndpoint::Stable
            }
        };

        let store = store_config(raw.store, &env, &mut problems);

        let defaults = RefreshConfig::default();
        let secs = |v: Option<u64>, d: Duration| v.map_or(d, Duration::from_secs);
        let refresh = RefreshConfig {
            margin: secs(raw.refresh.margin_secs, defaults.margin),
            jitter: secs(raw.refresh.jitter_secs, defaults.jitter),
            startup_spread: secs(raw.refresh.startup_spread_secs, defaults.startup_spread),
            retry_min: secs(raw.refresh.retry_min_secs, defaults.retry_min),
            retry_max: secs(raw.refresh.retry_max_secs, defaults.retry_max),
            authorizer_rate_per_sec: raw
                .refresh
                .authorizer_rate_per_sec
                .unwrap_or(defaults.authorizer_rate_per_sec),
        };
        if refresh.authorizer_rate_per_sec == 0 {
            problems.at(
                "refresh.authorizer_rate_per_sec",
                "[refresh] authorizer_rate_per_sec: at least 1",
            );
        }
        if refresh.margin > Duration::from_secs(3600) {
            problems.at(
                "refresh.margin_secs",
                "[refresh] margin_secs: at most 3600 (tokens live 7200 s)",
            );
        }
        if refresh.retry_min.is_zero() || refresh.retry_min > refresh.retry_max {
            problems.at(
                "refresh.retry_min_secs",
                "[refresh] retry_min_secs must be at least 1 and at most retry_max_secs",
            );
        }

        let server = raw.server.resolve(&mut problems);

        let mut apps = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, app) in raw.apps.into_iter().enumerate() {
            let appid = app.appid.trim().to_owned();
            if appid.is_empty() {
                problems.at(
                    &format!("app.{i}.appid"),
                    format!("[[app]] #{}: appid is empty", i + 1),
                );
                continue;
            }
            if let Some(first) = seen.insert(appid.clone(), i + 1) {
                problems.at(
                    &format!("app.{i}.appid"),
                    format!(
                        "[[app]] #{}: appid {appid} is already [[app]] #{first}",
                        i + 1
                    ),
                );
                continue;
            }
            let var = app_secret_var(&appid);
            match env(&var).or(app.secret).filter(|s| !s.is_empty()) {
                Some(secret) => apps.push(AppConfig {
                    appid,
                    secret: Secret::new(secret),
                }),
                None => problems.at(
                    &format!("app.{i}.secret"),
                    format!("app {appid}: no secret: set secret = \"...\" or the environment variable {var}"),
                ),
            }
        }
        let components = component::components(raw.components, &seen, &env, &mut problems);
        let durable = component::durable(
            raw.durable,
            &store,
            !components.is_empty(),
            &env,
            &mut problems,
        );
        if apps.is_empty() && seen.is_empty() && components.is_empty() {
            problems.file_wide("no [[app]] and no [[component]]: the hub serves at least one");
        }
        let mut appids: HashSet<&str> = seen.keys().map(String::as_str).collect();
        appids.extend(components.iter().map(|c| c.appid.as_str()));
        let public_url = raw
            .public_url
            .as_deref()
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{listen}"));
        if let Some(p) = http_url_problem("public_url", &public_url) {
            problems.at("public_url", p);
        }

        let keys = access::keys(raw.keys, &appids, &env, &mut problems);
        let unauthenticated = access::unauthenticated(raw.unauthenticated, &appids, &mut problems);
        if keys.is_empty() && unauthenticated.is_none() && problems.is_empty() {
            problems.file_wide("no [[key]] and no [unauthenticated]: no client could read a token");
        }

        if !problems.is_empty() {
            return Err(ConfigError {
                problems: problems.into_lines(),
            });
        }
        Ok(HubConfig {
            listen,
            threads,
            api_base,
            token_endpoint,
            store,
            refresh,
            server,
            apps,
            keys,
            unauthenticated,
            public_url,
            components,
            durable,
        })
    }

    /// The address to listen on (`listen`, default `127.0.0.1:4000`).
    pub fn listen(&self) -> SocketAddr {
        self.listen
    }

    /// How many threads serve requests (`threads`, default: the number of CPUs).
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The WeChat API base URL (`api_base`).
    pub fn api_base(&self) -> &str {
        &self.api_base
    }

    /// The store (`[store]`).
    pub fn store(&self) -> &StoreConfig {
        &self.store
    }

    /// The refresh timing (`[refresh]`).
    pub fn refresh(&self) -> RefreshConfig {
        self.refresh
    }

    /// The limits on connections and requests (`[server]`).
    pub fn server(&self) -> ServerLimits {
        self.server
    }

    /// The appids served, in file order.
    pub fn appids(&self) -> impl Iterator<Item = &str> {
        self.apps.iter().map(|a| a.appid.as_str())
    }

    /// The component_appids of the third-party platforms served, in file order.
    pub fn component_appids(&self) -> impl Iterator<Item = &str> {
        self.components.iter().map(|c| c.appid.as_str())
    }

    /// The durable store of the platforms' tickets and refresh tokens (`[durable]`, or
    /// a `[store]` of kind `file`); `None` when no platform needs one.
    pub fn durable(&self) -> Option<&DurableConfig> {
        self.durable.as_ref()
    }

    /// The hub's public URL (`public_url`, default `http://{listen}`).
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// The key names, in file order.
    pub fn key_names(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|k| k.name.as_str())
    }

    /// One line describing the configuration, without secrets: apps, keys, store.
    pub fn summary(&self) -> String {
        let store = match &self.store {
            StoreConfig::Memory => "memory".to_owned(),
            StoreConfig::File { path } => format!("file {}", path.display()),
            StoreConfig::Redis { prefix, .. } => format!("redis (prefix {prefix})"),
            StoreConfig::Postgres { .. } => "postgres".to_owned(),
        };
        let platforms = match self.components.len() {
            0 => String::new(),
            n => format!(", {n} platform(s)"),
        };
        format!(
            "{} app(s){platforms}, {} key(s){}, store {store}, listen {}, api_base {}",
            self.apps.len(),
            self.keys.len(),
            if self.unauthenticated.is_some() {
                ", unauthenticated ranges"
            } else {
                ""
            },
            self.listen,
            self.api_base
        )
    }
}

#[cfg(test)]
mod tests;
