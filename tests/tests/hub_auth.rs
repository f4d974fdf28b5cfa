//! The hub's routes and who may use them: keys, appids, address ranges, error shapes.

#![cfg(feature = "hub")]

mod hub_common;

use hub_common::*;
use serde_json::json;

fn token_path(appid: &str) -> String {
    format!("/client/access_token?appid={appid}")
}

#[tokio::test]
async fn a_key_reads_its_own_appids_only() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;

    let (status, body) = get(&hub, &token_path(APPID), None).await;
    assert_eq!(status, 401, "no key: {body}");
    assert_eq!(body["errcode"], 401);
    assert!(body["errmsg"].as_str().unwrap().contains("Authorization"));

    let (status, body) = get(&hub, &token_path(APPID), Some("wrong-key")).await;
    assert_eq!(
        (status, body["errcode"].as_i64()),
        (401, Some(401)),
        "{body}"
    );

    let (status, body) = get(&hub, &token_path(OTHER_APPID), Some(KEY)).await;
    assert_eq!(
        (status, body["errcode"].as_i64()),
        (403, Some(403)),
        "{body}"
    );

    let (status, body) = get(&hub, &token_path(APPID), Some(KEY)).await;
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(Some(token.to_owned()), sim.current_token(APPID));
    assert!(body["expires_in"].as_i64().unwrap() > 7000);
    assert!(body["timestamp"].as_i64().unwrap() > 1_700_000_000);

    // Tickets follow the same rules.
    let (status, _) = get(
        &hub,
        &format!("/client/ticket?appid={APPID}&type=jsapi"),
        None,
    )
    .await;
    assert_eq!(status, 401);
    let (status, body) = get(
        &hub,
        &format!("/client/ticket?appid={APPID}&type=wx_card"),
        Some(KEY),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["type"], "wx_card");
    assert!(!body["ticket"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn refusals_and_mistakes_are_json_with_a_fitting_status() {
    let sim = sim().await;
    let hub = TestHub::start(&config(
        &sim,
        "[[key]]\nname = \"all\"\nsecret = \"all-key\"\nappids = [\"*\"]\n",
    ))
    .await;
    let cases: [(String, u16); 5] = [
        ("/client/access_token".into(), 400),
        ("/client/access_token?appid=wxunknown".into(), 404),
        (format!("/client/ticket?appid={APPID}&type=card"), 400),
        // An app is not a platform: authorizer_appid needs a [[component]].
        (
            format!("/client/access_token?appid={APPID}&authorizer_appid=wxB"),
            404,
        ),
        ("/no/such/route".into(), 404),
    ];
    for (path, status) in cases {
        let (got, body) = get(&hub, &path, Some("all-key")).await;
        assert_eq!(got, status, "{path}: {body}");
        assert_eq!(body["errcode"].as_i64(), Some(i64::from(status)), "{path}");
        assert!(body["errmsg"].is_string(), "{path}");
    }
    let (status, _) = get(
        &hub,
        &format!("/client/component_access_token?appid={APPID}"),
        Some("all-key"),
    )
    .await;
    assert_eq!(status, 404, "an app is not a platform");
    let (status, _) = get(
        &hub,
        &format!("/client/component_access_token?appid={APPID}"),
        None,
    )
    .await;
    assert_eq!(status, 401);
    let (status, body) = post(
        &hub,
        "/refresh/access_token",
        Some("all-key"),
        json!({"appid": APPID}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = get(&hub, "/healthz", None).await;
    assert_eq!(status, 200);

    // The wrong method is JSON too.
    let (status, body) = get(&hub, "/refresh/access_token", Some("all-key")).await;
    assert_eq!(status, 405, "{body}");
    assert_eq!(body["errcode"], 405);
    assert!(body["errmsg"].as_str().unwrap().contains("POST"), "{body}");

    // An unknown appid is echoed only in part.
    let long = "wx".to_owned() + &"a".repeat(10_000);
    let (status, body) = get(&hub, &token_path(&long), Some("all-key")).await;
    assert_eq!(status, 404, "{body}");
    let errmsg = body["errmsg"].as_str().unwrap();
    assert!(errmsg.len() < 200, "{} bytes echoed", errmsg.len());
    assert!(errmsg.contains("wxaaaa"), "{errmsg}");
}

#[tokio::test]
async fn an_upstream_http_status_reaches_the_client() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    sim.inject(wechat_sim::Fault::always().with_http_status(503));
    let (status, body) = get(&hub, &token_path(APPID), Some(KEY)).await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["errcode"], -1);
    assert_eq!(body["upstream_status"], 503, "{body}");

    let app = client(&sim, &hub.url);
    match app.access().getcallbackip().await {
        Err(wechat::Error::Http { status, .. }) => assert_eq!(status, 503),
        other => panic!("expected the upstream HTTP status, got {other:?}"),
    }
}

#[tokio::test]
async fn listed_address_ranges_need_no_key() {
    let sim = sim().await;
    let extra = format!("[unauthenticated]\nfrom = [\"127.0.0.0/8\"]\nappids = [\"{APPID}\"]\n");
    let hub = TestHub::start(&config(&sim, &extra)).await;
    let (status, body) = get(&hub, &token_path(APPID), None).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = get(&hub, &token_path(OTHER_APPID), None).await;
    assert_eq!(status, 403, "the range admits only its appids");
    let (status, _) = get(&hub, &token_path(APPID), Some("wrong-key")).await;
    assert_eq!(status, 401, "a wrong key is refused even from the range");

    let elsewhere = "[unauthenticated]\nfrom = [\"10.0.0.0/8\"]\nappids = [\"*\"]\n";
    let hub = TestHub::start(&config(&sim, elsewhere)).await;
    let (status, _) = get(&hub, &token_path(APPID), None).await;
    assert_eq!(status, 401, "loopback is not in 10.0.0.0/8");
}

#[tokio::test]
async fn a_refresh_happens_only_for_the_current_token() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let (_, body) = get(&hub, &token_path(APPID), Some(KEY)).await;
    let current = body["access_token"].as_str().unwrap().to_owned();
    sim.reset_counts();

    // A token that is not the current one: no upstream request, the current one back.
    let (status, body) = post(
        &hub,
        "/refresh/access_token",
        Some(KEY),
        json!({"appid": APPID, "access_token": "some-old-token"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["access_token"], current.as_str());
    assert_eq!(sim.token_requests(), 0);

    // The current one, after WeChat revoked it: one refresh.
    sim.invalidate_tokens(APPID);
    let (status, body) = post(
        &hub,
        "/refresh/access_token",
        Some(KEY),
        json!({"appid": APPID, "access_token": current}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_ne!(body["access_token"], current.as_str());
    assert_eq!(sim.token_requests(), 1);

    // The key rules apply to refreshes too.
    let (status, _) = post(
        &hub,
        "/refresh/access_token",
        Some(OTHER_KEY),
        json!({"appid": APPID, "access_token": "x"}),
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn metrics_count_refreshes_and_requests_and_show_no_token() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, "")).await;
    let (_, body) = get(&hub, &token_path(APPID), Some(KEY)).await;
    let token = body["access_token"].as_str().unwrap().to_owned();
    get(&hub, &token_path(APPID), None).await;
    let text = reqwest::get(format!("{}/metrics", hub.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!text.contains(&token));
    let needles: [String; 5] = [
        format!("wechat_hub_token_refreshes_total{{appid=\"{APPID}\",token=\"access_token\"}} 1"),
        format!(
            "wechat_hub_token_expiry_timestamp_seconds{{appid=\"{APPID}\",token=\"access_token\"}}"
        ),
        "wechat_hub_upstream_request_duration_seconds_count{token=\"access_token\"}".into(),
        "wechat_hub_requests_total{route=\"/client/access_token\",status=\"200\"} 1".into(),
        "wechat_hub_requests_total{route=\"/client/access_token\",status=\"401\"} 1".into(),
    ];
    for needle in needles {
        assert!(text.contains(&needle), "{needle} missing in:\n{text}");
    }
}

#[tokio::test]
async fn wechat_errors_pass_through_with_their_errcode() {
    let sim = sim().await;
    let wrong = config(&sim, "").replacen(SECRET, "wrong-secret", 1);
    let hub = TestHub::start(&wrong).await;
    let (status, body) = get(&hub, &token_path(APPID), Some(KEY)).await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["errcode"], 40125);
    assert!(!body.to_string().contains("wrong-secret"));
    // The failure is answered again for a second without asking WeChat each time.
    let before = sim.calls("/cgi-bin/stable_token");
    for _ in 0..20 {
        let (status, body) = get(&hub, &token_path(APPID), Some(KEY)).await;
        assert_eq!((status, body["errcode"].as_i64()), (502, Some(40125)));
    }
    assert!(
        sim.calls("/cgi-bin/stable_token") <= before + 1,
        "{} upstream requests for 20 calls",
        sim.calls("/cgi-bin/stable_token") - before
    );
}
