//! `chaos slow-clients`: connections that send half their headers and stall, bodies at
//! one byte per second, and a flood of idle connections against a hub, while `/healthz`
//! is asked every 100 ms on a new connection.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{median_max, secs, start_memory_hub, Common, Res};
use crate::Report;

/// The arguments of `chaos slow-clients`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// Connections that send half of a request's headers, then nothing.
    #[arg(long, default_value_t = 100)]
    half_headers: usize,
    /// Connections that send a request's headers, then its body at one byte per second.
    #[arg(long, default_value_t = 50)]
    slow_bodies: usize,
    /// Connections that send nothing at all.
    #[arg(long, default_value_t = 400)]
    idle: usize,
    /// How long the slow connections are held, in seconds.
    #[arg(long, default_value_t = 32)]
    hold_secs: u64,
    /// The hub must have closed every half-header and slow-body connection within this
    /// many seconds (its header-read and body timeouts).
    #[arg(long, default_value_t = 30)]
    close_within_secs: u64,
    /// Every `/healthz` must answer within this many milliseconds.
    #[arg(long, default_value_t = 1000)]
    healthz_bound_ms: u64,
}

/// The soft limit on open files of this process (the hub inherits the same).
fn open_file_limit() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3).map(str::to_owned))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024)
}

/// What one slow connection saw: when the hub closed it (or answered it), if it did.
type Closed = Arc<Mutex<Vec<Option<Duration>>>>;

/// Waits until the hub closes or answers the connection, for at most `hold`.
async fn until_closed(
    stream: &mut TcpStream,
    hold: Duration,
    started: Instant,
) -> Option<Duration> {
    let mut buf = [0u8; 512];
    match tokio::time::timeout(hold, stream.read(&mut buf)).await {
        Ok(_) => Some(started.elapsed()),
        Err(_) => None,
    }
}

/// The hub's address `127.0.0.1:PORT`.
fn addr(url: &str) -> String {
    url.trim_start_matches("http://").to_owned()
}

