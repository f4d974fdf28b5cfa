//! The running simulator: the HTTP server, its routing, and the Rust
//! handle tests use to steer it.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use axum::Router;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::bodies::Verb;
use crate::config::SimConfig;
use crate::faults::Fault;
use crate::sns::CodeKind;
use crate::state::{lock, Override, Shared};
use crate::token_api::{CLASSIC_PATH, STABLE_PATH};
use crate::{api, control, reply, request, sns, token_api};

/// Largest request body accepted (WeChat's largest uploads are 10 MB).
const MAX_BODY: usize = 32 * 1024 * 1024;

/// How long [`Simulator::shutdown`] waits for requests in flight.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(5);

/// A running simulator. Dropping it (or calling [`Simulator::shutdown`])
/// stops the server.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use wechat_sim::{Fault, SimConfig, Simulator};
///
/// let sim = Simulator::start(SimConfig::default().app("wxappid", "secret")).await?;
/// let base = sim.url(); // "http://127.0.0.1:PORT"
/// sim.inject(Fault::errcode("/cgi-bin/menu/get", -1).times(1));
/// // ... point the client under test at `base` ...
/// assert_eq!(sim.calls("/cgi-bin/menu/get"), 0);
/// sim.shutdown().await;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Simulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Simulator {
    /// Binds `config.listen` and starts serving on the current Tokio runtime.
    pub async fn start(config: SimConfig) -> io::Result<Simulator> {
        let listener = TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(&config));
        let app = router(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                // A dropped sender stops the server too.
                let _ = stopped.await;
            });
            // Accept errors are retried inside axum; nothing is left to report.
            let _ = serve.await;
        });
        Ok(Simulator {
            shared,
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received on `path` (e.g. `/cgi-bin/stable_token`), whatever
    /// their outcome.
    pub fn calls(&self, path: &str) -> u64 {
        lock(&self.shared.stats).calls(path)
    }

    /// Requests on `/cgi-bin/token` plus `/cgi-bin/stable_token`.
    pub fn token_requests(&self) -> u64 {
        lock(&self.shared.stats).token_requests()
    }

    /// All requests outside `/sim/`.
    pub fn total_calls(&self) -> u64 {
        lock(&self.shared.stats).total()
    }

    /// Sets every request counter back to zero.
    pub fn reset_counts(&self) {
        lock(&self.shared.stats).reset();
    }

    /// Every token of the app becomes invalid now: calls with it get 40001.
    pub fn invalidate_tokens(&self, appid: &str) {
        lock(&self.shared.tokens).invalidate(appid, Instant::now());
    }

    /// Every token of the app expires now: calls with it get 42001.
    pub fn expire_tokens(&self, appid: &str) {
        lock(&self.shared.tokens).expire(appid, Instant::now());
    }

    /// Lifetime of tokens issued from now on.
    pub fn set_token_ttl(&self, ttl: Duration) {
        lock(&self.shared.tokens).update_settings(|s| s.ttl = ttl);
    }

    /// Changes the overlap / renewal window (see [`SimConfig::grace`]).
    pub fn set_grace(&self, grace: Duration) {
        lock(&self.shared.tokens).update_settings(|s| s.grace = grace);
    }

    /// Adds a fault after those already active.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).add(fault);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// The newest valid stable token of the app, or else its newest valid
    /// classic token.
    pub fn current_token(&self, appid: &str) -> Option<String> {
        lock(&self.shared.tokens).current(appid, Instant::now())
    }

    /// Makes `body` the success body of `path` (it still needs a valid
    /// access_token). `method` `"POST"` requires a POST with a JSON body;
    /// any other method accepts any request and body (use it for multipart
    /// uploads). Replaces built-in and fixture bodies.
    pub fn set_body(&self, method: &str, path: &str, body: Value) {
        let entry = Override {
            verb: Verb::from_method(method),
            body,
        };
        lock(&self.shared.overrides).insert(path.to_owned(), entry);
    }

    /// A `wx.login()` code of `appid` for the user `openid`, for one
    /// `/sns/jscode2session` (then 40163; unknown codes are 40029).
    pub fn login_code(&self, appid: &str, openid: &str) -> String {
        lock(&self.shared.sns).issue(appid, openid, CodeKind::Login)
    }

    /// The `code` WeChat's OAuth2 redirect would carry after `openid`
    /// granted `scope` (`snsapi_base` or `snsapi_userinfo`) to `appid`, for
    /// one `/sns/oauth2/access_token`.
    pub fn oauth_code(&self, appid: &str, openid: &str, scope: &str) -> String {
        let kind = CodeKind::OAuth {
            scope: scope.to_owned(),
        };
        lock(&self.shared.sns).issue(appid, openid, kind)
    }

    /// The code of a `getPhoneNumber` button of `appid` sharing `phone`,
    /// for one `/wxa/business/getuserphonenumber`.
    pub fn phone_code(&self, appid: &str, phone: &str) -> String {
        let kind = CodeKind::Phone {
            phone: phone.to_owned(),
        };
        lock(&self.shared.sns).issue(appid, "", kind)
    }

    /// Every user access token (OAuth2) expires now: 42001 from then on.
    pub fn expire_user_tokens(&self) {
        lock(&self.shared.sns).expire_user_tokens();
    }

    /// Stops the server, waiting briefly for requests in flight.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(SHUTDOWN_WAIT, &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The control routes plus the WeChat API for every other path.
fn router(shared: Arc<Shared>) -> Router {
    control::routes()
        .fallback(dispatch)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared)
}

/// Counts the request and sends it to the token endpoints or the API.
async fn dispatch(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    if path == "/sim" || path.starts_with("/sim/") {
        return reply::not_found(path);
    }
    lock(&shared.stats).record(path);
    let query = request::query(&uri);
    match path {
        CLASSIC_PATH => token_api::classic(&shared, &query).await,
        STABLE_PATH => token_api::stable(&shared, &method, &body).await,
        _ => {
            if let Some(answer) = sns::call(&shared, path, &query).await {
                return answer;
            }
            api::call(&shared, &method, path, &query, &headers, body).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulator_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Simulator>();
    }
}
