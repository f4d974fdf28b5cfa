//! The axum adapter (cargo feature `axum`): `GET`/`POST /` and `GET`/`POST /{appid}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{CallbackError, CallbackQuery, CallbackResponse, CallbackServer};

/// An axum router serving the callback endpoint at `/` and `/{appid}`.
///
/// Nest it where the callback URL lives (`Router::new().nest("/wechat", router(server))`).
/// The body limit is the server's [`max_body_bytes`](super::CallbackConfig::max_body_bytes).
/// An answer carries its [`CallbackResponse::headers`] (`nosniff` on the handshake's
/// echo). A rejection answers with [`CallbackError::http_status`] and a one-line
/// `text/plain` reason, with `X-Content-Type-Options: nosniff` since the reason may
/// quote the request.
pub fn router(server: Arc<CallbackServer>) -> axum::Router {
    let limit = server.config().max_body_bytes;
    axum::Router::new()
        .route("/", get(get_root).post(post_root))
        .route("/{appid}", get(get_app).post(post_app))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(server)
}

async fn get_root(State(server): State<Arc<CallbackServer>>, RawQuery(q): RawQuery) -> Response {
    let query = CallbackQuery::parse(q.as_deref().unwrap_or(""));
    respond(server.handle_get(&query, None).await)
}

async fn get_app(
    State(server): State<Arc<CallbackServer>>,
    Path(appid): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let query = CallbackQuery::parse(q.as_deref().unwrap_or(""));
    respond(server.handle_get(&query, Some(&appid)).await)
}

async fn post_root(
    State(server): State<Arc<CallbackServer>>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let query = CallbackQuery::parse(q.as_deref().unwrap_or(""));
    respond(server.handle_post(&query, &body, None).await)
}

async fn post_app(
    State(server): State<Arc<CallbackServer>>,
    Path(appid): Path<String>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let query = CallbackQuery::parse(q.as_deref().unwrap_or(""));
    respond(server.handle_post(&query, &body, Some(&appid)).await)
}

fn respond(result: Result<CallbackResponse, CallbackError>) -> Response {
    match result {
        Ok(r) => {
            let mut response = (
                StatusCode::from_u16(r.status).unwrap_or(StatusCode::OK),
                [(header::CONTENT_TYPE, r.content_type)],
                r.body,
            )
                .into_response();
            for (name, value) in r.headers {
                match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
                    (Ok(name), Ok(value)) => {
                        response.headers_mut().insert(name, value);
                    }
                    _ => tracing::warn!(name, "skipping an invalid response header"),
                }
            }
            response
        }
        Err(e) => {
            let status =
                StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            tracing::warn!(status = status.as_u16(), error = %e, "callback rejected");
            // The reason may quote the request (an unknown appid, an encrypt_type).
            (
                status,
                [(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                )],
                e.to_string(),
            )
                .into_response()
        }
    }
}
