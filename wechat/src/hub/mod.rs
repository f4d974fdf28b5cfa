//! The token hub (中控服务器, feature `hub`): one server owns the app secrets, keeps every
//! `access_token` and ticket fresh, and hands them to business servers over HTTP.
//!
//! Run it with the `wechat-hub` binary (`wechat-hub --config hub.toml`), or embed it:
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use wechat::hub::{Hub, HubConfig};
//!
//! let config = HubConfig::load(std::path::Path::new("hub.toml"))?;
//! let listener = tokio::net::TcpListener::bind(config.listen()).await?;
//! let hub = Hub::new(config)?;
//! hub.serve(listener, async { let _ = tokio::signal::ctrl_c().await; }).await?;
//! # Ok(()) }
//! ```
//!
//! [`Hub::serve`] serves on the caller's runtime; [`Hub::serve_threads`] on
//! [`Listeners::bind`]`(addr, config.threads())` serves with one single-threaded runtime
//! per thread, as the binary does (see BENCHMARKS.md for why).
//!
//! Routes (compatible with elixir_wechat's `DefaultClient` hub protocol, plus keys):
//!
//! | route | answer |
//! |---|---|
//! | `GET /client/access_token?appid=A` | `{"access_token","expires_in","timestamp"}` |
//! | `POST /refresh/access_token` `{"appid","access_token"}` | the same; refreshes only if `access_token` (the one that failed) is still the current one and WeChat rejects it (checked with `POST /cgi-bin/openapi/quota/get`, the verdict kept 30 s), within WeChat's force-refresh limit (else 429, nothing sent upstream) |
//! | `GET /client/ticket?appid=A&type=jsapi\|wx_card` | `{"ticket","expires_in","timestamp","type"}` |
//! | `GET /client/component_access_token?appid=C` (C a `[[component]]`) | `{"access_token","expires_in","timestamp"}`: the platform's `component_access_token` |
//! | `POST /refresh/component_access_token` `{"appid","access_token"}` (also at `/client/refresh_component_access_token`) | the same; refreshes only a current token WeChat rejects (checked with `api_get_authorizer_list`) |
//! | `GET /client/access_token?appid=C&authorizer_appid=A`, `POST /refresh/access_token` `{"appid","authorizer_appid","access_token"}`, `GET /client/ticket?appid=C&authorizer_appid=A&type=..` | an authorizer's `access_token` and tickets, with the same rules; 404 `unknown_authorizer`, 410 `needs_reauthorization` |
//! | `POST /component/{C}/events` (no key: WeChat's pushes, signed and encrypted) | `success` once the ticket or the authorization change is stored; 4xx for a wrong signature or an unknown platform, nothing stored |
//! | `GET /component/{C}/authorize?auth_type=1\|2\|3` (or `biz_appid=`, `page=mobile`; no key, at most 60 a minute) | 303 to WeChat's authorization page with a fresh `pre_auth_code`, back to `{public_url}/component/{C}/authorized` |
//! | `GET /component/{C}/authorized?auth_code=..` (WeChat's redirect back) | completes the authorization (`api_query_auth`); a short page, or 303 to `authorized_redirect?authorizer_appid=A` |
//! | `GET /healthz` | `{"status":"ok","apps":N}`; `"degraded"` with `platforms_without_ticket` when a platform holds no valid `component_verify_ticket` |
//! | `GET /metrics` | Prometheus text format (see [`metrics`](self#metrics)) |
//!
//! `expires_in` is the number of seconds the token has left; `timestamp` the hub's Unix
//! time in seconds when it answered. Errors are `{"errcode","errmsg"}`: the hub's own
//! refusals carry their HTTP status as errcode (400 bad request, 401 no or unknown key,
//! 403 appid outside the key, 404 unknown appid or authorizer, 410 an authorizer that
//! must authorize again, 429 WeChat's force-refresh limit, 503 store unavailable or no
//! `component_verify_ticket`; 405 for a wrong method), the platform ones with a `kind`
//! (`unknown_authorizer`, `needs_reauthorization`, `component_ticket`); errors from WeChat
//! keep WeChat's errcode with HTTP 502 (-1 when WeChat could not be reached, with
//! `"upstream_status"` when WeChat answered an HTTP error). A caller's value is echoed
//! in an error only in part (its first 40 characters).
//!
//! A refresh revokes the token every client of the app holds; without the checks of
//! `POST /refresh/access_token`, any key holder could do so up to 20 times a day.
//!
//! Token routes need `Authorization: Bearer <key secret>` unless the caller's address
//! is in `[unauthenticated] from`. `/healthz` and `/metrics` are open: they show appids
//! and expiry times, never tokens. The hub speaks plain HTTP: put TLS in a reverse proxy
//! in front of it (the README shows one).
//!
//! # Metrics
//! | metric | labels |
//! |---|---|
//! | `wechat_hub_token_expiry_timestamp_seconds` (gauge) | `appid`, `token` |
//! | `wechat_hub_token_refreshes_total`, `wechat_hub_token_refresh_failures_total` | `appid`, `token` |
//! | `wechat_hub_upstream_request_duration_seconds` (histogram) | `token` |
//! | `wechat_hub_requests_total` | `route`, `status` |
//! | `wechat_hub_requested_refreshes_total` | `appid`, `outcome` (`refreshed`, `not_current`, `still_valid`, `limited`) |
//! | `wechat_hub_component_ticket_age_seconds` (gauge, -1 without one), `wechat_hub_component_token_expiry_timestamp_seconds` | `component_appid` |
//! | `wechat_hub_component_authorizers` (gauge) | `component_appid`, `state` (`authorized`, `needs_reauthorization`, `unauthorized`) |
//! | `wechat_hub_component_authorizer_refreshes_total`, `wechat_hub_component_authorizer_refresh_failures_total` | `component_appid` |
//!
//! The `token_*` metrics also carry `token="component_access_token"` and
//! `token="authorizer_access_token"` (with the authorizer's appid).

