//! [`DurableStore`] for [`PostgresStore`]: the `durable_records` table.

use async_trait::async_trait;

use super::PostgresStore;
use crate::store::{DurableRecord, DurableStore};
use crate::{Error, Result, Secret};

/// A record replaces the row only when its version is higher: one upsert
/// (`ON CONFLICT (key) DO UPDATE … WHERE stored.version < EXCLUDED.version`), which
/// PostgreSQL runs under the row's lock, so concurrent writers in any number of
/// processes leave the highest version. When the upsert writes nothing, the row is read
/// back: [`DurableStore::save`] returns what the table holds afterwards.
#[async_trait]
impl DurableStore for PostgresStore {
    async fn load(&self, key: &str) -> Result<Option<DurableRecord>> {
        let row: Option<(String, i64)> = self
            .run(
                "durable record read",
                sqlx::query_as(&self.sql.load_record)
                    .bind(key)
                    .fetch_optional(&self.pool),
            )
            .await?;
        Ok(row.map(|(value, version)| DurableRecord {
            value: Secret::new(value),
            version,
        }))
    }

    async fn save(&self, key: &str, record: DurableRecord) -> Result<DurableRecord> {
        let write = sqlx::query_scalar(&self.sql.save_record)
            .bind(key)
            .bind(record.value.expose())
            .bind(record.version)
            .fetch_optional(&self.pool);
        let written: Option<i64> = self.run("durable record write", write).await?;
        if written.is_some() {
            return Ok(record);
        }
        // An equal or higher version is held (rows are never deleted by the store).
        DurableStore::load(self, key)
            .await?
            .ok_or_else(|| Error::Store {
                message: format!(
                    "PostgreSQL at {} kept a durable record that it then did not have; was it deleted meanwhile?",
                    self.shown_url
                ),
                source: None,
            })
    }

    async fn keys(&self, prefix: &str) -> Result<Vec<String>> {
        self.run(
            "durable record listing",
            sqlx::query_scalar(&self.sql.record_keys)
                .bind(prefix)
                .fetch_all(&self.pool),
        )
        .await
    }

    async fn entries_after(
        &self,
        prefix: &str,
        after: &str,
        limit: usize,
    ) -> Result<Vec<(String, DurableRecord)>> {
        let rows: Vec<(String, String, i64)> = self
            .run(
                "durable record listing",
                sqlx::query_as(&self.sql.record_entries)
                    .bind(prefix)
                    .bind(after)
                    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                    .fetch_all(&self.pool),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(key, value, version)| {
                (
                    key,
                    DurableRecord {
                        value: Secret::new(value),
                        version,
                    },
                )
            })
            .collect())
    }
}
