//! What the PostgresStore tests share: the server's URL, a store, a key prefix of the
//! test's own and its clean-up.
//!
//! The server is `WECHAT_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`). Tests run in parallel on one database:
//! each keeps to keys under its own random prefix and deletes them at the end.
#![allow(dead_code)]

use wechat::store::{PostgresStore, StoredToken};

pub fn url() -> String {
    std::env::var("WECHAT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// `url()` with one more query parameter.
pub fn url_with(param: &str) -> String {
    let url = url();
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{param}")
}

pub async fn connect() -> PostgresStore {
    PostgresStore::connect(&url()).await.unwrap_or_else(|e| {
        panic!("PostgreSQL must answer at WECHAT_TEST_POSTGRES_URL (or 127.0.0.1:5432): {e}")
    })
}

/// A key prefix of this test alone: `test/{name}/{pid}-{random}/`.
pub fn prefix(name: &str) -> String {
    format!(
        "test/{name}/{}-{:016x}/",
        std::process::id(),
        rand::random::<u64>()
    )
}

/// Deletes every row of the test's `prefix`, in the three tables.
pub async fn clean(store: &PostgresStore, prefix: &str) {
    for (table, column) in [
        ("durable_records", "key"),
        ("tokens", "key"),
        ("locks", "name"),
    ] {
        let sql = format!(
            "DELETE FROM {}.{table} WHERE starts_with({column}, $1)",
            store.schema()
        );
        sqlx::query(&sql)
            .bind(prefix)
            .execute(store.pool())
            .await
            .unwrap();
    }
}

pub fn token(value: &str, fetched_at_ms: i64) -> StoredToken {
    StoredToken {
        value: value.into(),
        expires_at: 4_000_000_000,
        fetched_at_ms,
    }
}
