//! The client: one app's HTTP side and token core, shared by all its API groups.

mod builder;
pub(crate) mod call;
pub(crate) mod decode;
pub(crate) mod http;
pub(crate) mod payload;
mod web;

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use tracing::Instrument;

pub use builder::ClientBuilder;
pub use http::RetryPolicy;

use crate::app::{AppType, Scenario};
use crate::endpoint::{Credential, Endpoint};
use crate::token::TokenCore;
use crate::{Error, Result, Secret};
use payload::{Answer, Payload};

/// errcodes that mean "this access_token is no longer accepted": 40001 (invalid or not
/// the latest), 40014 (invalid), 42001 (expired).
const REJECTED_TOKEN: [i64; 3] = [40001, 40014, 42001];

/// A client of one app. Cheap to clone (an `Arc`), `Send + Sync`.
///
/// Usually reached through a `#[wechat_client]` struct or [`crate::OfficialAccount`],
/// whose group accessors (`app.menu()`, `app.material()`, ...) call it.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    appid: String,
    scenario: Scenario,
    app_type: AppType,
    http: http::Http,
    access_token: Arc<TokenCore>,
    /// The app secret (scenario `hub`), for the endpoints that take it instead of a
    /// token (`jscode2session`, `oauth2/access_token`).
    secret: Option<Secret>,
    /// The JS-SDK tickets, each through its own token core.
    tickets: crate::jssdk::Tickets,
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

    /// Sends one call and returns the body of an accepted answer. Appends the credential;
    /// after a rejected token, refreshes it (compare-and-refresh) and retries once.
    /// Not generic, so that hundreds of endpoints share one copy of it.
    pub(crate) async fn execute(
        &self,
        ep: &'static Endpoint,
        query: Vec<(&'static str, String)>,
        body: Option<Bytes>,
    ) -> Result<Bytes> {
        let payload = body.map_or(Payload::Empty, Payload::Json);
        self.execute_payload(ep, query, payload)
            .await
            .map(|a| a.body)
    }

    /// [`Client::execute`] for any payload (JSON, multipart, none), returning the answer
    /// with the headers that tell a file from a JSON document.
    pub(crate) async fn execute_payload(
        &self,
        ep: &'static Endpoint,
        query: Vec<(&'static str, String)>,
        payload: Payload,
    ) -> Result<Answer> {
        // With no subscriber listening at debug level, no span is built and the
        // attempts run unwrapped.
        if !tracing::enabled!(tracing::Level::DEBUG) {
            return self
                .attempts(ep, &query, &payload, &tracing::Span::none())
                .await;
        }
        let span = tracing::debug_span!(
            "wechat.call",
            group = ep.group,
            endpoint = ep.name,
            attempt = tracing::field::Empty,
            errcode = tracing::field::Empty
        );
        self.attempts(ep, &query, &payload, &span)
            .instrument(span.clone())
            .await
    }

    /// The attempts of one call: the first, and after a rejected token one more.
    async fn attempts(
        &self,
        ep: &'static Endpoint,
        query: &[(&'static str, String)],
        payload: &Payload,
        span: &tracing::Span,
    ) -> Result<Answer> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let token = match ep.credential {
                Credential::AccessToken => Some(self.inner.access_token.get().await?),
                Credential::None => None,
                Credential::ComponentAccessToken => {
                    return Err(Error::config(format!(
                    "{} needs a component_access_token: call it from a third-party platform client",
                    ep.id
                )))
                }
            };
            let mut full_query: Vec<(&str, &str)> = Vec::with_capacity(query.len() + 1);
            if let Some(t) = &token {
                full_query.push(("access_token", t.expose()));
            }
            full_query.extend(query.iter().map(|(k, v)| (*k, v.as_str())));
            match self.inner.http.send(ep, &full_query, payload).await {
                Err(e)
                    if attempt == 1 && e.errcode().is_some_and(|c| REJECTED_TOKEN.contains(&c)) =>
                {
                    let Some(token) = token else { return Err(e) };
                    span.record("errcode", e.errcode());
                    tracing::debug!(
                        errcode = e.errcode(),
                        "access_token rejected; refreshing and retrying once"
                    );
                    self.inner.access_token.invalidate(&token).await?;
                }
                Err(e) => {
                    if let Some(code) = e.errcode() {
                        span.record("errcode", code);
                    }
                    return Err(e);
                }
                ok => return ok,
            }
        }
    }
}
