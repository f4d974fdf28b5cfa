//! The hub's HTTP routes.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::auth::Refusal;
use super::metrics::RequestedRefresh;
use super::refresh_guard::Verdict;
use super::{AppTokens, Shared};
use crate::store::StoredToken;
use crate::token::TicketKind;
use crate::{Error, Secret};

/// The hub's routes over its state.
pub(crate) fn router(state: Arc<Shared>) -> Router {
    Router::new()
        .route("/client/access_token", get(access_token))
        .route("/refresh/access_token", post(refresh_access_token))
        .route("/client/ticket", get(ticket))
        .route("/client/component_access_token", get(component))
        .route("/client/refresh_component_access_token", post(component))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.limits,
            super::connections::read_body_within,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), count))
        .with_state(state)
}

/// A refusal or failure: `{"errcode","errmsg"}` with an HTTP status. The hub's own
/// errors use the HTTP status as errcode; errors WeChat returned keep WeChat's errcode
/// (HTTP 502).
pub(crate) struct HubError {
    status: StatusCode,
    errcode: i64,
    errmsg: String,
    /// The HTTP status WeChat answered, when that was the failure.
    upstream_status: Option<u16>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    errcode: i64,
    errmsg: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    upstream_status: Option<u16>,
}

impl HubError {
    fn new(status: StatusCode, errmsg: impl Into<String>) -> HubError {
        HubError {
            status,
            errcode: i64::from(status.as_u16()),
            errmsg: errmsg.into(),
            upstream_status: None,
        }
    }

    fn upstream(errcode: i64, errmsg: String, upstream_status: Option<u16>) -> HubError {
        HubError {
            status: StatusCode::BAD_GATEWAY,
            errcode,
            errmsg,
            upstream_status,
        }
    }

    fn bad_request(errmsg: impl Into<String>) -> HubError {
        HubError::new(StatusCode::BAD_REQUEST, errmsg)
    }
}

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            errcode: self.errcode,
            errmsg: &self.errmsg,
            upstream_status: self.upstream_status,
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
            _ => HubError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

