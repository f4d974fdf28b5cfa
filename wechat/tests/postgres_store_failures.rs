//! PostgresStore against a real PostgreSQL when things go wrong: migrations run twice,
//! an unreachable server, a write killed mid-transaction, an operation without an
//! answer.

#![cfg(feature = "postgres")]

mod postgres_common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use postgres_common::*;
use sqlx::{Connection, PgConnection};
use wechat::store::{DurableRecord, DurableStore, PostgresStore};
use wechat::Error;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_are_idempotent_and_recorded_in_the_stores_schema() {
    // Connecting twice migrates nothing twice.
    connect().await;
    let store = connect().await;
    let applied = |schema: String| {
        let pool = store.pool().clone();
        async move {
            let sql =
                format!("SELECT version, success FROM {schema}._sqlx_migrations ORDER BY version");
            sqlx::query_as::<_, (i64, bool)>(&sql)
                .fetch_all(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(applied("wechat".to_owned()).await, [(1, true)]);

    // A new schema, with four processes starting on it at once: one creates it and
    // migrates, the others wait and find it done.
    let schema = format!("wechat_test_{:016x}", rand::random::<u64>());
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let (url, schema) = (url(), schema.clone());
            tokio::spawn(async move { PostgresStore::connect_with_schema(&url, &schema).await })
        })
        .collect();
    for started in starts {
        assert_eq!(started.await.unwrap().unwrap().schema(), schema);
    }
    assert_eq!(applied(schema.clone()).await, [(1, true)]);

    // `from_pool` on the application's pool; the schema's tables are its own.
    let mine = PostgresStore::from_pool_with_schema(store.pool().clone(), &schema)
        .await
        .unwrap();
    let p = prefix("schema");
    let key = format!("{p}k");
    DurableStore::save(&mine, &key, DurableRecord::new("mine", 1))
        .await
        .unwrap();
    assert_eq!(DurableStore::load(&store, &key).await.unwrap(), None);
    let default = PostgresStore::from_pool(store.pool().clone())
        .await
        .unwrap();
    assert_eq!(default.schema(), "wechat");
    sqlx::raw_sql(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(store.pool())
        .await
        .unwrap();
    assert!(matches!(
        PostgresStore::from_pool_with_schema(store.pool().clone(), "Bad-Name").await,
        Err(Error::Config(_))
    ));
}

#[tokio::test]
async fn an_unreachable_server_is_a_clear_error_without_the_password() {
    let started = Instant::now();
    let err = PostgresStore::connect("postgres://postgres:hunter2-pw@127.0.0.1:1/test")
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let mut shown = format!("{err} | {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(e) = source {
        shown.push_str(&format!(" | {e} | {e:?}"));
        source = e.source();
    }
    assert!(matches!(err, Error::Store { .. }), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(
        err.to_string()
            .contains("cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:1/test"),
        "{shown}"
    );

    for bad in [
        "redis://127.0.0.1:6379",
        "postgres://u:hunter2-pw@127.0.0.1:99999/test",
        "postgres://u:hunter2-pw@127.0.0.1/test?sslmode=bogus",
    ] {
        let err = PostgresStore::connect(bad).await.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad}: {err}");
        assert!(!format!("{err} {err:?}").contains("hunter2"), "{err:?}");
    }
    assert!(matches!(
        PostgresStore::connect_with_schema(&url(), "pg_catalog").await,
        Err(Error::Config(_))
    ));

    // The server trusts this user, so a password in the URL connects; `Debug` hides it.
    let with_password =
        url().replacen("postgres://postgres@", "postgres://postgres:hunter2-pw@", 1);
    if with_password != url() {
        let store = PostgresStore::connect(&with_password).await.unwrap();
        let shown = format!("{store:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("postgres://postgres@"), "{shown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_killed_mid_transaction_leaves_the_previous_record() {
    let app = format!("wechat-test-{:016x}", rand::random::<u64>());
    let store = Arc::new(
        PostgresStore::connect(&url_with(&format!("application_name={app}")))
            .await
            .unwrap(),
    );
    let p = prefix("crash");
    let key = Arc::new(format!("{p}authorizer_refresh_token/wxc/wxa"));
    let previous = DurableRecord::new("refresh@1", 1);
    DurableStore::save(&*store, &key, previous.clone())
        .await
        .unwrap();
    let mut admin = PgConnection::connect(&url()).await.unwrap();

    // 1. The store's own write, waiting on the row's lock inside its statement, loses
    //    its connection (the server ends it, as when a process dies).
    let mut holder = PgConnection::connect(&url()).await.unwrap();
    let mut tx = holder.begin().await.unwrap();
    sqlx::query("SELECT 1 FROM wechat.durable_records WHERE key = $1 FOR UPDATE")
        .bind(&*key)
        .execute(&mut *tx)
        .await
        .unwrap();
    let write = {
        let (store, key) = (Arc::clone(&store), Arc::clone(&key));
        tokio::spawn(async move {
            DurableStore::save(&*store, &key, DurableRecord::new("refresh@2", 2)).await
        })
    };
    let waiting = "SELECT pid FROM pg_stat_activity \
                   WHERE application_name = $1 AND wait_event_type = 'Lock'";
    let deadline = Instant::now() + Duration::from_secs(10);
    let pid: i32 = loop {
        if let Some(pid) = sqlx::query_scalar(waiting)
            .bind(&app)
            .fetch_optional(&mut admin)
            .await
            .unwrap()
        {
            break pid;
        }
        assert!(
            Instant::now() < deadline,
            "the write never waited on the lock"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert!(ended);
    let err = write.await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Store { .. }), "{err}");
    tx.rollback().await.unwrap();
    assert_eq!(
        DurableStore::load(&*store, &key).await.unwrap(),
        Some(previous.clone())
    );

    // 2. A transaction that wrote the row and whose connection is ended before it
    //    commits.
    let mut writer = PgConnection::connect(&url()).await.unwrap();
    let writer_pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut writer)
        .await
        .unwrap();
    sqlx::raw_sql("BEGIN").execute(&mut writer).await.unwrap();
    sqlx::query("UPDATE wechat.durable_records SET value = 'torn', version = 99 WHERE key = $1")
        .bind(&*key)
        .execute(&mut writer)
        .await
        .unwrap();
    sqlx::query("SELECT pg_terminate_backend($1)")
        .bind(writer_pid)
        .execute(&mut admin)
        .await
        .unwrap();
    assert!(sqlx::raw_sql("COMMIT").execute(&mut writer).await.is_err());
    assert_eq!(
        DurableStore::load(&*store, &key).await.unwrap(),
        Some(previous.clone())
    );

    // 3. A transaction dropped without a commit.
    {
        let mut conn = PgConnection::connect(&url()).await.unwrap();
        let mut tx = conn.begin().await.unwrap();
        sqlx::query(
            "UPDATE wechat.durable_records SET value = 'torn', version = 99 WHERE key = $1",
        )
        .bind(&*key)
        .execute(&mut *tx)
        .await
        .unwrap();
        drop(tx);
        conn.close().await.unwrap();
    }
    assert_eq!(
        DurableStore::load(&*store, &key).await.unwrap(),
        Some(previous)
    );

    // The store's pool recovers from the connection it lost.
    let next = DurableRecord::new("refresh@3", 3);
    assert_eq!(
        DurableStore::save(&*store, &key, next.clone())
            .await
            .unwrap(),
        next
    );
    clean(&store, &p).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operation_without_an_answer_fails_within_the_timeout() {
    let store = connect().await.timeout(Duration::from_millis(300));
    let p = prefix("timeout");
    let key = format!("{p}authorizer_refresh_token/wxc/wxa");
    let previous = DurableRecord::new("refresh@1", 1);
    DurableStore::save(&store, &key, previous.clone())
        .await
        .unwrap();
    // A transaction that holds the row and does not end.
    let mut holder = PgConnection::connect(&url()).await.unwrap();
    let mut tx = holder.begin().await.unwrap();
    sqlx::query("SELECT 1 FROM wechat.durable_records WHERE key = $1 FOR UPDATE")
        .bind(&key)
        .execute(&mut *tx)
        .await
        .unwrap();
    let started = Instant::now();
    let err = DurableStore::save(&store, &key, DurableRecord::new("refresh@2", 2))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(err, Error::Store { .. }), "{err}");
    assert!(err.to_string().contains("no answer within 300ms"), "{err}");
    // Reads go on meanwhile.
    assert_eq!(
        DurableStore::load(&store, &key).await.unwrap(),
        Some(previous.clone())
    );
    tx.rollback().await.unwrap();
    // The write that timed out may land afterwards; only ever whole.
    let held = DurableStore::load(&store, &key).await.unwrap().unwrap();
    assert!(
        held == previous || held == DurableRecord::new("refresh@2", 2),
        "{held:?}"
    );
    clean(&store, &p).await;
}
