//! The token lifecycle core: one implementation that every API call goes through.
//!
//! - a call takes the in-memory token while it is fresh (no lock, no I/O);
//! - when it is missing or due (`expires_at` minus the refresh margin and a random
//!   jitter), one caller refreshes under an async lock while the others wait for its
//!   result: concurrent callers share one upstream request (single-flight);
//! - before asking upstream, the store is read: a token fetched by another process or an
//!   earlier run is used as it is;
//! - after WeChat rejects a token (40001, 40014, 42001), the token core
//!   refreshes only if the rejected token is still the current one (compare-and-refresh),
//!   so a token renewed meanwhile by someone else is kept;
//! - when a refresh fails while the held token is still valid, the held token keeps
//!   serving and the next attempt waits a short cool-down.

pub(crate) mod force_limit;
pub(crate) mod hub_source;
mod inspect;
pub(crate) mod source;
mod store_lock;
pub(crate) mod ticket_source;

use std::sync::{Arc, RwLock};
use std::time::Duration;

use rand::Rng;
pub use source::{TokenEndpoint, TokenSource};
pub use ticket_source::TicketKind;

use crate::clock::Clock;
use crate::store::{Store, StoredToken};
use crate::{Result, Secret};

/// When to refresh a token ahead of its expiry.
#[derive(Clone, Copy, Debug)]
pub struct RefreshPolicy {
    /// Refresh this long before `expires_at` (default 5 minutes).
    pub margin: Duration,
    /// Plus a random part of up to this much (default 60 s), so that many processes
    /// do not refresh at the same second.
    pub jitter: Duration,
    /// After a failed refresh while the held token is still valid, wait this long before
    /// trying again (default 10 s).
    pub retry_after_failure: Duration,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            margin: Duration::from_secs(300),
            jitter: Duration::from_secs(60),
            retry_after_failure: Duration::from_secs(10),
        }
    }
}

impl RefreshPolicy {
    /// When to refresh `token`, in Unix ms: `margin` plus jitter before expiry, but never
    /// before half of its life (WeChat may answer a short `expires_in` near a renewal).
    fn refresh_at_ms(&self, token: &StoredToken) -> i64 {
        let life = token.expires_at * 1000 - token.fetched_at_ms;
        let jitter = if self.jitter.is_zero() {
            0
        } else {
            rand::rng().random_range(0..self.jitter.as_millis() as i64)
        };
        let early = self.margin.as_millis() as i64 + jitter;
        token.fetched_at_ms + (life - early).max(life / 2)
    }
}

/// What a caller of the core's slow path needs, which decides whether a held or stored
/// token will do ([`TokenCore::usable`]).
#[derive(Clone, Copy)]
pub(super) enum Need<'a> {
    /// A token that is not due for a refresh.
    Fresh,
    /// Any valid token but this one, which WeChat rejected (40001, 40014, 42001).
    Replace(&'a Secret),
    /// A token that expires later than `expires_after` (Unix seconds): the refresh of
    /// a token ahead of its due time, which a token renewed since also answers.
    Ahead {
        /// The `expires_at` of the token the caller means to replace.
        expires_after: i64,
    },
}

impl<'a> Need<'a> {
    /// The token WeChat rejected, for [`TokenSource::fetch`].
    fn rejected(self) -> Option<&'a Secret> {
        match self {
            Need::Replace(r) => Some(r),
            Need::Fresh | Need::Ahead { .. } => None,
        }
    }
}

#[derive(Clone)]
struct Held {
    token: StoredToken,
    refresh_at_ms: i64,
}

