//! The hub's Prometheus metrics, served at `GET /metrics` in the text format.
//!
//! | metric | labels | meaning |
//! |---|---|---|
//! | `wechat_hub_token_expiry_timestamp_seconds` | `appid`, `token` | when the held token expires (Unix s) |
//! | `wechat_hub_token_refreshes_total` | `appid`, `token` | successful upstream refreshes |
//! | `wechat_hub_token_refresh_failures_total` | `appid`, `token` | failed upstream refreshes |
//! | `wechat_hub_upstream_request_duration_seconds` | `token` | time of one upstream refresh (histogram) |
//! | `wechat_hub_requests_total` | `route`, `status` | requests served, by route and HTTP status |
//! | `wechat_hub_requested_refreshes_total` | `appid`, `outcome` | `POST /refresh/access_token` by outcome: `refreshed`, `not_current` (another token is current), `still_valid` (WeChat accepts it), `limited` (WeChat's force-refresh limit) |
//!
//! `token` is `access_token`, `jsapi_ticket` or `wx_card_ticket` of an app, or a
//! platform's `component_access_token` or `authorizer_access_token`. The authorizers'
//! tokens are counted per platform (`appid` is the component_appid) and have no expiry
//! gauge: a platform may have 100,000 of them. The `wechat_hub_component_*` metrics
//! (README) say more about platforms.

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::store::StoredToken;
use crate::token::TokenSource;
use crate::{errcode, Error, Result, Secret};

/// After a failed upstream refresh, the same failure is answered without a new upstream
/// request for this long, so that requests arriving while no valid token is held do not
/// each ask WeChat again.
pub(crate) const FAILURE_CACHE: Duration = Duration::from_secs(1);

/// What is kept of the last failure: enough to answer the same error again.
struct LastFailure {
    at: Instant,
    endpoint: &'static str,
    errcode: Option<i64>,
    /// WeChat's HTTP status, when that was the failure (503 otherwise).
    status: u16,
    errmsg: String,
}

impl LastFailure {
    fn of(e: &Error) -> LastFailure {
        let (endpoint, errcode, errmsg) = match e {
            Error::Api {
                endpoint,
                errcode,
                errmsg,
                ..
            } => (*endpoint, Some(*errcode), errmsg.clone()),
            Error::Http { endpoint, .. }
            | Error::Transport { endpoint, .. }
            | Error::Decode { endpoint, .. } => (*endpoint, None, e.to_string()),
            other => ("token.refresh", None, other.to_string()),
        };
        let status = match e {
            Error::Http { status, .. } => *status,
            _ => 503,
        };
        LastFailure {
            at: Instant::now(),
            endpoint,
            errcode,
            status,
            errmsg,
        }
    }

