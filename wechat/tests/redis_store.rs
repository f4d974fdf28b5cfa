//! RedisStore against a real Redis: compare-and-set, locks, key names.

#![cfg(feature = "redis")]

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::*;
use wechat::store::{RedisStore, Store, StoredToken};

fn token(value: &str, fetched_at_ms: i64) -> StoredToken {
    StoredToken {
        value: value.into(),
        expires_at: 4_000_000_000,
        fetched_at_ms,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_older_token_never_overwrites_a_newer_one() {
    let Some((url, _own)) = shared_redis() else {
        return;
    };
    let prefix = unique_prefix("cas");
    let store = Arc::new(RedisStore::new(&url).unwrap().prefix(prefix.clone()));
    assert_eq!(store.load("access_token/wx1").await.unwrap(), None);
    // 200 writers in random order: the one fetched last wins.
    let mut versions: Vec<i64> = (1..=200).collect();
    versions.sort_by_key(|v| (v * 7919) % 200);
    let writes: Vec<_> = versions
        .into_iter()
        .map(|v| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .save("access_token/wx1", token(&format!("t{v}"), v))
                    .await
                    .unwrap()
            })
        })
        .collect();
    for w in writes {
        let kept = w.await.unwrap();
        assert!(kept.fetched_at_ms >= 1);
    }
    assert_eq!(
        store.load("access_token/wx1").await.unwrap(),
        Some(token("t200", 200))
    );
    assert_eq!(
        store
            .save("access_token/wx1", token("old", 5))
            .await
            .unwrap(),
        token("t200", 200)
    );
    // Namespaced key, a hash of three fields.
    let addr = url.trim_start_matches("redis://").trim_end_matches('/');
    let answer = redis_command(
        addr,
        &["HGET", &format!("{prefix}:access_token/wx1"), "value"],
    )
    .unwrap();
    assert!(answer.contains("t200"), "{answer}");
    delete_prefix(&url, &prefix);
}

#[tokio::test]
async fn locks_have_an_owner_and_a_ttl() {
    let Some((url, _own)) = shared_redis() else {
        return;
    };
    let prefix = unique_prefix("lock");
    let store = RedisStore::new(&url).unwrap().prefix(prefix.clone());
    let ttl = Duration::from_millis(300);
    assert!(store.try_lock("lock/k", "a", ttl).await.unwrap());
    assert!(!store.try_lock("lock/k", "b", ttl).await.unwrap());
    // Only the owner releases it.
    store.unlock("lock/k", "b").await.unwrap();
    assert!(!store.try_lock("lock/k", "b", ttl).await.unwrap());
    store.unlock("lock/k", "a").await.unwrap();
    assert!(store.try_lock("lock/k", "b", ttl).await.unwrap());
    // And it expires.
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(store.try_lock("lock/k", "c", ttl).await.unwrap());
    store.unlock("lock/k", "c").await.unwrap();
    assert!(!format!("{store:?}").contains("password"));
    delete_prefix(&url, &prefix);
}

#[tokio::test]
async fn a_lock_is_extended_only_while_its_owner_holds_it() {
    let Some((url, _own)) = shared_redis() else {
        return;
    };
    let prefix = unique_prefix("lease");
    let store = RedisStore::new(&url).unwrap().prefix(prefix.clone());
    let long = Duration::from_secs(30);
    let name = "lease/authorizer_refresher/wx1";
    assert!(store.try_lock(name, "a", long).await.unwrap());
    assert!(!store.extend_lock(name, "b", long).await.unwrap());
    assert!(store.extend_lock(name, "a", long).await.unwrap());
    assert!(!store.try_lock(name, "b", long).await.unwrap());
    // Extended to a short TTL, it expires; then it is no longer its old owner's.
    assert!(store
        .extend_lock(name, "a", Duration::from_millis(50))
        .await
        .unwrap());
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(store.try_lock(name, "b", long).await.unwrap());
    assert!(!store.extend_lock(name, "a", long).await.unwrap());
    store.unlock(name, "b").await.unwrap();
    assert!(!store.extend_lock(name, "b", long).await.unwrap());
    delete_prefix(&url, &prefix);
}

#[tokio::test]
async fn a_redis_that_is_down_is_a_store_error_not_a_hang() {
    let port = free_port();
    let store = RedisStore::new(&format!("redis://127.0.0.1:{port}")).unwrap();
    let started = std::time::Instant::now();
    let err = store.load("k").await.unwrap_err();
    assert!(matches!(err, wechat::Error::Store { .. }), "{err:?}");
    assert!(store
        .try_lock("l", "o", Duration::from_secs(1))
        .await
        .is_err());
    assert!(started.elapsed() < Duration::from_secs(5));
}
