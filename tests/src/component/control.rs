//! The `/sim/component/` control routes: a ticket push now, what an account
//! does on WeChat's authorization page (authorize, unauthorize), the push
//! records, and the platform's current credentials.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::authorizer::AuthorizerType;
use super::ops::{self, OpError};
use super::push::PushStatus;
use super::state::{Grant, Refusal};
use crate::control::{error, JsonBody};
use crate::request;
use crate::state::{lock, Shared};

/// The routes, to be merged into the control routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/sim/component/push_ticket", post(push_ticket))
        .route("/sim/component/authorize", post(authorize))
        .route("/sim/component/unauthorize", post(unauthorize))
        .route("/sim/component/pushes", get(pushes))
        .route("/sim/component/tokens", get(tokens))
}

/// 404 for an unknown platform, 400 for a refused request, 502 for a push
/// without an answer.
fn failure(e: &OpError) -> Response {
    let status = match e {
        OpError::Refused(Refusal::NotFound(_)) => StatusCode::NOT_FOUND,
        OpError::Refused(Refusal::Invalid(_)) => StatusCode::BAD_REQUEST,
        OpError::PushFailed(_) => StatusCode::BAD_GATEWAY,
    };
    error(status, e.message())
}

/// `"push_status"` (the receiver's HTTP status, or null) and, when the push
/// failed, `"push_error"`.
fn push_fields(status: &PushStatus, into: &mut Value) {
    into["push_status"] = match status {
        PushStatus::Answered(code) => json!(code),
        PushStatus::NoUrl | PushStatus::Failed(_) => Value::Null,
    };
    if let PushStatus::Failed(e) = status {
        into["push_error"] = json!(e);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PushRequest {
    component_appid: String,
    url: Option<String>,
}

/// `POST /sim/component/push_ticket {"component_appid","url"?}` →
/// `{"status"}`, the receiver's HTTP status.
async fn push_ticket(
    State(shared): State<Arc<Shared>>,
    JsonBody(req): JsonBody<PushRequest>,
) -> Response {
    match ops::push_ticket(&shared, &req.component_appid, req.url.as_deref()).await {
        Ok(status) => Json(json!({ "status": status })).into_response(),
        Err(e) => failure(&e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorizeRequest {
    component_appid: String,
    pre_auth_code: String,
    authorizer_appid: String,
    app_type: String,
    #[serde(default)]
    func_ids: Vec<i64>,
}

/// `POST /sim/component/authorize {"component_appid","pre_auth_code",
/// "authorizer_appid","app_type","func_ids"?}` → `{"auth_code",
/// "expires_in","info_type","push_status"}`.
async fn authorize(
    State(shared): State<Arc<Shared>>,
    JsonBody(req): JsonBody<AuthorizeRequest>,
) -> Response {
    let Some(kind) = AuthorizerType::parse(&req.app_type) else {
        return error(
            StatusCode::BAD_REQUEST,
            format!(
                "unknown app_type `{}`: expected official_account or mini_program",
                req.app_type
            ),
        );
    };
    let grant = Grant {
        pre_auth_code: &req.pre_auth_code,
        authorizer_appid: &req.authorizer_appid,
        kind,
        func_ids: &req.func_ids,
    };
    match ops::authorize(&shared, &req.component_appid, &grant).await {
        Ok(a) => {
            let mut body = json!({
                "auth_code": a.auth_code,
                "expires_in": a.expires_in,
                "info_type": a.info_type,
            });
            push_fields(&a.push, &mut body);
            Json(body).into_response()
        }
        Err(e) => failure(&e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnauthorizeRequest {
    component_appid: String,
    authorizer_appid: String,
}

/// `POST /sim/component/unauthorize {"component_appid","authorizer_appid"}`
/// → `{"ok":true,"push_status"}`.
async fn unauthorize(
    State(shared): State<Arc<Shared>>,
    JsonBody(req): JsonBody<UnauthorizeRequest>,
) -> Response {
    match ops::unauthorize(&shared, &req.component_appid, &req.authorizer_appid).await {
        Ok(push) => {
            let mut body = json!({ "ok": true });
            push_fields(&push, &mut body);
            Json(body).into_response()
        }
        Err(e) => failure(&e),
    }
}

/// `GET /sim/component/pushes` → `{"pushes":[{"component_appid",
/// "info_type","url","status"?,"error"?,"reply"?}]}`, oldest first.
async fn pushes(State(shared): State<Arc<Shared>>) -> Response {
    let list: Vec<Value> = shared
        .pusher
        .records()
        .into_iter()
        .map(|r| {
            let mut v = json!({
                "component_appid": r.component_appid,
                "info_type": r.info_type,
                "url": r.url,
                "status": Value::Null,
            });
            match r.status {
                PushStatus::Answered(code) => v["status"] = json!(code),
                PushStatus::Failed(e) => v["error"] = json!(e),
                PushStatus::NoUrl => v["error"] = json!("no events URL"),
            }
            if let Some(reply) = r.reply {
                v["reply"] = json!(reply);
            }
            v
        })
        .collect();
    Json(json!({ "pushes": list })).into_response()
}

/// `GET /sim/component/tokens?component_appid=&authorizer_appid=` → the
/// platform's newest valid `component_access_token` and, with an
/// authorizer, its `authorizer_access_token` and valid `refresh_tokens`
/// (newest last); null when there is none.
async fn tokens(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let query = request::query(&uri);
    let Some(component) = query.get("component_appid") else {
        return error(StatusCode::BAD_REQUEST, "missing ?component_appid=");
    };
    let now = Instant::now();
    let platforms = lock(&shared.component);
    if !platforms.knows(component) {
        return error(
            StatusCode::NOT_FOUND,
            format!("unknown component_appid {component}"),
        );
    }
    let mut body = json!({
        "component_access_token": platforms.current_component_token(component, now),
    });
    if let Some(authorizer) = query.get("authorizer_appid") {
        body["authorizer_access_token"] =
            json!(platforms.current_authorizer_token(component, authorizer, now));
        body["refresh_tokens"] = json!(platforms.refresh_tokens(component, authorizer));
    }
    Json(body).into_response()
}
