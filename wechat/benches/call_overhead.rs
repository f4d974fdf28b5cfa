//! Throughput of a typed call through the SDK against raw `reqwest` with a fixed token,
//! on the same local server (the WeChat simulator), at concurrency 1 and 64. Both decode
//! the answer into the same typed struct, so the ratio is the SDK's own cost: the token
//! core, the errcode check, the retry loop and tracing.
//!
//! Run: `cargo bench -p wechat --bench call_overhead`. Prints one line per concurrency
//! with both throughputs (medians of 7 rounds) and their ratio; rounds alternate which
//! goes first.

use std::sync::Arc;
use std::time::{Duration, Instant};

use wechat::api::access::IpList;
use wechat::wechat_client;
use wechat_sim::{SimConfig, Simulator};

#[wechat_client(appid = "wx0b1e2c3d4a5f6071", scenario = "hub")]
struct BenchApp;

const SECRET: &str = "bench-secret";
const ROUNDS: usize = 7;
const CALLS_PER_ROUND: usize = 12800;

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
    // The same reqwest settings as the SDK's own client, so that only the SDK's work differs.
    let raw = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .build()
        .expect("reqwest client");
    let url = Arc::new(format!("{}/cgi-bin/getcallbackip", sim.url()));

    for concurrency in [1usize, 64] {
        let mut sdk_rates = Vec::new();
        let mut raw_rates = Vec::new();
        for round in 0..ROUNDS {
            let sdk = {
                let app = app.clone();
                run(concurrency, move || {
                    let app = app.clone();
                    async move {
                        app.access().getcallbackip().await.expect("sdk call");
                    }
                })
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
                        let ips: IpList = serde_json::from_slice(&body).expect("raw json");
                        assert!(!ips.ip_list.is_empty());
                    }
                })
            };
            // Alternate which goes first, so that drift of the machine hits both alike.
            let (sdk, plain) = if round % 2 == 0 {
                let s = sdk.await;
                (s, plain.await)
            } else {
                let p = plain.await;
                (sdk.await, p)
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
