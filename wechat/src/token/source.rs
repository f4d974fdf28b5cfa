//! Where fresh tokens come from: WeChat itself (scenario `hub`), or a hub (scenario `client`).

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;

use super::force_limit::ForceRefreshLimit;
use crate::client::http::Http;
use crate::clock::Clock;
use crate::spec_support::endpoint::{Credential, Endpoint, HttpMethod};
use crate::store::StoredToken;
use crate::{Error, Result, Secret};

/// Fetches a new token when the token core needs one.
///
/// The token core calls it under its refresh lock, so at most one call per token is in
/// flight in a process.
#[async_trait]
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// A valid token. `rejected` is the token WeChat just rejected (errcode 40001, 40014
    /// or 42001) when this is a refresh after a failed call: the source must not return
    /// it again.
    ///
    /// # Errors
    /// Whatever getting the token fails with: [`Error::Api`] for WeChat's errcodes (40013
    /// unknown appid, 40125 wrong secret, 40164 IP not whitelisted, 45009 quota...),
    /// transport errors, or [`Error::ForceRefreshLimited`].
    ///
    /// The token's `fetched_at_ms` is when it was fetched: [`StoredToken::fetched_now`]
    /// reads the wall clock; a client given another clock
    /// ([`ClientBuilder::clock`](crate::ClientBuilder::clock)) expects
    /// [`StoredToken::fetched_at`] with that clock's time.
    async fn fetch(&self, rejected: Option<&Secret>) -> Result<StoredToken>;
}

/// Which WeChat endpoint issues the `access_token`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TokenEndpoint {
    /// `POST /cgi-bin/stable_token` (the default): the same token until near expiry, so
    /// that several holders of the secret do not invalidate each other's tokens.
    /// <https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken>
    #[default]
    Stable,
    /// `GET /cgi-bin/token`: each call issues a new token and invalidates the previous
    /// one after 5 minutes.
    /// <https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html>
    Classic,
}

static STABLE_TOKEN: Endpoint = Endpoint {
    id: "token.stable_token",
    group: "token",
    name: "stable_token",
    method: HttpMethod::Post,
    path: "/cgi-bin/stable_token",
    credential: Credential::None,
};

static CLASSIC_TOKEN: Endpoint = Endpoint {
    id: "token.token",
    group: "token",
    name: "token",
    method: HttpMethod::Get,
    path: "/cgi-bin/token",
    credential: Credential::None,
};

/// Gets `access_token` from WeChat with the app secret (scenario `hub`).
pub(crate) struct WeChatTokenSource {
    pub(crate) http: Http,
    pub(crate) appid: String,
    pub(crate) secret: Secret,
    pub(crate) endpoint: TokenEndpoint,
    /// Shared with whatever else must know the limit (the hub's refresh route).
    pub(crate) force_limit: Arc<ForceRefreshLimit>,
    /// Stamps the tokens it fetches (Unix ms).
    pub(crate) clock: Arc<dyn Clock>,
}

impl fmt::Debug for WeChatTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WeChatTokenSource")
            .field("appid", &self.appid)
            .field("secret", &self.secret)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Secret,
    expires_in: i64,
}

impl WeChatTokenSource {
    async fn stable(&self, force_refresh: bool) -> Result<StoredToken> {
        let body = serde_json::json!({
            "grant_type": "client_credential",
            "appid": self.appid,
            "secret": self.secret.expose(),
            "force_refresh": force_refresh,
        });
        let body = serde_json::to_vec(&body)
            .map_err(|e| Error::config(format!("cannot encode a token request: {e}")))?;
        let answer = self
            .http
            .send_checked(&STABLE_TOKEN, &[], Some(body.into()))
            .await?;
        self.token_from(&STABLE_TOKEN, &answer)
    }

    async fn classic(&self) -> Result<StoredToken> {
        let query = [
            ("grant_type", "client_credential"),
            ("appid", self.appid.as_str()),
            ("secret", self.secret.expose()),
        ];
        let answer = self.http.send_checked(&CLASSIC_TOKEN, &query, None).await?;
        self.token_from(&CLASSIC_TOKEN, &answer)
    }

    fn token_from(&self, ep: &'static Endpoint, body: &[u8]) -> Result<StoredToken> {
        let answer: TokenAnswer = crate::client::decode::decode(ep, body)?;
        Ok(StoredToken::fetched_at(
            answer.access_token,
            answer.expires_in,
            self.clock.now_ms(),
        ))
    }
}

#[async_trait]
impl TokenSource for WeChatTokenSource {
    async fn fetch(&self, rejected: Option<&Secret>) -> Result<StoredToken> {
        match self.endpoint {
            TokenEndpoint::Classic => self.classic().await,
            TokenEndpoint::Stable => {
                let limited = |reason| Error::ForceRefreshLimited {
                    appid: self.appid.clone(),
                    reason,
                };
                if rejected.is_some() {
                    // A rejected token may need a forced refresh: when WeChat would not
                    // allow one, say so before sending anything.
                    self.force_limit.check().map_err(limited)?;
                }
                let token = self.stable(false).await?;
                if rejected != Some(&token.value) {
                    return Ok(token);
                }
                // WeChat still hands out the token it rejects: only a forced refresh helps.
                self.force_limit.try_take().map_err(limited)?;
                tracing::warn!(appid = %self.appid, "access_token rejected; stable_token force_refresh");
                self.stable(true).await
            }
        }
    }
}
