//! The client: one app's HTTP side and token core, shared by all its API groups.

mod app_clients;
pub(crate) mod builder;
pub(crate) mod decode;
pub(crate) mod http;
pub(crate) mod payload;
mod web;

use std::fmt;
use std::sync::Arc;

use tracing::Instrument;

#[doc(hidden)]
pub use app_clients::AppClient;
pub use app_clients::{MiniProgram, OfficialAccount};
pub use builder::ClientBuilder;
pub use http::RetryPolicy;

use crate::app::{AppType, Scenario};
use crate::spec_support::endpoint::{Credential, Endpoint};
use crate::spec_support::signing::XpayKeys;
use crate::token::TokenCore;
use crate::{Error, Result, Secret};
use http::{QueryPairs, NO_SPAN};
use payload::{Answer, Payload};

/// A client of one app. Cheap to clone (an `Arc`), `Send + Sync`.
///
/// Usually reached through a `#[wechat_client]` struct or [`crate::OfficialAccount`],
/// whose group accessors (`app.menu()`, `app.material()`, ...) call it.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Parts>,
}

/// What a client is made of. [`ClientBuilder`] makes it; so do the clients built
/// outside it (a third-party platform's own client and its authorizers').
pub(crate) struct Parts {
    pub(crate) appid: String,
    pub(crate) scenario: Scenario,
    pub(crate) app_type: AppType,
    pub(crate) http: http::Http,
    pub(crate) access_token: Arc<TokenCore>,
    /// The `component_access_token` of the third-party platform this client acts
    /// through: the platform's own client, and the clients of its authorizers.
    pub(crate) component_token: Option<Arc<TokenCore>>,
    /// That platform's component_appid.
    pub(crate) component_appid: Option<String>,
    /// The app secret (scenario `hub`), for the endpoints that take it instead of a
    /// token (`jscode2session`, `oauth2/access_token`).
    pub(crate) secret: Option<Secret>,
    /// The JS-SDK tickets, each through its own token core.
    pub(crate) tickets: Arc<crate::jssdk::Tickets>,
    /// The virtual-payment AppKeys, for the `pay_sig` of signed endpoints.
    pub(crate) xpay: XpayKeys,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("appid", &self.inner.appid)
            .field("scenario", &self.inner.scenario)
            .field("app_type", &self.inner.app_type)
            .field("api_base", &self.inner.http.api_base)
            .field("access_token", &self.inner.access_token)
            .finish()
    }
}

impl Client {
    /// A client of `parts`.
    pub(crate) fn from_parts(parts: Parts) -> Client {
        Client {
            inner: Arc::new(parts),
        }
    }

    /// The virtual-payment AppKeys (for `pay_sig`).
    pub(crate) fn xpay_keys(&self) -> &XpayKeys {
        &self.inner.xpay
    }

    /// The token core of the access_token (the hub serves it).
    #[cfg_attr(not(feature = "hub"), allow(dead_code))]
    pub(crate) fn token_core(&self) -> &Arc<TokenCore> {
        &self.inner.access_token
    }

    /// The same client as another app type (an authorizer known as an Official Account
    /// and asked for as a Mini Program, say): the same token cores.
    pub(crate) fn with_app_type(&self, app_type: AppType) -> Client {
        let i = &self.inner;
        Client::from_parts(Parts {
            appid: i.appid.clone(),
            scenario: i.scenario,
            app_type,
            http: i.http.clone(),
            access_token: Arc::clone(&i.access_token),
            component_token: i.component_token.clone(),
            component_appid: i.component_appid.clone(),
            secret: i.secret.clone(),
            tickets: Arc::clone(&i.tickets),
            xpay: i.xpay.clone(),
        })
    }

    /// The component_appid of the third-party platform this client is an authorizer
    /// of, when it acts through one (web authorization and mini-program login then go
    /// through the platform's endpoints).
    pub fn component_appid(&self) -> Option<&str> {
        self.inner.component_appid.as_deref()
    }

    /// The app type.
    pub(crate) fn app_type(&self) -> AppType {
        self.inner.app_type
    }

    /// The appid.
    pub fn appid(&self) -> &str {
        &self.inner.appid
    }

    /// The WeChat API base URL, e.g. `https://api.weixin.qq.com`.
    pub fn api_base(&self) -> &str {
        &self.inner.http.api_base
    }

    /// Which scenario the client runs in.
    pub fn scenario(&self) -> Scenario {
        self.inner.scenario
    }

    /// The current `access_token`, fetched or refreshed if needed. For APIs this SDK does
    /// not type yet; typed calls never need it.
    ///
    /// # Errors
    /// The token source's error when no valid token can be had (e.g. [`Error::Api`] with
    /// 40125 for a wrong secret).
    pub async fn access_token(&self) -> Result<Secret> {
        self.inner.access_token.get().await
    }

    /// Tells the client that WeChat rejected `token` (errcode 40001, 40014 or 42001 from
    /// a call made outside this SDK). The token is refreshed only if it is still the
    /// current one.
    ///
    /// # Errors
    /// As [`Client::access_token`], plus [`Error::ForceRefreshLimited`].
    pub async fn token_rejected(&self, token: &Secret) -> Result<()> {
        self.inner.access_token.invalidate(token).await
    }

    /// Sends one call and returns the accepted answer, with the headers that tell a file
    /// from a JSON document. Appends the credential; after a rejected token, refreshes
    /// it (compare-and-refresh) and retries once. Not generic, so that hundreds of
    /// endpoints share one copy of it; it borrows what the caller encoded, so that the
    /// call's future holds one copy of the query and the body.
    pub(crate) async fn execute(
        &self,
        ep: &'static Endpoint,
        query: &[(&'static str, String)],
        payload: &Payload,
    ) -> Result<Answer> {
        let token = match ep.credential {
            Credential::AccessToken => Some(&*self.inner.access_token),
            Credential::None => None,
            Credential::ComponentAccessToken | Credential::ComponentAccessTokenAsAccessToken => {
                match &self.inner.component_token {
                    Some(core) => Some(&**core),
                    None => {
                        return Err(Error::config(format!(
                    "{} needs a component_access_token: call it from a third-party platform client",
                    ep.id
                )))
                    }
                }
            }
        };
        let http = &self.inner.http;
        // With no subscriber listening at debug level, no span is built and the call
        // runs unwrapped; with one, the instrumented call lives on the heap, so that
        // the span does not grow every call's future.
        if !tracing::enabled!(tracing::Level::DEBUG) {
            return http
                .send(ep, QueryPairs::Owned(query), payload, token, &NO_SPAN)
                .await;
        }
        let span = tracing::debug_span!(
            "wechat.call",
            group = ep.group,
            endpoint = ep.name,
            attempt = tracing::field::Empty,
            errcode = tracing::field::Empty
        );
        let call = http.send(ep, QueryPairs::Owned(query), payload, token, &span);
        Box::pin(call.instrument(span.clone())).await
    }
}
