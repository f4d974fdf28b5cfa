//! The hub's stores, as `[store]` and `[durable]` name them: the hot store of its tokens,
//! locks and leases (memory, files, Redis or PostgreSQL) and the durable store of its
//! platforms' tickets, refresh tokens and registries (files or PostgreSQL). When both are
//! the same PostgreSQL database, they share one connection pool.

use std::sync::Arc;

use super::config::HubConfig;
use super::config_component::DurableConfig;
use super::config_store::StoreConfig;
use crate::store::{DurableStore, FileStore, MemoryStore, Store};
use crate::Result;

/// The hub's hot store and, when it serves platforms, its durable store.
pub(crate) struct HubStores {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) durable: Option<Arc<dyn DurableStore>>,
}

/// Opens the stores of `config`. Nothing is connected yet: Redis and PostgreSQL connect
/// on first use, so that a hub is built without a runtime's I/O and reports an
/// unreachable server on the requests that need it.
///
/// # Errors
/// [`Error::Config`] when a store needs a feature this build lacks, or a Redis URL the
/// `redis` crate rejects.
pub(crate) fn open(config: &HubConfig) -> Result<HubStores> {
    #[cfg(feature = "postgres")]
    if let (StoreConfig::Postgres { url }, Some(DurableConfig::Postgres { url: durable })) =
        (&config.store, &config.durable)
    {
        if url.expose() == durable.expose() {
            let shared = Arc::new(postgres::LazyPostgres::new(url.clone()));
            return Ok(HubStores {
                store: shared.clone(),
                durable: Some(shared),
            });
        }
    }
    Ok(HubStores {
        store: open_store(&config.store)?,
        durable: config.durable.as_ref().map(open_durable).transpose()?,
    })
}

fn open_store(config: &StoreConfig) -> Result<Arc<dyn Store>> {
    Ok(match config {
        StoreConfig::Memory => Arc::new(MemoryStore::new()),
        StoreConfig::File { path } => Arc::new(FileStore::new(path)),
        #[cfg(feature = "redis")]
        StoreConfig::Redis { url, prefix } => {
            Arc::new(crate::store::RedisStore::new(url.expose())?.prefix(prefix.clone()))
        }
        #[cfg(not(feature = "redis"))]
        StoreConfig::Redis { .. } => {
            return Err(crate::Error::config(
                "[store] kind = \"redis\" needs the `redis` feature",
            ))
        }
        #[cfg(feature = "postgres")]
        StoreConfig::Postgres { url } => Arc::new(postgres::LazyPostgres::new(url.clone())),
        #[cfg(not(feature = "postgres"))]
        StoreConfig::Postgres { .. } => {
            return Err(crate::Error::config(
                "[store] kind = \"postgres\" needs the `postgres` feature",
            ))
        }
    })
}

fn open_durable(config: &DurableConfig) -> Result<Arc<dyn DurableStore>> {
    match config {
        DurableConfig::File { path } => Ok(Arc::new(FileStore::new(path))),
        #[cfg(feature = "postgres")]
        DurableConfig::Postgres { url } => Ok(Arc::new(postgres::LazyPostgres::new(url.clone()))),
        #[cfg(not(feature = "postgres"))]
        DurableConfig::Postgres { .. } => Err(crate::Error::config(
            "[durable] kind = \"postgres\" needs the `postgres` feature",
        )),
    }
}

#[cfg(feature = "postgres")]
mod postgres {
    use std::time::Duration;

    use async_trait::async_trait;

    use crate::store::{DurableRecord, DurableStore, PostgresStore, Store, StoredToken};
    use crate::{Result, Secret};

    /// A [`PostgresStore`] connected on first use (and again after a failed connect).
    #[derive(Debug)]
    pub(super) struct LazyPostgres {
        url: Secret,
        store: tokio::sync::OnceCell<PostgresStore>,
    }

    impl LazyPostgres {
        pub(super) fn new(url: Secret) -> LazyPostgres {
            LazyPostgres {
                url,
                store: tokio::sync::OnceCell::new(),
            }
        }

        async fn get(&self) -> Result<&PostgresStore> {
            self.store
                .get_or_try_init(|| PostgresStore::connect(self.url.expose()))
                .await
        }
    }

    #[async_trait]
    impl DurableStore for LazyPostgres {
        async fn load(&self, key: &str) -> Result<Option<DurableRecord>> {
            DurableStore::load(self.get().await?, key).await
        }
        async fn save(&self, key: &str, record: DurableRecord) -> Result<DurableRecord> {
            DurableStore::save(self.get().await?, key, record).await
        }
        async fn keys(&self, prefix: &str) -> Result<Vec<String>> {
            DurableStore::keys(self.get().await?, prefix).await
        }
        async fn entries_after(
            &self,
            prefix: &str,
            after: &str,
            limit: usize,
        ) -> Result<Vec<(String, DurableRecord)>> {
            DurableStore::entries_after(self.get().await?, prefix, after, limit).await
        }
    }

    #[async_trait]
    impl Store for LazyPostgres {
        async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
            Store::load(self.get().await?, key).await
        }
        async fn save(&self, key: &str, token: StoredToken) -> Result<StoredToken> {
            Store::save(self.get().await?, key, token).await
        }
        async fn try_lock(&self, name: &str, owner: &str, ttl: Duration) -> Result<bool> {
            self.get().await?.try_lock(name, owner, ttl).await
        }
        async fn extend_lock(&self, name: &str, owner: &str, ttl: Duration) -> Result<bool> {
            self.get().await?.extend_lock(name, owner, ttl).await
        }
        async fn unlock(&self, name: &str, owner: &str) -> Result<()> {
            self.get().await?.unlock(name, owner).await
        }
    }
}
