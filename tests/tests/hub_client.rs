//! scenario = "client": tokens and tickets from the hub, refresh through the hub after a
//! rejection, and what happens when the hub is away.

#![cfg(feature = "hub")]

mod hub_common;

use hub_common::*;
use wechat::token::TicketKind;
use wechat::Error;

const IP_PATH: &str = "/cgi-bin/getcallbackip";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_share_one_hub_request_and_one_upstream_request() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let app = client(&sim, &hub.url);
    let calls: Vec<_> = (0..200)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.access().getcallbackip().await })
        })
        .collect();
    for c in calls {
        c.await.unwrap().expect("call succeeds");
    }
    assert_eq!(sim.calls(IP_PATH), 200);
    let metrics = reqwest::get(format!("{}/metrics", hub.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics
            .contains("wechat_hub_requests_total{route=\"/client/access_token\",status=\"200\"} 1"),
        "one hub request for 200 calls:\n{metrics}"
    );
    assert!(
        metrics.contains(&format!(
            "wechat_hub_token_refreshes_total{{appid=\"{APPID}\",token=\"access_token\"}} 1"
        )),
        "one upstream request:\n{metrics}"
    );
}

#[tokio::test]
async fn a_stale_token_makes_one_hub_refresh_and_the_retry_succeeds() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let app = client(&sim, &hub.url);
    app.access().getcallbackip().await.unwrap();
    sim.invalidate_tokens(APPID);
    sim.reset_counts();
    app.access()
        .getcallbackip()
        .await
        .expect("the retry succeeds");
    assert_eq!(sim.token_requests(), 1, "the hub refreshed once");
    assert_eq!(sim.calls(IP_PATH), 2, "the rejected call and one retry");
    let metrics = reqwest::get(format!("{}/metrics", hub.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            "wechat_hub_requests_total{route=\"/refresh/access_token\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
}

#[tokio::test]
async fn tickets_come_from_the_hub_and_are_cached() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let app = client(&sim, &hub.url);
    let jsapi = app.ticket(TicketKind::Jsapi).await.unwrap();
    let card = app.ticket(TicketKind::WxCard).await.unwrap();
    assert_ne!(jsapi, card);
    assert_eq!(app.ticket(TicketKind::Jsapi).await.unwrap(), jsapi);
    assert_eq!(sim.calls("/cgi-bin/ticket/getticket"), 2, "one per kind");
    assert!(!format!("{jsapi:?}").contains(jsapi.expose()));
    // wx.config through the hub is signed with the hub's ticket.
    let url = "https://shop.example.com/page?id=1";
    let config = app.jssdk_config(url).await.unwrap();
    assert_eq!(
        config.signature,
        wechat::jssdk::signature(jsapi.expose(), &config.nonce_str, config.timestamp, url)
    );
    assert_eq!(sim.calls("/cgi-bin/ticket/getticket"), 2, "still cached");
}

#[tokio::test]
async fn with_the_hub_down_a_cached_token_serves_then_a_typed_error() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let hub_url = hub.url.clone();
    let app = client(&sim, &hub_url);
    app.access().getcallbackip().await.unwrap();
    hub.stop().await;

    app.access()
        .getcallbackip()
        .await
        .expect("the cached token still serves");

    let cold = client(&sim, &hub_url);
    let err = cold.access().getcallbackip().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                endpoint: "hub.access_token",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_hub_refusal_is_a_typed_error_without_the_key() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let app = ShopClient::builder()
        .api_base(sim.url())
        .hub_url(&hub.url)
        .hub_key("not-a-key-of-this-hub")
        .build()
        .unwrap();
    let err = app.access().getcallbackip().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Http {
                status: 401,
                endpoint: "hub.access_token",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!format!("{err:?}{err}{app:?}").contains("not-a-key-of-this-hub"));
}

#[tokio::test]
async fn a_client_without_a_hub_url_does_not_build() {
    let err = ShopClient::builder().build().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert!(err.to_string().contains("hub_url"), "{err}");
}

#[tokio::test]
async fn an_empty_or_unsendable_hub_key_does_not_build() {
    for key in ["", "  ", "line\nbreak"] {
        let err = ShopClient::builder()
            .hub_url("http://127.0.0.1:4000")
            .hub_key(key)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{key:?}: {err}");
        assert!(err.to_string().contains("hub_key"), "{key:?}: {err}");
    }
    // No key at all is fine: the hub may admit this server by its address.
    ShopClient::builder()
        .hub_url("http://127.0.0.1:4000")
        .build()
        .expect("builds without a key");
}
