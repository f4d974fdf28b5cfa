//! `/cgi-bin/token` and `/cgi-bin/stable_token`, as WeChat documents them.

use std::collections::HashMap;
use std::time::Instant;

use axum::http::Method;
use axum::response::Response;
use serde_json::{json, Value};

use crate::api::fault_stage;
use crate::bodies::Verb;
use crate::reply;
use crate::request;
use crate::state::{lock, Shared};
use crate::tokens::Issued;

/// Path of the classic token endpoint.
pub const CLASSIC_PATH: &str = "/cgi-bin/token";
/// Path of the stable token endpoint.
pub const STABLE_PATH: &str = "/cgi-bin/stable_token";

fn issued(token: &Issued) -> Response {
    reply::json(&json!({
        "access_token": token.access_token,
        "expires_in": token.expires_in,
    }))
}

/// `GET /cgi-bin/token?grant_type=client_credential&appid=&secret=`.
pub async fn classic(shared: &Shared, query: &HashMap<String, String>) -> Response {
    if let Some(answer) = fault_stage(shared, CLASSIC_PATH).await {
        return answer;
    }
    let get = |k: &str| query.get(k).map(String::as_str);
    let mut tokens = lock(&shared.tokens);
    match tokens.authenticate(get("grant_type"), get("appid"), get("secret")) {
        Ok(()) => {
            let appid = get("appid").unwrap_or_default();
            issued(&tokens.issue_classic(appid, Instant::now()))
        }
        Err(code) => reply::errcode(code),
    }
}

/// A string field of the body: `Ok(None)` when absent or null, 47001 when
/// of another type.
pub fn str_field<'a>(body: &'a Value, key: &str) -> Result<Option<&'a str>, i64> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(47001),
    }
}

/// `POST /cgi-bin/stable_token` with `{"grant_type","appid","secret","force_refresh"}`.
pub async fn stable(shared: &Shared, method: &Method, body: &[u8]) -> Response {
    if let Some(answer) = fault_stage(shared, STABLE_PATH).await {
        return answer;
    }
    match stable_answer(shared, method, body) {
        Ok(token) => issued(&token),
        Err(code) => reply::errcode(code),
    }
}

fn stable_answer(shared: &Shared, method: &Method, body: &[u8]) -> Result<Issued, i64> {
    let body = request::json_body(Verb::PostJson, method, body)?.unwrap_or_default();
    let grant_type = str_field(&body, "grant_type")?;
    let appid = str_field(&body, "appid")?;
    let secret = str_field(&body, "secret")?;
    let force = match body.get("force_refresh") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(47001),
    };
    let mut tokens = lock(&shared.tokens);
    tokens.authenticate(grant_type, appid, secret)?;
    tokens.stable(appid.unwrap_or_default(), force, Instant::now())
}
