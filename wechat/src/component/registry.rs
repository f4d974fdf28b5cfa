//! The authorizer registry: which accounts authorized the platform, as what, with which
//! permissions, and whether they still can be served.
//!
//! One JSON record per authorizer in the [`DurableStore`], versioned by the time of the
//! change it records (Unix ms), so that a late or replayed push never undoes a newer one.

use serde::{Deserialize, Serialize};

use super::keys;
use crate::app::AppType;
use crate::store::{for_each_entry, DurableRecord, DurableStore};
use crate::{Error, Result};

/// Whether an authorizer can be served.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuthorizerState {
    /// Authorized: its tokens are renewed with its `authorizer_refresh_token`.
    Authorized,
    /// WeChat rejected its `authorizer_refresh_token` (e.g. errcode 61023): the account
    /// must authorize the platform again. No refresh is tried until it does.
    NeedsReauthorization,
    /// It revoked the authorization (`InfoType=unauthorized`).
    Unauthorized,
}

impl AuthorizerState {
    /// `authorized`, `needs_reauthorization` or `unauthorized` (metrics labels, logs).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorizerState::Authorized => "authorized",
            AuthorizerState::NeedsReauthorization => "needs_reauthorization",
            AuthorizerState::Unauthorized => "unauthorized",
        }
    }
}

/// One authorizer in the registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuthorizerInfo {
    /// The authorizer's appid (`authorizer_appid`).
    pub authorizer_appid: String,
    /// Official Account or Mini Program, once known (from `api_get_authorizer_info`,
    /// or given by [`Platform::official_account`](super::Platform::official_account) /
    /// [`Platform::mini_program`](super::Platform::mini_program) users).
    pub app_type: Option<AppType>,
    /// Whether it can be served.
    pub state: AuthorizerState,
    /// The permission sets granted (`func_info[].funcscope_category.id`).
    #[serde(default)]
    pub func_ids: Vec<i64>,
    /// The last authorization code pushed (`AuthorizationCode` of `authorized` /
    /// `updateauthorized`), until it has been exchanged by `api_query_auth`.
    #[serde(default)]
    pub pending_authorization_code: Option<String>,
    /// The last authorization code exchanged by `api_query_auth` (single use), so that
    /// a late push of the same code is not taken as pending.
    #[serde(default)]
    pub last_exchanged_code: Option<String>,
    /// When the change this record holds happened: Unix time in milliseconds.
    pub updated_at_ms: i64,
    /// Why the state is not `authorized` (an errcode, a push), for people.
    #[serde(default)]
    pub reason: Option<String>,
}

impl AuthorizerInfo {
    /// A new authorized entry.
    pub(crate) fn authorized(authorizer_appid: &str, updated_at_ms: i64) -> AuthorizerInfo {
        AuthorizerInfo {
            authorizer_appid: authorizer_appid.to_owned(),
            app_type: None,
            state: AuthorizerState::Authorized,
            func_ids: Vec::new(),
            pending_authorization_code: None,
            last_exchanged_code: None,
            updated_at_ms,
            reason: None,
        }
    }
}

/// The entry of `authorizer_appid`, if any.
pub(crate) async fn load(
    durable: &dyn DurableStore,
    component_appid: &str,
    authorizer_appid: &str,
) -> Result<Option<AuthorizerInfo>> {
    let key = keys::registry(component_appid, authorizer_appid);
    let Some(record) = durable.load(&key).await? else {
        return Ok(None);
    };
    serde_json::from_str(record.value.expose())
        .map(Some)
        .map_err(|e| Error::store(format!("registry entry {key} is not an authorizer"), e))
}

/// Writes `info` unless a newer entry is held; returns the entry held afterwards.
pub(crate) async fn save(
    durable: &dyn DurableStore,
    component_appid: &str,
    info: &AuthorizerInfo,
) -> Result<AuthorizerInfo> {
    let key = keys::registry(component_appid, &info.authorizer_appid);
    let json = serde_json::to_string(info)
        .map_err(|e| Error::store("cannot encode a registry entry", e))?;
    let held = durable
        .save(&key, DurableRecord::new(json, info.updated_at_ms))
        .await?;
    serde_json::from_str(held.value.expose())
        .map_err(|e| Error::store(format!("registry entry {key} is not an authorizer"), e))
}

/// Applies `change` to the held entry (or a new authorized one) as of `at_ms`, at a
/// version after the held one, and saves it.
pub(crate) async fn update(
    durable: &dyn DurableStore,
    component_appid: &str,
    authorizer_appid: &str,
    at_ms: i64,
    change: impl FnOnce(&mut AuthorizerInfo),
) -> Result<AuthorizerInfo> {
    let held = load(durable, component_appid, authorizer_appid).await?;
    let mut info = held
        .clone()
        .unwrap_or_else(|| AuthorizerInfo::authorized(authorizer_appid, at_ms));
    change(&mut info);
    info.updated_at_ms = at_ms.max(held.map_or(i64::MIN, |h| h.updated_at_ms + 1));
    save(durable, component_appid, &info).await
}

/// Every entry of the platform, by appid.
pub(crate) async fn list(
    durable: &dyn DurableStore,
    component_appid: &str,
) -> Result<Vec<AuthorizerInfo>> {
    let mut out = Vec::new();
    visit(durable, component_appid, |info| out.push(info)).await?;
    Ok(out)
}

/// Hands every entry of the platform to `each`, by appid, reading the durable store a
/// page at a time ([`for_each_entry`]): a platform of 100,000 authorizers is never held
/// as records and entries at once.
pub(crate) async fn visit(
    durable: &dyn DurableStore,
    component_appid: &str,
    mut each: impl FnMut(AuthorizerInfo) + Send,
) -> Result<()> {
    let prefix = keys::registry_prefix(component_appid);
    for_each_entry(durable, &prefix, |key, record| {
        let info = serde_json::from_str(record.value.expose())
            .map_err(|e| Error::store(format!("registry entry {key} is not an authorizer"), e))?;
        each(info);
        Ok(())
    })
    .await
}
