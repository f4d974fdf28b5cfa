//! `component_access_token` from WeChat: `api_component_token` with the held
//! `component_verify_ticket`, healing itself when the ticket is missing or rejected.
//!
//! - No ticket held: `api_start_push_ticket` (at most once per 10 minutes), then wait,
//!   bounded, for the push to reach the durable store.
//! - 61005 / 61006 (ticket expired / invalid): the same, waiting for a ticket newer than
//!   the rejected one, then one more `api_component_token`.
//!
//! Meanwhile the token core keeps serving a `component_access_token` that is still
//! valid. When no ticket comes, [`Error::ComponentTicket`] says which case it was.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::endpoints::{ComponentTokenAnswer, COMPONENT_TOKEN, START_PUSH_TICKET};
use super::ticket::{self, PushGate, TicketProblem};
use crate::client::http::Http;
use crate::clock::Clock;
use crate::store::{DurableRecord, DurableStore, StoredToken};
use crate::token::TokenSource;
use crate::{Error, Result, Secret};

/// How often the durable store is read while waiting for a pushed ticket.
const TICKET_POLL: Duration = Duration::from_millis(100);

/// The errcodes of a ticket WeChat does not accept: 61005 expired, 61006 invalid.
const TICKET_REJECTED: [i64; 2] = [61005, 61006];

pub(crate) struct ComponentTokenSource {
    pub(crate) http: Http,
    pub(crate) component_appid: String,
    pub(crate) secret: Secret,
    pub(crate) durable: Arc<dyn DurableStore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) push_gate: Arc<PushGate>,
    /// How long to wait for a requested push.
    pub(crate) ticket_wait: Duration,
}

impl fmt::Debug for ComponentTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ComponentTokenSource")
            .field("component_appid", &self.component_appid)
            .field("secret", &self.secret)
            .field("ticket_wait", &self.ticket_wait)
            .finish_non_exhaustive()
    }
}

impl ComponentTokenSource {
    async fn request(&self, ticket: &DurableRecord) -> Result<StoredToken> {
        let body = serde_json::json!({
            "component_appid": self.component_appid,
            "component_appsecret": self.secret.expose(),
            "component_verify_ticket": ticket.value.expose(),
        });
        let body = serde_json::to_vec(&body)
            .map_err(|e| Error::config(format!("cannot encode a token request: {e}")))?;
        let answer = self
            .http
            .send_checked(&COMPONENT_TOKEN, &[], Some(body.into()))
            .await?;
        let answer: ComponentTokenAnswer =
            crate::client::decode::decode(&COMPONENT_TOKEN, &answer)?;
        Ok(StoredToken::fetched_at(
            answer.component_access_token,
            answer.expires_in,
            self.clock.now_ms(),
        ))
    }

    /// The held ticket newer than `rejected` (any when `None`), or one pushed after
    /// asking WeChat for a push; the problem when none arrives in time.
    async fn ticket(&self, rejected: Option<(&DurableRecord, i64)>) -> Result<DurableRecord> {
        let newer = |t: &DurableRecord| rejected.is_none_or(|(r, _)| t.version > r.version);
        if let Some(t) = ticket::load(&*self.durable, &self.component_appid).await? {
            if newer(&t) {
                return Ok(t);
            }
        }
        let push_requested = self.push_gate.try_take(self.clock.now_ms());
        if push_requested {
            self.start_push().await?;
        }
        let started = tokio::time::Instant::now();
        while started.elapsed() < self.ticket_wait {
            tokio::time::sleep(TICKET_POLL).await;
            if let Some(t) = ticket::load(&*self.durable, &self.component_appid).await? {
                if newer(&t) {
                    tracing::info!(component_appid = %self.component_appid, "component_verify_ticket arrived");
                    return Ok(t);
                }
            }
        }
        let waited_secs = self.ticket_wait.as_secs();
        let problem = match rejected {
            None => TicketProblem::Missing {
                push_requested,
                waited_secs,
            },
            Some((_, errcode)) => TicketProblem::Rejected {
                errcode,
                push_requested,
                waited_secs,
            },
        };
        Err(Error::ComponentTicket {
            component_appid: self.component_appid.clone(),
            problem,
        })
    }

    /// `api_start_push_ticket`: WeChat pushes a ticket to the 授权事件接收URL soon after.
    async fn start_push(&self) -> Result<()> {
        tracing::info!(component_appid = %self.component_appid, "asking WeChat to push a component_verify_ticket");
        let body = serde_json::json!({
            "component_appid": self.component_appid,
            "component_secret": self.secret.expose(),
        });
        let body = serde_json::to_vec(&body)
            .map_err(|e| Error::config(format!("cannot encode a request: {e}")))?;
        self.http
            .send_checked(&START_PUSH_TICKET, &[], Some(body.into()))
            .await
            .map(drop)
    }
}

#[async_trait]
impl TokenSource for ComponentTokenSource {
    async fn fetch(&self, _rejected: Option<&Secret>) -> Result<StoredToken> {
        let ticket = self.ticket(None).await?;
        match self.request(&ticket).await {
            Err(e) if e.errcode().is_some_and(|c| TICKET_REJECTED.contains(&c)) => {
                let errcode = e.errcode().unwrap_or_default();
                tracing::warn!(component_appid = %self.component_appid, errcode, "component_verify_ticket rejected; asking for a new push");
                let fresh = self.ticket(Some((&ticket, errcode))).await?;
                self.request(&fresh).await
            }
            other => other,
        }
    }
}
