//! The hub's proactive refresher: tokens and tickets renewed before expiry without any
//! request asking for them.

#![cfg(feature = "hub")]

mod hub_common;

use std::time::Duration;

use hub_common::*;

#[tokio::test]
async fn tokens_are_renewed_before_expiry_without_a_request() {
    // Tokens live 4 s; the hub refreshes 1 s before expiry (no jitter).
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
    let hub = TestHub::start(&text).await;
    let path = format!("/client/access_token?appid={APPID}");
    let (_, first) = get(&hub, &path, Some(KEY)).await;
    let (_, ticket) = get(
        &hub,
        &format!("/client/ticket?appid={APPID}&type=jsapi"),
        Some(KEY),
    )
    .await;
    let first_ticket = ticket["ticket"].as_str().unwrap().to_owned();
    let calls = sim.calls("/cgi-bin/stable_token");
    assert_eq!(calls, 2, "one token per app at startup");

    tokio::time::sleep(Duration::from_millis(3600)).await;
    assert_eq!(
        sim.calls("/cgi-bin/stable_token"),
        4,
        "each app's token renewed once, before it expired"
    );
    let (_, renewed) = get(&hub, &path, Some(KEY)).await;
    assert_ne!(renewed["access_token"], first["access_token"]);
    assert!(renewed["expires_in"].as_i64().unwrap() >= 3);
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
