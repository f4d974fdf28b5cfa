//! `chaos kill-hub`: SIGKILL a hub on a file store at random moments while clients read
//! and force-refresh its token, restart it, and check the store and the tokens after
//! every kill.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::Rng;
use wechat::store::StoredToken;

use crate::common::{
    first_answer, first_token, http, hub_config, hub_refresh, hub_token, median_max, random_string,
    secs, serial, Common, HubProcess, HubStore, Res, Sim,
};
use crate::Report;

/// The arguments of `chaos kill-hub`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// How many times the hub is killed (and restarted).
    #[arg(long, default_value_t = 20)]
    kills: u32,
    /// The shortest time a hub lives before its kill, in milliseconds.
    #[arg(long, default_value_t = 30)]
    min_uptime_ms: u64,
    /// The longest, in milliseconds.
    #[arg(long, default_value_t = 700)]
    max_uptime_ms: u64,
    /// A restarted hub must answer `GET /client/access_token` within this long.
    #[arg(long, default_value_t = 2000)]
    restart_bound_ms: u64,
    /// The simulator's token lifetime (`wechat-sim --token-ttl`), for the hub's refresh
    /// margin.
    #[arg(long, default_value_t = 30)]
    token_ttl: u64,
}

/// What the store directory holds after a kill.
#[derive(Default)]
struct Snapshot {
    /// Token files that parse, by file name.
    tokens: HashMap<String, StoredToken>,
    /// Files that do not parse as a stored token (or are not token files at all).
    unreadable: Vec<String>,
    /// Temporary files (hidden: `.tmp*`) of interrupted writes.
    temps: BTreeSet<String>,
}

fn inspect(dir: &Path) -> Res<Snapshot> {
    let mut snap = Snapshot::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(snap),
        Err(e) => return Err(e.into()),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Writers name their temporary files with a leading dot (`.tmpXXXXXX`,
        // `.wechat-tmpXXXXXX`); token files are `KEY.json`.
        if name.starts_with('.') {
            snap.temps.insert(name);
            continue;
        }
        let parsed = name
            .ends_with(".json")
            .then(|| std::fs::read(entry.path()).ok())
            .flatten()
            .and_then(|bytes| serde_json::from_slice::<StoredToken>(&bytes).ok());
        match parsed {
            Some(token) => {
                snap.tokens.insert(name, token);
            }
            None => snap.unreadable.push(name),
        }
    }
    Ok(snap)
}

fn temps(dir: &Path) -> BTreeSet<String> {
    inspect(dir).map(|s| s.temps).unwrap_or_default()
}

/// The tokens the hub answered while it lived.
#[derive(Default)]
struct Served {
    /// The highest serial answered so far.
    max_serial: AtomicU64,
    /// The token with that serial.
    latest: Mutex<String>,
    /// How many answers.
    answers: AtomicU64,
    /// How many of them answered a forced refresh.
    refreshes: AtomicU64,
}

impl Served {
    fn record(&self, token: &str) {
        self.answers.fetch_add(1, Ordering::Relaxed);
        let Some(s) = serial(token) else { return };
        if self.max_serial.fetch_max(s, Ordering::SeqCst) < s {
            let mut latest = self.latest.lock().unwrap_or_else(|p| p.into_inner());
            if serial(&latest).is_none_or(|l| l < s) {
                *latest = token.to_owned();
            }
        }
    }

