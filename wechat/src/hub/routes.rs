//! The apps' routes of the hub (tokens, requested refreshes, tickets, health and
//! metrics) and what every route shares: the caller's key, the error shape, the token
//! answer. The route table is `router.rs`; the platforms' routes are `component_routes.rs`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::auth::Refusal;
use super::metrics::RequestedRefresh;
use super::platforms::HubPlatform;
use super::refresh_guard::Verdict;
use super::{AppTokens, Shared};
use crate::store::StoredToken;
use crate::token::TicketKind;
use crate::{Error, Secret};

/// A refusal or failure: `{"errcode","errmsg"}` with an HTTP status. The hub's own
/// errors use the HTTP status as errcode; errors WeChat returned keep WeChat's errcode
/// (HTTP 502).
pub(crate) struct HubError {
    status: StatusCode,
    errcode: i64,
    errmsg: String,
    /// The HTTP status WeChat answered, when that was the failure.
    upstream_status: Option<u16>,
    /// What a client maps back to a typed error: `unknown_authorizer`,
    /// `needs_reauthorization`, `component_ticket`.
    kind: Option<&'static str>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    errcode: i64,
    errmsg: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    upstream_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
}

impl HubError {
    pub(crate) fn new(status: StatusCode, errmsg: impl Into<String>) -> HubError {
        HubError {
            status,
            errcode: i64::from(status.as_u16()),
            errmsg: errmsg.into(),
            upstream_status: None,
            kind: None,
        }
    }

    fn upstream(errcode: i64, errmsg: String, upstream_status: Option<u16>) -> HubError {
        HubError {
            status: StatusCode::BAD_GATEWAY,
            errcode,
            errmsg,
            upstream_status,
            kind: None,
        }
    }

    pub(crate) fn bad_request(errmsg: impl Into<String>) -> HubError {
        HubError::new(StatusCode::BAD_REQUEST, errmsg)
    }
}

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            errcode: self.errcode,
            errmsg: &self.errmsg,
            upstream_status: self.upstream_status,
            kind: self.kind,
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<Refusal> for HubError {
    fn from(r: Refusal) -> HubError {
        match r {
            Refusal::Unauthenticated(why) => HubError::new(StatusCode::UNAUTHORIZED, why),
            Refusal::Forbidden => HubError::new(
                StatusCode::FORBIDDEN,
                "this key may not read tokens of this appid",
            ),
        }
    }
}

impl From<Error> for HubError {
    /// Messages carry no token and no secret: the SDK's errors never do.
    fn from(e: Error) -> HubError {
        match &e {
            Error::Api {
                errcode, errmsg, ..
            } => HubError::upstream(*errcode, format!("WeChat: {errmsg}"), None),
            Error::Http { status, .. } => {
                HubError::upstream(-1, format!("upstream: {e}"), Some(*status))
            }
            Error::Transport { .. } | Error::Decode { .. } => {
                HubError::upstream(-1, format!("upstream: {e}"), None)
            }
            Error::ForceRefreshLimited { .. } => {
                HubError::new(StatusCode::TOO_MANY_REQUESTS, e.to_string())
            }
            Error::Store { .. } => HubError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
            Error::UnknownAuthorizer { .. } => HubError {
                kind: Some("unknown_authorizer"),
                ..HubError::new(StatusCode::NOT_FOUND, e.to_string())
            },
            Error::AuthorizerNeedsReauthorization { .. } => HubError {
                kind: Some("needs_reauthorization"),
                ..HubError::new(StatusCode::GONE, e.to_string())
            },
            Error::ComponentTicket { .. } => HubError {
                kind: Some("component_ticket"),
                ..HubError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
            },
            _ => HubError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

/// The caller: its `Authorization` header and its TCP peer address.
pub(crate) struct Caller {
    pub(crate) authorization: Option<HeaderValue>,
    pub(crate) peer: Option<IpAddr>,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Caller {
            authorization: parts.headers.get(header::AUTHORIZATION).cloned(),
            peer: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        })
    }
}

#[derive(Deserialize)]
pub(crate) struct TokenQuery {
    pub(crate) appid: Option<String>,
    pub(crate) authorizer_appid: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct RefreshBody {
    pub(crate) appid: Option<String>,
    pub(crate) access_token: Option<String>,
    pub(crate) authorizer_appid: Option<String>,
}

#[derive(Serialize)]
struct TokenBody<'a> {
    access_token: &'a str,
    expires_in: i64,
    timestamp: i64,
}

#[derive(Serialize)]
struct TicketBody<'a> {
    ticket: &'a str,
    expires_in: i64,
    timestamp: i64,
    #[serde(rename = "type")]
    kind: &'static str,
}

