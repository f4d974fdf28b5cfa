//! The hub's proactive refresher: tokens and tickets renewed before expiry without any
//! request asking for them.

#![cfg(feature = "hub")]

mod hub_common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use hub_common::*;
use wechat::clock::ManualClock;

/// Waits (a few milliseconds at a time, at most 5 s) until `done` holds.
async fn eventually(mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() && start.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn tokens_are_renewed_before_expiry_without_a_request() {
    // Tokens live 4 s; the hub refreshes 1 s before expiry (no jitter). The hub's clock
    // is moved by hand; the simulator's tokens stay valid for the whole test, so its
    // stable_token answers the same token with the time it has left.
    let sim = Simulator::start(
        SimConfig {
            token_ttl: Duration::from_secs(4),
            grace: Duration::from_secs(2),
            ..SimConfig::default()
        }
        .app(APPID, SECRET)
        .app(OTHER_APPID, SECRET),
    )
    .await
    .unwrap();
    let text = config(&sim, "").replace(
        "[refresh]\n",
        "[refresh]\nmargin_secs = 1\njitter_secs = 0\n",
    );
    let clock = Arc::new(ManualClock::starting_now());
    let hub = TestHub::start_with_clock(&text, clock.clone()).await;
    let path = format!("/client/access_token?appid={APPID}");
    let (_, first) = get(&hub, &path, Some(KEY)).await;
    assert_eq!(first["expires_in"].as_i64(), Some(4));
    let (_, ticket) = get(
        &hub,
        &format!("/client/ticket?appid={APPID}&type=jsapi"),
        Some(KEY),
    )
    .await;
    let first_ticket = ticket["ticket"].as_str().unwrap().to_owned();
    let calls = sim.calls("/cgi-bin/stable_token");
    assert_eq!(calls, 2, "one token per app at startup");

    // Not due yet (`expires_at` is in whole seconds: due between 2 s and 3 s).
    clock.advance(Duration::from_millis(1900));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(sim.calls("/cgi-bin/stable_token"), 2, "not due before 2 s");

    // Due by 3 s: the refresher wakes and renews each app's token, with no request.
    clock.advance(Duration::from_millis(1700));
    eventually(|| sim.calls("/cgi-bin/stable_token") >= 4).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        sim.calls("/cgi-bin/stable_token"),
        4,
        "each app's token renewed once, before it expired"
    );
    let (_, renewed) = get(&hub, &path, Some(KEY)).await;
    // The token fetched at 0 s would have 0 s left at 3.6 s: this one was fetched at 3.6 s.
    assert!(renewed["expires_in"].as_i64().unwrap() >= 3, "{renewed}");
    let _ = first;
    // The ticket asked for once is kept fresh too.
    assert_eq!(sim.calls("/cgi-bin/ticket/getticket"), 1);
    let (_, ticket) = get(
        &hub,
        &format!("/client/ticket?appid={APPID}&type=jsapi"),
        Some(KEY),
    )
    .await;
    assert_eq!(
        ticket["ticket"].as_str(),
        Some(first_ticket.as_str()),
        "tickets live 7200 s here: not renewed yet"
    );
    assert_eq!(
        sim.calls("/cgi-bin/ticket/getticket"),
        1,
        "served from memory"
    );
}
