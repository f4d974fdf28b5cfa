//! The hub's third-party platform routes: the `component_access_token`, the pushes of
//! the 授权事件接收URL, and the authorization pages merchants' browsers visit.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use serde::Deserialize;

use super::platforms::HubPlatform;
use super::routes::{
    checked_appid, query, requested_refresh, shown, token_response, Caller, HubError, RefreshBody,
    TokenQuery,
};
use super::Shared;
use crate::callback::{CallbackError, CallbackQuery};
use crate::component::{AuthType, AuthorizationUrl};

/// The platform `appid` names, once the caller is admitted for it.
fn platform<'s>(
    state: &'s Shared,
    caller: &Caller,
    appid: Option<&str>,
) -> Result<&'s HubPlatform, HubError> {
    let appid = checked_appid(state, caller, appid)?;
    find(state, appid)
}

fn find<'s>(state: &'s Shared, appid: &str) -> Result<&'s HubPlatform, HubError> {
    state.platforms.get(appid).map(|p| &**p).ok_or_else(|| {
        HubError::new(
            StatusCode::NOT_FOUND,
            format!("{} is not a [[component]] of this hub", shown(appid)),
        )
    })
}

/// `GET /client/component_access_token?appid=C`.
pub(crate) async fn component_access_token(
    State(state): State<Arc<Shared>>,
    caller: Caller,
    q: Result<Query<TokenQuery>, QueryRejection>,
) -> Result<Response, HubError> {
    let q = query(q)?;
    let p = platform(&state, &caller, q.appid.as_deref())?;
    let token = p.platform.component_core().get_token().await?;
    Ok(token_response(&token, state.clock.now_ms()))
}

/// `POST /refresh/component_access_token` with `{"appid","access_token"}`: refreshes
/// only a presented token that is still current and that WeChat rejects.
pub(crate) async fn refresh_component_access_token(
    State(state): State<Arc<Shared>>,
    caller: Caller,
    body: Result<Json<RefreshBody>, JsonRejection>,
) -> Result<Response, HubError> {
    let body = RefreshBody::from_json(body)?;
    let p = platform(&state, &caller, body.appid.as_deref())?;
    let rejected = body.rejected()?;
    let appid = p.platform.appid().to_owned();
    let outcome = |outcome| state.metrics.requested_refresh(&appid, outcome);
    let core = p.platform.component_core();
    requested_refresh(&state, core, &p.component_guard, rejected, outcome).await
}

/// `POST /component/{component_appid}/events`: WeChat's pushes (no key: the signature
/// and the decryption authenticate them). `success` once stored.
pub(crate) async fn events(
    State(state): State<Arc<Shared>>,
    Path(component_appid): Path<String>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, HubError> {
    let p = find(&state, &component_appid)?;
    let query = CallbackQuery::parse(raw.as_deref().unwrap_or(""));
    match p.platform.receive_push(&query, &body).await {
        // `success` (a push wants no other answer).
        Ok(answer) => Ok((
            StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK),
            [(header::CONTENT_TYPE, answer.content_type)],
            answer.body,
        )
            .into_response()),
        Err(e) => {
            let status = match &e {
                CallbackError::Handler(_) => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST),
            };
            tracing::info!(component_appid = %p.platform.appid(), error = %e, "platform push refused");
            Err(HubError::new(status, e.to_string()))
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct AuthorizeQuery {
    auth_type: Option<String>,
    biz_appid: Option<String>,
    /// `mobile` for the link opened inside WeChat; the PC page otherwise.
    page: Option<String>,
}

/// `GET /component/{component_appid}/authorize?auth_type=1|2|3` (or `biz_appid=`):
/// redirects the browser to WeChat's authorization page with a fresh `pre_auth_code`,
/// coming back to this hub's `/component/{component_appid}/authorized`. Open to any
/// browser, so rate-limited.
pub(crate) async fn authorize(
    State(state): State<Arc<Shared>>,
    Path(component_appid): Path<String>,
    q: Result<Query<AuthorizeQuery>, QueryRejection>,
) -> Result<Response, HubError> {
    let Query(q) =
        q.map_err(|e| HubError::bad_request(format!("bad query string: {}", e.body_text())))?;
    let p = find(&state, &component_appid)?;
    let back = format!(
        "{}/component/{}/authorized",
        state.public_url,
        p.platform.appid()
    );
    let mut options = match q.page.as_deref() {
        Some("mobile") => AuthorizationUrl::mobile(back),
        None | Some("pc") => AuthorizationUrl::pc(back),
        Some(other) => {
            return Err(HubError::bad_request(format!(
                "page must be `pc` or `mobile`, not {}",
                shown(other)
            )))
        }
    };
    if let Some(t) = q.auth_type.as_deref() {
        let t = AuthType::parse(t).ok_or_else(|| {
            HubError::bad_request(
                "auth_type must be 1 (Official Accounts), 2 (Mini Programs) or 3 (both)",
            )
        })?;
        options = options.auth_type(t);
    }
    if let Some(b) = q.biz_appid.filter(|b| !b.is_empty()) {
        options = options.biz_appid(b);
    }
    // Checked before a pre_auth_code is spent.
    options
        .to_url(p.platform.appid(), "check")
        .map_err(|e| HubError::bad_request(e.to_string()))?;
    if !p.take_authorize_slot() {
        return Err(HubError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too many authorization pages this minute; try again shortly",
        ));
    }
    let url = p.platform.authorization_url(&options).await?;
    Ok(Redirect::to(&url).into_response())
}

#[derive(Deserialize)]
pub(crate) struct AuthorizedQuery {
    auth_code: Option<String>,
}

/// `GET /component/{component_appid}/authorized?auth_code=..&expires_in=..`: WeChat's
/// redirect back. The code is checked by `api_query_auth` (a forged one stores
/// nothing); then a short result page, or a redirect to `authorized_redirect`.
pub(crate) async fn authorized(
    State(state): State<Arc<Shared>>,
    Path(component_appid): Path<String>,
    q: Result<Query<AuthorizedQuery>, QueryRejection>,
) -> Result<Response, HubError> {
    let Query(q) =
        q.map_err(|e| HubError::bad_request(format!("bad query string: {}", e.body_text())))?;
    let p = find(&state, &component_appid)?;
    let code = q
        .auth_code
        .filter(|c| !c.is_empty())
        .ok_or_else(|| HubError::bad_request("missing auth_code"))?;
    if !p.take_authorize_slot() {
        return Err(HubError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too many authorizations this minute; try again shortly",
        ));
    }
    let info = p.platform.complete_authorization(&code).await?;
    if let Some(to) = &p.authorized_redirect {
        let mut url = url::Url::parse(to).map_err(|e| {
            HubError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("authorized_redirect: {e}"),
            )
        })?;
        url.query_pairs_mut()
            .append_pair("authorizer_appid", &info.authorizer_appid);
        return Ok(Redirect::to(url.as_str()).into_response());
    }
    let page = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>Authorized</title><p>Authorization complete: {} authorized the platform.</p>",
        html_escape(&info.authorizer_appid)
    );
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Html(page),
    )
        .into_response())
}

/// `text` safe inside HTML.
fn html_escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}
