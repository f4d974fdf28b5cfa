//! `wechat-hub` replicas sharing Redis, as processes, against the simulator: one
//! upstream token request per expiry whatever the load, restarts without requests, and
//! a Redis outage under load.

#![cfg(all(feature = "hub", feature = "redis"))]

mod support;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::*;
use wechat::store::{RedisStore, Store};

const IP_PATH: &str = "/cgi-bin/getcallbackip";

fn redis_store_toml(url: &str, prefix: &str) -> String {
    format!("kind = \"redis\"\nurl = \"{url}\"\nprefix = \"{prefix}\"")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// `per_hub` clients of each hub make one call each, all at once; returns them.
async fn one_call_each(clients: &[ShopClient]) {
    let calls: Vec<_> = clients
        .iter()
        .cloned()
        .map(|c| tokio::spawn(async move { c.access().getcallbackip().await }))
        .collect();
    for (i, call) in calls.into_iter().enumerate() {
        call.await
            .unwrap()
            .unwrap_or_else(|e| panic!("call {i} failed: {e}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_replicas_make_one_upstream_request_per_expiry() {
    let Some((url, _own)) = shared_redis() else {
        return;
    };
    let prefix = unique_prefix("replicas");
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let config = hub_toml(&sim, &redis_store_toml(&url, &prefix));
    let hubs: Vec<HubProcess> = (0..3)
        .map(|i| HubProcess::start(dir.path(), &format!("hub{i}"), &config))
        .collect();
    let http = http();
    // 300 clients per hub, each with its own token cache: 300 concurrent token requests
    // to each hub at cold start.
    let clients: Vec<ShopClient> = hubs
        .iter()
        .flat_map(|h| {
            (0..300)
                .map(|_| client(&sim, &h.url, &http))
                .collect::<Vec<_>>()
        })
        .collect();

    one_call_each(&clients).await;
    assert_eq!(sim.token_requests(), 1, "cold start: one upstream request");
    assert_eq!(sim.calls(IP_PATH), 900);

    // WeChat expires the token: every client's call is rejected with 42001, every client
    // asks its hub to refresh with the failed token.
    sim.reset_counts();
    sim.expire_tokens(APPID);
    one_call_each(&clients).await;
    assert_eq!(
        sim.token_requests(),
        1,
        "after the expiry: one upstream request"
    );
    assert_eq!(
        sim.calls(IP_PATH),
        1800,
        "each client: one rejected call and one retry"
    );

    // And once more, to show the lock was released and the coordination holds.
    sim.reset_counts();
    sim.expire_tokens(APPID);
    one_call_each(&clients).await;
    assert_eq!(
        sim.token_requests(),
        1,
        "second expiry: one upstream request"
    );
    drop(hubs);
    delete_prefix(&url, &prefix);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_restarted_on_redis_makes_no_upstream_request() {
    let Some((url, _own)) = shared_redis() else {
        return;
    };
    let prefix = unique_prefix("restart");
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let config = hub_toml(&sim, &redis_store_toml(&url, &prefix));
    let http = http();
    let hub = HubProcess::start(dir.path(), "hub", &config);
    client(&sim, &hub.url, &http)
        .access()
        .getcallbackip()
        .await
        .unwrap();
    assert_eq!(sim.token_requests(), 1);
    drop(hub);

    let restarted = HubProcess::start(dir.path(), "hub", &config);
    client(&sim, &restarted.url, &http)
        .access()
        .getcallbackip()
        .await
        .unwrap();
    // Give its refresher time to run too.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sim.token_requests(), 1, "the restarted hub read Redis");
    drop(restarted);
    delete_prefix(&url, &prefix);
}

/// Clients calling WeChat in a loop through the hubs until stopped.
struct Load {
    stop: Arc<AtomicBool>,
    ok: Arc<AtomicU64>,
    errors: Arc<Mutex<Vec<String>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    fn start(clients: Vec<ShopClient>) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let ok = Arc::new(AtomicU64::new(0));
        let errors = Arc::new(Mutex::new(Vec::new()));
        let tasks = clients
            .into_iter()
            .map(|c| {
                let (stop, ok, errors) = (stop.clone(), ok.clone(), errors.clone());
                tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        match c.access().getcallbackip().await {
                            Ok(_) => {
                                ok.fetch_add(1, Ordering::Relaxed);
                            }
                            Err(e) => errors.lock().unwrap().push(format!("{e:?}")),
                        }
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                })
            })
            .collect();
        Load {
            stop,
            ok,
            errors,
            tasks,
        }
    }

    /// Waits until WeChat was asked for a token and the clients have made 100 successful
    /// calls since: the refresh round is over.
    async fn settle(&self, sim: &Simulator) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while sim.token_requests() == 0 {
            assert!(Instant::now() < deadline, "no refresh happened");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let ok = self.ok.load(Ordering::Relaxed);
        while self.ok.load(Ordering::Relaxed) < ok + 100 {
            assert!(Instant::now() < deadline, "calls do not succeed");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    async fn finish(self) -> (u64, Vec<String>) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.tasks {
            t.await.unwrap();
        }
        let errors = self.errors.lock().unwrap().clone();
        (self.ok.load(Ordering::Relaxed), errors)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redis_stopped_and_restarted_under_load() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let config = hub_toml(&sim, &redis_store_toml(&redis.url(), "wechat"));
    let hubs: Vec<HubProcess> = (0..2)
        .map(|i| HubProcess::start(dir.path(), &format!("hub{i}"), &config))
        .collect();
    let http = http();
    let clients: Vec<ShopClient> = hubs
        .iter()
        .flat_map(|h| {
            (0..10)
                .map(|_| client(&sim, &h.url, &http))
                .collect::<Vec<_>>()
        })
        .collect();
    one_call_each(&clients).await;
    assert_eq!(sim.token_requests(), 1);
    let load = Load::start(clients);
    tokio::time::sleep(Duration::from_millis(200)).await;

    // Redis goes away: its errors are typed, and quick.
    redis.stop();
    let store = RedisStore::new(&redis.url()).unwrap();
    let started = Instant::now();
    let err = store.load("access_token/x").await.unwrap_err();
    assert!(matches!(err, wechat::Error::Store { .. }), "{err:?}");
    assert!(err.to_string().contains("Redis"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));

    // WeChat revokes the token meanwhile: the hubs refresh without the lock (at most one
    // request each) and keep serving.
    sim.reset_counts();
    sim.invalidate_tokens(APPID);
    load.settle(&sim).await;
    assert!(
        (1..=2).contains(&sim.token_requests()),
        "{} requests while Redis is down",
        sim.token_requests()
    );

    // Redis comes back, empty: the hubs reconnect by themselves.
    redis.restart();
    sim.reset_counts();
    sim.invalidate_tokens(APPID);
    load.settle(&sim).await;
    assert!(sim.token_requests() <= 2, "reconnecting");
    // Reconnected: coordination is back, one request per revocation.
    sim.reset_counts();
    sim.invalidate_tokens(APPID);
    load.settle(&sim).await;
    assert_eq!(
        sim.token_requests(),
        1,
        "coordinated again after the restart"
    );

    let (ok, errors) = load.finish().await;
    assert!(errors.is_empty(), "calls failed: {errors:?}");
    assert!(ok > 100, "only {ok} calls under load");
    // The token in Redis is WeChat's current one: no older token overwrote it.
    let stored = store
        .load(&format!("access_token/{APPID}"))
        .await
        .unwrap()
        .expect("a token in Redis");
    assert_eq!(
        Some(stored.value.expose().to_owned()),
        sim.current_token(APPID)
    );
    drop(hubs);
}