/// Runs the probe.
pub async fn run(args: Args) -> Res<Report> {
    args.common.check()?;
    let common = &args.common;
    let (hub, key, _dir) = start_memory_hub(common).await?;

    // Both this process and the hub hold one descriptor per connection: stay well
    // inside the limit, shrinking the idle flood first.
    let limit = open_file_limit();
    let budget = limit.saturating_sub(128);
    let (mut half, mut slow, mut idle) = (args.half_headers, args.slow_bodies, args.idle);
    let mut scaled = String::new();
    if half + slow + idle > budget {
        idle = budget.saturating_sub(half + slow);
        if idle == 0 {
            half = half.min(budget / 2);
            slow = slow.min(budget - half);
        }
        scaled = format!(" (scaled to ulimit -n {limit})");
    }

    let target = addr(&hub.url);
    let hold = Duration::from_secs(args.hold_secs);
    let started = Instant::now();
    let half_closed: Closed = Arc::default();
    let slow_closed: Closed = Arc::default();
    let idle_closed: Closed = Arc::default();
    let mut tasks = Vec::new();
    let mut connect_failures = 0usize;

    for _ in 0..idle {
        match TcpStream::connect(&target).await {
            Ok(mut s) => {
                let closed = idle_closed.clone();
                tasks.push(tokio::spawn(async move {
                    let at = until_closed(&mut s, hold, started).await;
                    closed.lock().unwrap_or_else(|p| p.into_inner()).push(at);
                }));
            }
            Err(_) => connect_failures += 1,
        }
    }
    for i in 0..half {
        match TcpStream::connect(&target).await {
            Ok(mut s) => {
                let closed = half_closed.clone();
                tasks.push(tokio::spawn(async move {
                    let partial = format!(
                        "GET /healthz?c={i} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: chaos-slow"
                    );
                    let at = match s.write_all(partial.as_bytes()).await {
                        Ok(()) => until_closed(&mut s, hold, started).await,
                        Err(_) => Some(started.elapsed()),
                    };
                    closed.lock().unwrap_or_else(|p| p.into_inner()).push(at);
                }));
            }
            Err(_) => connect_failures += 1,
        }
    }
    for _ in 0..slow {
        match TcpStream::connect(&target).await {
            Ok(s) => {
                let closed = slow_closed.clone();
                let key = key.clone();
                tasks.push(tokio::spawn(async move {
                    let at = trickle(s, &key, hold, started).await;
                    closed.lock().unwrap_or_else(|p| p.into_inner()).push(at);
                }));
            }
            Err(_) => connect_failures += 1,
        }
    }

    // Meanwhile: /healthz every 100 ms, each on a new connection.
    let bound = Duration::from_millis(args.healthz_bound_ms);
    let fresh = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .timeout(bound * 3)
        .build()?;
    let mut answered = Vec::new();
    let mut unanswered = 0u32;
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    while started.elapsed() < hold {
        tick.tick().await;
        let t = Instant::now();
        match fresh.get(format!("{}/healthz", hub.url)).send().await {
            Ok(r) if r.status().is_success() => answered.push(t.elapsed()),
            _ => unanswered += 1,
        }
    }
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
    }
    hub.kill().await;

    let within = Duration::from_secs(args.close_within_secs);
    let count = |c: &Closed| {
        let v = c.lock().unwrap_or_else(|p| p.into_inner());
        let closed: Vec<Duration> = v.iter().flatten().copied().collect();
        let in_time = closed.iter().filter(|d| **d <= within).count();
        (in_time, v.len(), median_max(&closed).1)
    };
    let (half_in, half_n, half_max) = count(&half_closed);
    let (slow_in, slow_n, slow_max) = count(&slow_closed);
    let (idle_in, idle_n, _) = count(&idle_closed);
    let (median, max) = median_max(&answered);
    let probes = answered.len() as u32 + unanswered;

    let mut failed = Vec::new();
    if unanswered > 0 || max > bound {
        failed.push(format!(
            "/healthz: {unanswered} unanswered, slowest {} (bound {})",
            secs(max),
            secs(bound)
        ));
    }
    if half_in < half_n {
        failed.push(format!(
            "{} half-header connection(s) still open after {} (no header-read timeout)",
            half_n - half_in,
            secs(within)
        ));
    }
    if slow_in < slow_n {
        failed.push(format!(
            "{} slow-body connection(s) still open after {} (no body timeout)",
            slow_n - slow_in,
            secs(within)
        ));
    }
    if connect_failures > 0 {
        failed.push(format!(
            "{connect_failures} connection(s) could not be opened"
        ));
    }
    let slowest_close = |n: usize, max: Duration| {
        if n > 0 {
            format!(", last after {}", secs(max))
        } else {
            String::new()
        }
    };
    let figures = format!(
        "{half_n} half-header + {slow_n} slow-body + {idle_n} idle connections for {hold}{scaled}; \
         /healthz {ok}/{probes} answered in <= {max} (max; median {median}); \
         closed by the hub within {within}: {half_in}/{half_n} half-header{hc}, \
         {slow_in}/{slow_n} slow-body{sc} ({idle_in}/{idle_n} idle)",
        hold = secs(hold),
        ok = answered.len(),
        max = secs(max),
        median = secs(median),
        within = secs(within),
        hc = slowest_close(half_in, half_max),
        sc = slowest_close(slow_in, slow_max),
    );
    Ok(Report { figures, failed })
}

/// A `POST /refresh/access_token` whose body comes one byte per second: when the hub
/// closed or answered the connection, if it did within `hold`.
async fn trickle(
    mut s: TcpStream,
    key: &str,
    hold: Duration,
    started: Instant,
) -> Option<Duration> {
    let head = format!(
        "POST /refresh/access_token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: 4096\r\n\r\n"
    );
    if s.write_all(head.as_bytes()).await.is_err() {
        return Some(started.elapsed());
    }
    let (mut read, mut write) = s.split();
    let mut buf = [0u8; 512];
    let deadline = tokio::time::Instant::now() + hold;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = tokio::time::sleep_until(deadline) => return None,
            _ = read.read(&mut buf) => return Some(started.elapsed()),
            _ = tick.tick() => {
                if write.write_all(b" ").await.is_err() {
                    return Some(started.elapsed());
                }
            }
        }
    }
}
