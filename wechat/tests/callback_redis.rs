//! The Redis dedup store (cargo feature `redis`), against the Redis at
//! `REDIS_URL` (default `redis://127.0.0.1:6379`).
#![cfg(feature = "redis")]

mod callback_common;

use std::sync::Arc;
use std::time::Duration;

use callback_common::requests::*;
use wechat::callback::{CallbackConfig, CallbackError, DedupStore, RedisDedupStore};

fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A store under a prefix of its own, so that runs do not see each other's keys.
async fn fresh_store() -> RedisDedupStore {
    let prefix = format!("wechat-test:{}:", rand::random::<u64>());
    RedisDedupStore::connect(&redis_url())
        .await
        .expect("Redis reachable")
        .with_prefix(prefix)
}

#[tokio::test]
async fn set_nx_px_dedups_and_expires() {
    let store = fresh_store().await;
    let ttl = Duration::from_millis(200);
    assert!(store.insert_if_absent("k", ttl).await.unwrap());
    assert!(!store.insert_if_absent("k", ttl).await.unwrap());
    store.remove("k").await.unwrap();
    assert!(store.insert_if_absent("k", ttl).await.unwrap());
    // Redis expires the key after its TTL (milliseconds).
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(store.insert_if_absent("k", ttl).await.unwrap());
    store.remove("k").await.unwrap();
}

#[tokio::test]
async fn unreachable_redis_is_a_store_error() {
    let err = RedisDedupStore::connect("redis://127.0.0.1:1")
        .await
        .unwrap_err();
    assert!(matches!(err, wechat::Error::Store { .. }), "{err:?}");
}

/// Two replicas behind one URL: what one accepted, the other refuses.
fn two_replicas(store: Option<Arc<dyn DedupStore>>) -> (Counted, Counted) {
    let replica = || {
        counted_with(
            plain_app(),
            Behaviour::Succeed,
            CallbackConfig::default(),
            store.clone(),
        )
    };
    (replica(), replica())
}

#[tokio::test]
async fn replicas_sharing_redis_refuse_a_replay_and_a_retry() {
    let (a, b) = two_replicas(Some(Arc::new(fresh_store().await)));
    let q = plain_query(TOKEN, NOW, "shared");
    let body = text_xml(31, "once");
    assert_eq!(
        a.server
            .handle_post(&q, body.as_bytes(), None)
            .await
            .unwrap()
            .body,
        "success"
    );
    // The same signed request delivered to the other replica.
    let err = b
        .server
        .handle_post(&q, body.as_bytes(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, CallbackError::Replayed), "{err:?}");
    assert_eq!(err.http_status(), 403);
    // WeChat's retry (a new nonce) reaching the other replica: answered, not handled again.
    let retry = plain_query(TOKEN, NOW, "shared-retry");
    assert_eq!(
        b.server
            .handle_post(&retry, body.as_bytes(), None)
            .await
            .unwrap()
            .body,
        "success"
    );
    // A handshake too.
    let hs = handshake_query(TOKEN, NOW, "shared-hs", "e");
    a.server.handle_get(&hs, None).await.unwrap();
    assert!(matches!(
        b.server.handle_get(&hs, None).await,
        Err(CallbackError::Replayed)
    ));
    assert_eq!(a.calls() + b.calls(), 1);
}

#[tokio::test]
async fn replicas_with_their_own_memory_stores_both_accept() {
    // Why several instances need a shared store: the default one is per process.
    let (a, b) = two_replicas(None);
    let q = plain_query(TOKEN, NOW, "twice");
    let body = text_xml(32, "twice");
    a.server
        .handle_post(&q, body.as_bytes(), None)
        .await
        .unwrap();
    b.server
        .handle_post(&q, body.as_bytes(), None)
        .await
        .unwrap();
    assert_eq!(a.calls() + b.calls(), 2);
}
