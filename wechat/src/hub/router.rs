//! The hub's route table: which handler serves each path (the apps' routes in
//! `routes.rs`, the platforms' in `component_routes.rs`), the answers for unknown paths
//! and methods, and the middleware that counts and logs every request.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::routes::{self, shown, HubError};
use super::{component_routes, Shared};

/// The hub's routes over its state.
pub(crate) fn router(state: Arc<Shared>) -> Router {
    Router::new()
        .route("/client/access_token", get(routes::access_token))
        .route("/refresh/access_token", post(routes::refresh_access_token))
        .route("/client/ticket", get(routes::ticket))
        .route(
            "/client/component_access_token",
            get(component_routes::component_access_token),
        )
        .route(
            "/refresh/component_access_token",
            post(component_routes::refresh_component_access_token),
        )
        .route(
            "/client/refresh_component_access_token",
            post(component_routes::refresh_component_access_token),
        )
        .route(
            "/component/{component_appid}/events",
            post(component_routes::events),
        )
        .route(
            "/component/{component_appid}/authorize",
            get(component_routes::authorize),
        )
        .route(
            "/component/{component_appid}/authorized",
            get(component_routes::authorized),
        )
        .route("/healthz", get(routes::healthz))
        .route("/metrics", get(routes::metrics))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.limits,
            super::connections::read_body_within,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), count))
        .with_state(state)
}

async fn not_found() -> HubError {
    HubError::new(StatusCode::NOT_FOUND, "no such route")
}

async fn method_not_allowed(req: Request) -> Response {
    let allowed = match req.uri().path() {
        "/refresh/access_token"
        | "/refresh/component_access_token"
        | "/client/refresh_component_access_token" => "POST",
        p if p.starts_with("/component/") && p.ends_with("/events") => "POST",
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
        "/refresh/component_access_token" => "/refresh/component_access_token",
        p if p.starts_with("/component/") && p.ends_with("/events") => "/component/{appid}/events",
        p if p.starts_with("/component/") && p.ends_with("/authorize") => {
            "/component/{appid}/authorize"
        }
        p if p.starts_with("/component/") && p.ends_with("/authorized") => {
            "/component/{appid}/authorized"
        }
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
