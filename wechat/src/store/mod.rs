//! Where tokens are kept between calls, processes and restarts.
//!
//! The token core reads a [`Store`] when its in-memory copy is missing or due, and
//! writes every token it fetches. [`MemoryStore`] keeps tokens in this process;
//! [`FileStore`] keeps them in files, so that a restarted process (or a second one on
//! the same disk) makes no upstream request while the token is valid. `RedisStore`
//! (feature `redis`) and `PostgresStore` (feature `postgres`) share tokens, and the
//! lock around each refresh, between processes on several hosts. Implement the trait
//! for anything else.
//!
//! Credentials that cannot be fetched again live in a [`DurableStore`]: `FileStore`,
//! `PostgresStore`, or `MemoryStore` for tests.

mod durable;
mod file;
mod file_durable;
mod memory;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "redis")]
mod redis;

#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub use self::postgres::PostgresStore;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use self::redis::RedisStore;
pub(crate) use durable::for_each_entry;
pub use durable::{DurableRecord, DurableStore};
pub use file::FileStore;
pub use memory::MemoryStore;

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::{Result, Secret};

/// A token as stored: its value, when it expires, and when it was fetched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredToken {
    /// The token (`access_token`, a ticket, ...). Redacted in `Debug`.
    pub value: Secret,
    /// When WeChat stops accepting it: Unix time in seconds (`fetched_at` + `expires_in`).
    pub expires_at: i64,
    /// When it was fetched: Unix time in milliseconds. Orders tokens: of two tokens for
    /// one key, the one fetched later wins.
    pub fetched_at_ms: i64,
}

impl StoredToken {
    /// A token fetched now (by the wall clock) that WeChat says lives `expires_in`
    /// seconds. [`StoredToken::fetched_at`] takes the time from another clock.
    pub fn fetched_now(value: impl Into<Secret>, expires_in: i64) -> StoredToken {
        StoredToken::fetched_at(value, expires_in, crate::clock::system_now_ms())
    }

    /// A token fetched at `now_ms` (Unix time in milliseconds) that WeChat says lives
    /// `expires_in` seconds.
    pub fn fetched_at(value: impl Into<Secret>, expires_in: i64, now_ms: i64) -> StoredToken {
        StoredToken {
            value: value.into(),
            expires_at: now_ms / 1000 + expires_in,
            fetched_at_ms: now_ms,
        }
    }

    /// Seconds until it expires by the wall clock (negative once expired).
    pub fn remaining_secs(&self) -> i64 {
        self.remaining_secs_at(crate::clock::system_now_ms())
    }

    /// Seconds until it expires at `now_ms` (Unix time in milliseconds; negative once
    /// expired).
    pub fn remaining_secs_at(&self, now_ms: i64) -> i64 {
        self.expires_at - now_ms / 1000
    }

    /// Whether WeChat still accepts it, by the wall clock.
    pub fn is_valid(&self) -> bool {
        self.is_valid_at(crate::clock::system_now_ms())
    }

    /// Whether WeChat still accepts it at `now_ms` (Unix time in milliseconds).
    pub fn is_valid_at(&self, now_ms: i64) -> bool {
        self.remaining_secs_at(now_ms) > 0
    }
}

/// A place to keep tokens, shared by every client that uses it.
///
/// Keys are ASCII strings made by the SDK, such as `access_token/wx1234567890abcdef`.
/// Implementations must be safe to call concurrently.
#[async_trait]
pub trait Store: Send + Sync + fmt::Debug {
    /// The token stored under `key`, if any (expired ones included: the caller checks).
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be read.
    async fn load(&self, key: &str) -> Result<Option<StoredToken>>;

    /// Stores `token` under `key` unless the store already holds a token fetched later
    /// (`fetched_at_ms`), so that a slow writer never overwrites a newer token.
    /// Returns the token the store holds afterwards.
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be written.
    async fn save(&self, key: &str, token: StoredToken) -> Result<StoredToken>;

    /// Tries to take the lock `name` (e.g. `lock/access_token/wx...`) for at most `ttl`,
    /// on behalf of `owner` (a random string per attempt). Returns `true` when taken,
    /// `false` when someone else holds it.
    ///
    /// The token core takes this lock around every upstream refresh, so that processes
    /// sharing the store refresh a token once between them; it re-reads the store after
    /// taking it. A store shared by several processes (`RedisStore`, feature `redis`)
    /// implements it; the default takes it at once, as a store of one process needs no
    /// lock beyond the token core's own.
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be reached; the token
    /// core then refreshes without the lock.
    async fn try_lock(&self, name: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let _ = (name, owner, ttl);
        Ok(true)
    }

    /// Extends the lock `name` to `ttl` from now if `owner` still holds it. Returns
    /// whether `owner` holds it afterwards. The hub's replicas hold a lease this way
    /// (`lease/authorizer_refresher/{component_appid}`: one replica walks a platform's
    /// authorizers at a time).
    ///
    /// The default releases the lock and takes it again, which answers correctly but
    /// lets another owner take it in between; `RedisStore` and `PostgresStore` extend
    /// it in one step (compare-and-expire).
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be reached.
    async fn extend_lock(&self, name: &str, owner: &str, ttl: Duration) -> Result<bool> {
        self.unlock(name, owner).await?;
        self.try_lock(name, owner, ttl).await
    }

    /// Releases the lock `name` if `owner` still holds it (compare-and-delete: a lock
    /// that expired and was taken by another owner is left alone).
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be reached; the lock
    /// then expires after its `ttl`.
    async fn unlock(&self, name: &str, owner: &str) -> Result<()> {
        let _ = (name, owner);
        Ok(())
    }
}
