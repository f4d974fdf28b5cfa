//! [`Platform`]: a third-party platform's client, and the clients of its authorizers.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use super::authorizer_client::new_authorizer_client;
use super::platform_core::PlatformCore;
use super::registry::{self, AuthorizerInfo};
use super::PlatformStats;
use crate::app::{AppType, Scenario};
use crate::callback::CallbackServer;
use crate::client::Client;
use crate::token::TokenCore;
use crate::{Error, MiniProgram, OfficialAccount, Result, Secret};

/// A third-party platform (开放平台第三方平台, "component app"): its own typed endpoints
/// (`platform.component()`), its `component_access_token`, the authorization flow,
/// the pushes of its 授权事件接收URL, and a client for each authorizer account.
///
/// Cheap to clone (an `Arc`), `Send + Sync`. Built by
/// [`PlatformBuilder`](super::PlatformBuilder), usually through a
/// `#[wechat_client(component_appid = "wx...")]` struct.
///
/// Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/getting_started/how_to_read.html>
#[derive(Clone)]
pub struct Platform {
    pub(crate) inner: Arc<PlatformInner>,
}

pub(crate) struct PlatformInner {
    pub(crate) core: Arc<PlatformCore>,
    /// The client of the platform's own endpoints: its credential is the
    /// `component_access_token`.
    pub(crate) client: Client,
    pub(crate) callbacks: Option<CallbackServer>,
    /// The authorizers' clients, by appid: one set of token cores per authorizer.
    pub(crate) authorizers: Mutex<HashMap<String, Client>>,
}

impl fmt::Debug for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Platform")
            .field("component_appid", &self.inner.core.component_appid)
            .field("scenario", &self.inner.core.scenario)
            .field("core", &self.inner.core)
            .finish_non_exhaustive()
    }
}

/// An authorizer's client, of the app type the registry knows.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Authorizer {
    /// An Official Account: the Official Account groups.
    OfficialAccount(OfficialAccount),
    /// A Mini Program: the Mini Program groups.
    MiniProgram(MiniProgram),
}

impl Authorizer {
    /// The underlying client (appid, `access_token`).
    pub fn client(&self) -> &Client {
        match self {
            Authorizer::OfficialAccount(a) => a.client(),
            Authorizer::MiniProgram(a) => a.client(),
        }
    }
}

impl Platform {
    /// The platform's `component_appid`.
    pub fn appid(&self) -> &str {
        &self.inner.core.component_appid
    }

    /// Which scenario the platform runs in.
    pub fn scenario(&self) -> Scenario {
        self.inner.core.scenario
    }

    /// The client of the platform's own endpoints, whose credential is the
    /// `component_access_token` (what the generated `component()` group calls).
    #[doc(hidden)]
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// The current `component_access_token`, fetched or refreshed if needed. Typed calls
    /// never need it; it is here for endpoints this SDK does not type yet.
    ///
    /// # Errors
    /// [`Error::ComponentTicket`] when no `component_verify_ticket` is held or WeChat
    /// rejects it and no push arrives in time; [`Error::Api`] for other errcodes of
    /// `api_component_token` (61004 IP not whitelisted, 40125 wrong secret, ...).
    pub async fn component_access_token(&self) -> Result<Secret> {
        self.inner.core.component_token.get().await
    }

    /// Tells the platform that WeChat rejected `token` (a `component_access_token` used
    /// outside this SDK): it is refreshed only if it is still the current one.
    ///
    /// # Errors
    /// As [`Platform::component_access_token`].
    pub async fn component_token_rejected(&self, token: &Secret) -> Result<()> {
        self.inner.core.component_token.invalidate(token).await
    }

    /// The client of the Official Account `authorizer_appid`: the Official Account
    /// groups, every call with the authorizer's `access_token`
    /// (`authorizer_access_token`), renewed through `api_authorizer_token` and retried
    /// once after a compare-and-refresh on 40001 / 40014 / 42001, as for common apps.
    ///
    /// Building it sends nothing; the first call does, and fails with
    /// [`Error::UnknownAuthorizer`] (no upstream request) when the platform holds no
    /// `authorizer_refresh_token` for it, or [`Error::AuthorizerNeedsReauthorization`].
    pub fn official_account(&self, authorizer_appid: &str) -> OfficialAccount {
        OfficialAccount::from(self.authorizer_client(authorizer_appid, AppType::OfficialAccount))
    }

