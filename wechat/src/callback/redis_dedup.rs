//! [`RedisDedupStore`] (cargo feature `redis`): the dedup set in Redis, shared by all instances.

use std::time::Duration;

use async_trait::async_trait;
use redis::aio::ConnectionManager;

use super::DedupStore;
use crate::Error;

/// A [`DedupStore`] in Redis: `SET key 1 NX PX ttl` to insert (the TTL in milliseconds,
/// at least 1), `DEL` to forget.
///
/// Built on [`ConnectionManager`], which is cheap to clone and reconnects by itself.
#[derive(Clone)]
pub struct RedisDedupStore {
    conn: ConnectionManager,
    prefix: String,
}

impl std::fmt::Debug for RedisDedupStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisDedupStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisDedupStore {
    /// Connects to `url` (e.g. `redis://127.0.0.1:6379`). Keys get the prefix `wechat:callback:`.
    ///
    /// Errors: [`Error::Store`] when the URL is invalid or the server unreachable.
    pub async fn connect(url: &str) -> Result<RedisDedupStore, Error> {
        let client = redis::Client::open(url).map_err(|e| Error::store("open Redis client", e))?;
        let conn = ConnectionManager::new(client)
            .await
            .map_err(|e| Error::store("connect to Redis", e))?;
        Ok(RedisDedupStore::new(conn))
    }

    /// Uses an existing connection manager.
    pub fn new(conn: ConnectionManager) -> RedisDedupStore {
        RedisDedupStore {
            conn,
            prefix: "wechat:callback:".to_owned(),
        }
    }

    /// Replaces the key prefix.
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> RedisDedupStore {
        self.prefix = prefix.into();
        self
    }
}

#[async_trait]
impl DedupStore for RedisDedupStore {
    async fn insert_if_absent(&self, key: &str, ttl: Duration) -> Result<bool, Error> {
        let mut conn = self.conn.clone();
        let reply: Option<String> = redis::cmd("SET")
            .arg(format!("{}{key}", self.prefix))
            .arg(1)
            .arg("NX")
            .arg("PX")
            .arg(u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1))
            .query_async(&mut conn)
            .await
            .map_err(|e| Error::store("Redis SET NX PX", e))?;
        Ok(reply.is_some())
    }

    async fn remove(&self, key: &str) -> Result<(), Error> {
        let mut conn = self.conn.clone();
        let _: i64 = redis::cmd("DEL")
            .arg(format!("{}{key}", self.prefix))
            .query_async(&mut conn)
            .await
            .map_err(|e| Error::store("Redis DEL", e))?;
        Ok(())
    }
}
