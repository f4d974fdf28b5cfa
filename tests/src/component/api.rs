//! The platform's credential endpoints: starting the ticket push, the
//! component_access_token, pre-authorization codes, the exchange of an
//! authorization code, and the authorizer_access_token.
//!
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/startPushTicket.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getComponentAccessToken.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getPreAuthCode.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getAuthorizerRefreshToken.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getAuthorizerAccessToken.html>

use std::sync::Arc;
use std::time::Instant;

use serde_json::{json, Value};

use super::authorizer::INVALID_REFRESH_TOKEN;
use super::state::PRE_AUTH_CODE_TTL;
use super::{ops, Request};
use crate::state::{lock, Shared};
use crate::token_api::str_field;

/// The `func_info` array of a grant.
pub fn func_info(ids: &[i64]) -> Value {
    ids.iter()
        .map(|id| json!({ "funcscope_category": { "id": id } }))
        .collect()
}

/// `{component_appid, component_secret}` → `{"errcode":0,"errmsg":"ok"}`,
/// then a fresh ticket is pushed to the events URL (when there is one).
/// Unknown appid 40013 (as the page lists), wrong secret 40125.
pub fn start_push_ticket(shared: &Arc<Shared>, body: &Value) -> Result<Value, i64> {
    let appid = str_field(body, "component_appid")?;
    let secret = str_field(body, "component_secret")?;
    lock(&shared.component).check_secret(appid, secret, 40013)?;
    ops::spawn_ticket_push(shared, appid.unwrap_or_default());
    Ok(json!({ "errcode": 0, "errmsg": "ok" }))
}

/// `{component_appid, component_appsecret, component_verify_ticket}` →
/// `{component_access_token, expires_in}`. Unknown platform 61011, wrong
/// secret 40125, a ticket never pushed 61006, an expired one 61005.
pub fn component_token(shared: &Arc<Shared>, body: &Value) -> Result<Value, i64> {
    let appid = str_field(body, "component_appid")?;
    let secret = str_field(body, "component_appsecret")?;
    let ticket = str_field(body, "component_verify_ticket")?;
    let settings = lock(&shared.tokens).settings();
    let now = Instant::now();
    let mut platforms = lock(&shared.component);
    platforms.check_secret(appid, secret, 61011)?;
    let appid = appid.unwrap_or_default();
    platforms.check_ticket(appid, ticket, now)?;
    let issued = platforms
        .issue_component_token(appid, settings, now)
        .ok_or(61011)?;
    Ok(json!({
        "component_access_token": issued.access_token,
        "expires_in": issued.expires_in,
    }))
}

/// `{component_appid}` → `{pre_auth_code, expires_in}` (1800 s, one
/// authorization).
pub fn create_preauthcode(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let code = lock(&shared.component)
        .create_pre_auth_code(req.component_appid, Instant::now())
        .ok_or(61011)?;
    Ok(json!({
        "pre_auth_code": code,
        "expires_in": PRE_AUTH_CODE_TTL.as_secs(),
    }))
}

/// `{component_appid, authorization_code}` → `{authorization_info}`: a new
/// authorizer_access_token, the refresh token and the granted `func_info`.
/// Missing code 41008, unknown 61009, used or expired 61010.
pub fn query_auth(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let code = req
        .field("authorization_code")?
        .filter(|c| !c.is_empty())
        .ok_or(41008)?;
    let settings = lock(&shared.tokens).settings();
    let q =
        lock(&shared.component).query_auth(req.component_appid, code, settings, Instant::now())?;
    Ok(json!({
        "authorization_info": {
            "authorizer_appid": q.authorizer_appid,
            "authorizer_access_token": q.token.access_token,
            "expires_in": q.token.expires_in,
            "authorizer_refresh_token": q.refresh_token,
            "func_info": func_info(&q.func_ids),
        }
    }))
}

/// `{component_appid, authorizer_appid, authorizer_refresh_token}` →
/// `{authorizer_access_token, expires_in, authorizer_refresh_token}`: the
/// refresh token rotates (see [`super::authorizer`]); any other, or one of
/// an account that is not authorizing the platform, is 61023.
pub fn authorizer_token(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let authorizer = req
        .field("authorizer_appid")?
        .filter(|a| !a.is_empty())
        .ok_or(41002)?;
    let refresh = req
        .field("authorizer_refresh_token")?
        .ok_or(INVALID_REFRESH_TOKEN)?;
    let settings = lock(&shared.tokens).settings();
    let (issued, next) = lock(&shared.component).refresh(
        req.component_appid,
        authorizer,
        refresh,
        settings,
        Instant::now(),
    )?;
    Ok(json!({
        "authorizer_access_token": issued.access_token,
        "expires_in": issued.expires_in,
        "authorizer_refresh_token": next,
    }))
}
