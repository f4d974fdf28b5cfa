//! A third-party platform with many authorizers on `wechat-hub` replicas sharing Redis
//! (hot tokens, locks, the refresher's lease) and PostgreSQL (refresh tokens, registry):
//! the authorizers' proactive refreshes against the WeChat simulator, with token
//! lifetimes shortened to compress time. BENCHMARKS.md has the figures;
//! `tests/bench/platform_scale.sh` builds and runs it:
//!
//! ```text
//! bash tests/bench/platform_scale.sh --authorizers 10000 --replicas 3
//! ```
//!
//! 1. The simulator (in this process) gets one platform; a first hub process receives
//!    its `component_verify_ticket` push and stops.
//! 2. `--authorizers` accounts authorize the platform (`complete_authorization` through
//!    an in-process [`Platform`] on the same stores, `--seed-concurrency` at once): all
//!    their tokens are fetched within the seeding time, so all fall due together.
//! 3. `--replicas` hub processes start and run for `--run-secs`, with nobody calling
//!    them: every `api_authorizer_token` is the refresher's.
//!
//! Reported, and checked (exit code 1 when a check fails):
//! - `api_authorizer_token` requests per second, by the second of their arrival at the
//!   simulator: the highest second, overall and in the first minute after the start, is
//!   at most `--rate` + 1 for the replicas together (checked). The highest difference
//!   of the count sampled once a second is shown too: a sample taken late measures a
//!   longer second, so it can read over the rate when the arrivals are not;
//! - lapses: tokens that expired before their successor was issued, and accounts whose
//!   newest token has expired at the end (the simulator's ground truth; both 0,
//!   checked);
//! - replicas holding the refresher's lease at the end (exactly 1, checked);
//! - each hub's resident memory (VmRSS at the end, VmHWM: its peak), against the
//!   baseline of the first hub (the platform, no authorizer yet);
//! - the upstream time of one refresh (the hubs' `upstream_request_duration_seconds`
//!   histogram of `authorizer_access_token`: mean);
//! - Redis commands (`INFO stats` `total_commands_processed`) and PostgreSQL
//!   transactions (`pg_stat_database.xact_commit`) per refresh during the run, the whole
//!   server's (other clients of the same servers count too).

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use wechat::component::Platform;
use wechat::store::{PostgresStore, RedisStore};
use wechat_sim::{AuthorizerType, SimConfig, Simulator};

const SECRET: &str = "platform-scale-secret";
const TOKEN: &str = "platform-scale-token";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const KEY: &str = "platform-scale-key";
const AUTHORIZER_TOKEN_PATH: &str = "/cgi-bin/component/api_authorizer_token";

type Res<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The options (`--name value`); defaults in [`Args::parse`].
struct Args {
    authorizers: usize,
    replicas: usize,
    token_ttl: u64,
    rate: u32,
    margin: u64,
    jitter: u64,
    run_secs: u64,
    seed_concurrency: usize,
    hub_bin: PathBuf,
    redis: String,
    postgres: String,
}

impl Args {
    fn parse() -> Res<Args> {
        let mut a = Args {
            authorizers: 10_000,
            replicas: 1,
            token_ttl: 300,
            rate: 100,
            margin: 60,
            jitter: 10,
            run_secs: 0,
            seed_concurrency: 64,
            hub_bin: PathBuf::from("target/release/wechat-hub"),
            redis: "redis://127.0.0.1:6379/".to_owned(),
            postgres: std::env::var("WECHAT_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned()),
        };
        // `cargo bench` adds `--bench`; anything else unknown is an error.
        let mut it = std::env::args().skip(1).filter(|a| a != "--bench");
        while let Some(name) = it.next() {
            let value = it.next().ok_or_else(|| format!("{name} needs a value"))?;
            match name.as_str() {
                "--authorizers" => a.authorizers = value.parse()?,
                "--replicas" => a.replicas = value.parse()?,
                "--token-ttl" => a.token_ttl = value.parse()?,
                "--rate" => a.rate = value.parse()?,
                "--margin" => a.margin = value.parse()?,
                "--jitter" => a.jitter = value.parse()?,
                "--run-secs" => a.run_secs = value.parse()?,
                "--seed-concurrency" => a.seed_concurrency = value.parse()?,
                "--hub-bin" => a.hub_bin = PathBuf::from(value),
                "--redis" => a.redis = value,
                "--postgres" => a.postgres = value,
                _ => return Err(format!("unknown option {name}").into()),
            }
        }
        if a.run_secs == 0 {
            // Two lifetimes and a minute: the burst of the first renewals and a
            // steady cycle after it.
            a.run_secs = 2 * a.token_ttl + 60;
        }
        Ok(a)
    }
}

/// A `wechat-hub` process, killed when dropped.
struct HubProcess {
    child: Child,
    url: String,
}

impl HubProcess {
    async fn spawn(bin: &PathBuf, config: &std::path::Path, log: std::fs::File) -> Res<HubProcess> {
        let mut child = Command::new(bin)
            .arg("--config")
            .arg(config)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let out = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(out).lines();
        let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .map_err(|_| "wechat-hub printed nothing within 20 s")??
            .ok_or("wechat-hub exited")?;
        let url = line
            .strip_prefix("listening on ")
            .ok_or_else(|| format!("wechat-hub's first line: {line:?}"))?
            .to_owned();
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(HubProcess { child, url })
    }

