//! Tokens from a hub (scenario `client`), over the hub protocol of elixir_wechat's
//! `DefaultClient`:
//!
//! - `GET {hub}/client/access_token?appid=A` → `{"access_token","expires_in","timestamp"}`;
//! - `POST {hub}/refresh/access_token` with `{"appid","access_token"}` (the token WeChat
//!   rejected) → the same shape;
//! - `GET {hub}/client/ticket?appid=A&type=jsapi|wx_card` → `{"ticket","expires_in","timestamp","type"}`.
//!
//! For a third-party platform (elixir_wechat's `DefaultComponentClient`), `appid` is the
//! platform's `component_appid`:
//!
//! - `GET {hub}/client/component_access_token?appid=C` → `{"access_token","expires_in","timestamp"}`;
//! - `POST {hub}/refresh/component_access_token` with `{"appid","access_token"}`;
//! - an authorizer's tokens and tickets: the routes above with `authorizer_appid=A`
//!   (in the query, or in the refresh body).
//!
//! With a key, every request carries `Authorization: Bearer <key>`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use serde::Deserialize;

use super::{TicketKind, TokenSource};
use crate::client::decode::excerpt;
use crate::client::RetryPolicy;
use crate::clock::Clock;
use crate::store::StoredToken;
use crate::{errcode, Error, Result, Secret};

/// Which token a [`HubTokenSource`] gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HubToken {
    /// The app's `access_token`.
    AccessToken,
    /// One of its api_tickets.
    Ticket(TicketKind),
    /// A third-party platform's `component_access_token`.
    ComponentAccessToken,
}

/// Gets tokens from a hub.
pub(crate) struct HubTokenSource {
    pub(crate) client: reqwest::Client,
    /// The hub's base URL, without a trailing `/`.
    pub(crate) hub_url: String,
    pub(crate) key: Option<Secret>,
    pub(crate) appid: String,
    /// The authorizer whose tokens these are, when `appid` is a platform's.
    pub(crate) authorizer_appid: Option<String>,
    pub(crate) token: HubToken,
    pub(crate) retry: RetryPolicy,
    /// Stamps the tokens it gets (Unix ms).
    pub(crate) clock: Arc<dyn Clock>,
}

impl fmt::Debug for HubTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HubTokenSource")
            .field("hub_url", &self.hub_url)
            .field("key", &self.key)
            .field("appid", &self.appid)
            .field("authorizer_appid", &self.authorizer_appid)
            .field("token", &self.token)
            .finish()
    }
}

/// A hub's answer: the token is under `access_token` or `ticket`.
#[derive(Deserialize)]
struct HubAnswer {
    #[serde(alias = "ticket")]
    access_token: Secret,
    expires_in: i64,
}

#[derive(Deserialize)]
struct HubError {
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    /// WeChat's HTTP status, when the hub's upstream request failed with one.
    #[serde(default)]
    upstream_status: Option<u16>,
    /// The hub's name of a platform error (`unknown_authorizer`, ...).
    #[serde(default)]
    kind: Option<String>,
}

enum Attempt {
    Done(StoredToken),
    Transient(Error),
    Failed(Error),
}

