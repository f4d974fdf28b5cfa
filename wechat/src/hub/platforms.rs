//! The third-party platforms a hub serves: one [`Platform`] each (scenario `hub`), with
//! the guards of requested refreshes and the rate limit of its authorization pages.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::config::HubConfig;
use super::config_component::ComponentConfig;
use super::metrics::{MeteredSource, Metrics, TokenLabels};
use super::refresh_guard::{CheckCall, RefreshGuard};
use super::refresher;
use crate::client::http::Http;
use crate::clock::Clock;
use crate::component::platform_wrap::WrapSource;
use crate::component::{AuthorizerState, Platform};
use crate::store::{DurableStore, Store};
use crate::{Error, Result};

/// Authorization pages a platform serves per minute, at most (each spends a
/// `pre_auth_code`): the pages are open to any browser.
pub(crate) const AUTHORIZE_PER_MINUTE: u32 = 60;

/// How long `/metrics` shows a count of authorizers by state before reading the
/// registry again.
const COUNTS_EVERY: Duration = Duration::from_secs(30);

/// A count of authorizers by state, and the instant it was read.
type CountsRead = (Instant, Vec<(&'static str, i64)>);

/// One platform of the hub.
pub(crate) struct HubPlatform {
    pub(crate) platform: Platform,
    /// Checks a requested refresh of the `component_access_token`.
    pub(crate) component_guard: RefreshGuard,
    authorizer_guards: Mutex<HashMap<String, Arc<RefreshGuard>>>,
    http: Http,
    pub(crate) authorized_redirect: Option<String>,
    authorize_window: Mutex<(Instant, u32)>,
    /// The hub's hot store, which holds the authorizer refresher's lease.
    pub(crate) store: Arc<dyn Store>,
    /// Whether this replica holds the lease of the authorizer refresher.
    pub(crate) refresher_leading: AtomicBool,
    /// The last count of authorizers by state, and when it was read.
    counts: Mutex<Option<CountsRead>>,
}

impl HubPlatform {
    /// The guard of a requested refresh of `authorizer_appid`'s `access_token`.
    pub(crate) fn authorizer_guard(&self, authorizer_appid: &str) -> Arc<RefreshGuard> {
        let mut guards = self
            .authorizer_guards
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        Arc::clone(
            guards
                .entry(authorizer_appid.to_owned())
                .or_insert_with(|| {
                    Arc::new(RefreshGuard::new(
                        self.http.clone(),
                        authorizer_appid.to_owned(),
                        None,
                    ))
                }),
        )
    }

    /// Seconds since the held `component_verify_ticket` was pushed, at `now_ms` (Unix
    /// ms); `None` without one.
    pub(crate) async fn ticket_age_secs(&self, now_ms: i64) -> Option<i64> {
        match self.platform.held_ticket().await {
            Ok(Some(t)) => Some((now_ms - t.version) / 1000),
            _ => None,
        }
    }

    /// What `/metrics` shows of this platform at `now_ms` (Unix ms).
    pub(crate) async fn snapshot(&self, now_ms: i64) -> super::metrics::PlatformSnapshot {
        let p = &self.platform;
        let ticket_age_secs = self.ticket_age_secs(now_ms).await;
        let counts = self.authorizer_counts().await;
        super::metrics::PlatformSnapshot {
            component_appid: p.appid().to_owned(),
            ticket_age_secs,
            component_token_expiry: p.component_core().held_expiry(),
            authorizers: counts,
            stats: p.stats(),
            refresher_leading: self.refresher_leading.load(Ordering::Relaxed),
        }
    }

    /// Authorizers by state, read from the registry at most every
    /// [`COUNTS_EVERY`] (a large platform's registry is a large read; `/metrics` may be
    /// scraped every few seconds).
    async fn authorizer_counts(&self) -> Vec<(&'static str, i64)> {
        if let Some((at, counts)) = &*self.counts.lock().unwrap_or_else(|p| p.into_inner()) {
            if at.elapsed() < COUNTS_EVERY {
                return counts.clone();
            }
        }
        let mut counts: Vec<(&'static str, i64)> = [
            AuthorizerState::Authorized,
            AuthorizerState::NeedsReauthorization,
            AuthorizerState::Unauthorized,
        ]
        .iter()
        .map(|s| (s.as_str(), 0))
        .collect();
        let mut seen = counts.clone();
        let read = self
            .platform
            .visit_authorizers(|a| {
                if let Some(slot) = seen.iter_mut().find(|(name, _)| *name == a.state.as_str()) {
                    slot.1 += 1;
                }
            })
            .await;
        match read {
            Ok(()) => {
                counts = seen;
                *self.counts.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((Instant::now(), counts.clone()));
            }
            Err(e) => {
                tracing::warn!(component_appid = %self.platform.appid(), error = %e, "cannot read the authorizer registry for /metrics");
            }
        }
        counts
    }

    /// Whether one more authorization page may be served now.
    pub(crate) fn take_authorize_slot(&self) -> bool {
        let mut window = self
            .authorize_window
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if window.0.elapsed() >= Duration::from_secs(60) {
            *window = (Instant::now(), 0);
        }
        if window.1 >= AUTHORIZE_PER_MINUTE {
            return false;
        }
        window.1 += 1;
        true
    }
}

/// The platforms of `config`, sharing the hub's hot store, durable store (needed when
/// there are platforms), clock and metrics; with the refresher task of each `component_access_token`.
pub(crate) fn build(
    config: &HubConfig,
    http: &Http,
    store: &Arc<dyn Store>,
    durable: Option<&Arc<dyn DurableStore>>,
    clock: &Arc<dyn Clock>,
    metrics: &Arc<Metrics>,
    tasks: &mut Vec<refresher::Task>,
) -> Result<HashMap<String, Arc<HubPlatform>>> {
    let mut out = HashMap::new();
    if config.components.is_empty() {
        return Ok(out);
    }
    let durable = match durable {
        Some(d) => Arc::clone(d),
        None => {
            return Err(Error::config(
                "[[component]] needs a durable store: add [durable]",
            ))
        }
    };
    for c in &config.components {
        let meters: Arc<Mutex<Vec<Arc<MeteredSource>>>> = Arc::default();
        let wrap: WrapSource = {
            let (metrics, meters) = (Arc::clone(metrics), Arc::clone(&meters));
            let component_appid = c.appid.clone();
            Arc::new(move |source, appid: &str, token| {
                // Authorizers are counted per platform: one series each would be
                // 100,000 series for a large platform.
                let per_authorizer = token == "authorizer_access_token";
                let labels = TokenLabels {
                    appid: if per_authorizer {
                        &component_appid
                    } else {
                        appid
                    }
                    .to_owned(),
                    token,
                };
                let meter = MeteredSource::new(source, labels, Arc::clone(&metrics));
                let meter = Arc::new(if per_authorizer {
                    meter.without_expiry_gauge()
                } else {
                    meter
                });
                if token == "component_access_token" {
                    meters
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(Arc::clone(&meter));
                }
                meter
            })
        };
        let hub_platform = platform(config, c, http, store, &durable, clock, wrap)?;
        if let Some(meter) = meters.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            tasks.push(refresher::Task {
                core: Arc::clone(hub_platform.platform.component_core()),
                meter,
                eager: true,
            });
        }
        out.insert(c.appid.clone(), Arc::new(hub_platform));
    }
    Ok(out)
}

fn platform(
    config: &HubConfig,
    c: &ComponentConfig,
    http: &Http,
    store: &Arc<dyn Store>,
    durable: &Arc<dyn DurableStore>,
    clock: &Arc<dyn Clock>,
    wrap: WrapSource,
) -> Result<HubPlatform> {
    let mut builder = Platform::builder(&c.appid);
    builder.wrap_source = Some(wrap);
    let platform = builder
        .component_secret(c.secret.expose())
        .token(c.token.expose())
        .encoding_aes_key(c.aes_key.expose())
        .api_base(&config.api_base)
        .http_client(http.client.clone())
        .shared_store(Arc::clone(store))
        .shared_durable_store(Arc::clone(durable))
        .refresh_margin(config.refresh.margin)
        .refresh_jitter(config.refresh.jitter)
        .clock(Arc::clone(clock))
        .build()?;
    Ok(HubPlatform {
        component_guard: RefreshGuard::with_call(
            http.clone(),
            c.appid.clone(),
            None,
            CheckCall::component_access_token(&c.appid),
        ),
        platform,
        authorizer_guards: Mutex::new(HashMap::new()),
        http: http.clone(),
        authorized_redirect: c.authorized_redirect.clone(),
        authorize_window: Mutex::new((Instant::now(), 0)),
        store: Arc::clone(store),
        refresher_leading: AtomicBool::new(false),
        counts: Mutex::new(None),
    })
}
