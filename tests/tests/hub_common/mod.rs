//! What the in-process hub tests share: a simulator, a hub serving it on loopback, and
//! scenario-client clients.

#![allow(dead_code)]

use std::time::Duration;

use tokio::sync::oneshot;
use wechat::hub::{Hub, HubConfig};
use wechat::wechat_client;
pub use wechat_sim::{SimConfig, Simulator};

pub const APPID: &str = "wx1a2b3c4d5e6f7a8b";
pub const OTHER_APPID: &str = "wx9f8e7d6c5b4a3f2e";
pub const SECRET: &str = "test-secret-4f1c2a7d9e";
pub const KEY: &str = "shop-backend-key-0f3e9a";
pub const OTHER_KEY: &str = "other-backend-key-77aa";

/// A business server's client: tokens from a hub.
#[wechat_client(appid = "wx1a2b3c4d5e6f7a8b", scenario = "client")]
pub struct ShopClient;

pub async fn sim() -> Simulator {
    Simulator::start(
        SimConfig::default()
            .app(APPID, SECRET)
            .app(OTHER_APPID, SECRET),
    )
    .await
    .expect("simulator starts")
}

/// The hub configuration of the tests: both apps, a key for each, and `extra` appended.
pub fn config(sim: &Simulator, extra: &str) -> String {
    format!(
        r#"api_base = "{}"
[refresh]
startup_spread_secs = 0
retry_min_secs = 1
[store]
kind = "memory"
[[app]]
appid = "{APPID}"
secret = "{SECRET}"
[[app]]
appid = "{OTHER_APPID}"
secret = "{SECRET}"
[[key]]
name = "shop-backend"
secret = "{KEY}"
appids = ["{APPID}"]
[[key]]
name = "other-backend"
secret = "{OTHER_KEY}"
appids = ["{OTHER_APPID}"]
{extra}"#,
        sim.url()
    )
}

/// A hub serving `config` on loopback until dropped.
pub struct TestHub {
    pub url: String,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl TestHub {
    pub async fn start(config: &str) -> TestHub {
        TestHub::start_with_clock(config, wechat::clock::SystemClock::shared()).await
    }

    /// As [`TestHub::start`], with the hub reading `clock`.
    pub async fn start_with_clock(
        config: &str,
        clock: std::sync::Arc<dyn wechat::clock::Clock>,
    ) -> TestHub {
        let config = HubConfig::parse_with_env(config, "hub.toml", |_| None).expect("config");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let hub = Hub::with_clock(config, clock).expect("hub");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(hub.serve(listener, async {
            let _ = stopped.await;
        }));
        TestHub {
            url,
            stop: Some(stop),
            task,
        }
    }

    /// Stops serving and waits until the port is closed.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for TestHub {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.task.abort();
    }
}

/// A client of the hub at `hub_url`, calling WeChat at `sim`.
pub fn client(sim: &Simulator, hub_url: &str) -> ShopClient {
    ShopClient::builder()
        .api_base(sim.url())
        .hub_url(hub_url)
        .hub_key(KEY)
        .refresh_jitter(Duration::ZERO)
        .retry_delay(Duration::from_millis(5))
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

/// `GET {hub}{path}` with an optional Bearer key: the status and the JSON body.
pub async fn get(hub: &TestHub, path: &str, key: Option<&str>) -> (u16, serde_json::Value) {
    let mut req = reqwest::Client::new().get(format!("{}{path}", hub.url));
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(serde_json::Value::Null))
}

/// `POST {hub}{path}` with a JSON body.
pub async fn post(
    hub: &TestHub,
    path: &str,
    key: Option<&str>,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let mut req = reqwest::Client::new()
        .post(format!("{}{path}", hub.url))
        .json(&body);
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(serde_json::Value::Null))
}
