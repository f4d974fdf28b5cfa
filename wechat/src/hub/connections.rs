//! How the hub serves connections: HTTP/1.1 through hyper with limits that keep slow
//! or idle clients from holding it (`[server]` in `hub.toml`).
//!
//! - **Header timeout** (`header_timeout_secs`, default 10): a request's head must
//!   arrive whole within it, or hyper closes the connection. It also runs while a
//!   keep-alive connection waits for its next request, so it is the idle limit too.
//! - **Body timeout** (`body_timeout_secs`, default 10) and **body size**
//!   (`max_body_bytes`, default 64 KiB): a request body is read whole within the
//!   timeout (else 408) and up to the size (else 413) before any handler sees it.
//! - **Connections** (`max_connections`, default 10,000): while that many are open, the
//!   hub accepts no more (they wait in the listen backlog). The bound in force is at
//!   most the open-file limit (`ulimit -n`) less [`RESERVED_FILES`], so that the
//!   process keeps descriptors for its own work (the store, WeChat, logs); the
//!   `wechat-hub` binary raises its soft open-file limit to the hard one at start. An
//!   accept error such as "too many open files" pauses accepting for 100 ms instead of
//!   spinning. A flood beyond the bound waits until the header timeout sheds the
//!   stalled connections.
//!
//! HTTP/2 is not served: the hub's clients speak HTTP/1.1, and hyper's HTTP/1 server
//! is the one with a header timeout.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use serde::Deserialize;
use tower::ServiceExt;

use super::config_problems::Problems;

/// The limits on the hub's connections (`[server]` in `hub.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerLimits {
    /// A request's head must arrive within this long, and an idle keep-alive
    /// connection is closed after it (default 10 s).
    pub header_timeout: Duration,
    /// A request's body must arrive within this long (default 10 s); else 408.
    pub body_timeout: Duration,
    /// The largest request body accepted, in bytes (default 65,536); else 413.
    pub max_body_bytes: usize,
    /// At most this many open connections (default 10,000), and never more than the
    /// open-file limit allows (see [`ServerLimits::connection_bound`]).
    pub max_connections: usize,
}

/// Open files kept for the hub's own work when the open-file limit bounds its
/// connections.
pub const RESERVED_FILES: usize = 128;

impl ServerLimits {
    /// The connection bound in force: `max_connections`, but at most the process's
    /// soft open-file limit less [`RESERVED_FILES`] (and at least 1).
    pub fn connection_bound(&self) -> usize {
        let files = rlimit::getrlimit(rlimit::Resource::NOFILE)
            .ok()
            .and_then(|(soft, _)| usize::try_from(soft).ok())
            .unwrap_or(usize::MAX);
        self.max_connections
            .min(files.saturating_sub(RESERVED_FILES))
            .max(1)
    }
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_body_bytes: 64 * 1024,
            max_connections: 10_000,
        }
    }
}

/// `[server]` as written.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawServer {
    header_timeout_secs: Option<f64>,
    body_timeout_secs: Option<f64>,
    max_body_bytes: Option<usize>,
    max_connections: Option<usize>,
}

impl RawServer {
    /// The limits, with each problem added to `problems`.
    pub(super) fn resolve(&self, problems: &mut Problems<'_>) -> ServerLimits {
        let defaults = ServerLimits::default();
        let mut secs = |name: &str, value: Option<f64>, default: Duration| match value {
            None => default,
            Some(v) if v.is_finite() && v > 0.0 && v <= 3600.0 => Duration::from_secs_f64(v),
            Some(v) => {
                problems.at(
                    &format!("server.{name}"),
                    format!("[server] {name} = {v}: a number of seconds above 0, at most 3600"),
                );
                default
            }
        };
        let header_timeout = secs(
            "header_timeout_secs",
            self.header_timeout_secs,
            defaults.header_timeout,
        );
        let body_timeout = secs(
            "body_timeout_secs",
            self.body_timeout_secs,
            defaults.body_timeout,
        );
        let mut at_least_one = |name: &str, value: Option<usize>, default: usize| match value {
            Some(0) => {
                problems.at(
                    &format!("server.{name}"),
                    format!("[server] {name} = 0: at least 1"),
                );
                default
            }
            Some(v) => v,
            None => default,
        };
        ServerLimits {
            header_timeout,
            body_timeout,
            max_body_bytes: at_least_one(
                "max_body_bytes",
                self.max_body_bytes,
                defaults.max_body_bytes,
            ),
            max_connections: at_least_one(
                "max_connections",
                self.max_connections,
                defaults.max_connections,
            ),
        }
    }
}

/// Reads the whole request body within the body timeout and size limit before the
/// handler runs, so that a slow or endless body ends in 408 / 413 rather than holding a
/// handler.
pub(super) async fn read_body_within(
    State(limits): State<ServerLimits>,
    req: Request,
    next: Next,
) -> Response {
    // Most requests (every GET) have no body: nothing to wait for.
    if req.body().is_end_stream() {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let read = axum::body::to_bytes(body, limits.max_body_bytes);
    let bytes = match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => {
            let too_large = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            return if too_large {
                refusal(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the body is larger than {} bytes", limits.max_body_bytes),
                )
            } else {
                refusal(StatusCode::BAD_REQUEST, "the body could not be read")
            };
        }
        Err(_) => {
            return refusal(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the body did not arrive within {} ms",
                    limits.body_timeout.as_millis()
                ),
            )
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn refusal(status: StatusCode, errmsg: impl Into<String>) -> Response {
    let body = serde_json::json!({
        "errcode": status.as_u16(),
        "errmsg": errmsg.into(),
    });
    (
        status,
        [(axum::http::header::CONNECTION, "close")],
        axum::Json(body),
    )
        .into_response()
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes, then lets
/// the requests in flight finish. Each request carries the peer's
/// [`ConnectInfo`]`<SocketAddr>`.
pub(super) async fn serve(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let open = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => permit.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot accept a connection; pausing 100 ms");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = router
            .clone()
            .map_request(move |mut req: Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            });
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_read_and_checked() {
        let raw: RawServer = toml::from_str(
            "header_timeout_secs = 0.25\nbody_timeout_secs = 2\nmax_connections = 64\n",
        )
        .unwrap();
        let mut problems = Problems::new("hub.toml", "");
        let limits = raw.resolve(&mut problems);
        assert!(problems.is_empty(), "{:?}", problems.into_lines());
        assert_eq!(limits.header_timeout, Duration::from_millis(250));
        assert_eq!(limits.body_timeout, Duration::from_secs(2));
        assert_eq!(limits.max_connections, 64);
        assert_eq!(limits.max_body_bytes, 64 * 1024);

        let raw: RawServer =
            toml::from_str("header_timeout_secs = -1\nmax_connections = 0\n").unwrap();
        let mut problems = Problems::new("hub.toml", "");
        assert_eq!(raw.resolve(&mut problems), ServerLimits::default());
        let problems = problems.into_lines();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