impl HubTokenSource {
    async fn attempt(&self, endpoint: &'static str, rejected: Option<&Secret>) -> Attempt {
        let mut query = vec![("appid", self.appid.as_str())];
        if let Some(a) = &self.authorizer_appid {
            query.push(("authorizer_appid", a.as_str()));
        }
        let refresh_body = |r: &Secret| {
            let mut body = serde_json::json!({ "appid": self.appid, "access_token": r.expose() });
            if let Some(a) = &self.authorizer_appid {
                body["authorizer_appid"] = serde_json::Value::from(a.as_str());
            }
            body
        };
        let mut req = match (self.token, rejected) {
            (HubToken::AccessToken, Some(r)) => self
                .client
                .post(format!("{}/refresh/access_token", self.hub_url))
                .json(&refresh_body(r)),
            (HubToken::AccessToken, None) => self
                .client
                .get(format!("{}/client/access_token", self.hub_url))
                .query(&query),
            (HubToken::ComponentAccessToken, Some(r)) => self
                .client
                .post(format!("{}/refresh/component_access_token", self.hub_url))
                .json(&refresh_body(r)),
            (HubToken::ComponentAccessToken, None) => self
                .client
                .get(format!("{}/client/component_access_token", self.hub_url))
                .query(&query),
            (HubToken::Ticket(kind), _) => {
                query.push(("type", kind.as_str()));
                self.client
                    .get(format!("{}/client/ticket", self.hub_url))
                    .query(&query)
            }
        };
        if let Some(key) = &self.key {
            let mut value =
                match reqwest::header::HeaderValue::try_from(format!("Bearer {}", key.expose())) {
                    Ok(v) => v,
                    Err(_) => {
                        return Attempt::Failed(Error::config(
                            "the hub key has characters an HTTP header cannot carry",
                        ))
                    }
                };
            value.set_sensitive(true);
            req = req.header(reqwest::header::AUTHORIZATION, value);
        }
        let transport = |e: reqwest::Error| Error::Transport {
            endpoint,
            timeout: e.is_timeout(),
            source: e.without_url(),
        };
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return Attempt::Transient(transport(e)),
        };
        let status = resp.status();
        let body: Bytes = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => return Attempt::Transient(transport(e)),
        };
        if status.is_success() {
            return match serde_json::from_slice::<HubAnswer>(&body) {
                Ok(a) if !a.access_token.is_empty() && a.expires_in > 0 => Attempt::Done(
                    StoredToken::fetched_at(a.access_token, a.expires_in, self.clock.now_ms()),
                ),
                Ok(_) => Attempt::Failed(Error::Decode {
                    endpoint,
                    path: ".".to_owned(),
                    message: "empty token or non-positive expires_in".to_owned(),
                    body_excerpt: excerpt(&body),
                }),
                Err(e) => Attempt::Failed(Error::Decode {
                    endpoint,
                    path: ".".to_owned(),
                    message: e.to_string(),
                    body_excerpt: excerpt(&body),
                }),
            };
        }
        // A WeChat errcode or HTTP status passed on by the hub (HTTP 502): the same
        // error as in scenario `hub`. Otherwise the hub's own refusal (401, 403, 404...).
        if let Ok(e) = serde_json::from_slice::<HubError>(&body) {
            if let Some(typed) = self.platform_error(&e) {
                return Attempt::Failed(typed);
            }
            if let Some(upstream) = e.upstream_status.filter(|_| status.as_u16() == 502) {
                let err = Error::Http {
                    endpoint,
                    status: upstream,
                    body_excerpt: excerpt(e.errmsg.as_bytes()),
                };
                return if (500..600).contains(&upstream) {
                    Attempt::Transient(err)
                } else {
                    Attempt::Failed(err)
                };
            }
            if status.as_u16() == 502 && !(100..600).contains(&e.errcode) {
                let err = Error::Api {
                    endpoint,
                    errcode: e.errcode,
                    errmsg: e.errmsg,
                    name: errcode::describe(e.errcode).map(|d| d.name),
                };
                return if e.errcode == -1 {
                    Attempt::Transient(err)
                } else {
                    Attempt::Failed(err)
                };
            }
        }
        let err = Error::Http {
            endpoint,
            status: status.as_u16(),
            body_excerpt: excerpt(&body),
        };
        if status.is_server_error() {
            Attempt::Transient(err)
        } else {
            Attempt::Failed(err)
        }
    }

    /// A platform error the hub names, as the typed error it was on the hub.
    fn platform_error(&self, e: &HubError) -> Option<Error> {
        let authorizer = || self.authorizer_appid.clone().unwrap_or_default();
        match e.kind.as_deref()? {
            "unknown_authorizer" => Some(Error::UnknownAuthorizer {
                component_appid: self.appid.clone(),
                authorizer_appid: authorizer(),
            }),
            "needs_reauthorization" => Some(Error::AuthorizerNeedsReauthorization {
                component_appid: self.appid.clone(),
                authorizer_appid: authorizer(),
                reason: format!("the hub says: {}", e.errmsg),
            }),
            _ => None,
        }
    }

    fn backoff(&self, retry: u32) -> Duration {
        self.retry
            .base_delay
            .saturating_mul(1 << retry.min(16))
            .min(Duration::from_secs(5))
    }
}

#[async_trait]
impl TokenSource for HubTokenSource {
    async fn fetch(&self, rejected: Option<&Secret>) -> Result<StoredToken> {
        let endpoint = match (self.token, rejected) {
            (HubToken::AccessToken, Some(_)) => "hub.refresh_access_token",
            (HubToken::AccessToken, None) => "hub.access_token",
            (HubToken::ComponentAccessToken, Some(_)) => "hub.refresh_component_access_token",
            (HubToken::ComponentAccessToken, None) => "hub.component_access_token",
            (HubToken::Ticket(_), _) => "hub.ticket",
        };
        let mut retry = 0;
        loop {
            match self.attempt(endpoint, rejected).await {
                Attempt::Done(t) => return Ok(t),
                Attempt::Failed(e) => return Err(e),
                Attempt::Transient(e) if retry >= self.retry.max_retries => return Err(e),
                Attempt::Transient(e) => {
                    tracing::debug!(endpoint, retry = retry + 1, error = %e, "hub request failed; retrying");
                    tokio::time::sleep(self.backoff(retry)).await;
                    retry += 1;
                }
            }
        }
    }
}
