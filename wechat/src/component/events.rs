//! The pushes of the platform's 授权事件接收URL: the ticket goes to the durable store at
//! once, authorization events update the registry, and each push is answered `success`
//! only after it is stored (a store failure answers HTTP 500, so WeChat pushes again).
//!
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html>

use std::sync::Arc;

use async_trait::async_trait;

use super::platform::Platform;
use super::platform_core::PlatformCore;
use super::registry::{self, AuthorizerInfo, AuthorizerState};
use super::{ticket, Counters};
use crate::callback::{
    CallbackError, CallbackQuery, CallbackResponse, Handler, HandlerResult, Incoming,
};
use crate::message::{AuthorizationEvent, ComponentEvent, Message, Reply};
use crate::{Error, Result};

impl PlatformCore {
    /// Stores what `event` says: the ticket, or the registry change.
    pub(crate) async fn record_event(&self, event: &ComponentEvent) -> Result<()> {
        if event.app_id() != self.component_appid {
            return Err(Error::InvalidArgument {
                argument: "AppId",
                reason: format!(
                    "a push for platform {} reached platform {}",
                    event.app_id(),
                    self.component_appid
                ),
            });
        }
        match event {
            ComponentEvent::ComponentVerifyTicket(t) => {
                if t.component_verify_ticket.trim().is_empty() {
                    return Err(Error::InvalidArgument {
                        argument: "ComponentVerifyTicket",
                        reason: "empty".to_owned(),
                    });
                }
                ticket::save(
                    &*self.durable,
                    &self.component_appid,
                    &t.component_verify_ticket,
                    t.create_time,
                )
                .await?;
                Counters::bump(&self.counters.tickets_received);
                tracing::debug!(component_appid = %self.component_appid, "component_verify_ticket stored");
            }
            ComponentEvent::Authorized(e) | ComponentEvent::UpdateAuthorized(e) => {
                self.apply(e, |info| {
                    info.state = AuthorizerState::Authorized;
                    info.reason = None;
                    // A code already exchanged (the redirect's, completed first) is not
                    // pending again.
                    info.pending_authorization_code = e
                        .authorization_code
                        .clone()
                        .filter(|c| info.last_exchanged_code.as_ref() != Some(c));
                })
                .await?;
                tracing::info!(component_appid = %self.component_appid, authorizer_appid = %e.authorizer_appid, info_type = event.info_type(), "authorization pushed");
            }
            ComponentEvent::Unauthorized(e) => {
                self.apply(e, |info| {
                    info.state = AuthorizerState::Unauthorized;
                    info.reason =
                        Some("it revoked the authorization (unauthorized push)".to_owned());
                    info.pending_authorization_code = None;
                })
                .await?;
                tracing::info!(component_appid = %self.component_appid, authorizer_appid = %e.authorizer_appid, "authorization revoked");
            }
            _ => {}
        }
        Ok(())
    }

    /// Applies a pushed change at the push's `CreateTime`: a push from a second before
    /// the held entry's changes nothing; one of the same second or later wins (a
    /// revocation pushed in the second of an authorization revokes it).
    async fn apply(
        &self,
        e: &AuthorizationEvent,
        change: impl FnOnce(&mut AuthorizerInfo),
    ) -> Result<AuthorizerInfo> {
        let at_ms = i64::try_from(e.create_time)
            .unwrap_or(i64::MAX / 1000)
            .saturating_mul(1000);
        let held =
            registry::load(&*self.durable, &self.component_appid, &e.authorizer_appid).await?;
        if let Some(h) = held
            .as_ref()
            .filter(|h| h.updated_at_ms.div_euclid(1000) > at_ms / 1000)
        {
            // Stale: keep the held entry, whatever it says.
            return Ok(h.clone());
        }
        let mut info = held
            .clone()
            .unwrap_or_else(|| AuthorizerInfo::authorized(&e.authorizer_appid, at_ms));
        change(&mut info);
        info.updated_at_ms = at_ms.max(held.map_or(i64::MIN, |h| h.updated_at_ms + 1));
        registry::save(&*self.durable, &self.component_appid, &info).await
    }
}

/// The router fallback of the platform's callback server.
pub(crate) struct EventRecorder {
    pub(crate) core: Arc<PlatformCore>,
}

#[async_trait]
impl Handler for EventRecorder {
    async fn handle(&self, incoming: Incoming) -> HandlerResult {
        match &incoming.message {
            Message::Component(event) => {
                self.core.record_event(event).await?;
                Ok(Reply::Success)
            }
            _ => {
                tracing::debug!(component_appid = %self.core.component_appid, "a push that is not a platform event; answered success");
                Ok(Reply::Success)
            }
        }
    }
}

impl Platform {
    /// The held `component_verify_ticket`, with its version (the push's `CreateTime`,
    /// Unix ms).
    #[cfg_attr(not(feature = "hub"), allow(dead_code))]
    pub(crate) async fn held_ticket(&self) -> Result<Option<crate::store::DurableRecord>> {
        let core = &self.inner.core;
        ticket::load(&*core.durable, &core.component_appid).await
    }

    /// Handles one push to the platform's 授权事件接收URL (`POST`, with its query
    /// string): checks `msg_signature`, decrypts with the platform's EncodingAESKey
    /// (receiver id = component_appid), stores the `component_verify_ticket` or the
    /// registry change, and returns the answer (`success`) to send back.
    ///
    /// # Errors
    /// [`CallbackError`] for a wrong signature, a replay, a body that is not an
    /// encrypted push, or a store failure (`Handler`, answered 500 so that WeChat
    /// pushes again); [`CallbackError::NotConfiguredForEncryption`] when the builder was
    /// given no Token and EncodingAESKey. Nothing is stored on any error.
    pub async fn receive_push(
        &self,
        query: &CallbackQuery,
        body: &[u8],
    ) -> std::result::Result<CallbackResponse, CallbackError> {
        match self.callback_server() {
            Some(server) => server.handle_post(query, body, None).await,
            None => Err(CallbackError::NotConfiguredForEncryption),
        }
    }

    /// Stores a `component_verify_ticket` received some other way (pushed to another
    /// server of yours, say). `create_time` is the push's `CreateTime` (Unix seconds): a
    /// ticket older than the held one is ignored.
    ///
    /// # Errors
    /// [`Error::Store`] when the durable store cannot be written.
    pub async fn record_ticket(&self, ticket: &str, create_time: u64) -> Result<()> {
        let core = &self.inner.core;
        ticket::save(&*core.durable, &core.component_appid, ticket, create_time)
            .await
            .map(drop)
    }

    /// Stores what a platform push (decrypted elsewhere) says, as
    /// [`Platform::receive_push`] does.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a push of another platform; [`Error::Store`].
    pub async fn record_event(&self, event: &ComponentEvent) -> Result<()> {
        self.inner.core.record_event(event).await
    }
}
