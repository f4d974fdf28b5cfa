//! What the integration tests share: a simulator with one app, and a client of it.

#![allow(dead_code, unused_imports)]

use std::time::Duration;

use wechat::wechat_client;
pub use wechat_sim::{Fault, SimConfig, Simulator};

pub const SECRET: &str = "test-secret-4f1c2a7d9e";

/// The app of the tests (its appid is `TestApp::APPID`).
#[wechat_client(appid = "wx1a2b3c4d5e6f7a8b", scenario = "hub")]
pub struct TestApp;

/// A simulator that knows `TestApp`.
pub async fn sim() -> Simulator {
    sim_with(SimConfig::default()).await
}

pub async fn sim_with(config: SimConfig) -> Simulator {
    Simulator::start(config.app(TestApp::APPID, SECRET))
        .await
        .expect("simulator starts")
}

/// A builder for `TestApp` against `sim`, with no jitter and short retry delays.
pub fn builder(sim: &Simulator) -> wechat::ClientBuilder<TestApp> {
    TestApp::builder()
        .secret(SECRET)
        .api_base(sim.url())
        .refresh_jitter(Duration::ZERO)
        .retry_delay(Duration::from_millis(5))
        .timeout(Duration::from_secs(5))
}

pub fn app(sim: &Simulator) -> TestApp {
    builder(sim).build().expect("client builds")
}