    fn latest(&self) -> String {
        self.latest
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Readers of `GET /client/access_token` and one forced refresher (invalidate at the
/// simulator, then `POST /refresh/access_token` with the current token) until `stop`.
fn load(
    common: &Common,
    hub: &str,
    key: &str,
    served: &Arc<Served>,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tasks = Vec::new();
    for _ in 0..2 {
        let (hub, key, appid) = (hub.to_owned(), key.to_owned(), common.appid.clone());
        let (served, stop) = (served.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let http = http(Duration::from_secs(1));
            while !stop.load(Ordering::SeqCst) {
                if let Ok(t) = hub_token(&http, &hub, &appid, &key).await {
                    served.record(&t);
                }
                tokio::time::sleep(Duration::from_millis(3)).await;
            }
        }));
    }
    let (hub, key, appid) = (hub.to_owned(), key.to_owned(), common.appid.clone());
    let sim = Sim::new(&common.sim);
    let (served, stop) = (served.clone(), stop.clone());
    tasks.push(tokio::spawn(async move {
        let http = http(Duration::from_secs(1));
        while !stop.load(Ordering::SeqCst) {
            let current = served.latest();
            if !current.is_empty() && sim.invalidate(&appid).await.is_ok() {
                if let Ok(t) = hub_refresh(&http, &hub, &appid, &key, &current).await {
                    served.refreshes.fetch_add(1, Ordering::Relaxed);
                    served.record(&t);
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }));
    tasks
}

/// Runs the probe.
pub async fn run(args: Args) -> Res<Report> {
    args.common.check()?;
    if args.min_uptime_ms > args.max_uptime_ms {
        return Err("--min-uptime-ms is above --max-uptime-ms".into());
    }
    let common = &args.common;
    let sim = Sim::new(&common.sim);
    let dir = tempfile::tempdir()?;
    let store = dir.path().join("store");
    let config = dir.path().join("hub.toml");
    let key = random_string(32);
    std::fs::write(
        &config,
        hub_config(common, &key, &HubStore::File(store.clone()), args.token_ttl),
    )?;
    let bound = Duration::from_millis(args.restart_bound_ms);
    let spawn = || HubProcess::spawn(&common.hub_bin, &config, &[], Stdio::null());

    let mut hub = spawn().await?;
    let served = Arc::new(Served::default());
    let first = first_token(&hub, &common.appid, &key).await?;
    served.record(&first);

    let mut restarts = Vec::new();
    let mut not_served = 0u32;
    let mut unreadable = BTreeSet::new();
    let mut regressions = Vec::new();
    let mut left = BTreeSet::new();
    let mut superseded = 0u32;
    let mut interrupted = 0u32;
    let mut temps_seen = BTreeSet::new();
    let mut last_seen: HashMap<String, (i64, u64)> = HashMap::new();
    let access_file = format!("access_token%2F{}.json", common.appid);

    for round in 1..=args.kills {
        let uptime = rand::rng().random_range(args.min_uptime_ms..=args.max_uptime_ms);
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = load(common, &hub.url, &key, &served, &stop);
        tokio::time::sleep(Duration::from_millis(uptime)).await;
        hub.kill().await;
        stop.store(true, Ordering::SeqCst);
        for t in tasks {
            let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
        }
        let max_served = served.max_serial.load(Ordering::SeqCst);

        // The store as the killed hub left it.
        let snap = inspect(&store)?;
        unreadable.extend(
            snap.unreadable
                .iter()
                .map(|n| format!("{n} (kill {round})")),
        );
        for (name, token) in &snap.tokens {
            let now = (
                token.fetched_at_ms,
                serial(token.value.expose()).unwrap_or(0),
            );
            if let Some(before) = last_seen.insert(name.clone(), now) {
                if now.0 < before.0 || now.1 < before.1 {
                    regressions.push(format!(
                        "kill {round}: {name} went back from token #{} to #{}",
                        before.1, now.1
                    ));
                }
            }
        }
        let stored_serial = snap
            .tokens
            .get(&access_file)
            .and_then(|t| serial(t.value.expose()))
            .unwrap_or(0);
        if stored_serial < max_served {
            regressions.push(format!(
                "kill {round}: the store holds token #{stored_serial}, the hub had answered #{max_served}"
            ));
        }

        // The restart, and its first answer.
        let started = Instant::now();
        hub = spawn().await?;
        match first_answer(&hub.url, &common.appid, &key, started, bound * 5).await {
            Some((took, token)) => {
                restarts.push(took);
                let s = serial(&token).unwrap_or(0);
                if s < stored_serial {
                    regressions.push(format!(
                        "restart {round}: answered token #{s}, older than the stored #{stored_serial}"
                    ));
                }
                if let Ok(Some(current)) = sim.current_token(&common.appid).await {
                    if serial(&current).is_some_and(|c| c > s) {
                        superseded += 1;
                    }
                }
                served.record(&token);
            }
            None => not_served += 1,
        }
        // Temporary files the kill left that the restarted hub did not remove.
        let before = temps_seen.len();
        temps_seen.extend(snap.temps.iter().cloned());
        if temps_seen.len() > before {
            interrupted += 1;
        }
        let now = temps(&store);
        left.extend(snap.temps.intersection(&now).cloned());
    }
    hub.kill().await;

    let (median, max) = median_max(&restarts);
    let mut failed = Vec::new();
    if not_served > 0 {
        failed.push(format!(
            "{not_served} restart(s) did not answer within {}",
            secs(bound * 5)
        ));
    }
    if max > bound {
        failed.push(format!(
            "a restart took {} (bound {})",
            secs(max),
            secs(bound)
        ));
    }
    if !unreadable.is_empty() {
        failed.push(format!(
            "unreadable store files: {}",
            unreadable.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if !regressions.is_empty() {
        failed.push(regressions.join("; "));
    }
    if !left.is_empty() {
        failed.push(format!(
            "{} temporary file(s) of interrupted writes still in the store after a restart",
            left.len()
        ));
    }
    let figures = format!(
        "{kills} kills, {restarted} restarts served in <= {max} (max; median {median}), \
         {unreadable} unreadable store files, {regressions} token regressions, \
         {left} temp files left ({interrupted} kills interrupted a store write; {answers} \
         answers, {refreshes} of them forced refreshes; {superseded} restarts first served \
         a token the simulator had replaced)",
        kills = args.kills,
        restarted = restarts.len(),
        max = secs(max),
        median = secs(median),
        unreadable = unreadable.len(),
        regressions = regressions.len(),
        left = left.len(),
        answers = served.answers.load(Ordering::Relaxed),
        refreshes = served.refreshes.load(Ordering::Relaxed),
    );
    Ok(Report { figures, failed })
}
