//! Credentials that must never be lost: a third-party platform's
//! `component_verify_ticket`, each authorizer's `authorizer_refresh_token`, and the
//! registry of authorizers.
//!
//! Hot tokens (`access_token`, `component_access_token`, tickets of the JS-SDK) can be
//! fetched again, so they live in a [`Store`](super::Store) that may forget them
//! (memory, Redis). What is kept here cannot be fetched again: a lost
//! `authorizer_refresh_token` forces the merchant to authorize the platform again, a
//! lost `component_verify_ticket` stops the platform until WeChat's next push. A
//! [`DurableStore`] keeps such records across restarts and crashes, and never lets an
//! older record replace a newer one.
//!
//! Implementations: [`FileStore`](super::FileStore) (one node),
//! `PostgresStore` (feature `postgres`, several nodes), and
//! [`MemoryStore`](super::MemoryStore) (tests and demos only: not durable).

use std::fmt;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::{Result, Secret};

/// One durable record: its value and its version.
///
/// `version` orders the records of one key: a record is written only over a lower
/// version, so that a slow writer, a replayed push or a crashed process's late write
/// never replaces a newer value. The SDK uses Unix time in milliseconds (when the
/// value was obtained, or the push's `CreateTime` × 1000).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DurableRecord {
    /// The value: a ticket, a refresh token, or a JSON document (registry entries).
    /// Redacted in `Debug`.
    pub value: Secret,
    /// The version; higher wins.
    pub version: i64,
}

impl DurableRecord {
    /// A record of `value` at `version`.
    pub fn new(value: impl Into<Secret>, version: i64) -> DurableRecord {
        DurableRecord {
            value: value.into(),
            version,
        }
    }
}

impl fmt::Debug for DurableRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DurableRecord")
            .field("value", &self.value)
            .field("version", &self.version)
            .finish()
    }
}

/// How many records [`DurableStore::entries`] and `for_each_entry` read at a time.
const ENTRIES_PAGE: usize = 1000;

/// A place for credentials that cannot be fetched again: a lost
/// `authorizer_refresh_token` forces the merchant to authorize the platform again, a
/// lost `component_verify_ticket` stops the platform until WeChat's next push.
///
/// Keys are ASCII strings made by the SDK:
/// - `component_verify_ticket/{component_appid}`,
/// - `authorizer_refresh_token/{component_appid}/{authorizer_appid}`,
/// - `authorizer/{component_appid}/{authorizer_appid}` (a JSON registry entry).
///
/// Implementations must be safe to call concurrently, from several processes when the
/// store is shared, and must make each [`save`](DurableStore::save) atomic: after a
/// crash at any point, [`load`](DurableStore::load) returns the previous record or the
/// new one, never neither and never a torn one.
#[async_trait]
pub trait DurableStore: Send + Sync + fmt::Debug {
    /// The record under `key`, if any.
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be read, or holds
    /// something under `key` that is not a record.
    async fn load(&self, key: &str) -> Result<Option<DurableRecord>>;

    /// Writes `record` under `key` unless the store holds a record of an equal or
    /// higher version (compare-and-set in one transaction). Returns the record the
    /// store holds afterwards: `record` itself when it was written.
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be written; the
    /// previous record is then still there.
    async fn save(&self, key: &str, record: DurableRecord) -> Result<DurableRecord>;

    /// Every key that starts with `prefix`, in ascending order (e.g. all authorizers of
    /// a platform: `authorizer/{component_appid}/`).
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be read.
    async fn keys(&self, prefix: &str) -> Result<Vec<String>>;

    /// Up to `limit` records whose key starts with `prefix` and sorts after `after`
    /// (byte order; `""` for the first page), with their keys, in ascending order of
    /// key: one page of a listing that need not hold all of them at once. The default
    /// is [`keys`](DurableStore::keys) and a [`load`](DurableStore::load) of each key of
    /// the page; `PostgresStore` reads a page in one query.
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be read.
    async fn entries_after(
        &self,
        prefix: &str,
        after: &str,
        limit: usize,
    ) -> Result<Vec<(String, DurableRecord)>> {
        let mut out = Vec::new();
        for key in self.keys(prefix).await? {
            if out.len() >= limit {
                break;
            }
            if key.as_str() <= after {
                continue;
            }
            if let Some(record) = self.load(&key).await? {
                out.push((key, record));
            }
        }
        Ok(out)
    }

    /// Every record whose key starts with `prefix`, with its key, in ascending order of
    /// key, read 1,000 at a time with
    /// [`entries_after`](DurableStore::entries_after).
    ///
    /// # Errors
    /// [`Error::Store`](crate::Error::Store) when the store cannot be read.
    async fn entries(&self, prefix: &str) -> Result<Vec<(String, DurableRecord)>> {
        let mut out = Vec::new();
        for_each_entry(self, prefix, |key, record| {
            out.push((key, record));
            Ok(())
        })
        .await?;
        Ok(out)
    }
}

/// Hands every record of `store` whose key starts with `prefix` to `each`, with its key,
/// in ascending order of key, reading [`DurableStore::entries_after`] 1,000 at a time:
/// only one page is held at once. Stops at the first error of the store or of `each`.
pub(crate) async fn for_each_entry<S: DurableStore + ?Sized>(
    store: &S,
    prefix: &str,
    mut each: impl FnMut(String, DurableRecord) -> Result<()> + Send,
) -> Result<()> {
    let mut after = String::new();
    loop {
        let page = store.entries_after(prefix, &after, ENTRIES_PAGE).await?;
        let last_page = page.len() < ENTRIES_PAGE;
        for (key, record) in page {
            after.clone_from(&key);
            each(key, record)?;
        }
        if last_page {
            return Ok(());
        }
    }
}
