//! The `/sim/` control API: the same controls as the Rust methods of
//! [`Simulator`](crate::Simulator), over HTTP, for the binary and for tests
//! written in other languages. Answers `{"ok":true}` (or the data asked
//! for); mistakes get HTTP 400 or 404 with `{"error":"..."}`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::bodies::Verb;
use crate::callback::message::CallbackMessage;
use crate::callback::trigger::{trigger, CallbackTarget};
use crate::component;
use crate::endpoints::media;
use crate::faults::Fault;
use crate::request;
use crate::sns::CodeKind;
use crate::state::{lock, Override, Shared};

/// The control routes, to be merged into the simulator's router.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/sim/stats", get(stats))
        .route("/sim/reset", post(reset))
        .route("/sim/invalidate", post(invalidate))
        .route("/sim/expire", post(expire))
        .route(
            "/sim/fault",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/sim/config", post(config))
        .route("/sim/token", get(token))
        .route("/sim/body", post(set_body))
        .route("/sim/code", post(issue_code))
        .route("/sim/download/{media_id}", get(download))
        .route("/sim/push", post(push))
        .merge(component::control::routes())
}

fn ok() -> Response {
    Json(json!({ "ok": true })).into_response()
}

/// An error answer `{"error": message}` with `status`.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// A JSON request body; a body that does not parse is answered with 400
/// saying what is wrong with it.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| error(StatusCode::BAD_REQUEST, format!("bad request body: {e}")))
    }
}

async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    let stats = lock(&shared.stats);
    let by_kind: serde_json::Map<String, Value> = stats
        .requests_by_kind()
        .into_iter()
        .map(|(kind, n)| (kind.to_owned(), json!(n)))
        .collect();
    let mut by_authorizer = serde_json::Map::new();
    for ((component, authorizer), n) in stats.per_authorizer() {
        let entry = by_authorizer
            .entry(component.clone())
            .or_insert_with(|| json!({}));
        entry[authorizer.as_str()] = json!(n);
    }
    Json(json!({
        "calls": stats.per_path(),
        "token_requests": stats.token_requests(),
        "token_requests_by_kind": by_kind,
        "component_token_requests": stats.per_component(),
        "authorizer_token_requests": by_authorizer,
        "total": stats.total(),
    }))
    .into_response()
}

async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    lock(&shared.stats).reset();
    ok()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AppRequest {
    appid: String,
}

/// Answers `{"ok":true}` when the appid named an app, a platform or an
/// authorizer, 404 otherwise.
fn known(found: bool, appid: &str) -> Response {
    if found {
        ok()
    } else {
        error(StatusCode::NOT_FOUND, format!("unknown appid: {appid}"))
    }
}

/// `POST /sim/invalidate {"appid"}`: every token of the app, platform or
/// authorizer answers 40001.
async fn invalidate(
    State(shared): State<Arc<Shared>>,
    JsonBody(req): JsonBody<AppRequest>,
) -> Response {
    known(shared.invalidate(&req.appid, Instant::now()), &req.appid)
}

/// `POST /sim/expire {"appid"}`: every token of the app, platform or
/// authorizer answers 42001.
async fn expire(
    State(shared): State<Arc<Shared>>,
    JsonBody(req): JsonBody<AppRequest>,
) -> Response {
    known(shared.expire(&req.appid, Instant::now()), &req.appid)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    path: Option<String>,
    errcode: Option<i64>,
    http_status: Option<u16>,
    latency_ms: Option<u64>,
    rate: Option<f64>,
    remaining: Option<u64>,
}

async fn add_fault(
    State(shared): State<Arc<Shared>>,
    JsonBody(req): JsonBody<FaultRequest>,
) -> Response {
    if let Some(status) = req.http_status {
        if !(100..=999).contains(&status) {
            return error(
                StatusCode::BAD_REQUEST,
                format!("invalid http_status {status}"),
            );
        }
    }
    if let Some(path) = &req.path {
        if !path.starts_with('/') {
            return error(StatusCode::BAD_REQUEST, "path must start with '/'");
        }
    }
    let fault = Fault {
        path: req.path,
        errcode: req.errcode,
        http_status: req.http_status,
        latency: req.latency_ms.map(Duration::from_millis),
        rate: req.rate.unwrap_or(1.0),
        remaining: req.remaining,
    };
    lock(&shared.faults).add(fault);
    ok()
}

