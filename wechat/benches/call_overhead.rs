//! Throughput of a typed call through the SDK against raw `reqwest` with a fixed token,
//! on the same local server (the WeChat simulator), at concurrency 1 and 64. Both decode
//! the answer into the same typed struct, so the ratio is the SDK's own cost: the token
//! core, the errcode check, the retry loop and tracing.
//!
//! Run: `cargo bench -p wechat --bench call_overhead`. Each concurrency runs `UNITS`
//! units of four short rounds, SDK–raw–raw–SDK, after one untimed warm-up round of each
//! side; a unit's ratio is the geometric mean of its two SDK rates over that of its two
//! raw rates. It prints the median of the units' ratios with their quartiles, and the
//! median throughputs. Rounds close in time and in mirrored order keep the machine's
//! drift, and any advantage of going first, out of the ratio. `CALL_OVERHEAD_UNITS=n` and
//! `CALL_OVERHEAD_ROUND=calls` change the number of units and the calls per round.
//! `tests/bench/call_overhead_runs.sh` runs it in several processes, each with its
//! control run, and prints the medians.
//!
//! Client and simulator share one runtime thread, so that the ratio is the CPU cost of a
//! call on each side rather than the luck of cross-thread wake-ups. With
//! `CALL_OVERHEAD_CONTROL=raw` both sides make raw calls: the control run that shows how
//! far from 1.000 the method's noise alone goes.
//!
//! With `CALL_OVERHEAD_ONLY=sdk` or `=raw` (and optionally `CALL_OVERHEAD_CALLS=n`) it
//! makes only that side's calls, one at a time, and prints nothing: the mode
//! `tests/bench/call_instructions.sh` runs under `valgrind --tool=callgrind` to count
//! instructions per call, a figure that does not depend on how busy the machine is.
//!
//! The raw side passes its URL as a string, which reqwest parses for every call; with
//! `CALL_OVERHEAD_RAW_URL=parsed` it clones a URL parsed once instead, as the SDK does
//! with its API base.
//!
//! With `CALL_OVERHEAD_SIZES=1` it prints the size of one call's future on each side
//! and exits: what a task that awaits a call holds (and allocates, when spawned).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use wechat::api::access::IpList;
use wechat::wechat_client;
use wechat_sim::{SimConfig, Simulator};

#[wechat_client(appid = "wx0b1e2c3d4a5f6071", scenario = "hub")]
struct BenchApp;

const SECRET: &str = "bench-secret";
const UNITS: usize = 41;
const CALLS_PER_ROUND: usize = 2560;

type Call = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

#[tokio::main(flavor = "current_thread")]
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
    let text = format!("{}/cgi-bin/getcallbackip", sim.url());
    let (raw_call, raw_size) = match std::env::var("CALL_OVERHEAD_RAW_URL").as_deref() {
        Ok("parsed") => raw_side(
            raw,
            Arc::new(reqwest::Url::parse(&text).expect("url")),
            token,
        ),
        _ => raw_side(raw, Arc::new(text), token),
    };
    if std::env::var_os("CALL_OVERHEAD_SIZES").is_some() {
        let sdk = app.access().getcallbackip();
        println!(
            "size of a call's future: sdk {} bytes, raw reqwest {raw_size} bytes",
            std::mem::size_of_val(&sdk),
        );
        return;
    }

    let sdk_call: Call = Arc::new(move || {
        let app = app.clone();
        Box::pin(async move {
            app.access().getcallbackip().await.expect("sdk call");
        })
    });

    // The control: the same side on both, to show how far from 1.000 noise alone goes.
    let (sdk_call, raw_call) = match std::env::var("CALL_OVERHEAD_CONTROL").as_deref() {
        Ok("raw") => (raw_call.clone(), raw_call),
        Ok("sdk") => (sdk_call.clone(), sdk_call),
        _ => (sdk_call, raw_call),
    };
    if let Ok(only) = std::env::var("CALL_OVERHEAD_ONLY") {
        let calls = env_or("CALL_OVERHEAD_CALLS", 2000);
        let call = match only.as_str() {
            "sdk" => sdk_call,
            "raw" => raw_call,
            other => panic!("CALL_OVERHEAD_ONLY is `sdk` or `raw`, not {other:?}"),
        };
        run(1, calls, &call).await;
        return;
    }

    let units: usize = env_or("CALL_OVERHEAD_UNITS", UNITS);
    let round: usize = env_or("CALL_OVERHEAD_ROUND", CALLS_PER_ROUND);
    for concurrency in [1usize, 64] {
        // Untimed: opens the connections both sides will reuse.
        run(concurrency, round, &sdk_call).await;
        run(concurrency, round, &raw_call).await;
        let (mut ratios, mut sdk_rates, mut raw_rates) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..units {
            // SDK, raw, raw, SDK: the side that goes first and any drift within the
            // unit weigh on both alike.
            let s1 = run(concurrency, round, &sdk_call).await;
            let r1 = run(concurrency, round, &raw_call).await;
            let r2 = run(concurrency, round, &raw_call).await;
            let s2 = run(concurrency, round, &sdk_call).await;
            ratios.push(((s1 * s2) / (r1 * r2)).sqrt());
            sdk_rates.extend([s1, s2]);
            raw_rates.extend([r1, r2]);
        }
        let [q1, median, q3] = quartiles(&mut ratios);
        println!(
            "concurrency {concurrency:>2}: ratio {median:.3} (quartiles {q1:.3} – {q3:.3} over {units} units); \
             sdk {:>6.0} calls/s, raw reqwest {:>6.0} calls/s",
            quartiles(&mut sdk_rates)[1],
            quartiles(&mut raw_rates)[1],
        );
    }
    assert_eq!(sim.token_requests(), 1, "one token for the whole benchmark");
}

/// The URL of the raw side's calls: a string, parsed by reqwest for every call (the
/// default), or a URL parsed once and cloned for every call (`CALL_OVERHEAD_RAW_URL=parsed`),
/// as the SDK does with each endpoint's URL.
trait RawUrl: Clone + Send + Sync + 'static {
    fn get(&self, raw: &reqwest::Client) -> reqwest::RequestBuilder;
}

impl RawUrl for Arc<String> {
    fn get(&self, raw: &reqwest::Client) -> reqwest::RequestBuilder {
        raw.get(self.as_str())
    }
}

impl RawUrl for Arc<reqwest::Url> {
    fn get(&self, raw: &reqwest::Client) -> reqwest::RequestBuilder {
        raw.get(reqwest::Url::clone(self))
    }
}

/// The raw side's call, and the size of its future.
fn raw_side<U: RawUrl>(raw: reqwest::Client, url: U, token: String) -> (Call, usize) {
    let size = std::mem::size_of_val(&raw_get(raw.clone(), url.clone(), token.clone()));
    let call: Call = Arc::new(move || Box::pin(raw_get(raw.clone(), url.clone(), token.clone())));
    (call, size)
}

/// One raw call: `GET url?access_token=token` with reqwest, the answer decoded as the
/// SDK decodes it.
async fn raw_get<U: RawUrl>(raw: reqwest::Client, url: U, token: String) {
    let req = url.get(&raw);
    let body = req
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

/// Calls per second over `calls` calls made by `concurrency` workers.
async fn run(concurrency: usize, calls: usize, call: &Call) -> f64 {
    let per_worker = calls / concurrency;
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

/// A count from the environment variable `name`, or `default`.
fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// First quartile, median and third quartile.
fn quartiles(v: &mut [f64]) -> [f64; 3] {
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: usize| v[(v.len() - 1) * q / 4];
    [at(1), at(2), at(3)]
}