    fn error(&self) -> Error {
        match self.errcode {
            Some(code) => Error::Api {
                endpoint: self.endpoint,
                errcode: code,
                errmsg: self.errmsg.clone(),
                name: errcode::describe(code).map(|d| d.name),
            },
            None => Error::Http {
                endpoint: self.endpoint,
                status: self.status,
                body_excerpt: format!(
                    "not retried within {} ms of the last failure: {}",
                    FAILURE_CACHE.as_millis(),
                    self.errmsg
                ),
            },
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct TokenLabels {
    pub(crate) appid: String,
    pub(crate) token: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    token: &'static str,
}

/// What became of a requested refresh (`POST /refresh/access_token`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RequestedRefresh {
    /// WeChat rejected the token and it was refreshed.
    Refreshed,
    /// The presented token is not the current one: the current one was answered.
    NotCurrent,
    /// WeChat still accepts the token: it was answered again.
    StillValid,
    /// WeChat's force-refresh limit forbids a refresh now: refused, nothing sent.
    Limited,
}

impl RequestedRefresh {
    fn label(self) -> &'static str {
        match self {
            RequestedRefresh::Refreshed => "refreshed",
            RequestedRefresh::NotCurrent => "not_current",
            RequestedRefresh::StillValid => "still_valid",
            RequestedRefresh::Limited => "limited",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestedRefreshLabels {
    appid: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PlatformLabels {
    component_appid: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AuthorizerStateLabels {
    component_appid: String,
    state: &'static str,
}

/// What `/metrics` shows of one platform, read when it is scraped.
pub(crate) struct PlatformSnapshot {
    pub(crate) component_appid: String,
    /// Seconds since the held ticket was pushed; `None` without one.
    pub(crate) ticket_age_secs: Option<i64>,
    /// When the held component_access_token expires, Unix seconds.
    pub(crate) component_token_expiry: Option<i64>,
    /// Authorizers by state.
    pub(crate) authorizers: Vec<(&'static str, i64)>,
    pub(crate) stats: crate::component::PlatformStats,
    /// Whether this replica holds the authorizer refresher's lease.
    pub(crate) refresher_leading: bool,
}

type HistogramFamily = Family<KindLabels, Histogram, fn() -> Histogram>;

/// The hub's metrics and their registry.
pub(crate) struct Metrics {
    registry: Registry,
    expiry: Family<TokenLabels, Gauge>,
    refreshes: Family<TokenLabels, Counter>,
    failures: Family<TokenLabels, Counter>,
    upstream: HistogramFamily,
    requests: Family<RouteLabels, Counter>,
    requested_refreshes: Family<RequestedRefreshLabels, Counter>,
    ticket_age: Family<PlatformLabels, Gauge>,
    component_expiry: Family<PlatformLabels, Gauge>,
    authorizers: Family<AuthorizerStateLabels, Gauge>,
    authorizer_refreshes: Family<PlatformLabels, Counter>,
    authorizer_failures: Family<PlatformLabels, Counter>,
    refresher_leading: Family<PlatformLabels, Gauge>,
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

fn upstream_histogram() -> Histogram {
    // 5 ms .. ~20 s
    Histogram::new(exponential_buckets(0.005, 2.0, 13))
}

impl Metrics {
    pub(crate) fn new() -> Metrics {
        let mut registry = Registry::with_prefix("wechat_hub");
        let expiry = Family::<TokenLabels, Gauge>::default();
        let refreshes = Family::<TokenLabels, Counter>::default();
        let failures = Family::<TokenLabels, Counter>::default();
        let upstream: HistogramFamily = Family::new_with_constructor(upstream_histogram);
        let requests = Family::<RouteLabels, Counter>::default();
        let requested_refreshes = Family::<RequestedRefreshLabels, Counter>::default();
        registry.register(
            "token_expiry_timestamp_seconds",
            "When the held token expires, Unix time in seconds",
            expiry.clone(),
        );
        registry.register(
            "token_refreshes",
            "Successful upstream refreshes of a token",
            refreshes.clone(),
        );
        registry.register(
            "token_refresh_failures",
            "Failed upstream refreshes of a token",
            failures.clone(),
        );
        registry.register(
            "upstream_request_duration_seconds",
            "Duration of one upstream token or ticket refresh",
            upstream.clone(),
        );
        registry.register(
            "requests",
            "Requests served, by route and HTTP status",
            requests.clone(),
        );
        registry.register(
            "requested_refreshes",
            "Refreshes asked for with POST /refresh/access_token, by outcome",
            requested_refreshes.clone(),
        );
        let ticket_age = Family::<PlatformLabels, Gauge>::default();
        let component_expiry = Family::<PlatformLabels, Gauge>::default();
        let authorizers = Family::<AuthorizerStateLabels, Gauge>::default();
        let authorizer_refreshes = Family::<PlatformLabels, Counter>::default();
        let authorizer_failures = Family::<PlatformLabels, Counter>::default();
        let refresher_leading = Family::<PlatformLabels, Gauge>::default();
        registry.register(
            "component_ticket_age_seconds",
            "Seconds since the held component_verify_ticket was pushed (-1: none held)",
            ticket_age.clone(),
        );
        registry.register(
            "component_token_expiry_timestamp_seconds",
            "When the held component_access_token expires, Unix time in seconds",
            component_expiry.clone(),
        );
        registry.register(
            "component_authorizers",
            "Authorizers of a platform, by state",
            authorizers.clone(),
        );
        registry.register(
            "component_authorizer_refreshes",
            "authorizer_access_token refreshes through api_authorizer_token",
            authorizer_refreshes.clone(),
        );
        registry.register(
            "component_authorizer_refresh_failures",
            "Failed api_authorizer_token calls",
            authorizer_failures.clone(),
        );
        registry.register(
            "component_refresher_leading",
            "1 when this replica holds the lease of the platform's authorizer refresher, else 0",
            refresher_leading.clone(),
        );
        Metrics {
            registry,
            expiry,
            refreshes,
            failures,
            upstream,
            requests,
            requested_refreshes,
            ticket_age,
            component_expiry,
            authorizers,
            authorizer_refreshes,
            authorizer_failures,
            refresher_leading,
        }
    }

    /// Sets the platform metrics from a snapshot.
    pub(crate) fn platform(&self, p: &PlatformSnapshot) {
        let labels = PlatformLabels {
            component_appid: p.component_appid.clone(),
        };
        self.ticket_age
            .get_or_create(&labels)
            .set(p.ticket_age_secs.unwrap_or(-1));
        if let Some(expiry) = p.component_token_expiry {
            self.component_expiry.get_or_create(&labels).set(expiry);
        }
        self.refresher_leading
            .get_or_create(&labels)
            .set(i64::from(p.refresher_leading));
        for (state, n) in &p.authorizers {
            self.authorizers
                .get_or_create(&AuthorizerStateLabels {
                    component_appid: p.component_appid.clone(),
                    state,
                })
                .set(*n);
        }
        let catch_up = |counter: &Counter, total: u64| {
            let seen = counter.get();
            if total > seen {
                counter.inc_by(total - seen);
            }
        };
        catch_up(
            &self.authorizer_refreshes.get_or_create(&labels),
            p.stats.authorizer_refreshes,
        );
        catch_up(
            &self.authorizer_failures.get_or_create(&labels),
            p.stats.authorizer_refresh_failures,
        );
    }

    /// Counts one requested refresh of `appid`'s `access_token`.
    pub(crate) fn requested_refresh(&self, appid: &str, outcome: RequestedRefresh) {
        self.requested_refreshes
            .get_or_create(&RequestedRefreshLabels {
                appid: appid.to_owned(),
                outcome: outcome.label(),
            })
            .inc();
    }

    /// Counts one request.
    pub(crate) fn request(&self, route: &'static str, status: u16) {
        self.requests
            .get_or_create(&RouteLabels { route, status })
            .inc();
    }

    /// Sets the expiry gauge of a token.
    pub(crate) fn expiry(&self, labels: &TokenLabels, token: &StoredToken) {
        self.expiry.get_or_create(labels).set(token.expires_at);
    }

    /// The text exposition.
    pub(crate) fn encode(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

/// A token source that counts refreshes, failures and their durations.
pub(crate) struct MeteredSource {
    inner: Arc<dyn TokenSource>,
    labels: TokenLabels,
    metrics: Arc<Metrics>,
    consecutive_failures: AtomicU32,
    last_failure: Mutex<Option<LastFailure>>,
    /// Whether a refresh sets the expiry gauge of `labels` (not for the authorizers'
    /// tokens, which share the labels of their platform).
    expiry_gauge: bool,
}

impl fmt::Debug for MeteredSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MeteredSource")
            .field("inner", &self.inner)
            .field("labels", &self.labels)
            .finish_non_exhaustive()
    }
}

impl MeteredSource {
    pub(crate) fn new(
        inner: Arc<dyn TokenSource>,
        labels: TokenLabels,
        metrics: Arc<Metrics>,
    ) -> Self {
        MeteredSource {
            inner,
            labels,
            metrics,
            consecutive_failures: AtomicU32::new(0),
            last_failure: Mutex::new(None),
            expiry_gauge: true,
        }
    }

    /// One of many tokens sharing `labels` (a platform's authorizers): counted, with
    /// no expiry gauge.
    pub(crate) fn without_expiry_gauge(mut self) -> Self {
        self.expiry_gauge = false;
        self
    }

    /// Failed refreshes since the last success.
    pub(crate) fn consecutive_failures(&self) -> u32 {
        self.consecutive_failures.load(Ordering::Relaxed)
    }

    pub(crate) fn labels(&self) -> &TokenLabels {
        &self.labels
    }
}

#[async_trait]
impl TokenSource for MeteredSource {
    async fn fetch(&self, rejected: Option<&Secret>) -> Result<StoredToken> {
        if let Some(recent) = self
            .last_failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .filter(|f| f.at.elapsed() < FAILURE_CACHE)
        {
            return Err(recent.error());
        }
        let started = Instant::now();
        let result = self.inner.fetch(rejected).await;
        self.metrics
            .upstream
            .get_or_create(&KindLabels {
                token: self.labels.token,
            })
            .observe(started.elapsed().as_secs_f64());
        match &result {
            Ok(token) => {
                *self.last_failure.lock().unwrap_or_else(|p| p.into_inner()) = None;
                self.consecutive_failures.store(0, Ordering::Relaxed);
                self.metrics.refreshes.get_or_create(&self.labels).inc();
                if self.expiry_gauge {
                    self.metrics.expiry(&self.labels, token);
                }
                tracing::info!(appid = %self.labels.appid, token = self.labels.token, expires_in = token.remaining_secs(), "token refreshed");
            }
            // Refused before anything was sent: not an upstream failure, so neither
            // counted nor cached (the next normal refresh must still be tried).
            Err(e @ Error::ForceRefreshLimited { .. }) => {
                tracing::info!(appid = %self.labels.appid, token = self.labels.token, error = %e, "refresh refused");
            }
            Err(e) => {
                *self.last_failure.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some(LastFailure::of(e));
                self.consecutive_failures.fetch_add(1, Ordering::Relaxed);
                self.metrics.failures.get_or_create(&self.labels).inc();
                tracing::warn!(appid = %self.labels.appid, token = self.labels.token, error = %e, "upstream refresh failed");
            }
        }
        result
    }
}