/// The caller: its `Authorization` header and its TCP peer address.
struct Caller {
    authorization: Option<HeaderValue>,
    peer: Option<IpAddr>,
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
struct TokenQuery {
    appid: Option<String>,
    authorizer_appid: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct RefreshBody {
    appid: Option<String>,
    access_token: Option<String>,
    authorizer_appid: Option<String>,
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

const COMPONENT_PENDING: &str =
    "third-party platform (component) tokens are not served by this version of the hub";

fn query(q: Result<Query<TokenQuery>, QueryRejection>) -> Result<TokenQuery, HubError> {
    q.map(|Query(q)| q)
        .map_err(|e| HubError::bad_request(format!("bad query string: {}", e.body_text())))
}

/// Authorizes the caller for `appid` and finds the app.
fn admit<'s>(
    state: &'s Shared,
    caller: &Caller,
    appid: Option<&str>,
    authorizer_appid: Option<&str>,
) -> Result<&'s AppTokens, HubError> {
    let appid = appid
        .filter(|a| !a.is_empty())
        .ok_or_else(|| HubError::bad_request("missing appid"))?;
    state
        .auth
        .check(caller.authorization.as_ref(), caller.peer, appid)?;
    if authorizer_appid.is_some_and(|a| !a.is_empty()) {
        return Err(HubError::new(
            StatusCode::NOT_IMPLEMENTED,
            COMPONENT_PENDING,
        ));
    }
    state.apps.get(appid).ok_or_else(|| {
        HubError::new(
            StatusCode::NOT_FOUND,
            format!("appid {} is not served by this hub", shown(appid)),
        )
    })
}

/// At most this many characters of a caller's value are echoed in an error.
const ECHO_LIMIT: usize = 40;

/// A caller's value as an error message shows it: its first [`ECHO_LIMIT`] characters,
/// quoted and escaped.
fn shown(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(ECHO_LIMIT).collect();
    if chars.next().is_some() {
        format!("{head:?}… ({} bytes)", value.len())
    } else {
        format!("{head:?}")
    }
}

/// The answer of a token route at `now_ms` (Unix ms, the hub's clock).
fn token_response(token: &StoredToken, now_ms: i64) -> Response {
    Json(TokenBody {
        access_token: token.value.expose(),
        expires_in: token.remaining_secs_at(now_ms).max(0),
        timestamp: now_ms / 1000,
    })
    .into_response()
}

async fn access_token(
    State(state): State<Arc<Shared>>,
    caller: Caller,
    q: Result<Query<TokenQuery>, QueryRejection>,
) -> Result<Response, HubError> {
    let q = query(q)?;
    let app = admit(
        &state,
        &caller,
        q.appid.as_deref(),
        q.authorizer_appid.as_deref(),
    )?;
    let token = app.access.get_token().await?;
    Ok(token_response(&token, state.clock.now_ms()))
}

async fn refresh_access_token(
    State(state): State<Arc<Shared>>,
    caller: Caller,
    body: Result<Json<RefreshBody>, JsonRejection>,
) -> Result<Response, HubError> {
    let Json(body) = body.map_err(|e| {
        HubError::bad_request(format!(
            "the body must be JSON {{\"appid\",\"access_token\"}}: {}",
            e.body_text()
        ))
    })?;
    let app = admit(
        &state,
        &caller,
        body.appid.as_deref(),
        body.authorizer_appid.as_deref(),
    )?;
    let rejected = body
        .access_token
        .filter(|t| !t.is_empty())
        .map(Secret::new)
        .ok_or_else(|| HubError::bad_request("missing access_token: the token that failed"))?;
    let appid = body.appid.as_deref().unwrap_or_default();
    let outcome = |outcome| state.metrics.requested_refresh(appid, outcome);
    let current = app.access.get_token().await?;
    if current.value != rejected {
        // Renewed meanwhile, or a token this hub never served: nothing to refresh.
        outcome(RequestedRefresh::NotCurrent);
        return Ok(token_response(&current, state.clock.now_ms()));
    }
    match app.refresh_guard.check(&rejected).await {
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
    app.access.invalidate(&rejected).await?;
    let token = app.access.get_token().await?;
    outcome(RequestedRefresh::Refreshed);
    Ok(token_response(&token, state.clock.now_ms()))
}

async fn ticket(
    State(state): State<Arc<Shared>>,
    caller: Caller,
    q: Result<Query<TokenQuery>, QueryRejection>,
) -> Result<Response, HubError> {
    let q = query(q)?;
    let app = admit(
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
    let token = app.ticket(kind).get_token().await?;
    let now_ms = state.clock.now_ms();
    Ok(Json(TicketBody {
        ticket: token.value.expose(),
        expires_in: token.remaining_secs_at(now_ms).max(0),
        timestamp: now_ms / 1000,
        kind: kind.as_str(),
    })
    .into_response())
}

/// The component routes: authenticated like the others, then 501 until the hub serves
/// third-party platforms.
async fn component(
    State(state): State<Arc<Shared>>,
    caller: Caller,
    q: Result<Query<TokenQuery>, QueryRejection>,
) -> Result<Response, HubError> {
    let q = query(q)?;
    if let Some(appid) = q.appid.as_deref().filter(|a| !a.is_empty()) {
        state
            .auth
            .check(caller.authorization.as_ref(), caller.peer, appid)?;
    } else if caller.authorization.is_none() {
        return Err(
            Refusal::Unauthenticated("missing `Authorization: Bearer <key secret>`").into(),
        );
    }
    Err(HubError::new(
        StatusCode::NOT_IMPLEMENTED,
        COMPONENT_PENDING,
    ))
}

async fn healthz(State(state): State<Arc<Shared>>) -> Response {
    Json(serde_json::json!({ "status": "ok", "apps": state.apps.len() })).into_response()
}

async fn metrics(State(state): State<Arc<Shared>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.encode(),
    )
        .into_response()
}

async fn not_found() -> HubError {
    HubError::new(StatusCode::NOT_FOUND, "no such route")
}

async fn method_not_allowed(req: Request) -> Response {
    let allowed = match req.uri().path() {
        "/refresh/access_token" | "/client/refresh_component_access_token" => "POST",
        _ => "GET",
    };
    let error = HubError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} is not allowed here: use {allowed}",
            shown(req.method().as_str())
        ),
    );
    ([(header::ALLOW, allowed)], error).into_response()
}

/// The route label of a path: one of the routes, or `other`.
fn route_label(path: &str) -> &'static str {
    match path {
        "/client/access_token" => "/client/access_token",
        "/refresh/access_token" => "/refresh/access_token",
        "/client/ticket" => "/client/ticket",
        "/client/component_access_token" => "/client/component_access_token",
        "/client/refresh_component_access_token" => "/client/refresh_component_access_token",
        "/healthz" => "/healthz",
        "/metrics" => "/metrics",
        _ => "other",
    }
}

/// Counts each request by route and status, and logs each refused one at info: route,
/// status and the key's name (never a secret or a token).
async fn count(State(state): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let route = route_label(req.uri().path());
    let authorization = req.headers().get(header::AUTHORIZATION).cloned();
    let resp = next.run(req).await;
    let status = resp.status().as_u16();
    state.metrics.request(route, status);
    if status >= 400 {
        let key = state.auth.key_name(authorization.as_ref()).unwrap_or("-");
        tracing::info!(route, status, key, "request refused");
    }
    resp
}