async fn list_faults(State(shared): State<Arc<Shared>>) -> Response {
    let faults: Vec<Value> = lock(&shared.faults)
        .list()
        .iter()
        .map(|f| {
            json!({
                "path": f.path,
                "errcode": f.errcode,
                "http_status": f.http_status,
                "latency_ms": f.latency.map(|d| d.as_millis()),
                "rate": f.rate,
                "remaining": f.remaining,
            })
        })
        .collect();
    Json(json!({ "faults": faults })).into_response()
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    lock(&shared.faults).clear();
    ok()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigRequest {
    token_ttl_secs: Option<u64>,
    grace_secs: Option<u64>,
    force_refresh_interval_secs: Option<u64>,
    force_refresh_daily_limit: Option<u32>,
}

async fn config(
    State(shared): State<Arc<Shared>>,
    JsonBody(req): JsonBody<ConfigRequest>,
) -> Response {
    let s = lock(&shared.tokens).update_settings(|s| {
        if let Some(secs) = req.token_ttl_secs {
            s.ttl = Duration::from_secs(secs);
        }
        if let Some(secs) = req.grace_secs {
            s.grace = Duration::from_secs(secs);
        }
        if let Some(secs) = req.force_refresh_interval_secs {
            s.force_interval = Duration::from_secs(secs);
        }
        if let Some(limit) = req.force_refresh_daily_limit {
            s.force_daily_limit = limit;
        }
    });
    Json(json!({
        "ok": true,
        "token_ttl_secs": s.ttl.as_secs(),
        "grace_secs": s.grace.as_secs(),
        "force_refresh_interval_secs": s.force_interval.as_secs(),
        "force_refresh_daily_limit": s.force_daily_limit,
    }))
    .into_response()
}

async fn token(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let query = request::query(&uri);
    let Some(appid) = query.get("appid") else {
        return error(StatusCode::BAD_REQUEST, "missing ?appid=");
    };
    match lock(&shared.tokens).current(appid, Instant::now()) {
        Some(t) => Json(json!({ "access_token": t })).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            format!("no valid token for appid {appid}"),
        ),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyRequest {
    method: String,
    path: String,
    body: Value,
}

async fn set_body(
    State(shared): State<Arc<Shared>>,
    JsonBody(req): JsonBody<BodyRequest>,
) -> Response {
    if !req.path.starts_with('/') || req.path.starts_with("/sim/") {
        return error(
            StatusCode::BAD_REQUEST,
            "path must start with '/' and not be under /sim/",
        );
    }
    let entry = Override {
        verb: Verb::from_method(&req.method),
        body: req.body,
    };
    lock(&shared.overrides).insert(req.path, entry);
    ok()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeRequest {
    kind: String,
    appid: String,
    openid: Option<String>,
    scope: Option<String>,
    phone: Option<String>,
}

/// `POST /sim/code {"kind":"login"|"oauth"|"phone","appid","openid"?,"scope"?,"phone"?}`
/// → `{"code"}`: what a user's WeChat would hand the page or mini program.
async fn issue_code(
    State(shared): State<Arc<Shared>>,
    JsonBody(req): JsonBody<CodeRequest>,
) -> Response {
    let kind = match req.kind.as_str() {
        "login" => CodeKind::Login,
        "oauth" => CodeKind::OAuth {
            scope: req.scope.unwrap_or_else(|| "snsapi_base".into()),
        },
        "phone" => match req.phone {
            Some(phone) => CodeKind::Phone { phone },
            None => return error(StatusCode::BAD_REQUEST, "kind phone needs \"phone\""),
        },
        other => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("unknown kind `{other}`: expected login, oauth or phone"),
            )
        }
    };
    let openid = req.openid.unwrap_or_default();
    let code = lock(&shared.sns).issue(&req.appid, &openid, kind);
    Json(json!({ "code": code })).into_response()
}

/// `GET /sim/download/{media_id}`: the bytes of an uploaded file, like the
/// `video_url` / `down_url` WeChat hands out (no token needed).
async fn download(State(shared): State<Arc<Shared>>, Path(media_id): Path<String>) -> Response {
    match media::download(&shared, &media_id) {
        Some((content_type, bytes)) => {
            ([(axum::http::header::CONTENT_TYPE, content_type)], bytes).into_response()
        }
        None => error(StatusCode::NOT_FOUND, format!("no media {media_id}")),
    }
}

/// `POST /sim/push`: the target's fields (`url`, `appid`, `token`, and
/// `encoding_aes_key`, `to_user`, `from_user` when wanted) and `message`.
#[derive(Deserialize)]
struct PushRequest {
    #[serde(flatten)]
    target: CallbackTarget,
    message: CallbackMessage,
}

/// Triggers one callback at the URL asked for and answers how it went
/// ([`TriggerOutcome`](crate::TriggerOutcome) as JSON); 400 when it could not be
/// sent or got no answer, saying why.
async fn push(JsonBody(request): JsonBody<PushRequest>) -> Response {
    match trigger(&request.target, &request.message).await {
        Ok(outcome) => Json(outcome).into_response(),
        Err(e) => error(StatusCode::BAD_REQUEST, e),
    }
}
