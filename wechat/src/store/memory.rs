//! Tokens in this process's memory.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{Store, StoredToken};
use crate::Result;

/// Keeps tokens in memory: shared by the clients of one process, lost on exit.
///
/// The default store when none is set.
#[derive(Debug, Default)]
pub struct MemoryStore {
    tokens: Mutex<HashMap<String, StoredToken>>,
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
        store.save("k", newer.clone()).await.unwrap();
        assert_eq!(store.save("k", older).await.unwrap(), newer);
        assert_eq!(store.load("k").await.unwrap(), Some(newer));
    }
}
