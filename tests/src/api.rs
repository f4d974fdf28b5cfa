//! Every API path except the token endpoints: access_token check, faults,
//! request checks, then the success body.

use std::collections::HashMap;
use std::time::Instant;

use axum::http::{HeaderMap, Method};
use axum::response::Response;
use rand::Rng;
use serde_json::Value;

use crate::bodies::{self, PathCredential, Verb};
use crate::endpoints::{self, Answer, Call};
use crate::faults::FaultAnswer;
use crate::multipart;
use crate::reply;
use crate::request;
use crate::signing;
use crate::state::{lock, Shared};
use crate::tokens::TokenStatus;

/// Where a path's success body comes from.
enum Source {
    /// Set with `set_body`.
    Override(Value),
    /// A file of the fixtures directory, byte for byte.
    Fixture(Vec<u8>),
    /// A built-in template.
    Builtin(&'static str),
}

/// A known path.
struct Route {
    verb: Verb,
    source: Source,
}

/// Finds the body source of `path`: set bodies first, then fixtures, then
/// the built-in table.
async fn resolve(shared: &Shared, path: &str) -> Option<Route> {
    let set = lock(&shared.overrides).get(path).cloned();
    if let Some(o) = set {
        return Some(Route {
            verb: o.verb,
            source: Source::Override(o.body),
        });
    }
    let builtin = bodies::builtin(path);
    if let Some(dir) = &shared.fixtures_dir {
        if let Some(bytes) = bodies::read_fixture(dir, path).await {
            return Some(Route {
                verb: builtin.map_or(Verb::Any, |b| b.0),
                source: Source::Fixture(bytes),
            });
        }
    }
    builtin.map(|(verb, template)| Route {
        verb,
        source: Source::Builtin(template),
    })
}

/// Applies the faults matching `path`: waits their latency, then returns the
/// answer they impose, if any.
pub async fn fault_stage(shared: &Shared, path: &str) -> Option<Response> {
    let effect = {
        let mut faults = lock(&shared.faults);
        let mut rng = rand::rng();
        faults.apply(path, || rng.random::<f64>())
    };
    if !effect.latency.is_zero() {
        tokio::time::sleep(effect.latency).await;
    }
    effect.answer.map(|a| match a {
        FaultAnswer::Errcode(code) => reply::errcode(code),
        FaultAnswer::HttpStatus(status) => reply::http_failure(status),
    })
}

/// Answers an API call. Unknown paths are 404 unless a fault names them.
pub async fn call(
    shared: &Shared,
    method: &Method,
    path: &str,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let route = resolve(shared, path).await;
    if route.is_none() && !lock(&shared.faults).names(path) {
        return reply::not_found(path);
    }
    // A platform's own endpoint takes its component_access_token, in the parameter its
    // page names; any other, an app's or an authorizer's access_token (40001 for a
    // component_access_token, as WeChat answers); a path both kinds share, either.
    let now = Instant::now();
    let present = |param: &str| query.get(param).filter(|t| !t.is_empty());
    let status = match bodies::credential_of(path) {
        PathCredential::AccessToken => match present("access_token") {
            Some(token) => shared.token_status(token, now),
            None => return reply::errcode(41001),
        },
        PathCredential::Platform(param) => match present(param) {
            Some(token) => shared.component_status(token, now),
            None => return reply::errcode(41001),
        },
        PathCredential::Either(param) => match (present(param), present("access_token")) {
            (Some(token), _) | (None, Some(token)) => match shared.token_status(token, now) {
                TokenStatus::Invalid => shared.component_status(token, now),
                known => known,
            },
            (None, None) => return reply::errcode(41001),
        },
    };
    let appid = match status {
        TokenStatus::Valid(appid) => appid,
        TokenStatus::Invalid => return reply::errcode(40001),
        TokenStatus::Expired => return reply::errcode(42001),
    };
    if let Some(answer) = fault_stage(shared, path).await {
        return answer;
    }
    let Some(route) = route else {
        return reply::not_found(path);
    };
    let json = match request::json_body(route.verb, method, &body) {
        Ok(json) => json,
        Err(code) => return reply::errcode(code),
    };
    if let Err(code) = signing::check(shared, &appid, path, query, &body) {
        return reply::errcode(code);
    }
    let form = if route.verb == Verb::Multipart {
        let content_type = headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        match multipart::parse(content_type, body.clone()).await {
            Ok(form) => Some(form),
            Err(code) => return reply::errcode(code),
        }
    } else {
        None
    };
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    match route.source {
        Source::Override(body) => reply::json(&body),
        Source::Fixture(bytes) => reply::raw_json(bytes),
        Source::Builtin(template) => {
            let template = bodies::pick(path, query, json.as_ref()).unwrap_or(template);
            let template = serde_json::from_str(template).unwrap_or(Value::Null);
            let call = Call {
                path,
                appid: &appid,
                query,
                body: json.as_ref(),
                form: form.as_ref(),
                raw: &body,
                host,
            };
            match endpoints::answer(shared, &call, template) {
                // A template that is a JSON string is the text of a text answer.
                Answer::Json(Value::String(text)) => reply::text(&text),
                Answer::Json(body) => reply::json(&body),
                Answer::File {
                    content_type,
                    filename,
                    bytes,
                } => reply::file(&content_type, &filename, bytes),
                Answer::Image {
                    content_type,
                    bytes,
                } => reply::image(&content_type, bytes),
                Answer::Error(code) => reply::errcode(code),
            }
        }
    }
}
