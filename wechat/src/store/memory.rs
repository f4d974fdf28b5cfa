//! Tokens in this process's memory.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{DurableRecord, DurableStore, Store, StoredToken};
use crate::Result;

/// Keeps tokens in memory: shared by the clients of one process, lost on exit.
///
/// The default store when none is set. It is also a [`DurableStore`] for tests and
/// demos, but it is not durable: a platform whose refresh tokens live only here loses
/// them on exit. Use a [`FileStore`](super::FileStore) or `PostgresStore` for those.
#[derive(Debug, Default)]
pub struct MemoryStore {
    tokens: Mutex<HashMap<String, StoredToken>>,
    records: Mutex<std::collections::BTreeMap<String, DurableRecord>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        Ok(self
            .tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned())
    }

    async fn save(&self, key: &str, token: StoredToken) -> Result<StoredToken> {
        let mut map = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(key) {
            Some(held) if held.fetched_at_ms > token.fetched_at_ms => Ok(held.clone()),
            _ => {
                map.insert(key.to_owned(), token.clone());
                Ok(token)
            }
        }
    }
}

#[async_trait]
impl DurableStore for MemoryStore {
    async fn load(&self, key: &str) -> Result<Option<DurableRecord>> {
        Ok(self
            .records
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned())
    }

    async fn save(&self, key: &str, record: DurableRecord) -> Result<DurableRecord> {
        let mut map = self.records.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(key) {
            Some(held) if held.version >= record.version => Ok(held.clone()),
            _ => {
                map.insert(key.to_owned(), record.clone());
                Ok(record)
            }
        }
    }

    async fn keys(&self, prefix: &str) -> Result<Vec<String>> {
        let map = self.records.lock().unwrap_or_else(|p| p.into_inner());
        Ok(map
            .range(prefix.to_owned()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, _)| k.clone())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_older_token_does_not_replace_a_newer_one() {
        let store = MemoryStore::new();
        let newer = StoredToken {
            value: "new".into(),
            expires_at: 100,
            fetched_at_ms: 2_000,
        };
        let older = StoredToken {
            value: "old".into(),
            expires_at: 100,
            fetched_at_ms: 1_000,
        };
        Store::save(&store, "k", newer.clone()).await.unwrap();
        assert_eq!(Store::save(&store, "k", older).await.unwrap(), newer);
        assert_eq!(Store::load(&store, "k").await.unwrap(), Some(newer));
    }

    #[tokio::test]
    async fn records_keep_the_highest_version_and_list_by_prefix() {
        let store = MemoryStore::new();
        let r = |v: &str, n| DurableRecord::new(v, n);
        DurableStore::save(&store, "a/2", r("two", 2))
            .await
            .unwrap();
        assert_eq!(
            DurableStore::save(&store, "a/2", r("one", 1))
                .await
                .unwrap(),
            r("two", 2)
        );
        DurableStore::save(&store, "a/1", r("x", 1)).await.unwrap();
        DurableStore::save(&store, "b/1", r("y", 1)).await.unwrap();
        assert_eq!(store.keys("a/").await.unwrap(), vec!["a/1", "a/2"]);
    }
}