pub(crate) fn query(q: Result<Query<TokenQuery>, QueryRejection>) -> Result<TokenQuery, HubError> {
    q.map(|Query(q)| q)
        .map_err(|e| HubError::bad_request(format!("bad query string: {}", e.body_text())))
}

/// Whose tokens a request asks for: an app's, or an authorizer's of a platform.
pub(crate) enum Target<'s> {
    App(&'s AppTokens),
    Authorizer {
        platform: &'s HubPlatform,
        client: crate::Client,
    },
}

impl Target<'_> {
    fn access(&self) -> &crate::token::TokenCore {
        match self {
            Target::App(app) => &app.access,
            Target::Authorizer { client, .. } => client.token_core(),
        }
    }

    fn ticket(&self, kind: TicketKind) -> &crate::token::TokenCore {
        match self {
            Target::App(app) => app.ticket(kind),
            Target::Authorizer { client, .. } => client.ticket_core(kind),
        }
    }
}

/// Authorizes the caller for `appid` (an app's, or with `authorizer_appid` a
/// platform's) and finds what it asks for.
fn admit<'s>(
    state: &'s Shared,
    caller: &Caller,
    appid: Option<&str>,
    authorizer_appid: Option<&str>,
) -> Result<Target<'s>, HubError> {
    let appid = checked_appid(state, caller, appid)?;
    if let Some(authorizer_appid) = authorizer_appid.filter(|a| !a.is_empty()) {
        let platform = state.platforms.get(appid).map(|p| &**p).ok_or_else(|| {
            HubError::new(
                StatusCode::NOT_FOUND,
                format!(
                    "{} is not a [[component]] of this hub: authorizer_appid needs a platform's appid",
                    shown(appid)
                ),
            )
        })?;
        let client = platform
            .platform
            .authorizer_client(authorizer_appid, crate::AppType::OfficialAccount);
        return Ok(Target::Authorizer { platform, client });
    }
    state.apps.get(appid).map(Target::App).ok_or_else(|| {
        let hint = if state.platforms.contains_key(appid) {
            ": it is a platform; add authorizer_appid, or use /client/component_access_token"
        } else {
            ""
        };
        HubError::new(
            StatusCode::NOT_FOUND,
            format!("appid {} is not served by this hub{hint}", shown(appid)),
        )
    })
}

/// The caller's `appid`, checked against its key.
pub(crate) fn checked_appid<'a>(
    state: &Shared,
    caller: &Caller,
    appid: Option<&'a str>,
) -> Result<&'a str, HubError> {
    let appid = appid
        .filter(|a| !a.is_empty())
        .ok_or_else(|| HubError::bad_request("missing appid"))?;
    state
        .auth
        .check(caller.authorization.as_ref(), caller.peer, appid)?;
    Ok(appid)
}

/// At most this many characters of a caller's value are echoed in an error.
const ECHO_LIMIT: usize = 40;

/// A caller's value as an error message shows it: its first [`ECHO_LIMIT`] characters,
/// quoted and escaped.
pub(crate) fn shown(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(ECHO_LIMIT).collect();
    if chars.next().is_some() {
        format!("{head:?}… ({} bytes)", value.len())
    } else {
        format!("{head:?}")
    }
}

/// The answer of a token route at `now_ms` (Unix ms, the hub's clock).
pub(crate) fn token_response(token: &StoredToken, now_ms: i64) -> Response {
    Json(TokenBody {
        access_token: token.value.expose(),
        expires_in: token.remaining_secs_at(now_ms).max(0),
        timestamp: now_ms / 1000,
    })
    .into_response()
}

pub(crate) async fn access_token(
    State(state): State<Arc<Shared>>,
    caller: Caller,
    q: Result<Query<TokenQuery>, QueryRejection>,
) -> Result<Response, HubError> {
    let q = query(q)?;
    let target = admit(
        &state,
        &caller,
        q.appid.as_deref(),
        q.authorizer_appid.as_deref(),
    )?;
    let token = target.access().get_token().await?;
    Ok(token_response(&token, state.clock.now_ms()))
}

pub(crate) async fn refresh_access_token(
    State(state): State<Arc<Shared>>,
    caller: Caller,
    body: Result<Json<RefreshBody>, JsonRejection>,
) -> Result<Response, HubError> {
    let body = RefreshBody::from_json(body)?;
    let target = admit(
        &state,
        &caller,
        body.appid.as_deref(),
        body.authorizer_appid.as_deref(),
    )?;
    let rejected = body.rejected()?;
    let appid = body
        .authorizer_appid
        .as_deref()
        .filter(|a| !a.is_empty())
        .or(body.appid.as_deref())
        .unwrap_or_default();
    let outcome = |outcome| state.metrics.requested_refresh(appid, outcome);
    let authorizer_guard;
    let guard = match &target {
        Target::App(app) => &app.refresh_guard,
        Target::Authorizer { platform, client } => {
            authorizer_guard = platform.authorizer_guard(client.appid());
            &*authorizer_guard
        }
    };
    requested_refresh(&state, target.access(), guard, rejected, outcome).await
}