mod auth;
mod authorizer_refresher;
mod component_routes;
mod config;
mod config_access;
mod config_component;
mod config_problems;
mod config_store;
mod config_values;
mod connections;
mod metrics;
mod platforms;
mod refresh_guard;
mod refresher;
mod router;
mod routes;
mod stores;
mod threads;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

pub use config::{ConfigError, HubConfig, RefreshConfig, DEFAULT_API_BASE, DEFAULT_LISTEN};
pub use config_component::{
    component_aes_key_var, component_token_var, DurableConfig, DURABLE_URL_VAR,
};
pub use config_store::{StoreConfig, DEFAULT_FILE_STORE};
pub use config_values::{app_secret_var, key_secret_var, STORE_URL_VAR};
pub use connections::{ServerLimits, RESERVED_FILES};

use crate::client::http::Http;
use crate::client::RetryPolicy;
use crate::clock::{Clock, SystemClock};
use crate::token::force_limit::ForceRefreshLimit;
use crate::token::source::WeChatTokenSource;
use crate::token::ticket_source::TicketSource;
use crate::token::{RefreshPolicy, TicketKind, TokenCore, TokenEndpoint, TokenSource};
use crate::{Error, Result};
use metrics::{MeteredSource, Metrics, TokenLabels};
pub use threads::Listeners;

/// The token cores of one app.
pub(crate) struct AppTokens {
    access: Arc<TokenCore>,
    /// Checks a requested refresh of `access` before anything is sent upstream.
    refresh_guard: refresh_guard::RefreshGuard,
    jsapi: Arc<TokenCore>,
    wx_card: Arc<TokenCore>,
}

impl AppTokens {
    fn ticket(&self, kind: TicketKind) -> &TokenCore {
        match kind {
            TicketKind::Jsapi => &self.jsapi,
            TicketKind::WxCard => &self.wx_card,
        }
    }
}

/// What every request handler reads.
pub(crate) struct Shared {
    apps: HashMap<String, AppTokens>,
    /// The third-party platforms, by component_appid.
    platforms: HashMap<String, Arc<platforms::HubPlatform>>,
    /// The hub's URL as browsers reach it (`public_url`).
    public_url: String,
    limits: ServerLimits,
    auth: auth::Auth,
    metrics: Arc<Metrics>,
    /// The clock of every token core, the refresher and the answers' `timestamp`.
    clock: Arc<dyn Clock>,
}

/// A hub ready to serve: its apps' token cores, keys and metrics.
///
/// Made by [`Hub::new`]; [`Hub::serve`] runs it. Nothing is fetched before `serve`.
pub struct Hub {
    shared: Arc<Shared>,
    tasks: Vec<refresher::Task>,
    refresh: RefreshConfig,
    store_name: String,
}

impl fmt::Debug for Hub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hub")
            .field("apps", &self.shared.apps.keys().collect::<Vec<_>>())
            .field("store", &self.store_name)
            .field("refresh", &self.refresh)
            .finish_non_exhaustive()
    }
}

impl Hub {
    /// Builds the hub of `config`: opens the store and sets up one token core per app
    /// and token (`access_token`, `jsapi` and `wx_card` tickets). Call it inside a Tokio
    /// runtime.
    ///
    /// # Errors
    /// [`Error::Config`] when the store cannot be set up (a Redis URL the `redis` crate
    /// rejects, no Tokio runtime), `api_base` is not an http(s) URL without a query, or
    /// the HTTP client cannot start.
    pub fn new(config: HubConfig) -> Result<Hub> {
        Hub::with_clock(config, SystemClock::shared())
    }

