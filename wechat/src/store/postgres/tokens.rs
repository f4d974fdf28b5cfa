//! [`Store`] for [`PostgresStore`]: the `tokens` and `locks` tables.

use std::time::Duration;

use async_trait::async_trait;

use super::PostgresStore;
use crate::store::{Store, StoredToken};
use crate::{Error, Result, Secret};

/// The longest lock [`Store::try_lock`] takes: 2^40 ms, about 34 years.
const MAX_LOCK_MS: i64 = 1 << 40;

/// Tokens: an upsert that writes unless the row holds a token fetched later
/// (`fetched_at_ms`), then a read of the row when it did not write. Locks: an upsert
/// that takes a missing or expired row (by the database's clock), and a delete of the
/// row only for its owner.
#[async_trait]
impl Store for PostgresStore {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        let row: Option<(String, i64, i64)> = self
            .run(
                "token read",
                sqlx::query_as(&self.sql.load_token)
                    .bind(key)
                    .fetch_optional(&self.pool),
            )
            .await?;
        Ok(row.map(|(value, expires_at, fetched_at_ms)| StoredToken {
            value: Secret::new(value),
            expires_at,
            fetched_at_ms,
        }))
    }

    async fn save(&self, key: &str, token: StoredToken) -> Result<StoredToken> {
        let write = sqlx::query_scalar(&self.sql.save_token)
            .bind(key)
            .bind(token.value.expose())
            .bind(token.expires_at)
            .bind(token.fetched_at_ms)
            .fetch_optional(&self.pool);
        let written: Option<i64> = self.run("token write", write).await?;
        if written.is_some() {
            return Ok(token);
        }
        // A token fetched later is held (rows are never deleted by the store).
        Store::load(self, key).await?.ok_or_else(|| Error::Store {
            message: format!(
                "PostgreSQL at {} kept a token that it then did not have; was it deleted meanwhile?",
                self.shown_url
            ),
            source: None,
        })
    }

    async fn try_lock(&self, name: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let ttl_ms = i64::try_from(ttl.as_millis())
            .unwrap_or(MAX_LOCK_MS)
            .clamp(1, MAX_LOCK_MS);
        let taken: Option<i32> = self
            .run(
                "lock",
                sqlx::query_scalar(&self.sql.try_lock)
                    .bind(name)
                    .bind(owner)
                    .bind(ttl_ms)
                    .fetch_optional(&self.pool),
            )
            .await?;
        Ok(taken.is_some())
    }

    async fn extend_lock(&self, name: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let ttl_ms = i64::try_from(ttl.as_millis())
            .unwrap_or(MAX_LOCK_MS)
            .clamp(1, MAX_LOCK_MS);
        let extended: Option<i32> = self
            .run(
                "extend lock",
                sqlx::query_scalar(&self.sql.extend_lock)
                    .bind(name)
                    .bind(owner)
                    .bind(ttl_ms)
                    .fetch_optional(&self.pool),
            )
            .await?;
        Ok(extended.is_some())
    }

    async fn unlock(&self, name: &str, owner: &str) -> Result<()> {
        self.run(
            "unlock",
            sqlx::query(&self.sql.unlock)
                .bind(name)
                .bind(owner)
                .execute(&self.pool),
        )
        .await
        .map(drop)
    }
}
