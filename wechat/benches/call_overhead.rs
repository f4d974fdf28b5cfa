//! Throughput of a typed call through the SDK against raw `reqwest` with a fixed token,
//! on the same local server (the WeChat simulator), at concurrency 1 and 64.
//!
//! Run: `cargo bench -p wechat --bench call_overhead`. Prints one line per concurrency
//! with both throughputs and their ratio; rounds alternate between the two so that
//! drift of the machine hits both alike.

use std::sync::Arc;
use std::time::{Duration, Instant};

use wechat::wechat_client;
use wechat_sim::{SimConfig, Simulator};

#[wechat_client(appid = "wx0b1e2c3d4a5f6071", scenario = "hub")]
struct BenchApp;

const SECRET: &str = "bench-secret";
const ROUNDS: usize = 7;
const CALLS_PER_ROUND: usize = 4000;

#[tokio::main]
async fn main() {
    let sim = Simulator::start(SimConfig::default().app(BenchApp::APPID, SECRET))
        .await
        .expect("simulator");
    let app = BenchApp::builder()
        .secret(SECRET)
        .api_base(sim.url())
        .build()
        .expect("client");
    app.access().getcallbackip().await.expect("warm-up call");
    let token = app.access_token().await.expect("token").expose().to_owned();
    let raw = reqwest::Client::new();
    let url = Arc::new(format!("{}/cgi-bin/getcallbackip", sim.url()));

    for concurrency in [1usize, 64] {
        let mut sdk_rates = Vec::new();
        let mut raw_rates = Vec::new();
        for _ in 0..ROUNDS {
            let sdk = {
                let app = app.clone();
                run(concurrency, move || {
                    let app = app.clone();
                    async move {
                        app.access().getcallbackip().await.expect("sdk call");
                    }
                })
                .await
            };
            let plain = {
                let (raw, url, token) = (raw.clone(), url.clone(), token.clone());
                run(concurrency, move || {
                    let (raw, url, token) = (raw.clone(), url.clone(), token.clone());
                    async move {
                        let body = raw
                            .get(url.as_str())
                            .query(&[("access_token", token.as_str())])
                            .send()
                            .await
                            .expect("raw call")
                            .bytes()
                            .await
                            .expect("raw body");
                        let v: serde_json::Value = serde_json::from_slice(&body).expect("raw json");
                        assert!(v.get("ip_list").is_some());
                    }
                })
                .await
            };
            sdk_rates.push(sdk);
            raw_rates.push(plain);
        }
        let (sdk, plain) = (median(&mut sdk_rates), median(&mut raw_rates));
        println!(
            "concurrency {concurrency:>2}: sdk {sdk:>8.0} calls/s, raw reqwest {plain:>8.0} calls/s, ratio {:.3}",
            sdk / plain
        );
    }
    assert_eq!(sim.token_requests(), 1, "one token for the whole benchmark");
}

/// Calls per second over `CALLS_PER_ROUND` calls made by `concurrency` workers.
async fn run<F, Fut>(concurrency: usize, call: F) -> f64
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let per_worker = CALLS_PER_ROUND / concurrency;
    let start = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let call = call.clone();
            tokio::spawn(async move {
                for _ in 0..per_worker {
                    call().await;
                }
            })
        })
        .collect();
    for w in workers {
        w.await.expect("worker");
    }
    let elapsed = start.elapsed().max(Duration::from_micros(1));
    (per_worker * concurrency) as f64 / elapsed.as_secs_f64()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}