    /// `(VmRSS, VmHWM)` in MiB, from /proc.
    fn memory_mib(&self) -> Option<(f64, f64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()?)).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))?
                .split_whitespace()
                .nth(1)?
                .parse::<f64>()
                .ok()
                .map(|kb| kb / 1024.0)
        };
        Some((field("VmRSS:")?, field("VmHWM:")?))
    }
}

fn hub_config(a: &Args, sim: &str, component: &str, prefix: &str) -> String {
    format!(
        r#"listen = "127.0.0.1:0"
threads = 2
api_base = "{sim}"
[refresh]
margin_secs = {margin}
jitter_secs = {jitter}
startup_spread_secs = 0
retry_min_secs = 1
authorizer_rate_per_sec = {rate}
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
name = "bench"
secret = "{KEY}"
appids = ["{component}"]
"#,
        margin = a.margin,
        jitter = a.jitter,
        rate = a.rate,
        redis = a.redis,
        pg = a.postgres,
    )
}

/// The wall clock's Unix time in whole seconds, as the simulator counts arrivals.
fn unix_second() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

async fn redis_commands(url: &str) -> Res<u64> {
    let client = redis::Client::open(url)?;
    let mut conn = client.get_multiplexed_async_connection().await?;
    let info: String = redis::cmd("INFO")
        .arg("stats")
        .query_async(&mut conn)
        .await?;
    let n = info
        .lines()
        .find_map(|l| l.strip_prefix("total_commands_processed:"))
        .ok_or("INFO stats has no total_commands_processed")?
        .trim()
        .parse()?;
    Ok(n)
}

async fn postgres_transactions(pool: &sqlx::PgPool) -> Res<i64> {
    sqlx::query("SELECT pg_stat_clear_snapshot()")
        .execute(pool)
        .await?;
    let n: i64 = sqlx::query_scalar(
        "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
    )
    .fetch_one(pool)
    .await?;
    Ok(n)
}

/// The sum and count of the `authorizer_access_token` upstream histogram of a hub.
async fn upstream_time(http: &reqwest::Client, hub: &str) -> Res<(f64, f64)> {
    let text = http
        .get(format!("{hub}/metrics"))
        .send()
        .await?
        .text()
        .await?;
    let value = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name) && l.contains("token=\"authorizer_access_token\""))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    Ok((
        value("wechat_hub_upstream_request_duration_seconds_sum"),
        value("wechat_hub_upstream_request_duration_seconds_count"),
    ))
}

async fn leading(http: &reqwest::Client, hub: &str) -> Res<bool> {
    let text = http
        .get(format!("{hub}/metrics"))
        .send()
        .await?
        .text()
        .await?;
    Ok(text
        .lines()
        .any(|l| l.starts_with("wechat_hub_component_refresher_leading") && l.ends_with(" 1")))
}