    /// As [`Hub::new`], with the clock the hub reads instead of the wall clock: when a
    /// token was fetched, when it is due (the proactive refresher sleeps on this clock
    /// until then), `expires_in` and `timestamp` in answers; all Unix time in
    /// milliseconds (see [`crate::clock`]).
    ///
    /// For tests: with a [`ManualClock`](crate::clock::ManualClock), the refresher
    /// renews a token when the test moves the clock past its due time. HTTP timeouts
    /// and the requested-refresh verdict (30 s) keep Tokio's timer.
    ///
    /// # Errors
    /// As [`Hub::new`].
    pub fn with_clock(config: HubConfig, clock: Arc<dyn Clock>) -> Result<Hub> {
        let stores = stores::open(&config)?;
        let store = stores.store;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| Error::config(format!("cannot start the HTTP client: {e}")))?;
        let http = Http::new(client, &config.api_base, RetryPolicy::default())?;
        let policy = RefreshPolicy {
            margin: config.refresh.margin,
            jitter: config.refresh.jitter,
            retry_after_failure: config.refresh.retry_min,
        };
        let metrics = Arc::new(Metrics::new());
        let mut apps = HashMap::new();
        let mut tasks = Vec::new();
        for app in &config.apps {
            let metered = |source: Arc<dyn TokenSource>, token: &'static str| {
                Arc::new(MeteredSource::new(
                    source,
                    TokenLabels {
                        appid: app.appid.clone(),
                        token,
                    },
                    metrics.clone(),
                ))
            };
            let force_limit = Arc::new(ForceRefreshLimit::default());
            let refresh_guard = refresh_guard::RefreshGuard::new(
                http.clone(),
                app.appid.clone(),
                (config.token_endpoint == TokenEndpoint::Stable).then(|| force_limit.clone()),
            );
            let access_meter = metered(
                Arc::new(WeChatTokenSource {
                    http: http.clone(),
                    appid: app.appid.clone(),
                    secret: app.secret.clone(),
                    endpoint: config.token_endpoint,
                    force_limit,
                    clock: clock.clone(),
                }),
                "access_token",
            );
            let access = Arc::new(TokenCore::new(
                format!("access_token/{}", app.appid),
                access_meter.clone(),
                store.clone(),
                policy,
                clock.clone(),
            ));
            tasks.push(refresher::Task {
                core: access.clone(),
                meter: access_meter,
                eager: true,
            });
            let mut ticket_core = |kind: TicketKind| {
                let label = match kind {
                    TicketKind::Jsapi => "jsapi_ticket",
                    TicketKind::WxCard => "wx_card_ticket",
                };
                let meter = metered(
                    Arc::new(TicketSource {
                        http: http.clone(),
                        access_token: access.clone(),
                        kind,
                    }),
                    label,
                );
                let core = Arc::new(TokenCore::new(
                    kind.store_key(&app.appid),
                    meter.clone(),
                    store.clone(),
                    policy,
                    clock.clone(),
                ));
                tasks.push(refresher::Task {
                    core: core.clone(),
                    meter,
                    eager: false,
                });
                core
            };
            let jsapi = ticket_core(TicketKind::Jsapi);
            let wx_card = ticket_core(TicketKind::WxCard);
            apps.insert(
                app.appid.clone(),
                AppTokens {
                    access,
                    refresh_guard,
                    jsapi,
                    wx_card,
                },
            );
        }
        let platforms = platforms::build(
            &config,
            &http,
            &store,
            stores.durable.as_ref(),
            &clock,
            &metrics,
            &mut tasks,
        )?;
        Ok(Hub {
            shared: Arc::new(Shared {
                apps,
                platforms,
                public_url: config.public_url.clone(),
                limits: config.server,
                auth: auth::Auth::new(&config),
                metrics,
                clock,
            }),
            tasks,
            refresh: config.refresh,
            store_name: format!("{:?}", store),
        })
    }

    /// The routes, to serve with your own server. Without
    /// `into_make_service_with_connect_info::<SocketAddr>()` the `[unauthenticated]`
    /// ranges admit nobody (the peer address is unknown). The proactive refresher runs
    /// only under [`Hub::serve`]. The body timeout and size limit of `[server]` apply;
    /// the header timeout and the connection bound are your server's to set (see
    /// [`ServerLimits`]).
    pub fn router(&self) -> axum::Router {
        router::router(self.shared.clone())
    }

    /// Serves on `listener` (on the calling runtime) until `shutdown` completes, then
    /// finishes the requests in flight; [`Hub::serve_threads`] serves with one thread per
    /// listener instead, as `wechat-hub` does. Starts the proactive refresher: every `access_token` is fetched (or read
    /// from the store) right away, spread over `startup_spread`, and refreshed before
    /// expiry.
    ///
    /// # Errors
    /// The I/O error that stopped the server.
    pub async fn serve(
        mut self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let router = router::router(self.shared.clone());
        let refreshers = self.spawn_refreshers();
        let mut limits = self.shared.limits;
        limits.max_connections = limits.connection_bound();
        let served = connections::serve(listener, router, limits, shutdown).await;
        drop(refreshers);
        served
    }
}
