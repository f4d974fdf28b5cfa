//! [`DedupStore`]: remembers which requests and messages were already handled.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use async_trait::async_trait;

use crate::Error;

/// A set of keys with a time to live, shared by the callback handler's replay
/// check (`timestamp` + `nonce`) and its retry de-duplication (`MsgId`, or
/// `FromUserName` + `CreateTime`).
///
/// [`MemoryDedupStore`] is the default and protects one process only; with
/// several instances behind the callback URL, give them all one shared store:
/// `RedisDedupStore` (cargo feature `redis`), or this trait implemented over any
/// other store whose `insert_if_absent` is atomic across the instances.
#[async_trait]
pub trait DedupStore: Send + Sync + 'static {
    /// Adds `key` for `ttl` unless present. Returns `true` when it was absent
    /// (the first sighting), `false` when it was already there.
    async fn insert_if_absent(&self, key: &str, ttl: Duration) -> Result<bool, Error>;

    /// Forgets `key` (after a failed handler, so that WeChat's retry is handled).
    async fn remove(&self, key: &str) -> Result<(), Error>;
}

/// An in-process [`DedupStore`]: bounded (default 100,000 keys), entries expire after their TTL.
///
/// When full, the oldest entries are dropped first.
///
/// TTLs run on Tokio's clock (`tokio::time::Instant`): the monotonic clock in
/// production, and in a test with paused time (`tokio::time::advance`) the test's.
///
/// It protects one process only. Several instances (replicas behind a load
/// balancer, or a restarted process) each keep their own memory, so each would
/// accept the same signed request once and run the handler for the same message:
/// give them a shared store instead, such as `RedisDedupStore` (cargo feature `redis`).
#[derive(Debug)]
pub struct MemoryDedupStore {
    capacity: usize,
    state: Mutex<MemoryState>,
}

#[derive(Debug, Default)]
struct MemoryState {
    expiry: HashMap<String, Instant>,
    order: VecDeque<(Instant, String)>,
}

impl Default for MemoryDedupStore {
    fn default() -> Self {
        MemoryDedupStore::with_capacity(100_000)
    }
}

impl MemoryDedupStore {
    /// A store holding at most `capacity` keys (at least 1).
    pub fn with_capacity(capacity: usize) -> MemoryDedupStore {
        MemoryDedupStore {
            capacity: capacity.max(1),
            state: Mutex::new(MemoryState::default()),
        }
    }

    /// Number of keys held (expired ones included until they are swept).
    pub fn len(&self) -> usize {
        self.lock().expiry.len()
    }

    /// Whether the store holds no key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryState> {
        // A panic while holding the lock leaves consistent data; keep going.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl MemoryState {
    fn sweep(&mut self, now: Instant, capacity: usize) {
        while let Some((at, _)) = self.order.front() {
            if *at > now && self.expiry.len() < capacity {
                break;
            }
            if let Some((at, key)) = self.order.pop_front() {
                if self.expiry.get(&key) == Some(&at) {
                    self.expiry.remove(&key);
                }
            }
        }
    }
}

#[async_trait]
impl DedupStore for MemoryDedupStore {
    async fn insert_if_absent(&self, key: &str, ttl: Duration) -> Result<bool, Error> {
        let now = Instant::now();
        let mut state = self.lock();
        if let Some(at) = state.expiry.get(key) {
            if *at > now {
                return Ok(false);
            }
        }
        state.sweep(now, self.capacity);
        let at = now + ttl;
        state.expiry.insert(key.to_owned(), at);
        state.order.push_back((at, key.to_owned()));
        Ok(true)
    }

    async fn remove(&self, key: &str) -> Result<(), Error> {
        self.lock().expiry.remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_key_is_refused_within_its_ttl_and_accepted_after() {
        let store = MemoryDedupStore::default();
        let ttl = Duration::from_secs(300);
        assert!(store.insert_if_absent("k", ttl).await.unwrap());
        tokio::time::advance(Duration::from_secs(299)).await;
        assert!(!store.insert_if_absent("k", ttl).await.unwrap());
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(store.insert_if_absent("k", ttl).await.unwrap());
    }
}
