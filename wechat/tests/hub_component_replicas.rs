//! Three in-process hubs sharing Redis (hot tokens, locks) and PostgreSQL (the
//! platform's ticket, refresh tokens and registry): 300 concurrent callers on each for
//! one authorizer make one `api_authorizer_token` per expiry between them, and likewise
//! one `api_component_token` for the platform; one of them holds the lease of the
//! authorizers' refresher.

#![cfg(all(feature = "hub", feature = "redis", feature = "postgres"))]

mod component_common;
mod support;

use std::time::Duration;

use support::{delete_prefix, shared_redis, unique_prefix};
use tokio::sync::oneshot;
use wechat::hub::{Hub, HubConfig};
use wechat_sim::{AuthorizerType, SimConfig, Simulator};

const SECRET: &str = "component-secret-3";
const TOKEN: &str = "component-token-3";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const KEY: &str = "replica-key-3";

fn postgres_url() -> String {
    std::env::var("WECHAT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

struct Replica {
    url: String,
    _stop: oneshot::Sender<()>,
}

async fn replica(listener: tokio::net::TcpListener, text: &str) -> Replica {
    let url = format!("http://{}", listener.local_addr().unwrap());
    let config = HubConfig::parse_with_env(text, "hub.toml", |_| None).expect("config");
    let hub = Hub::new(config).expect("hub");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(hub.serve(listener, async {
        let _ = stopped.await;
    }));
    Replica { url, _stop: stop }
}

/// `n` concurrent `POST {hub}{path}` with `body` on each replica; every answer's token.
async fn burst(
    http: &reqwest::Client,
    replicas: &[Replica],
    n: usize,
    path: &str,
    body: serde_json::Value,
) -> Vec<String> {
    let calls: Vec<_> = replicas
        .iter()
        .flat_map(|r| (0..n).map(move |_| format!("{}{path}", r.url)))
        .map(|url| {
            let req = http.post(url).bearer_auth(KEY).json(&body);
            tokio::spawn(async move {
                let resp = req.send().await.unwrap();
                let status = resp.status().as_u16();
                let v: serde_json::Value = resp.json().await.unwrap();
                assert_eq!(status, 200, "{v}");
                v["access_token"].as_str().unwrap().to_owned()
            })
        })
        .collect();
    let mut out = Vec::new();
    for c in calls {
        out.push(c.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_replicas_refresh_an_authorizer_and_the_platform_once_per_expiry() {
    let Some((redis, _own)) = shared_redis() else {
        return;
    };
    let prefix = unique_prefix("component-replicas");
    // Appids of this run only: the PostgreSQL database is shared by runs.
    let run = format!("{:012x}", rand::random::<u64>() >> 16);
    let component = format!("wxc{run}");
    let authorizer = format!("wxa{run}");
    let listeners: Vec<tokio::net::TcpListener> = {
        let mut v = Vec::new();
        for _ in 0..3 {
            v.push(tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap());
        }
        v
    };
    let first = format!("http://{}", listeners[0].local_addr().unwrap());
    let sim = Simulator::start(
        SimConfig::default()
            .component(&component, SECRET, TOKEN, AES_KEY)
            .component_events_url(&component, format!("{first}/component/{component}/events")),
    )
    .await
    .unwrap();
    let text = format!(
        r#"api_base = "{api}"
public_url = "{first}"
[refresh]
startup_spread_secs = 0
retry_min_secs = 1
[store]
kind = "redis"
url = "{redis}"
prefix = "{prefix}"
[durable]
kind = "postgres"
url = "{pg}"
[[component]]
appid = "{component}"
secret = "{SECRET}"
token = "{TOKEN}"
aes_key = "{AES_KEY}"
[[key]]
name = "replica-key"
secret = "{KEY}"
appids = ["{component}"]
"#,
        api = sim.url(),
        pg = postgres_url(),
    );
    let mut replicas = Vec::new();
    for l in listeners {
        replicas.push(replica(l, &text).await);
    }
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    // The platform's token, then an authorization through the first replica.
    let pre_auth: serde_json::Value = {
        let resp = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(format!(
                "{first}/component/{component}/authorize?auth_type=1"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 303);
        serde_json::Value::from(component_common::pre_auth_code(
            resp.headers()["location"].to_str().unwrap(),
        ))
    };
    let auth = sim
        .authorize(
            &component,
            pre_auth.as_str().unwrap(),
            &authorizer,
            AuthorizerType::OfficialAccount,
            &[1],
        )
        .await
        .unwrap();
    let done = http
        .get(format!(
            "{first}/component/{component}/authorized?auth_code={}",
            auth.auth_code
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status().as_u16(), 200);

    // 300 cold callers on each replica: the token api_query_auth gave is in Redis.
    let body = |token: &str| serde_json::json!({ "appid": component, "authorizer_appid": authorizer, "access_token": token });
    let cold = burst(
        &http,
        &replicas,
        300,
        "/refresh/access_token",
        body("not-a-token"),
    )
    .await;
    assert!(cold.iter().all(|t| Some(t.as_str())
        == sim
            .current_authorizer_token(&component, &authorizer)
            .as_deref()));
    assert_eq!(sim.authorizer_token_requests(&component, &authorizer), 0);

    // WeChat expires it: 900 requested refreshes with the failed token, one upstream.
    let expired = cold[0].clone();
    sim.expire_tokens(&authorizer);
    let renewed = burst(
        &http,
        &replicas,
        300,
        "/refresh/access_token",
        body(&expired),
    )
    .await;
    assert_eq!(sim.authorizer_token_requests(&component, &authorizer), 1);
    assert!(renewed.iter().all(|t| *t != expired && *t == renewed[0]));

    // The same for the platform's component_access_token.
    let before = sim.component_token_requests(&component);
    let current = sim.current_component_token(&component).unwrap();
    sim.expire_tokens(&component);
    let body = serde_json::json!({ "appid": component, "access_token": current });
    let renewed = burst(
        &http,
        &replicas,
        300,
        "/refresh/component_access_token",
        body,
    )
    .await;
    assert_eq!(sim.component_token_requests(&component), before + 1);
    assert!(renewed.iter().all(|t| *t != current && *t == renewed[0]));

    // One replica holds the lease of the authorizers' refresher; the others wait.
    let mut leading = Vec::new();
    for r in &replicas {
        let text = http
            .get(format!("{}/metrics", r.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("wechat_hub_component_refresher_leading"))
            .unwrap_or_else(|| panic!("no refresher metric: {text}"))
            .to_owned();
        leading.push(line.ends_with(" 1"));
    }
    assert_eq!(leading.iter().filter(|l| **l).count(), 1, "{leading:?}");

    delete_prefix(&redis, &prefix);
}