    /// The client of the Mini Program `authorizer_appid`: the Mini Program groups; as
    /// [`Platform::official_account`] otherwise.
    pub fn mini_program(&self, authorizer_appid: &str) -> MiniProgram {
        MiniProgram::from(self.authorizer_client(authorizer_appid, AppType::MiniProgram))
    }

    /// The client of `authorizer_appid`, of the app type the registry knows (from
    /// `api_get_authorizer_info` at authorization).
    ///
    /// # Errors
    /// [`Error::UnknownAuthorizer`] when the registry has no such authorizer (nothing is
    /// sent); [`Error::Config`] when its app type is unknown (a scenario `client`
    /// platform has no registry: use [`Platform::official_account`] or
    /// [`Platform::mini_program`]); [`Error::Store`] when the registry cannot be read.
    pub async fn authorizer(&self, authorizer_appid: &str) -> Result<Authorizer> {
        let core = &self.inner.core;
        if core.scenario == Scenario::Client {
            return Err(Error::config(format!(
                "the app type of authorizer {authorizer_appid} is kept by the hub: use platform.official_account(..) or platform.mini_program(..)"
            )));
        }
        let entry = registry::load(&*core.durable, &core.component_appid, authorizer_appid)
            .await?
            .ok_or_else(|| Error::UnknownAuthorizer {
                component_appid: core.component_appid.clone(),
                authorizer_appid: authorizer_appid.to_owned(),
            })?;
        match entry.app_type {
            Some(AppType::OfficialAccount) => Ok(Authorizer::OfficialAccount(
                self.official_account(authorizer_appid),
            )),
            Some(AppType::MiniProgram) => {
                Ok(Authorizer::MiniProgram(self.mini_program(authorizer_appid)))
            }
            None => Err(Error::config(format!(
                "the app type of authorizer {authorizer_appid} is not known yet (api_get_authorizer_info failed at authorization): use platform.official_account(..) or platform.mini_program(..)"
            ))),
        }
    }

    /// The registry entry of `authorizer_appid`, if any (scenario `hub`).
    ///
    /// # Errors
    /// [`Error::Store`] when the durable store cannot be read.
    pub async fn authorizer_info(&self, authorizer_appid: &str) -> Result<Option<AuthorizerInfo>> {
        let core = &self.inner.core;
        registry::load(&*core.durable, &core.component_appid, authorizer_appid).await
    }

    /// Every authorizer in the registry, by appid (scenario `hub`). WeChat's own list
    /// is [`Platform::authorizer_list`].
    ///
    /// # Errors
    /// [`Error::Store`] when the durable store cannot be read.
    pub async fn authorizers(&self) -> Result<Vec<AuthorizerInfo>> {
        let core = &self.inner.core;
        registry::list(&*core.durable, &core.component_appid).await
    }

    /// Hands every registry entry to `each`, by appid, read a page at a time: the
    /// hub's refresher and `/metrics` go through a large platform's registry without
    /// holding it whole.
    #[cfg_attr(not(feature = "hub"), allow(dead_code))]
    pub(crate) async fn visit_authorizers(
        &self,
        each: impl FnMut(AuthorizerInfo) + Send,
    ) -> Result<()> {
        let core = &self.inner.core;
        registry::visit(&*core.durable, &core.component_appid, each).await
    }

    /// The token core of the `component_access_token` (the hub serves it).
    #[cfg_attr(not(feature = "hub"), allow(dead_code))]
    pub(crate) fn component_core(&self) -> &Arc<TokenCore> {
        &self.inner.core.component_token
    }

    /// Counters of this process: tickets received, authorizer refreshes and failures,
    /// authorizers marked as needing re-authorization.
    pub fn stats(&self) -> PlatformStats {
        self.inner.core.counters.snapshot()
    }

    /// The callback server of the platform's 授权事件接收URL (scenario `hub`, when the
    /// builder was given the Token and EncodingAESKey): mount it with
    /// `wechat::callback::axum` (feature `axum`) or call [`Platform::receive_push`].
    pub fn callback_server(&self) -> Option<&CallbackServer> {
        self.inner.callbacks.as_ref()
    }

    /// The client of one authorizer: its token cores are made once and kept.
    pub(crate) fn authorizer_client(&self, authorizer_appid: &str, app_type: AppType) -> Client {
        let mut known = self
            .inner
            .authorizers
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let client = known
            .entry(authorizer_appid.to_owned())
            .or_insert_with(|| new_authorizer_client(&self.inner.core, authorizer_appid, app_type));
        if client.app_type() == app_type {
            client.clone()
        } else {
            client.with_app_type(app_type)
        }
    }
}
