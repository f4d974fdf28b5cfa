//! [`PlatformCore`]: what a platform's token sources and flows share (its appid,
//! scenario, HTTP side, stores, clock, counters), apart from the [`Platform`] handle
//! that users hold.
//!
//! [`Platform`]: super::Platform

use std::fmt;
use std::sync::Arc;

use super::Counters;
use crate::app::Scenario;
use crate::client::http::Http;
use crate::client::RetryPolicy;
use crate::clock::Clock;
use crate::store::{DurableStore, Store};
use crate::token::{RefreshPolicy, TokenCore, TokenSource};
use crate::Secret;

/// Where a scenario `client` platform gets its tokens.
#[derive(Clone)]
pub(crate) struct HubAccess {
    pub(crate) url: String,
    pub(crate) key: Option<Secret>,
    pub(crate) retry: RetryPolicy,
}

/// Wraps a token source of (appid, token kind), e.g. to count its refreshes.
pub(crate) type WrapSource =
    Arc<dyn Fn(Arc<dyn TokenSource>, &str, &'static str) -> Arc<dyn TokenSource> + Send + Sync>;

/// What the platform's token sources and flows share.
pub(crate) struct PlatformCore {
    pub(crate) component_appid: String,
    pub(crate) scenario: Scenario,
    pub(crate) http: Http,
    pub(crate) component_token: Arc<TokenCore>,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) durable: Arc<dyn DurableStore>,
    pub(crate) refresh: RefreshPolicy,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) counters: Counters,
    /// Scenario `client`: the hub.
    pub(crate) hub: Option<HubAccess>,
    pub(crate) wrap_source: Option<WrapSource>,
}

impl fmt::Debug for PlatformCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformCore")
            .field("component_appid", &self.component_appid)
            .field("scenario", &self.scenario)
            .field("component_token", &self.component_token)
            .field("durable", &self.durable)
            .finish_non_exhaustive()
    }
}
