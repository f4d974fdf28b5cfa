//! The hub configuration's client access: `[[key]]` (named secrets and the appids
//! each may read) and `[unauthenticated]` (address ranges admitted without a key).

use std::collections::HashSet;
use std::net::IpAddr;

use serde::Deserialize;

use super::config_problems::Problems;
use super::config_values::key_secret_var;
use crate::Secret;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKey {
    name: String,
    secret: Option<String>,
    appids: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUnauthenticated {
    from: Vec<String>,
    appids: Vec<String>,
}

/// The appids a key (or unauthenticated callers) may read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Appids {
    /// `["*"]`: every app of the hub.
    All,
    /// The listed ones.
    Listed(HashSet<String>),
}

impl Appids {
    pub(crate) fn allows(&self, appid: &str) -> bool {
        match self {
            Appids::All => true,
            Appids::Listed(set) => set.contains(appid),
        }
    }
}

/// One client key.
#[derive(Clone, Debug)]
pub(crate) struct KeyConfig {
    pub(crate) name: String,
    pub(crate) secret: Secret,
    pub(crate) appids: Appids,
}

/// Callers admitted without a key, by source address.
#[derive(Clone, Debug)]
pub(crate) struct UnauthenticatedConfig {
    pub(crate) from: Vec<ipnet::IpNet>,
    pub(crate) appids: Appids,
}

/// The checked `[[key]]` tables, in file order; what is wrong goes to `problems`.
/// `appids` are the apps and platforms of the hub; `env` reads the environment.
pub(super) fn keys(
    raw: Vec<RawKey>,
    appids: &HashSet<&str>,
    env: &impl Fn(&str) -> Option<String>,
    problems: &mut Problems<'_>,
) -> Vec<KeyConfig> {
    let mut keys = Vec::new();
    let mut names = HashSet::new();
    let mut secrets = HashSet::new();
    for (i, key) in raw.into_iter().enumerate() {
        let at = |k: &str| format!("key.{i}.{k}");
        let name = key.name.trim().to_owned();
        let owner = format!("key {name}");
        if name.is_empty() {
            problems.at(&at("name"), "[[key]]: name is empty");
            continue;
        }
        if !names.insert(name.clone()) {
            problems.at(&at("name"), format!("{owner}: listed twice"));
            continue;
        }
        let appids = parse_appids(&key.appids, appids, &owner, &at("appids"), problems);
        let var = key_secret_var(&name);
        match env(&var).or(key.secret).filter(|s| !s.is_empty()) {
            Some(secret) => {
                if !secrets.insert(secret.clone()) {
                    problems.at(
                        &at("secret"),
                        format!("{owner}: the same secret as another key"),
                    );
                }
                keys.push(KeyConfig {
                    name,
                    secret: Secret::new(secret),
                    appids,
                });
            }
            None => problems.at(
                &at("secret"),
                format!(
                    "{owner}: no secret: set secret = \"...\" or the environment variable {var}"
                ),
            ),
        }
    }
    keys
}

/// The checked `[unauthenticated]` table, if there is one.
pub(super) fn unauthenticated(
    raw: Option<RawUnauthenticated>,
    appids: &HashSet<&str>,
    problems: &mut Problems<'_>,
) -> Option<UnauthenticatedConfig> {
    raw.map(|u| {
        let mut from = Vec::new();
        for (i, cidr) in u.from.iter().enumerate() {
            match parse_cidr(cidr) {
                Some(net) => from.push(net),
                None => problems.at(
                    &format!("unauthenticated.from.{i}"),
                    format!(
                        "[unauthenticated] from: \"{cidr}\" is not a CIDR range like 10.0.0.0/8"
                    ),
                ),
            }
        }
        if u.from.is_empty() {
            problems.at(
                "unauthenticated.from",
                "[unauthenticated] from is empty: list the CIDR ranges admitted without a key",
            );
        }
        UnauthenticatedConfig {
            from,
            appids: parse_appids(
                &u.appids,
                appids,
                "[unauthenticated]",
                "unauthenticated.appids",
                problems,
            ),
        }
    })
}

fn parse_appids(
    list: &[String],
    apps: &HashSet<&str>,
    owner: &str,
    path: &str,
    problems: &mut Problems<'_>,
) -> Appids {
    if list.iter().any(|a| a == "*") {
        if list.len() > 1 {
            problems.at(path, format!("{owner}: appids = [\"*\"] stands alone"));
        }
        return Appids::All;
    }
    if list.is_empty() {
        problems.at(
            path,
            format!("{owner}: appids is empty: list appids, or [\"*\"] for all"),
        );
    }
    for (i, appid) in list.iter().enumerate() {
        if !apps.contains(appid.as_str()) {
            problems.at(
                &format!("{path}.{i}"),
                format!("{owner}: appid {appid} is not an [[app]] of this hub"),
            );
        }
    }
    Appids::Listed(list.iter().cloned().collect())
}

fn parse_cidr(text: &str) -> Option<ipnet::IpNet> {
    text.parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(ipnet::IpNet::from))
}
