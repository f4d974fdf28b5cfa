//! What happens outside the API and ends in a push: a ticket push, an
//! account's authorization on WeChat's page, its unauthorization. Shared by
//! the `/sim/component/` routes and the [`Simulator`](crate::Simulator)
//! handle.

use std::sync::Arc;
use std::time::Instant;

use super::push::{Event, PushStatus};
use super::state::{Grant, Refusal};
use crate::callback::send::check_url;
use crate::endpoints::unix_now;
use crate::state::{lock, Shared};

/// What an account's authorization gives: the `auth_code` and `expires_in`
/// WeChat's redirect carries, and how the `authorized` (or
/// `updateauthorized`) push went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The authorization code, for `api_query_auth`.
    pub auth_code: String,
    /// Its lifetime in seconds.
    pub expires_in: u64,
    /// `authorized`, or `updateauthorized` when the account was authorizing
    /// the platform already.
    pub info_type: String,
    /// How the push to the events URL went.
    pub push: PushStatus,
}

/// Why an operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpError {
    /// Refused before anything happened.
    Refused(Refusal),
    /// The push got no answer (the ticket was issued all the same).
    PushFailed(String),
}

impl OpError {
    /// The message, for the handle and the control answers.
    pub fn message(&self) -> &str {
        match self {
            OpError::Refused(Refusal::NotFound(m) | Refusal::Invalid(m))
            | OpError::PushFailed(m) => m,
        }
    }
}

/// Pushes `event` for platform `component_appid` to `url`, or else to its
/// events URL.
async fn deliver(
    shared: &Shared,
    component_appid: &str,
    url: Option<&str>,
    event: &Event,
) -> Result<PushStatus, Refusal> {
    let target = lock(&shared.component).push_target(component_appid);
    let (crypto, events_url) = target
        .ok_or_else(|| Refusal::NotFound(format!("unknown component_appid {component_appid}")))?;
    let url = url.map(str::to_owned).or(events_url);
    Ok(shared
        .pusher
        .deliver(&crypto, component_appid, url.as_deref(), event)
        .await)
}

/// Issues a fresh ticket and pushes it to `url` (default: the events URL).
/// `Ok` carries the receiver's HTTP status.
pub async fn push_ticket(
    shared: &Shared,
    component_appid: &str,
    url: Option<&str>,
) -> Result<u16, OpError> {
    let refused = |r| OpError::Refused(r);
    if let Some(url) = url {
        check_url(url).map_err(|e| refused(Refusal::Invalid(e)))?;
    }
    let unknown = || {
        refused(Refusal::NotFound(format!(
            "unknown component_appid {component_appid}"
        )))
    };
    let (crypto, events_url) = lock(&shared.component)
        .push_target(component_appid)
        .ok_or_else(unknown)?;
    let url = url.map(str::to_owned).or(events_url).ok_or_else(|| {
        refused(Refusal::Invalid(format!(
            "{component_appid} has no events URL; give \"url\""
        )))
    })?;
    let ticket = lock(&shared.component)
        .new_ticket(component_appid, Instant::now())
        .ok_or_else(unknown)?;
    let event = Event::Ticket { ticket };
    match shared
        .pusher
        .deliver(&crypto, component_appid, Some(&url), &event)
        .await
    {
        PushStatus::Answered(status) => Ok(status),
        PushStatus::Failed(e) => Err(OpError::PushFailed(e)),
        PushStatus::NoUrl => Err(unknown()),
    }
}

/// After `api_start_push_ticket`: pushes a fresh ticket in the background
/// when the platform has an events URL (nothing otherwise).
pub fn spawn_ticket_push(shared: &Arc<Shared>, component_appid: &str) {
    let has_url = lock(&shared.component)
        .push_target(component_appid)
        .is_some_and(|(_, url)| url.is_some());
    if !has_url {
        return;
    }
    let shared = Arc::clone(shared);
    let appid = component_appid.to_owned();
    tokio::spawn(async move {
        // The outcome is in the push records.
        let _ = push_ticket(&shared, &appid, None).await;
    });
}

/// The account confirms on the authorization page: consumes the
/// pre_auth_code, issues the authorization code and pushes `authorized`
/// (or `updateauthorized`).
pub async fn authorize(
    shared: &Shared,
    component_appid: &str,
    grant: &Grant<'_>,
) -> Result<Authorization, OpError> {
    let granted = lock(&shared.component)
        .authorize(component_appid, grant, Instant::now(), unix_now())
        .map_err(OpError::Refused)?;
    let event = Event::Authorized {
        authorizer_appid: grant.authorizer_appid.to_owned(),
        auth_code: granted.auth_code.clone(),
        expired_time: unix_now() + granted.expires_in,
        pre_auth_code: grant.pre_auth_code.to_owned(),
        update: granted.update,
    };
    let push = deliver(shared, component_appid, None, &event)
        .await
        .map_err(OpError::Refused)?;
    Ok(Authorization {
        auth_code: granted.auth_code,
        expires_in: granted.expires_in,
        info_type: event.info_type().to_owned(),
        push,
    })
}

/// The account revokes its authorization: its refresh and access tokens
/// die now, and `unauthorized` is pushed.
pub async fn unauthorize(
    shared: &Shared,
    component_appid: &str,
    authorizer_appid: &str,
) -> Result<PushStatus, OpError> {
    lock(&shared.component)
        .unauthorize(component_appid, authorizer_appid, Instant::now())
        .map_err(OpError::Refused)?;
    let event = Event::Unauthorized {
        authorizer_appid: authorizer_appid.to_owned(),
    };
    deliver(shared, component_appid, None, &event)
        .await
        .map_err(OpError::Refused)
}
