//! `chaos faults`: calls under injected faults (HTTP 503, errcode -1, latency past the
//! client's timeout), made by an SDK client that holds the secret and by one that gets
//! its token from a hub; their failure rate against what the retry policy predicts.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use wechat::Error;

use crate::common::{
    http, median_max, secs, start_memory_hub, Common, DirectApp, HubApp, Res, Sim,
};
use crate::Report;

/// The path every call goes to.
const PATH: &str = "/cgi-bin/getcallbackip";

/// The arguments of `chaos faults`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// Calls per client (the direct one, then the one behind the hub).
    #[arg(long, default_value_t = 300)]
    calls: u32,
    /// Calls in flight at once, per client.
    #[arg(long, default_value_t = 8)]
    concurrency: u32,
    /// Share of requests that meet a fault, split evenly between HTTP 503, errcode -1
    /// and a latency past the client's timeout.
    #[arg(long, default_value_t = 0.3)]
    rate: f64,
    /// The SDK clients' whole-request timeout, in milliseconds.
    #[arg(long, default_value_t = 300)]
    timeout_ms: u64,
    /// The injected latency, in milliseconds (above --timeout-ms, so that it times out).
    #[arg(long, default_value_t = 600)]
    latency_ms: u64,
    /// A call that has not ended after this long counts as hung.
    #[arg(long, default_value_t = 5000)]
    call_bound_ms: u64,
}

/// How the calls of one client ended.
#[derive(Default, Debug)]
struct Tally {
    ok: u32,
    http_503: u32,
    errcode_minus_1: u32,
    timeout: u32,
    /// Any other error: a failure the faults should not cause.
    unexpected: Vec<String>,
    panicked: u32,
    hung: u32,
    durations: Vec<Duration>,
}

impl Tally {
    fn typed_failures(&self) -> u32 {
        self.http_503 + self.errcode_minus_1 + self.timeout
    }

    fn calls(&self) -> u32 {
        self.ok + self.typed_failures() + self.unexpected.len() as u32 + self.panicked + self.hung
    }
}

