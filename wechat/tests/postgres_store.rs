//! PostgresStore against a real PostgreSQL: versioned records, concurrent writers in
//! two processes' pools, prefixes, pages, hot tokens, locks (migrations, errors and
//! crashes: `postgres_store_failures.rs`).

#![cfg(feature = "postgres")]

mod postgres_common;

use std::sync::Arc;
use std::time::Duration;

use postgres_common::*;
use wechat::store::{DurableRecord, DurableStore, PostgresStore, Store};

#[tokio::test]
async fn records_round_trip_and_debug_shows_no_value() {
    let store = connect().await;
    let p = prefix("round-trip");
    let key = format!("{p}authorizer_refresh_token/wxc/wxa");
    assert_eq!(DurableStore::load(&store, &key).await.unwrap(), None);
    let record = DurableRecord::new("refreshtoken@secret-1", 1_700_000_000_000);
    assert_eq!(
        DurableStore::save(&store, &key, record.clone())
            .await
            .unwrap(),
        record
    );
    assert_eq!(
        DurableStore::load(&store, &key).await.unwrap(),
        Some(record.clone())
    );
    // A second pool (another process) reads the same record.
    let other = connect().await;
    assert_eq!(
        DurableStore::load(&other, &key).await.unwrap(),
        Some(record.clone())
    );
    let shown = format!("{store:?} {record:?}");
    assert!(!shown.contains("secret-1"), "{shown}");
    assert!(shown.contains("schema: \"wechat\""), "{shown}");
    clean(&store, &p).await;
}

#[tokio::test]
async fn sslmode_require_connects_over_tls() {
    let store = PostgresStore::connect(&url_with("sslmode=require"))
        .await
        .unwrap();
    let tls: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(tls);
    let p = prefix("tls");
    let key = format!("{p}component_verify_ticket/wxc");
    let record = DurableRecord::new("ticket", 1);
    DurableStore::save(&store, &key, record.clone())
        .await
        .unwrap();
    assert_eq!(
        DurableStore::load(&store, &key).await.unwrap(),
        Some(record)
    );
    clean(&store, &p).await;
}

