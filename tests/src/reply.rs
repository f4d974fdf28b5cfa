//! Building HTTP answers the way WeChat sends them.

use axum::body::Bytes;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::errcode::error_body;

/// The content type WeChat's JSON answers carry.
pub const JSON_CONTENT_TYPE: &str = "application/json; encoding=utf-8";

/// A JSON answer with HTTP 200.
pub fn json(body: &Value) -> Response {
    raw_json(body.to_string().into_bytes())
}

/// Already-encoded JSON bytes with HTTP 200.
pub fn raw_json(body: Vec<u8>) -> Response {
    (StatusCode::OK, [(CONTENT_TYPE, JSON_CONTENT_TYPE)], body).into_response()
}

/// A text answer (`text/plain`), such as a CSV bill.
pub fn text(body: &str) -> Response {
    (
        StatusCode::OK,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        body.to_owned(),
    )
        .into_response()
}

/// `{"errcode":code,"errmsg":...}` with HTTP 200, as WeChat reports errors.
pub fn errcode(code: i64) -> Response {
    json(&error_body(code))
}

/// A file download, as WeChat sends media.
pub fn file(content_type: &str, filename: &str, bytes: Bytes) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// An image, as the mini-program code endpoints send it: no
/// `Content-Disposition`.
pub fn image(content_type: &str, bytes: Bytes) -> Response {
    (
        StatusCode::OK,
        [(CONTENT_TYPE, content_type.to_owned())],
        bytes,
    )
        .into_response()
}

/// An injected HTTP failure with a short text body; invalid codes give 500.
pub fn http_failure(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let text = format!(
        "{} {} (injected by the WeChat simulator)\n",
        status.as_str(),
        status.canonical_reason().unwrap_or("Error")
    );
    (status, [(CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// The simulator's answer for a path it does not know: HTTP 404, saying how to give it
/// an answer (the path of a spec group of the user's own, for instance).
pub fn not_found(path: &str) -> Response {
    let body = json!({
        "errcode": -1,
        "errmsg": format!(
            "unknown path for the simulator: {path} (not in the built-in specs; give its answer with POST /sim/body {{\"method\",\"path\",\"body\"}} or Simulator::set_body)"
        ),
    });
    (
        StatusCode::NOT_FOUND,
        [(CONTENT_TYPE, JSON_CONTENT_TYPE)],
        body.to_string(),
    )
        .into_response()
}