/// Makes `calls` calls of `call`, `concurrency` at a time, each as its own task (so that
/// a panic is seen) under the `bound`.
async fn drive<F, Fut>(calls: u32, concurrency: u32, bound: Duration, call: F) -> Tally
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = wechat::Result<()>> + Send + 'static,
{
    let next = Arc::new(AtomicU32::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let workers: Vec<_> = (0..concurrency.max(1))
        .map(|_| {
            let (next, tally, call) = (next.clone(), tally.clone(), call.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::SeqCst) < calls {
                    let started = Instant::now();
                    let task = tokio::spawn(call());
                    let abort = task.abort_handle();
                    let outcome = tokio::time::timeout(bound, task).await;
                    let took = started.elapsed();
                    let mut t = tally.lock().unwrap_or_else(|p| p.into_inner());
                    t.durations.push(took);
                    match outcome {
                        Err(_) => {
                            abort.abort();
                            t.hung += 1;
                        }
                        Ok(Err(join)) if join.is_panic() => t.panicked += 1,
                        Ok(Err(join)) => t.unexpected.push(join.to_string()),
                        Ok(Ok(Ok(()))) => t.ok += 1,
                        Ok(Ok(Err(e))) => match e {
                            Error::Http { status: 503, .. } => t.http_503 += 1,
                            Error::Api { errcode: -1, .. } => t.errcode_minus_1 += 1,
                            Error::Transport { timeout: true, .. } => t.timeout += 1,
                            other => t.unexpected.push(other.to_string()),
                        },
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.await;
    }
    Arc::try_unwrap(tally)
        .map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()))
        .unwrap_or_default()
}

/// The three faults, each on a third of the requests: the first that applies answers,
/// so that a request meets at most one of them.
async fn inject(sim: &Sim, rate: f64, latency_ms: u64) -> Res<()> {
    let third = rate / 3.0;
    sim.add_fault(json!({ "http_status": 503, "rate": third }))
        .await?;
    sim.add_fault(json!({ "errcode": -1, "rate": third / (1.0 - third) }))
        .await?;
    sim.add_fault(json!({ "latency_ms": latency_ms, "rate": third / (1.0 - 2.0 * third) }))
        .await
}

/// Calls of `PATH` the simulator counted since its last reset, and token requests.
async fn counts(sim: &Sim) -> Res<(u64, u64)> {
    let stats = sim.stats().await?;
    Ok((
        stats["calls"][PATH].as_u64().unwrap_or(0),
        stats["token_requests"].as_u64().unwrap_or(0),
    ))
}

/// Runs the probe.
pub async fn run(args: Args) -> Res<Report> {
    args.common.check()?;
    if !(0.0..1.0).contains(&args.rate) {
        return Err("--rate must be in 0..1".into());
    }
    if args.latency_ms <= args.timeout_ms {
        return Err("--latency-ms must be above --timeout-ms".into());
    }
    let common = &args.common;
    let sim = Sim::new(&common.sim);
    sim.clear_faults().await?;
    let (hub, key, _dir) = start_memory_hub(common).await?;

    let timeout = Duration::from_millis(args.timeout_ms);
    let direct = DirectApp::builder()
        .appid(&common.appid)
        .secret(&common.secret)
        .api_base(sim.url())
        .http_client(http(timeout))
        .build()?;
    let via_hub = HubApp::builder()
        .appid(&common.appid)
        .api_base(sim.url())
        .hub_url(&hub.url)
        .hub_key(&key)
        .http_client(http(timeout))
        .build()?;
    // Both hold a token before the faults start: what is measured is the calls.
    direct.access().getcallbackip().await?;
    via_hub.access().getcallbackip().await?;

    inject(&sim, args.rate, args.latency_ms).await?;
    let bound = Duration::from_millis(args.call_bound_ms);
    let mut results = Vec::new();
    sim.reset().await?;
    let app = direct.clone();
    let tally = drive(args.calls, args.concurrency, bound, move || {
        let app = app.clone();
        async move { app.access().getcallbackip().await.map(drop) }
    })
    .await;
    let (attempts, token_requests) = counts(&sim).await?;
    results.push(("direct", tally, attempts, token_requests));
    sim.reset().await?;
    let app = via_hub.clone();
    let tally = drive(args.calls, args.concurrency, bound, move || {
        let app = app.clone();
        async move { app.access().getcallbackip().await.map(drop) }
    })
    .await;
    let (attempts, token_requests) = counts(&sim).await?;
    results.push(("via hub", tally, attempts, token_requests));
    sim.clear_faults().await?;
    hub.stop().await;

    // Every attempt meets a fault with probability p, independently; a call makes
    // 1 + max_retries = 3 attempts before it fails.
    let p = args.rate;
    let attempts_allowed = 1 + wechat::RetryPolicy::default().max_retries as i32;
    let expected = p.powi(attempts_allowed);
    let expected_attempts: f64 = (0..attempts_allowed).map(|i| p.powi(i)).sum();
    let mut failed = Vec::new();
    let mut parts = Vec::new();
    for (name, t, attempts, token_requests) in &results {
        let n = f64::from(t.calls().max(1));
        let rate = f64::from(t.typed_failures()) / n;
        // Four standard deviations of the binomial count, plus one call.
        let slack = 4.0 * (expected * (1.0 - expected) / n).sqrt() + 1.0 / n;
        let (median, max) = median_max(&t.durations);
        parts.push(format!(
            "{name}: {ok}/{calls} ok, {fails} typed failures = {rate:.1}% \
             ({h} HTTP 503, {e} errcode -1, {to} timeouts), {attempts_per:.2} attempts/call \
             (expected {expected_attempts:.2}), {token_requests} token requests, \
             {untyped} untyped, {panicked} panicked, {hung} hung, call time median {median} \
             max {max}",
            ok = t.ok,
            calls = t.calls(),
            fails = t.typed_failures(),
            rate = rate * 100.0,
            h = t.http_503,
            e = t.errcode_minus_1,
            to = t.timeout,
            attempts_per = *attempts as f64 / n,
            untyped = t.unexpected.len(),
            panicked = t.panicked,
            hung = t.hung,
            median = secs(median),
            max = secs(max),
        ));
        if (rate - expected).abs() > slack {
            failed.push(format!(
                "{name}: failure rate {:.1}% outside {:.1}% ± {:.1}%",
                rate * 100.0,
                expected * 100.0,
                slack * 100.0
            ));
        }
        if !t.unexpected.is_empty() {
            failed.push(format!(
                "{name}: {} untyped failures (first: {})",
                t.unexpected.len(),
                t.unexpected[0]
            ));
        }
        if t.panicked > 0 || t.hung > 0 {
            failed.push(format!(
                "{name}: {} panicked, {} hung past {}",
                t.panicked,
                t.hung,
                secs(bound)
            ));
        }
        if *token_requests > 0 {
            failed.push(format!(
                "{name}: {token_requests} upstream token requests (the token was cached; no fault rejects it)"
            ));
        }
    }
    let figures = format!(
        "{:.0}% faults (HTTP 503, errcode -1, {} ms latency past a {} ms timeout), \
         expected failure {:.1}% ({:.1}^{attempts_allowed}); {}",
        p * 100.0,
        args.latency_ms,
        args.timeout_ms,
        expected * 100.0,
        p,
        parts.join("; ")
    );
    Ok(Report { figures, failed })
}
