//! The third-party platform (component) side: the platform's own endpoints
//! under `/cgi-bin/component/`, the login and OAuth endpoints it calls for
//! its authorizers, the pushes to its 授权事件接收URL, and the controls that
//! stand in for what accounts do on WeChat's authorization page.
//!
//! - `api_start_push_ticket` and `api_component_token` take the platform's
//!   appid and secret; faults apply first, as on the token endpoints.
//! - Every other endpoint takes the `component_access_token` in the query
//!   (`access_token` on newer pages, accepted too): missing 41001, unknown or
//!   revoked 40001, expired 42001; then faults; then the `component_appid`
//!   the request names must be the token's own (41002 missing, 40013 other).
//! - An authorizer_access_token works on every ordinary endpoint as an
//!   access_token of the authorizer (see [`crate::api`]).
//!
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/creat_token.html>

pub mod accounts;
pub mod api;
pub mod authorizer;
pub mod control;
pub mod ops;
pub mod push;
pub mod sns;
pub mod state;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::http::Method;
use axum::response::Response;
use serde_json::Value;

use crate::api::fault_stage;
use crate::bodies::Verb;
use crate::reply;
use crate::request;
use crate::state::{lock, Shared};
use crate::tokens::TokenStatus;

/// `POST /cgi-bin/component/api_start_push_ticket`.
pub const START_PUSH_TICKET: &str = "/cgi-bin/component/api_start_push_ticket";
/// `POST /cgi-bin/component/api_component_token`.
pub const COMPONENT_TOKEN: &str = crate::stats::COMPONENT_TOKEN_PATH;
/// `POST /cgi-bin/component/api_authorizer_token`.
pub const AUTHORIZER_TOKEN: &str = crate::stats::AUTHORIZER_TOKEN_PATH;

/// A request to an endpoint that took a valid component_access_token.
#[derive(Debug)]
pub struct Request<'a> {
    /// The platform the token belongs to (and the request names).
    pub component_appid: &'a str,
    /// Query parameters.
    pub query: &'a HashMap<String, String>,
    /// The JSON body of POST endpoints.
    pub body: Option<&'a Value>,
}

impl Request<'_> {
    /// A string field of the body; 47001 when it has another type.
    pub fn field(&self, key: &str) -> Result<Option<&str>, i64> {
        match self.body.and_then(|b| b.get(key)) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(47001),
        }
    }

    /// A query parameter, when present and non-empty.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// An endpoint taking the platform's appid and secret in its body.
type PlatformHandler = fn(&Arc<Shared>, &Value) -> Result<Value, i64>;

/// An endpoint taking the component_access_token.
type TokenHandler = fn(&Shared, &Request<'_>) -> Result<Value, i64>;

enum Route {
    Platform(PlatformHandler),
    Token(Verb, TokenHandler),
}

fn route(path: &str) -> Option<Route> {
    let post = |h: TokenHandler| Some(Route::Token(Verb::PostJson, h));
    let get = |h: TokenHandler| Some(Route::Token(Verb::Any, h));
    match path {
        START_PUSH_TICKET => Some(Route::Platform(api::start_push_ticket)),
        COMPONENT_TOKEN => Some(Route::Platform(api::component_token)),
        "/cgi-bin/component/api_create_preauthcode" => post(api::create_preauthcode),
        "/cgi-bin/component/api_query_auth" => post(api::query_auth),
        AUTHORIZER_TOKEN => post(api::authorizer_token),
        "/cgi-bin/component/api_get_authorizer_info" => post(accounts::info),
        "/cgi-bin/component/api_get_authorizer_list" => post(accounts::list),
        "/cgi-bin/component/api_get_authorizer_option" => post(accounts::get_option),
        "/cgi-bin/component/api_set_authorizer_option" => post(accounts::set_option),
        "/cgi-bin/component/clear_quota" => post(accounts::clear_quota),
        "/sns/component/jscode2session" => get(sns::jscode2session),
        "/sns/oauth2/component/access_token" => get(sns::oauth_access_token),
        "/sns/oauth2/component/refresh_token" => get(sns::oauth_refresh_token),
        _ => None,
    }
}

/// Counts the token requests per credential: every request on the token
/// paths whose body names the platform (and authorizer), whatever the
/// outcome.
fn count_credentials(shared: &Shared, path: &str, body: &[u8]) {
    if path != COMPONENT_TOKEN && path != AUTHORIZER_TOKEN {
        return;
    }
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return;
    };
    let text = |k: &str| json.get(k).and_then(Value::as_str);
    let Some(component) = text("component_appid") else {
        return;
    };
    let mut stats = lock(&shared.stats);
    if path == COMPONENT_TOKEN {
        stats.record_component_token(component);
    } else if let Some(authorizer) = text("authorizer_appid") {
        stats.record_authorizer_token(component, authorizer);
    }
}

/// Answers `path` if it is one of the platform's endpoints.
pub async fn call(
    shared: &Arc<Shared>,
    method: &Method,
    path: &str,
    query: &HashMap<String, String>,
    body: &[u8],
) -> Option<Response> {
    let route = route(path)?;
    count_credentials(shared, path, body);
    let result = match route {
        Route::Platform(handler) => {
            if let Some(answer) = fault_stage(shared, path).await {
                return Some(answer);
            }
            request::json_body(Verb::PostJson, method, body)
                .and_then(|json| handler(shared, &json.unwrap_or_default()))
        }
        Route::Token(verb, handler) => {
            let owner = match token_owner(shared, query) {
                Ok(owner) => owner,
                Err(code) => return Some(reply::errcode(code)),
            };
            if let Some(answer) = fault_stage(shared, path).await {
                return Some(answer);
            }
            request::json_body(verb, method, body).and_then(|json| {
                let req = Request {
                    component_appid: &owner,
                    query,
                    body: json.as_ref(),
                };
                check_named_platform(&req)?;
                handler(shared, &req)
            })
        }
    };
    Some(match result {
        Ok(body) => reply::json(&body),
        Err(code) => reply::errcode(code),
    })
}

/// The platform of the query's component_access_token: missing 41001,
/// unknown or revoked 40001, expired 42001.
fn token_owner(shared: &Shared, query: &HashMap<String, String>) -> Result<String, i64> {
    let token = ["component_access_token", "access_token"]
        .iter()
        .find_map(|k| query.get(*k).filter(|t| !t.is_empty()))
        .ok_or(41001)?;
    match lock(&shared.component).component_status(token, Instant::now()) {
        TokenStatus::Valid(appid) => Ok(appid),
        TokenStatus::Invalid => Err(40001),
        TokenStatus::Expired => Err(42001),
    }
}

/// The `component_appid` a request names (body, else query) must be the
/// token's: missing 41002, another 40013.
fn check_named_platform(req: &Request<'_>) -> Result<(), i64> {
    let named = match req.field("component_appid")? {
        Some(appid) => Some(appid),
        None => req.param("component_appid"),
    };
    match named {
        None | Some("") => Err(41002),
        Some(appid) if appid != req.component_appid => Err(40013),
        Some(_) => Ok(()),
    }
}
