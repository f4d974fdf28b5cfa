//! The token lifecycle against the simulator: counts are read from the simulator.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{app, builder, sim, sim_with, Fault, SimConfig, TestApp};
use wechat::clock::ManualClock;
use wechat::store::{FileStore, MemoryStore, Store};
use wechat::token::TokenEndpoint;
use wechat::Error;

const IP_PATH: &str = "/cgi-bin/getcallbackip";

/// `n` concurrent `getcallbackip` calls, each on its own task; all must succeed.
async fn concurrent_calls(app: &TestApp, n: usize) {
    let calls: Vec<_> = (0..n)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.access().getcallbackip().await })
        })
        .collect();
    for c in calls {
        c.await.unwrap().expect("call succeeds");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_calls_with_an_empty_store_make_one_token_request() {
    let sim = sim().await;
    let app = app(&sim);
    concurrent_calls(&app, 1000).await;
    assert_eq!(sim.token_requests(), 1);
    assert_eq!(sim.calls(IP_PATH), 1000);
}

#[tokio::test]
async fn an_invalidated_token_is_refreshed_once_and_the_call_retried_once() {
    let sim = sim().await;
    let app = app(&sim);
    app.access().getcallbackip().await.unwrap();
    sim.invalidate_tokens(TestApp::APPID);
    sim.reset_counts();
    let ips = app
        .access()
        .getcallbackip()
        .await
        .expect("the retry succeeds");
    assert!(!ips.ip_list.is_empty());
    assert_eq!(sim.token_requests(), 1, "one refresh");
    assert_eq!(sim.calls(IP_PATH), 2, "the rejected call and one retry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_failures_with_the_same_stale_token_make_one_refresh() {
    let sim = sim().await;
    let app = app(&sim);
    app.access().getcallbackip().await.unwrap();
    sim.invalidate_tokens(TestApp::APPID);
    sim.reset_counts();
    concurrent_calls(&app, 50).await;
    assert_eq!(sim.token_requests(), 1);
}

#[tokio::test]
async fn two_calls_failing_on_one_stale_token_refresh_once() {
    let sim = sim().await;
    let app = app(&sim);
    app.access().getcallbackip().await.unwrap();
    sim.invalidate_tokens(TestApp::APPID);
    sim.reset_counts();
    let (a, b) = tokio::join!(app.access().getcallbackip(), app.menu().get());
    a.unwrap();
    b.unwrap();
    assert_eq!(sim.token_requests(), 1);
}

#[tokio::test]
async fn a_token_renewed_by_another_party_is_not_refreshed_again() {
    let sim = sim().await;
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let first = builder(&sim).shared_store(store.clone()).build().unwrap();
    let second = builder(&sim).shared_store(store.clone()).build().unwrap();
    first.access().getcallbackip().await.unwrap();
    second.access().getcallbackip().await.unwrap();
    assert_eq!(
        sim.token_requests(),
        1,
        "the second client took the stored token"
    );

    sim.invalidate_tokens(TestApp::APPID);
    sim.reset_counts();
    first.access().getcallbackip().await.unwrap();
    assert_eq!(sim.token_requests(), 1, "the first client refreshed");
    // The second client still holds the stale token: WeChat rejects it, and the
    // refresh finds the token the first client stored.
    second.access().getcallbackip().await.unwrap();
    assert_eq!(
        sim.token_requests(),
        1,
        "the renewed token was used as it is"
    );
    assert_eq!(
        sim.calls(IP_PATH),
        4,
        "each client: one rejected call and one retry"
    );
}

#[tokio::test]
async fn a_second_client_on_the_same_file_store_makes_no_token_request() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let first = builder(&sim)
        .store(FileStore::new(dir.path()))
        .build()
        .unwrap();
    first.access().getcallbackip().await.unwrap();
    drop(first);
    let restarted = builder(&sim)
        .store(FileStore::new(dir.path()))
        .build()
        .unwrap();
    restarted.menu().get().await.unwrap();
    assert_eq!(sim.token_requests(), 1);
}

#[tokio::test]
async fn a_token_wechat_keeps_handing_out_is_force_refreshed_within_the_limit() {
    let sim = sim().await;
    let app = app(&sim);
    app.access().getcallbackip().await.unwrap();
    // WeChat rejects the token once while stable_token still hands it out.
    sim.inject(Fault {
        path: Some(IP_PATH.into()),
        errcode: Some(40001),
        remaining: Some(1),
        ..Fault::always()
    });
    sim.reset_counts();
    app.access()
        .getcallbackip()
        .await
        .expect("force_refresh gives a new token");
    assert_eq!(
        sim.calls("/cgi-bin/stable_token"),
        2,
        "a normal request, then force_refresh"
    );

    // Again within 30 seconds: the SDK does not send a force_refresh WeChat would ignore.
    sim.inject(Fault {
        path: Some(IP_PATH.into()),
        errcode: Some(40001),
        remaining: Some(1),
        ..Fault::always()
    });
    sim.reset_counts();
    let err = app.access().getcallbackip().await.unwrap_err();
    assert!(matches!(err, Error::ForceRefreshLimited { .. }), "{err:?}");
    assert_eq!(
        sim.calls("/cgi-bin/stable_token"),
        0,
        "the limit is checked before anything is sent"
    );
}

#[tokio::test]
async fn the_classic_token_endpoint_can_be_chosen() {
    let sim = sim().await;
    let app = builder(&sim)
        .token_endpoint(TokenEndpoint::Classic)
        .build()
        .unwrap();
    app.access().getcallbackip().await.unwrap();
    app.menu().get().await.unwrap();
    assert_eq!(sim.calls("/cgi-bin/token"), 1);
    assert_eq!(sim.calls("/cgi-bin/stable_token"), 0);
}

#[tokio::test]
async fn a_token_is_refreshed_before_it_expires() {
    // Tokens live 40 s; refreshed 20 s before expiry. The client's clock is moved by
    // hand: the simulator's token stays valid for the whole test.
    let sim = sim_with(SimConfig {
        token_ttl: Duration::from_secs(40),
        grace: Duration::from_secs(10),
        ..SimConfig::default()
    })
    .await;
    let clock = Arc::new(ManualClock::starting_now());
    let app = builder(&sim)
        .refresh_margin(Duration::from_secs(20))
        .clock(clock.clone())
        .build()
        .unwrap();
    app.access().getcallbackip().await.unwrap();
    clock.advance(Duration::from_secs(15));
    app.access().getcallbackip().await.unwrap();
    assert_eq!(
        sim.token_requests(),
        1,
        "not due yet: the held token serves"
    );
    clock.advance(Duration::from_secs(8));
    // Inside the margin: the next call refreshes while the old token is still valid.
    app.access().getcallbackip().await.unwrap();
    assert_eq!(sim.token_requests(), 2);
    assert_eq!(sim.calls(IP_PATH), 3, "no call was rejected");
}

#[tokio::test]
async fn a_failed_refresh_keeps_serving_the_still_valid_token() {
    let sim = sim_with(SimConfig {
        token_ttl: Duration::from_secs(60),
        grace: Duration::from_secs(10),
        ..SimConfig::default()
    })
    .await;
    let clock = Arc::new(ManualClock::starting_now());
    let app = builder(&sim)
        .refresh_margin(Duration::from_secs(50))
        .max_retries(0)
        .clock(clock.clone())
        .build()
        .unwrap();
    app.access().getcallbackip().await.unwrap();
    // Past half of its life the token is due; the token endpoint is down.
    clock.advance(Duration::from_secs(31));
    sim.inject(Fault {
        path: Some("/cgi-bin/stable_token".into()),
        http_status: Some(502),
        ..Fault::always()
    });
    app.access()
        .getcallbackip()
        .await
        .expect("the held token still serves");
    app.access()
        .getcallbackip()
        .await
        .expect("and again, without a new attempt meanwhile");
    assert_eq!(
        sim.calls("/cgi-bin/stable_token"),
        2,
        "one failed refresh during the cool-down"
    );
    // After the cool-down (10 s), the next call tries again, and still serves.
    clock.advance(Duration::from_secs(11));
    app.access()
        .getcallbackip()
        .await
        .expect("the held token serves after a second failure");
    assert_eq!(sim.calls("/cgi-bin/stable_token"), 3, "a new attempt");
}
