//! The Redis dedup store (cargo feature `redis`), against the Redis at
//! `REDIS_URL` (default `redis://127.0.0.1:6379`).
#![cfg(feature = "redis")]

use std::time::Duration;

use wechat::server::{DedupStore, RedisDedupStore};

#[tokio::test]
async fn set_nx_ex_dedups_and_expires() {
    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let prefix = format!("wechat-test:{}:", rand::random::<u64>());
    let store = RedisDedupStore::connect(&url)
        .await
        .expect("Redis reachable")
        .with_prefix(prefix);
    assert!(store
        .insert_if_absent("k", Duration::from_secs(1))
        .await
        .unwrap());
    assert!(!store
        .insert_if_absent("k", Duration::from_secs(1))
        .await
        .unwrap());
    store.remove("k").await.unwrap();
    assert!(store
        .insert_if_absent("k", Duration::from_secs(1))
        .await
        .unwrap());
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert!(store
        .insert_if_absent("k", Duration::from_secs(1))
        .await
        .unwrap());
    store.remove("k").await.unwrap();
}

#[tokio::test]
async fn unreachable_redis_is_a_store_error() {
    let err = RedisDedupStore::connect("redis://127.0.0.1:1")
        .await
        .unwrap_err();
    assert!(matches!(err, wechat::Error::Store { .. }), "{err:?}");
}