/// The token of one key (e.g. `access_token/wx...`): held in memory, kept in a store,
/// renewed from a source.
pub(crate) struct TokenCore {
    key: String,
    source: Arc<dyn TokenSource>,
    store: Arc<dyn Store>,
    policy: RefreshPolicy,
    clock: Arc<dyn Clock>,
    held: RwLock<Option<Held>>,
    refresh: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for TokenCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCore")
            .field("key", &self.key)
            .field("source", &self.source)
            .field("store", &self.store)
            .field("policy", &self.policy)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl TokenCore {
    pub(crate) fn new(
        key: String,
        source: Arc<dyn TokenSource>,
        store: Arc<dyn Store>,
        policy: RefreshPolicy,
        clock: Arc<dyn Clock>,
    ) -> Self {
        TokenCore {
            key,
            source,
            store,
            policy,
            clock,
            held: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// The current time of this core's clock, Unix ms.
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The clock this core reads (Unix ms).
    pub(crate) fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The held token while it is fresh (not due yet): one read lock, no I/O.
    pub(crate) fn fresh_token(&self) -> Option<StoredToken> {
        let now_ms = self.now_ms();
        let held = self.held.read().unwrap_or_else(|p| p.into_inner());
        held.as_ref()
            .filter(|h| now_ms < h.refresh_at_ms)
            .map(|h| h.token.clone())
    }

    /// Whether `token` (the held one, or one read from the store) can be served instead
    /// of asking the source, at `now_ms`, for `need`:
    /// - [`Need::Fresh`]: a token that is not due yet and not older than the held one;
    /// - [`Need::Replace`] (WeChat rejected that token): any other token still valid;
    /// - [`Need::Ahead`]: a token still valid that expires later than the one the
    ///   caller planned to replace.
    ///
    /// The one place that decides it, for every path of the core.
    fn usable(&self, token: &StoredToken, need: Need<'_>, now_ms: i64) -> bool {
        match need {
            Need::Replace(r) => token.value != *r && token.is_valid_at(now_ms),
            Need::Ahead { expires_after } => {
                token.expires_at > expires_after && token.is_valid_at(now_ms)
            }
            Need::Fresh => {
                now_ms < self.policy.refresh_at_ms(token)
                    && self
                        .held_token()
                        .is_none_or(|h| token.fetched_at_ms >= h.fetched_at_ms)
            }
        }
    }

    /// `stored` when [`TokenCore::usable`] now.
    fn usable_stored(&self, stored: Option<&StoredToken>, need: Need<'_>) -> Option<StoredToken> {
        stored
            .filter(|st| self.usable(st, need, self.now_ms()))
            .cloned()
    }

    fn hold(&self, token: StoredToken) -> Secret {
        let refresh_at_ms = self.policy.refresh_at_ms(&token);
        let value = token.value.clone();
        *self.held.write().unwrap_or_else(|p| p.into_inner()) = Some(Held {
            token,
            refresh_at_ms,
        });
        value
    }

    fn held_token(&self) -> Option<StoredToken> {
        self.held
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|h| h.token.clone())
    }

    async fn load_store(&self) -> Option<StoredToken> {
        match self.store.load(&self.key).await {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(key = %self.key, error = %e, "token store read failed; asking upstream");
                None
            }
        }
    }

    async fn save_and_hold(&self, token: StoredToken) -> Secret {
        let kept = match self.store.save(&self.key, token.clone()).await {
            Ok(kept) => kept,
            Err(e) => {
                tracing::warn!(key = %self.key, error = %e, "token store write failed; the token is held in memory only");
                token
            }
        };
        self.hold(kept)
    }

    /// A valid token: the held one while fresh, else one from the store, else a new one
    /// from the source (one request for all concurrent callers).
    ///
    /// # Errors
    /// The source's error when no valid token is held.
    pub(crate) async fn get(&self) -> Result<Secret> {
        if let Some(t) = self.fresh_token() {
            return Ok(t.value);
        }
        // The slow path (lock, store, upstream) lives on the heap, so that the future
        // of every call that awaits `get` stays small.
        Box::pin(self.get_slow()).await
    }

    /// [`TokenCore::get`] when the held token is missing or due: under the refresh lock,
    /// from the store if another process renewed it, from upstream otherwise.
    async fn get_slow(&self) -> Result<Secret> {
        let _refreshing = self.refresh.lock().await;
        if let Some(t) = self.fresh_token() {
            return Ok(t.value);
        }
        let stored = self.load_store().await;
        if let Some(st) = self.usable_stored(stored.as_ref(), Need::Fresh) {
            tracing::debug!(key = %self.key, "token taken from the store");
            return Ok(self.hold(st));
        }
        self.refresh_coordinated(Need::Fresh, stored).await
    }

    /// Called after WeChat rejected `rejected`: refreshes unless the current token is
    /// already another one (renewed by a concurrent caller or another process).
    ///
    /// # Errors
    /// The source's error, including [`Error::ForceRefreshLimited`](crate::Error::ForceRefreshLimited).
    pub(crate) async fn invalidate(&self, rejected: &Secret) -> Result<()> {
        // Rare, and a large future (lock, store, upstream): on the heap, so that the
        // future of every call that may await it stays small.
        Box::pin(self.invalidate_slow(rejected)).await
    }

    /// [`TokenCore::invalidate`] itself.
    async fn invalidate_slow(&self, rejected: &Secret) -> Result<()> {
        let _refreshing = self.refresh.lock().await;
        let need = Need::Replace(rejected);
        if self
            .held_token()
            .is_some_and(|h| self.usable(&h, need, self.now_ms()))
        {
            return Ok(());
        }
        let stored = self.load_store().await;
        if let Some(st) = self.usable_stored(stored.as_ref(), need) {
            tracing::debug!(key = %self.key, "rejected token already replaced in the store");
            self.hold(st);
            return Ok(());
        }
        self.refresh_coordinated(need, stored).await.map(drop)
    }

    async fn refresh_from_source(
        &self,
        need: Need<'_>,
        stored: Option<StoredToken>,
    ) -> Result<Secret> {
        let rejected = need.rejected();
        match self.source.fetch(rejected).await {
            Ok(token) => {
                tracing::debug!(key = %self.key, expires_in = token.remaining_secs_at(self.now_ms()), "token refreshed");
                Ok(self.save_and_hold(token).await)
            }
            Err(e) => {
                let now_ms = self.now_ms();
                // Not `usable`: a token that is due but still valid serves while the
                // source fails.
                let fallback = [self.held_token(), stored]
                    .into_iter()
                    .flatten()
                    .filter(|t| t.is_valid_at(now_ms) && Some(&t.value) != rejected)
                    .max_by_key(|t| t.fetched_at_ms);
                let Some(valid) = fallback else { return Err(e) };
                tracing::warn!(key = %self.key, error = %e, "token refresh failed; serving the still-valid token");
                let value = valid.value.clone();
                let retry_at = now_ms + self.policy.retry_after_failure.as_millis() as i64;
                *self.held.write().unwrap_or_else(|p| p.into_inner()) = Some(Held {
                    refresh_at_ms: retry_at.min(valid.expires_at * 1000),
                    token: valid,
                });
                Ok(value)
            }
        }
    }
}