#[tokio::test]
async fn a_lower_or_equal_version_never_replaces_a_record() {
    let store = connect().await;
    let p = prefix("versions");
    let key = format!("{p}component_verify_ticket/wxc");
    let held = DurableRecord::new("ticket@5", 5);
    DurableStore::save(&store, &key, held.clone())
        .await
        .unwrap();
    for stale in [
        DurableRecord::new("ticket@4", 4),
        DurableRecord::new("other@5", 5),
        DurableRecord::new("ticket@-1", -1),
    ] {
        assert_eq!(DurableStore::save(&store, &key, stale).await.unwrap(), held);
    }
    assert_eq!(DurableStore::load(&store, &key).await.unwrap(), Some(held));
    let newer = DurableRecord::new("ticket@6", 6);
    assert_eq!(
        DurableStore::save(&store, &key, newer.clone())
            .await
            .unwrap(),
        newer
    );
    assert_eq!(DurableStore::load(&store, &key).await.unwrap(), Some(newer));
    clean(&store, &p).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_writers_in_two_processes_leave_the_highest_version() {
    // Two stores with their own pools, as two processes would have.
    let stores = [Arc::new(connect().await), Arc::new(connect().await)];
    let p = prefix("race");
    let key = Arc::new(format!("{p}authorizer/wxc/wxa"));
    let mut versions: Vec<i64> = (1..=50).collect();
    versions.sort_by_key(|v| (v * 7919) % 50);
    let start = Arc::new(tokio::sync::Barrier::new(versions.len()));
    let writers: Vec<_> = versions
        .into_iter()
        .map(|v| {
            let store = Arc::clone(&stores[(v % 2) as usize]);
            let (key, start) = (Arc::clone(&key), Arc::clone(&start));
            tokio::spawn(async move {
                start.wait().await;
                let record = DurableRecord::new(format!("v{v}"), v);
                let held = DurableStore::save(&*store, &key, record).await.unwrap();
                // What the store holds afterwards: this write or a higher one.
                assert!(held.version >= v, "{v} -> {held:?}");
                assert_eq!(held.value.expose(), format!("v{}", held.version));
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    for store in &stores {
        let held = DurableStore::load(&**store, &key).await.unwrap().unwrap();
        assert_eq!((held.value.expose(), held.version), ("v50", 50));
    }
    clean(&stores[0], &p).await;
}

#[tokio::test]
async fn keys_list_a_prefix_in_byte_order_with_wildcards_taken_literally() {
    let store = connect().await;
    let p = prefix("keys");
    let names = [
        "authorizer/wxc/wxb",
        "authorizer/wxc/wxa",
        "authorizer/wxc/wxB",
        "authorizer/wxd/wxe",
        "authorizer/wx_c/x",
        "authorizer/wx%c/y",
        "authorizer/wx\\c/z",
        "component_verify_ticket/wxc",
    ];
    for name in names {
        DurableStore::save(&store, &format!("{p}{name}"), DurableRecord::new("v", 1))
            .await
            .unwrap();
    }
    // A hot token is not a durable record.
    Store::save(&store, &format!("{p}authorizer/wxc/hot"), token("t", 1))
        .await
        .unwrap();
    let keys = |prefix: &'static str| {
        let (store, p) = (&store, &p);
        async move {
            let found = store.keys(&format!("{p}{prefix}")).await.unwrap();
            found
                .into_iter()
                .map(|k| k.strip_prefix(p.as_str()).unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        keys("authorizer/wxc/").await,
        [
            "authorizer/wxc/wxB",
            "authorizer/wxc/wxa",
            "authorizer/wxc/wxb"
        ]
    );
    assert_eq!(keys("authorizer/wx_").await, ["authorizer/wx_c/x"]);
    assert_eq!(keys("authorizer/wx%").await, ["authorizer/wx%c/y"]);
    assert_eq!(keys("authorizer/wx\\").await, ["authorizer/wx\\c/z"]);
    assert_eq!(keys("none/").await, Vec::<String>::new());
    let mut all: Vec<_> = names.iter().map(|n| n.to_string()).collect();
    all.sort();
    assert_eq!(keys("").await, all);
    clean(&store, &p).await;
}

#[tokio::test]
async fn entries_are_read_a_page_at_a_time_after_a_key() {
    let store = connect().await;
    let p = prefix("pages");
    for n in (0..2500).rev() {
        let key = format!("{p}authorizer/wxc/wx{n:05}");
        DurableStore::save(&store, &key, DurableRecord::new(format!("r{n}"), 1))
            .await
            .unwrap();
    }
    DurableStore::save(&store, &format!("{p}other/x"), DurableRecord::new("o", 1))
        .await
        .unwrap();
    let under = format!("{p}authorizer/wxc/");
    let page = store.entries_after(&under, "", 3).await.unwrap();
    let shown: Vec<_> = page
        .iter()
        .map(|(k, r)| (&k[under.len()..], r.value.expose()))
        .collect();
    assert_eq!(
        shown,
        [("wx00000", "r0"), ("wx00001", "r1"), ("wx00002", "r2")]
    );
    let after = format!("{under}wx02497");
    let last = store.entries_after(&under, &after, 10).await.unwrap();
    let keys: Vec<_> = last.iter().map(|(k, _)| &k[under.len()..]).collect();
    assert_eq!(keys, ["wx02498", "wx02499"]);
    // `entries` walks the pages (1,000 each) to the end, in order, under the prefix only.
    let all = store.entries(&under).await.unwrap();
    assert_eq!(all.len(), 2500);
    assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(all[1234].1.value.expose(), "r1234");
    clean(&store, &p).await;
}

#[tokio::test]
async fn hot_tokens_keep_the_one_fetched_later_apart_from_records() {
    let store = connect().await;
    let other = connect().await;
    let p = prefix("tokens");
    let key = format!("{p}access_token/wx1");
    assert_eq!(Store::load(&store, &key).await.unwrap(), None);
    let newer = token("t2000", 2_000);
    assert_eq!(
        Store::save(&store, &key, newer.clone()).await.unwrap(),
        newer
    );
    // An older token (from a slow writer in another process) does not replace it.
    assert_eq!(
        Store::save(&other, &key, token("t1000", 1_000))
            .await
            .unwrap(),
        newer
    );
    // One fetched at the same time does, as in every store.
    let same = token("t2000b", 2_000);
    assert_eq!(Store::save(&other, &key, same.clone()).await.unwrap(), same);
    assert_eq!(Store::load(&store, &key).await.unwrap(), Some(same.clone()));
    // A durable record under the same key is another row.
    DurableStore::save(&store, &key, DurableRecord::new("cold", 1))
        .await
        .unwrap();
    assert_eq!(Store::load(&store, &key).await.unwrap(), Some(same));
    clean(&store, &p).await;
}

#[tokio::test]
async fn a_lock_is_extended_only_while_its_owner_holds_it() {
    let store = connect().await;
    let p = prefix("lease");
    let name = format!("{p}lease/authorizer_refresher/wx1");
    let long = Duration::from_secs(30);
    assert!(store.try_lock(&name, "a", long).await.unwrap());
    assert!(!store.extend_lock(&name, "b", long).await.unwrap());
    assert!(store.extend_lock(&name, "a", long).await.unwrap());
    assert!(!store.try_lock(&name, "b", long).await.unwrap());
    // Extended to a short TTL, it expires; then it is no longer its old owner's.
    assert!(store
        .extend_lock(&name, "a", Duration::from_millis(50))
        .await
        .unwrap());
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(!store.extend_lock(&name, "a", long).await.unwrap());
    assert!(store.try_lock(&name, "b", long).await.unwrap());
    store.unlock(&name, "b").await.unwrap();
    assert!(!store.extend_lock(&name, "b", long).await.unwrap());
    clean(&store, &p).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locks_are_exclusive_expire_and_release_only_for_their_owner() {
    let stores = [Arc::new(connect().await), Arc::new(connect().await)];
    let [a, b] = [&*stores[0], &*stores[1]];
    let p = prefix("locks");
    let name = format!("{p}lock/access_token/wx1");
    let long = Duration::from_secs(30);
    assert!(a.try_lock(&name, "owner-a", long).await.unwrap());
    assert!(!b.try_lock(&name, "owner-b", long).await.unwrap());
    assert!(!a.try_lock(&name, "owner-a", long).await.unwrap());
    // Only the owner releases it.
    b.unlock(&name, "owner-b").await.unwrap();
    assert!(!b.try_lock(&name, "owner-b", long).await.unwrap());
    a.unlock(&name, "owner-a").await.unwrap();
    assert!(b.try_lock(&name, "owner-b", long).await.unwrap());
    b.unlock(&name, "owner-b").await.unwrap();

    // A lock expires after its TTL, and its late owner's unlock leaves the next
    // owner's lock alone.
    let short = Duration::from_millis(300);
    assert!(a.try_lock(&name, "owner-a", short).await.unwrap());
    assert!(!b.try_lock(&name, "owner-b", long).await.unwrap());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(b.try_lock(&name, "owner-b", long).await.unwrap());
    a.unlock(&name, "owner-a").await.unwrap();
    assert!(!a.try_lock(&name, "owner-c", long).await.unwrap());
    b.unlock(&name, "owner-b").await.unwrap();

    // Twenty contenders in two pools at once: one takes it.
    let other = format!("{p}lock/jsapi_ticket/wx1");
    let start = Arc::new(tokio::sync::Barrier::new(20));
    let tries: Vec<_> = (0..20)
        .map(|i| {
            let store = Arc::clone(&stores[i % 2]);
            let (other, start) = (other.clone(), Arc::clone(&start));
            tokio::spawn(async move {
                start.wait().await;
                store
                    .try_lock(&other, &format!("owner-{i}"), long)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut taken = 0;
    for t in tries {
        taken += usize::from(t.await.unwrap());
    }
    assert_eq!(taken, 1);
    clean(a, &p).await;
}
