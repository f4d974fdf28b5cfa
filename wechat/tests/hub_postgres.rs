//! A hub whose only store is PostgreSQL (`[store] kind = "postgres"`, no `[durable]`):
//! hot tokens, locks and the refresher's lease, and the platform's ticket, refresh
//! tokens and registry, all in one database. A second hub on the same database (a
//! restart, or a replica) serves the same tokens with no upstream request.
//!
//! The server is `WECHAT_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`); appids are this run's own.

#![cfg(all(feature = "hub", feature = "postgres"))]

mod component_common;

use std::time::Duration;

use component_common::pre_auth_code;
use tokio::sync::oneshot;
use wechat::hub::{Hub, HubConfig, StoreConfig};
use wechat::store::{DurableStore, PostgresStore, Store};
use wechat_sim::{AuthorizerType, SimConfig, Simulator};

const SECRET: &str = "component-secret-pg";
const TOKEN: &str = "component-token-pg";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const KEY: &str = "pg-hub-key";

fn postgres_url() -> String {
    std::env::var("WECHAT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

struct Running {
    url: String,
    _stop: oneshot::Sender<()>,
}

async fn start(listener: tokio::net::TcpListener, config: HubConfig) -> Running {
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hub = Hub::new(config).expect("hub");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(hub.serve(listener, async {
        let _ = stopped.await;
    }));
    Running { url, _stop: stop }
}

async fn get_json(http: &reqwest::Client, url: String) -> (u16, serde_json::Value) {
    let resp = http.get(url).bearer_auth(KEY).send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_on_postgres_alone_keeps_a_platform_across_a_restart() {
    let run = format!("{:012x}", rand::random::<u64>() >> 16);
    let (component, authorizer) = (format!("wxc{run}"), format!("wxa{run}"));
    let first = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hub_url = format!("http://{}", first.local_addr().unwrap());
    let sim = Simulator::start(
        SimConfig::default()
            .component(&component, SECRET, TOKEN, AES_KEY)
            .component_events_url(
                &component,
                format!("{hub_url}/component/{component}/events"),
            ),
    )
    .await
    .unwrap();
    let text = format!(
        r#"api_base = "{api}"
public_url = "{hub_url}"
[refresh]
startup_spread_secs = 0
retry_min_secs = 1
[store]
kind = "postgres"
url = "{pg}"
[[component]]
appid = "{component}"
secret = "{SECRET}"
token = "{TOKEN}"
aes_key = "{AES_KEY}"
[[key]]
name = "pg-hub"
secret = "{KEY}"
appids = ["{component}"]
"#,
        api = sim.url(),
        pg = postgres_url(),
    );
    // A PostgreSQL [store] stands in for [durable], as a file store does.
    let config = HubConfig::parse_with_env(&text, "hub.toml", |_| None).expect("config");
    assert!(matches!(config.store(), StoreConfig::Postgres { .. }));
    assert!(config.durable().is_some(), "{}", config.summary());
    let hub = start(first, config).await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    // The ticket (asked for and pushed), the platform's token, one authorization.
    let (status, body) = get_json(
        &http,
        format!(
            "{}/client/component_access_token?appid={component}",
            hub.url
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser
        .get(format!(
            "{}/component/{component}/authorize?auth_type=1",
            hub.url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 303);
    let pre_auth_code = pre_auth_code(page.headers()["location"].to_str().unwrap());
    let auth = sim
        .authorize(
            &component,
            &pre_auth_code,
            &authorizer,
            AuthorizerType::OfficialAccount,
            &[1],
        )
        .await
        .unwrap();
    let done = browser
        .get(format!(
            "{}/component/{component}/authorized?auth_code={}",
            hub.url, auth.auth_code
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status().as_u16(), 200);
    let token_url = |base: &str| {
        format!("{base}/client/access_token?appid={component}&authorizer_appid={authorizer}")
    };
    let (status, before) = get_json(&http, token_url(&hub.url)).await;
    assert_eq!(status, 200, "{before}");
    drop(hub);

    // Everything is in PostgreSQL: the hot token and lock rows, the durable records.
    let pg = PostgresStore::connect(&postgres_url()).await.unwrap();
    let ticket = DurableStore::load(&pg, &format!("component_verify_ticket/{component}"))
        .await
        .unwrap();
    assert!(ticket.is_some(), "the ticket is durable in PostgreSQL");
    let refresh = DurableStore::load(
        &pg,
        &format!("authorizer_refresh_token/{component}/{authorizer}"),
    )
    .await
    .unwrap()
    .expect("the refresh token is durable in PostgreSQL");
    assert_eq!(
        sim.current_refresh_token(&component, &authorizer)
            .as_deref(),
        Some(refresh.value.expose())
    );
    let held = Store::load(
        &pg,
        &format!("authorizer_access_token/{component}/{authorizer}"),
    )
    .await
    .unwrap();
    assert_eq!(
        held.map(|t| t.value.expose().to_owned()).as_deref(),
        before["access_token"].as_str(),
        "the hot token is in PostgreSQL too"
    );

    // A restarted hub on the same database: the same tokens, no upstream request.
    let (component_requests, authorizer_requests) = (
        sim.component_token_requests(&component),
        sim.authorizer_token_requests(&component, &authorizer),
    );
    let config = HubConfig::parse_with_env(&text, "hub.toml", |_| None).unwrap();
    let again = start(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        config,
    )
    .await;
    let (status, after) = get_json(&http, token_url(&again.url)).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["access_token"], before["access_token"]);
    let (status, component_token) = get_json(
        &http,
        format!(
            "{}/client/component_access_token?appid={component}",
            again.url
        ),
    )
    .await;
    assert_eq!(status, 200, "{component_token}");
    assert_eq!(
        component_token["access_token"], body["access_token"],
        "{component_token}"
    );
    assert_eq!(sim.component_token_requests(&component), component_requests);
    assert_eq!(
        sim.authorizer_token_requests(&component, &authorizer),
        authorizer_requests
    );
}