impl RefreshBody {
    /// The body of a refresh route, or a 400 saying what it must be.
    pub(crate) fn from_json(
        body: Result<Json<RefreshBody>, JsonRejection>,
    ) -> Result<Self, HubError> {
        body.map(|Json(b)| b).map_err(|e| {
            HubError::bad_request(format!(
                "the body must be JSON {{\"appid\",\"access_token\"}}: {}",
                e.body_text()
            ))
        })
    }

    /// The token that failed, as presented.
    pub(crate) fn rejected(&self) -> Result<Secret, HubError> {
        self.access_token
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(Secret::new)
            .ok_or_else(|| HubError::bad_request("missing access_token: the token that failed"))
    }
}

/// A requested refresh of `access`, whose token the caller presents as `rejected`:
/// the current token is answered when `rejected` is not it (renewed meanwhile, or a
/// token this hub never served); otherwise it is refreshed only when `guard` confirms
/// that WeChat rejects it.
pub(crate) async fn requested_refresh(
    state: &Shared,
    access: &crate::token::TokenCore,
    guard: &super::refresh_guard::RefreshGuard,
    rejected: Secret,
    outcome: impl Fn(RequestedRefresh),
) -> Result<Response, HubError> {
    let current = access.get_token().await?;
    if current.value != rejected {
        outcome(RequestedRefresh::NotCurrent);
        return Ok(token_response(&current, state.clock.now_ms()));
    }
    match guard.check(&rejected).await {
        Ok(Verdict::Rejected) => {}
        Ok(Verdict::StillValid) => {
            outcome(RequestedRefresh::StillValid);
            return Ok(token_response(&current, state.clock.now_ms()));
        }
        Err(e) => {
            if matches!(e, Error::ForceRefreshLimited { .. }) {
                outcome(RequestedRefresh::Limited);
            }
            return Err(e.into());
        }
    }
    access.invalidate(&rejected).await?;
    let token = access.get_token().await?;
    outcome(RequestedRefresh::Refreshed);
    Ok(token_response(&token, state.clock.now_ms()))
}

pub(crate) async fn ticket(
    State(state): State<Arc<Shared>>,
    caller: Caller,
    q: Result<Query<TokenQuery>, QueryRejection>,
) -> Result<Response, HubError> {
    let q = query(q)?;
    let target = admit(
        &state,
        &caller,
        q.appid.as_deref(),
        q.authorizer_appid.as_deref(),
    )?;
    let kind = match q.kind.as_deref().unwrap_or("jsapi") {
        "jsapi" => TicketKind::Jsapi,
        "wx_card" => TicketKind::WxCard,
        _ => return Err(HubError::bad_request("type must be `jsapi` or `wx_card`")),
    };
    let token = target.ticket(kind).get_token().await?;
    let now_ms = state.clock.now_ms();
    Ok(Json(TicketBody {
        ticket: token.value.expose(),
        expires_in: token.remaining_secs_at(now_ms).max(0),
        timestamp: now_ms / 1000,
        kind: kind.as_str(),
    })
    .into_response())
}

/// A ticket older than this is expired (WeChat: valid 12 hours).
const TICKET_LIFETIME_SECS: i64 = 12 * 3600;

/// `ok`, or `degraded` when a platform holds no valid `component_verify_ticket` (it
/// keeps serving a valid `component_access_token`, but cannot get the next one).
pub(crate) async fn healthz(State(state): State<Arc<Shared>>) -> Response {
    let now_ms = state.clock.now_ms();
    let mut without_ticket = Vec::new();
    for p in state.platforms.values() {
        if p.ticket_age_secs(now_ms)
            .await
            .is_none_or(|age| age >= TICKET_LIFETIME_SECS)
        {
            without_ticket.push(p.platform.appid().to_owned());
        }
    }
    without_ticket.sort();
    let mut body = serde_json::json!({
        "status": if without_ticket.is_empty() { "ok" } else { "degraded" },
        "apps": state.apps.len(),
    });
    if !state.platforms.is_empty() {
        body["platforms"] = serde_json::Value::from(state.platforms.len());
    }
    if !without_ticket.is_empty() {
        body["platforms_without_ticket"] = serde_json::Value::from(without_ticket);
    }
    Json(body).into_response()
}

pub(crate) async fn metrics(State(state): State<Arc<Shared>>) -> Response {
    let now_ms = state.clock.now_ms();
    for p in state.platforms.values() {
        state.metrics.platform(&p.snapshot(now_ms).await);
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.encode(),
    )
        .into_response()
}
