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
use crate::component::authorizer::AuthorizerType;
use crate::component::ops::{self, Authorization};
use crate::component::push::{PushRecord, PushStatus};
use crate::component::state::Grant;
use crate::config::SimConfig;
use crate::faults::Fault;
use crate::sns::CodeKind;
use crate::state::{lock, Override, Shared};
use crate::token_api::{CLASSIC_PATH, STABLE_PATH};
use crate::{api, component, control, reply, request, sns, token_api};

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
    ///
    /// A configuration that [`SimConfig::validate`] refuses (an
    /// EncodingAESKey that is not 43 base64 characters, for instance) is an
    /// [`io::ErrorKind::InvalidInput`] error.
    pub async fn start(config: SimConfig) -> io::Result<Simulator> {
        let shared =
            Shared::new(&config).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let shared = Arc::new(shared);
        let listener = TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
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

    /// Requests received on `path` per second of arrival: (Unix second, count),
    /// seconds with none left out, oldest first.
    pub fn calls_by_second(&self, path: &str) -> Vec<(u64, u64)> {
        lock(&self.shared.stats).calls_by_second(path)
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

    /// Every token of `appid` becomes invalid now: calls with it get
    /// 40001. `appid` may name an app (its access_tokens), a third-party
    /// platform (its component_access_tokens) or an authorizer (its
    /// authorizer_access_tokens).
    pub fn invalidate_tokens(&self, appid: &str) {
        self.shared.invalidate(appid, Instant::now());
    }

    /// Every token of `appid` (as for [`Simulator::invalidate_tokens`])
    /// expires now: calls with it get 42001.
    pub fn expire_tokens(&self, appid: &str) {
        self.shared.expire(appid, Instant::now());
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

    /// A fresh `component_verify_ticket` of the platform, valid from now on, handed
    /// to the caller instead of pushed (a test records it with
    /// `Platform::record_ticket`, as a server receiving the push elsewhere would).
    /// `None` for an unknown platform.
    pub fn issue_ticket(&self, component_appid: &str) -> Option<String> {
        lock(&self.shared.component).new_ticket(component_appid, Instant::now())
    }

    /// Pushes a fresh `component_verify_ticket` of the platform now, to
    /// `url` or else to its events URL, and returns the receiver's HTTP
    /// status. `Err` for an unknown platform, no URL, or a push that got no
    /// answer (the ticket is valid all the same).
    pub async fn push_ticket(
        &self,
        component_appid: &str,
        url: Option<&str>,
    ) -> Result<u16, String> {
        ops::push_ticket(&self.shared, component_appid, url)
            .await
            .map_err(|e| e.message().to_owned())
    }

    /// What the account `authorizer_appid` does on the authorization page
    /// opened with `pre_auth_code` (from `api_create_preauthcode`): uses up
    /// the code, grants `func_ids` (empty: the usual permission sets of
    /// `app_type`) and pushes `authorized`, or `updateauthorized` when it was
    /// authorizing the platform already. An authorization after an
    /// unauthorization starts new refresh tokens. `Err` for an unknown
    /// platform or a pre_auth_code that is unknown, used or expired.
    pub async fn authorize(
        &self,
        component_appid: &str,
        pre_auth_code: &str,
        authorizer_appid: &str,
        app_type: AuthorizerType,
        func_ids: &[i64],
    ) -> Result<Authorization, String> {
        let grant = Grant {
            pre_auth_code,
            authorizer_appid,
            kind: app_type,
            func_ids,
        };
        ops::authorize(&self.shared, component_appid, &grant)
            .await
            .map_err(|e| e.message().to_owned())
    }

    /// The account revokes its authorization of the platform: its refresh
    /// tokens (61023) and authorizer_access_tokens (40001) die now, and
    /// `unauthorized` is pushed. Returns how the push went; `Err` when the
    /// account was not authorizing the platform.
    pub async fn unauthorize(
        &self,
        component_appid: &str,
        authorizer_appid: &str,
    ) -> Result<PushStatus, String> {
        ops::unauthorize(&self.shared, component_appid, authorizer_appid)
            .await
            .map_err(|e| e.message().to_owned())
    }

    /// Every push to a platform's events URL so far, oldest first.
    pub fn pushes(&self) -> Vec<PushRecord> {
        self.shared.pusher.records()
    }

    /// Requests on `api_component_token` naming the platform, whatever
    /// their outcome.
    pub fn component_token_requests(&self, component_appid: &str) -> u64 {
        lock(&self.shared.stats).component_token_requests(component_appid)
    }

    /// Requests on `api_authorizer_token` naming the platform and the
    /// authorizer, whatever their outcome.
    pub fn authorizer_token_requests(&self, component_appid: &str, authorizer_appid: &str) -> u64 {
        lock(&self.shared.stats).authorizer_token_requests(component_appid, authorizer_appid)
    }

    /// The authorizer's newest refresh token (the one the last answer
    /// carried), while it authorizes the platform.
    pub fn current_refresh_token(
        &self,
        component_appid: &str,
        authorizer_appid: &str,
    ) -> Option<String> {
        self.valid_refresh_tokens(component_appid, authorizer_appid)
            .pop()
    }

    /// Every refresh token of the authorizer that `api_authorizer_token`
    /// accepts now, newest last.
    pub fn valid_refresh_tokens(
        &self,
        component_appid: &str,
        authorizer_appid: &str,
    ) -> Vec<String> {
        lock(&self.shared.component).refresh_tokens(component_appid, authorizer_appid)
    }

    /// The gaps in the authorizer_access_tokens of the platform's accounts so far:
    /// tokens that expired before the next one was issued, and accounts whose newest
    /// token has expired now.
    pub fn authorizer_lapses(&self, component_appid: &str) -> crate::LapseReport {
        lock(&self.shared.component).lapses(component_appid, Instant::now())
    }

    /// The platform's newest valid component_access_token.
    pub fn current_component_token(&self, component_appid: &str) -> Option<String> {
        lock(&self.shared.component).current_component_token(component_appid, Instant::now())
    }

    /// The authorizer's newest valid authorizer_access_token.
    pub fn current_authorizer_token(
        &self,
        component_appid: &str,
        authorizer_appid: &str,
    ) -> Option<String> {
        lock(&self.shared.component).current_authorizer_token(
            component_appid,
            authorizer_appid,
            Instant::now(),
        )
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
            if let Some(answer) = component::call(&shared, &method, path, &query, &body).await {
                return answer;
            }
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
