//! An authorizer's `access_token` from WeChat: `api_authorizer_token` with the
//! platform's `component_access_token` and the authorizer's durable
//! `authorizer_refresh_token`.
//!
//! - A new `authorizer_refresh_token` in the answer is written to the durable store
//!   **before** the new access token is returned: when that write fails, the call fails
//!   and the token is not used, so the refresh token WeChat now expects is never lost.
//! - A refresh token WeChat rejects (61023 and friends) marks the authorizer as needing
//!   re-authorization in the registry: later calls fail at once, with no upstream request.
//! - An authorizer with no refresh token but an authorization code pushed with
//!   `authorized` completes its authorization first (`api_query_auth`).
//!
//! Doc: <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getAuthorizerAccessToken.html>

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;

use super::endpoints::{AuthorizerTokenAnswer, AUTHORIZER_TOKEN};
use super::platform_core::PlatformCore;
use super::registry::{self, AuthorizerState};
use super::token_pacer;
use super::{keys, Counters};
use crate::client::http::{QueryPairs, NO_SPAN};
use crate::client::payload::Payload;
use crate::store::{DurableRecord, StoredToken};
use crate::token::TokenSource;
use crate::{Error, Result, Secret};

/// Errcodes that mean "this authorizer_refresh_token will never work again": 61023
/// (refresh_token is invalid), 61003 (the account has not authorized the platform).
pub(crate) const REFRESH_TOKEN_DEAD: [i64; 2] = [61023, 61003];

pub(crate) struct AuthorizerTokenSource {
    pub(crate) core: Arc<PlatformCore>,
    pub(crate) authorizer_appid: String,
}

impl fmt::Debug for AuthorizerTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizerTokenSource")
            .field("component_appid", &self.core.component_appid)
            .field("authorizer_appid", &self.authorizer_appid)
            .finish()
    }
}

impl AuthorizerTokenSource {
    fn needs_reauthorization(&self, reason: String) -> Error {
        Error::AuthorizerNeedsReauthorization {
            component_appid: self.core.component_appid.clone(),
            authorizer_appid: self.authorizer_appid.clone(),
            reason,
        }
    }

    /// The held refresh token; completes a pushed authorization first when there is
    /// none yet.
    async fn refresh_token(&self) -> Result<DurableRecord> {
        let core = &self.core;
        let durable = &*core.durable;
        let (c, a) = (
            core.component_appid.as_str(),
            self.authorizer_appid.as_str(),
        );
        let entry = registry::load(durable, c, a).await?;
        if let Some(entry) = &entry {
            if entry.state != AuthorizerState::Authorized {
                return Err(self.needs_reauthorization(
                    entry
                        .reason
                        .clone()
                        .unwrap_or_else(|| entry.state.as_str().to_owned()),
                ));
            }
        }
        let held = durable.load(&keys::refresh_token(c, a)).await?;
        let pending = entry.and_then(|e| e.pending_authorization_code);
        let Some(code) = pending else {
            return held.ok_or_else(|| Error::UnknownAuthorizer {
                component_appid: c.to_owned(),
                authorizer_appid: a.to_owned(),
            });
        };
        // A pushed (re-)authorization not exchanged yet: after a re-authorization the
        // held refresh token may no longer work.
        tracing::info!(
            component_appid = c,
            authorizer_appid = a,
            "completing a pushed authorization"
        );
        let completed = core.complete_authorization(&code).await;
        if let Err(Error::Api { errcode, .. }) = &completed {
            // WeChat refused the code (used, expired): it will never work; forget it.
            let reason = format!("the pushed authorization code was refused (errcode {errcode})");
            registry::update(durable, c, a, core.clock.now_ms(), |info| {
                if info.pending_authorization_code.as_deref() == Some(code.as_str()) {
                    info.pending_authorization_code = None;
                }
                info.reason = Some(reason);
            })
            .await?;
        }
        match (completed, held) {
            (Ok(_), _) => {}
            (Err(e), Some(held)) => {
                tracing::warn!(component_appid = c, authorizer_appid = a, error = %e, "pushed authorization code not exchanged; using the held refresh token");
                return Ok(held);
            }
            (Err(e), None) => return Err(e),
        }
        durable
            .load(&keys::refresh_token(c, a))
            .await?
            .ok_or_else(|| Error::UnknownAuthorizer {
                component_appid: c.to_owned(),
                authorizer_appid: a.to_owned(),
            })
    }
}

#[async_trait]
impl TokenSource for AuthorizerTokenSource {
    async fn fetch(&self, _rejected: Option<&Secret>) -> Result<StoredToken> {
        let core = &self.core;
        let (c, a) = (
            core.component_appid.as_str(),
            self.authorizer_appid.as_str(),
        );
        let refresh = self.refresh_token().await?;
        let body = serde_json::json!({
            "component_appid": c,
            "authorizer_appid": a,
            "authorizer_refresh_token": refresh.value.expose(),
        });
        let body = serde_json::to_vec(&body)
            .map_err(|e| Error::config(format!("cannot encode a token request: {e}")))?;
        // The hub's refresher spaces its renewals here, right before they leave.
        token_pacer::wait_turn_if_paced().await;
        let sent = core
            .http
            .send(
                &AUTHORIZER_TOKEN,
                QueryPairs::Borrowed(&[]),
                &Payload::Json(body.into()),
                Some(&core.component_token),
                &NO_SPAN,
            )
            .await;
        let answer = match sent {
            Ok(answer) => answer,
            Err(e) => {
                Counters::bump(&core.counters.authorizer_refresh_failures);
                if let Some(code) = e.errcode().filter(|c| REFRESH_TOKEN_DEAD.contains(c)) {
                    let reason =
                        format!("WeChat rejected its authorizer_refresh_token (errcode {code})");
                    tracing::warn!(
                        component_appid = c,
                        authorizer_appid = a,
                        errcode = code,
                        "authorizer needs re-authorization"
                    );
                    registry::update(&*core.durable, c, a, core.clock.now_ms(), |info| {
                        info.state = AuthorizerState::NeedsReauthorization;
                        info.reason = Some(reason.clone());
                    })
                    .await?;
                    return Err(self.needs_reauthorization(reason));
                }
                return Err(e);
            }
        };
        let answer: AuthorizerTokenAnswer =
            crate::client::decode::decode(&AUTHORIZER_TOKEN, &answer.body)?;
        let now_ms = core.clock.now_ms();
        if let Some(new) = answer
            .authorizer_refresh_token
            .filter(|t| !t.is_empty() && *t != refresh.value)
        {
            // Durable first: the token is returned only once WeChat's new refresh token
            // is kept.
            let version = now_ms.max(refresh.version + 1);
            core.durable
                .save(&keys::refresh_token(c, a), DurableRecord::new(new, version))
                .await?;
        }
        Counters::bump(&core.counters.authorizer_refreshes);
        tracing::info!(
            component_appid = c,
            authorizer_appid = a,
            "authorizer_access_token refreshed"
        );
        Ok(StoredToken::fetched_at(
            answer.authorizer_access_token,
            answer.expires_in,
            now_ms,
        ))
    }
}
