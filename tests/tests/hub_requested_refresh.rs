//! `POST /refresh/access_token` cannot make the hub burn WeChat's quotas: a refresh is
//! asked upstream only for the current token, only after WeChat confirms it rejects it,
//! and never past the force-refresh limit; refusals cost no upstream request.

#![cfg(feature = "hub")]

mod hub_common;

use hub_common::*;
use serde_json::json;

const QUOTA_GET: &str = "/cgi-bin/openapi/quota/get";
const STABLE_TOKEN: &str = "/cgi-bin/stable_token";

async fn current_token(hub: &TestHub) -> String {
    let (status, body) = get(
        hub,
        &format!("/client/access_token?appid={APPID}"),
        Some(KEY),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

async fn ask_refresh(hub: &TestHub, token: &str) -> (u16, serde_json::Value) {
    post(
        hub,
        "/refresh/access_token",
        Some(KEY),
        json!({"appid": APPID, "access_token": token}),
    )
    .await
}

/// WeChat answers the next check of a token with 40001.
fn rejects_once() -> wechat_sim::Fault {
    wechat_sim::Fault::errcode(QUOTA_GET, 40001).times(1)
}

async fn metrics(hub: &TestHub) -> String {
    reqwest::get(format!("{}/metrics", hub.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_token_wechat_still_accepts_is_not_refreshed() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let token = current_token(&hub).await;
    sim.reset_counts();
    for _ in 0..50 {
        let (status, body) = ask_refresh(&hub, &token).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["access_token"], token.as_str(), "the same token back");
    }
    assert_eq!(sim.calls(STABLE_TOKEN), 0, "no token request");
    assert_eq!(sim.calls(QUOTA_GET), 1, "one check, its verdict kept");
    let text = metrics(&hub).await;
    let needle = format!(
        "wechat_hub_requested_refreshes_total{{appid=\"{APPID}\",outcome=\"still_valid\"}} 50"
    );
    assert!(text.contains(&needle), "{needle} missing in:\n{text}");
}

#[tokio::test]
async fn inside_the_force_refresh_limit_a_refresh_is_refused_without_an_upstream_request() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let first = current_token(&hub).await;

    // WeChat rejects the token while stable_token still hands it out: the hub checks,
    // then force-refreshes once.
    sim.inject(rejects_once());
    sim.reset_counts();
    let (status, body) = ask_refresh(&hub, &first).await;
    assert_eq!(status, 200, "{body}");
    let second = body["access_token"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    assert_eq!(sim.calls(QUOTA_GET), 1);
    assert_eq!(
        sim.calls(STABLE_TOKEN),
        2,
        "a normal request, then force_refresh"
    );

    // Rejected again within 30 s: every request is refused at once.
    sim.inject(rejects_once());
    sim.reset_counts();
    for _ in 0..200 {
        let (status, body) = ask_refresh(&hub, &second).await;
        assert_eq!(status, 429, "{body}");
        assert_eq!(body["errcode"], 429);
        assert!(
            body["errmsg"].as_str().unwrap().contains("30 seconds"),
            "{body}"
        );
    }
    assert_eq!(sim.calls(STABLE_TOKEN), 0, "no token request");
    assert_eq!(sim.calls(QUOTA_GET), 0, "no check either");
    // The token WeChat was said to reject is still the one served.
    assert_eq!(current_token(&hub).await, second);
    let text = metrics(&hub).await;
    assert!(
        !text.contains("wechat_hub_token_refresh_failures_total{"),
        "a refusal is no upstream failure:\n{text}"
    );
    let needle = format!(
        "wechat_hub_requested_refreshes_total{{appid=\"{APPID}\",outcome=\"limited\"}} 200"
    );
    assert!(text.contains(&needle), "{needle} missing in:\n{text}");
}

#[tokio::test]
async fn an_old_token_gets_the_current_one_without_any_upstream_request() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let token = current_token(&hub).await;
    sim.reset_counts();
    for _ in 0..20 {
        let (status, body) = ask_refresh(&hub, "an-old-token").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["access_token"], token.as_str());
    }
    assert_eq!(sim.calls(QUOTA_GET) + sim.calls(STABLE_TOKEN), 0);
}