/// Every account authorizes the platform; `complete_authorization` stores its refresh
/// token, registry entry and first access_token.
async fn seed(
    a: &Args,
    sim: &Arc<Simulator>,
    platform: Arc<Platform>,
    component: &str,
    run: &str,
) -> Res<()> {
    let gate = Arc::new(tokio::sync::Semaphore::new(a.seed_concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..a.authorizers {
        let (sim, platform, gate) = (Arc::clone(sim), Arc::clone(&platform), Arc::clone(&gate));
        let (component, authorizer) = (component.to_owned(), format!("wxa{run}{i:06}"));
        tasks.spawn(async move {
            let _slot = gate.acquire_owned().await?;
            let pre = platform.pre_auth_code().await?;
            let auth = sim
                .authorize(
                    &component,
                    pre.pre_auth_code.expose(),
                    &authorizer,
                    AuthorizerType::OfficialAccount,
                    &[],
                )
                .await?;
            platform.complete_authorization(&auth.auth_code).await?;
            Res::Ok(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(())
}

async fn clean(a: &Args, pool: &sqlx::PgPool, component: &str, prefix: &str) -> Res<()> {
    for table in ["durable_records", "tokens"] {
        sqlx::query(&format!(
            "DELETE FROM wechat.{table} WHERE strpos(key, $1) > 0"
        ))
        .bind(format!("/{component}"))
        .execute(pool)
        .await?;
    }
    let client = redis::Client::open(a.redis.as_str())?;
    let mut conn = client.get_multiplexed_async_connection().await?;
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{prefix}:*"))
        .query_async(&mut conn)
        .await?;
    for chunk in keys.chunks(1000) {
        let _: i64 = redis::cmd("DEL").arg(chunk).query_async(&mut conn).await?;
    }
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    match run().await {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(e) => {
            eprintln!("platform_scale: error: {e}");
            std::process::exit(2);
        }
    }
}

async fn run() -> Res<bool> {
    let a = Args::parse()?;
    let run = format!("{:012x}", rand::random::<u64>() >> 16);
    let component = format!("wxc{run}");
    let prefix = format!("platform-scale-{run}");
    let sim = Arc::new(
        Simulator::start(
            SimConfig {
                token_ttl: Duration::from_secs(a.token_ttl),
                grace: Duration::from_secs(5),
                ..SimConfig::default()
            }
            .component(&component, SECRET, TOKEN, AES_KEY),
        )
        .await?,
    );
    let dir = tempfile::tempdir()?;
    let config = dir.path().join("hub.toml");
    std::fs::write(&config, hub_config(&a, &sim.url(), &component, &prefix))?;
    let log = |i: usize| std::fs::File::create(dir.path().join(format!("hub{i}.log")));
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .no_proxy()
        .build()?;
    let pool = sqlx::PgPool::connect(&a.postgres).await?;

    // 1. The ticket, through a hub that then stops: its memory, with the platform and
    //    no authorizer yet, is the baseline of the replicas'.
    let baseline = {
        let hub = HubProcess::spawn(&a.hub_bin, &config, log(0)?).await?;
        let url = format!("{}/component/{component}/events", hub.url);
        let status = sim.push_ticket(&component, Some(&url)).await?;
        if status != 200 {
            return Err(format!("the ticket push answered {status}").into());
        }
        hub.memory_mib().unwrap_or((0.0, 0.0))
    };

    // 2. The authorizations.
    let seeding = Instant::now();
    let platform = Arc::new(
        Platform::builder(&component)
            .component_secret(SECRET)
            .api_base(sim.url())
            .store(RedisStore::new(&a.redis)?.prefix(prefix.clone()))
            .durable_store(PostgresStore::connect(&a.postgres).await?)
            .build()?,
    );
    seed(&a, &sim, platform, &component, &run).await?;
    let seeded = seeding.elapsed();
    eprintln!(
        "platform_scale: {} authorizations in {:.1} s",
        a.authorizers,
        seeded.as_secs_f64()
    );

    // 3. The replicas, left alone for run_secs.
    let (redis0, pg0) = (
        redis_commands(&a.redis).await?,
        postgres_transactions(&pool).await?,
    );
    let calls0 = sim.calls(AUTHORIZER_TOKEN_PATH);
    let mut hubs = Vec::new();
    for i in 0..a.replicas {
        hubs.push(HubProcess::spawn(&a.hub_bin, &config, log(i + 1)?).await?);
    }
    let started = Instant::now();
    let started_unix = unix_second();
    let mut per_second = Vec::new();
    let mut last = calls0;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.tick().await;
    while started.elapsed() < Duration::from_secs(a.run_secs) {
        tick.tick().await;
        let now = sim.calls(AUTHORIZER_TOKEN_PATH);
        per_second.push(now - last);
        last = now;
        if per_second.len() % 30 == 0 {
            let lapses = sim.authorizer_lapses(&component);
            eprintln!(
                "platform_scale: {:>4} s: {} api_authorizer_token so far, {} lapsed now",
                per_second.len(),
                now - calls0,
                lapses.lapsed_now
            );
        }
    }
    let refreshes = sim.calls(AUTHORIZER_TOKEN_PATH) - calls0;
    let (redis1, pg1) = (
        redis_commands(&a.redis).await?,
        postgres_transactions(&pool).await?,
    );
    let lapses = sim.authorizer_lapses(&component);
    let mut leaders = 0;
    let (mut upstream_sum, mut upstream_count) = (0.0, 0.0);
    let mut memory = Vec::new();
    for hub in &hubs {
        leaders += usize::from(leading(&http, &hub.url).await?);
        let (s, c) = upstream_time(&http, &hub.url).await?;
        upstream_sum += s;
        upstream_count += c;
        memory.push(hub.memory_mib().unwrap_or((0.0, 0.0)));
    }
    drop(hubs);

    let arrivals: Vec<(u64, u64)> = sim
        .calls_by_second(AUTHORIZER_TOKEN_PATH)
        .into_iter()
        .filter(|&(at, _)| at >= started_unix)
        .collect();
    let highest_where = |s: &dyn Fn(u64) -> bool| {
        arrivals
            .iter()
            .filter(|&&(at, _)| s(at))
            .map(|&(_, n)| n)
            .max()
            .unwrap_or(0)
    };
    let highest = highest_where(&|_| true);
    let first_minute = highest_where(&|at| at < started_unix + 60);
    let highest_sampled = per_second.iter().copied().max().unwrap_or(0);
    let per_refresh = |d: f64| {
        if refreshes == 0 {
            0.0
        } else {
            d / refreshes as f64
        }
    };
    println!(
        "platform_scale: {n} authorizers, {k} replica(s), token_ttl {ttl} s, rate {rate}/s, margin {m} s + jitter {j} s, {secs} s",
        n = a.authorizers,
        k = a.replicas,
        ttl = a.token_ttl,
        rate = a.rate,
        m = a.margin,
        j = a.jitter,
        secs = a.run_secs,
    );
    println!("  seeding: {:.1} s", seeded.as_secs_f64());
    println!(
        "  api_authorizer_token: {refreshes} ({:.2} per authorizer), highest second (by arrival) {highest}, highest in the first minute {first_minute}, highest 1 s sample {highest_sampled}, mean {:.1}/s",
        refreshes as f64 / a.authorizers.max(1) as f64,
        refreshes as f64 / per_second.len().max(1) as f64,
    );
    println!(
        "  lapses: {} (longest {:.1} s), lapsed at the end: {} of {}",
        lapses.lapses,
        lapses.longest.as_secs_f64(),
        lapses.lapsed_now,
        lapses.authorizers
    );
    println!(
        "  baseline hub (the platform, no authorizer): VmRSS {:.0} MiB, VmHWM {:.0} MiB",
        baseline.0, baseline.1
    );
    for (i, (rss, hwm)) in memory.iter().enumerate() {
        println!(
            "  hub {}: VmRSS {rss:.0} MiB, VmHWM {hwm:.0} MiB ({:.1}× the baseline's VmHWM)",
            i + 1,
            if baseline.1 > 0.0 {
                hwm / baseline.1
            } else {
                0.0
            }
        );
    }
    println!(
        "  upstream time of one refresh: mean {:.1} ms over {upstream_count}",
        if upstream_count > 0.0 {
            upstream_sum / upstream_count * 1000.0
        } else {
            0.0
        }
    );
    println!(
        "  per refresh: {:.1} Redis commands, {:.1} PostgreSQL transactions",
        per_refresh((redis1 - redis0) as f64),
        per_refresh((pg1 - pg0) as f64),
    );
    println!("  replicas holding the refresher's lease: {leaders}");

    let mut failed = Vec::new();
    if highest > u64::from(a.rate) + 1 {
        failed.push(format!(
            "{highest} refreshes in one second, over the rate {}",
            a.rate
        ));
    }
    if lapses.lapses > 0 || lapses.lapsed_now > 0 {
        failed.push(format!(
            "{} lapses, {} lapsed at the end",
            lapses.lapses, lapses.lapsed_now
        ));
    }
    if leaders != 1 {
        failed.push(format!("{leaders} replicas hold the lease"));
    }
    clean(&a, &pool, &component, &prefix).await?;
    if failed.is_empty() {
        println!("  ok");
        Ok(true)
    } else {
        println!("  FAILED: {}", failed.join("; "));
        Ok(false)
    }
}
