//! Refreshes coordinated through the store's lock, so that processes sharing a store
//! (the hub's replicas on one Redis) make one upstream request between them.
//!
//! Around each refresh the token core takes [`Store::try_lock`](crate::store::Store::try_lock)
//! for `lock/{key}`. While another process holds it, the core polls the store until that
//! process's token appears (or the lock is free). Once it holds the lock, it re-reads the
//! store: the token may have been renewed just before. Stores of one process take the
//! lock at once, so for them this is one extra store read per refresh.

use std::time::Duration;

use rand::Rng;

use super::{Need, TokenCore};
use crate::store::StoredToken;
use crate::{Result, Secret};

/// How long a refresh may hold the lock before others may take it: longer than a token
/// request with its retries.
const LOCK_TTL: Duration = Duration::from_secs(30);
/// How often a process waiting for another one's refresh reads the store (plus jitter).
const POLL: Duration = Duration::from_millis(20);

/// A random owner string for one lock attempt.
fn lock_owner() -> String {
    let mut rng = rand::rng();
    format!("{:016x}{:016x}", rng.random::<u64>(), rng.random::<u64>())
}

fn poll_delay() -> Duration {
    POLL + Duration::from_millis(rand::rng().random_range(0..20))
}

impl TokenCore {
    /// [`TokenCore::refresh_from_source`] under the store's lock.
    pub(super) async fn refresh_coordinated(
        &self,
        need: Need<'_>,
        stored: Option<StoredToken>,
    ) -> Result<Secret> {
        let name = format!("lock/{}", self.key);
        let owner = lock_owner();
        loop {
            match self.store.try_lock(&name, &owner, LOCK_TTL).await {
                Ok(true) => break,
                Ok(false) => {
                    tokio::time::sleep(poll_delay()).await;
                    let stored = self.load_store().await;
                    if let Some(t) = self.usable_stored(stored.as_ref(), need) {
                        tracing::debug!(key = %self.key, "token renewed by another process");
                        return Ok(self.hold(t));
                    }
                }
                Err(e) => {
                    tracing::warn!(key = %self.key, error = %e, "token store lock unavailable; refreshing without it");
                    return self.refresh_from_source(need, stored).await;
                }
            }
        }
        // Another process may have stored a new token between our read and the lock.
        let stored = self.load_store().await;
        let result = match self.usable_stored(stored.as_ref(), need) {
            Some(t) => {
                tracing::debug!(key = %self.key, "token renewed by another process");
                Ok(self.hold(t))
            }
            None => self.refresh_from_source(need, stored).await,
        };
        if let Err(e) = self.store.unlock(&name, &owner).await {
            tracing::warn!(key = %self.key, error = %e, "token store unlock failed; the lock expires by itself");
        }
        result
    }
}
