//! `chaos kill-platform`: SIGKILL a hub serving a third-party platform at random moments
//! during a burst of authorizer refreshes (each one rotates the account's
//! `authorizer_refresh_token`), restart it, and check after every kill that the durable
//! store reads back whole and holds, for every authorizer, a refresh token the simulator
//! still accepts; at the end, that every authorizer is still refreshable.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::Rng;
use serde_json::{json, Value};
use wechat::component::{AuthorizerInfo, AuthorizerState};
use wechat::store::{DurableStore, FileStore};

use crate::common::{
    http, median_max, random_string, secs, token_of, Common, HubProcess, Res, Sim,
};
use crate::Report;

/// The arguments of `chaos kill-platform`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// The platform the simulator serves (`wechat-sim --component APPID:SECRET:TOKEN:KEY`).
    #[arg(long)]
    component: String,
    /// How many accounts authorize the platform.
    #[arg(long, default_value_t = 8)]
    authorizers: usize,
    /// How many times the hub is killed (and restarted).
    #[arg(long, default_value_t = 20)]
    kills: u32,
    /// The shortest time a hub lives before its kill, in milliseconds.
    #[arg(long, default_value_t = 30)]
    min_uptime_ms: u64,
    /// The longest, in milliseconds.
    #[arg(long, default_value_t = 700)]
    max_uptime_ms: u64,
    /// A restarted hub must answer every authorizer's token within this long.
    #[arg(long, default_value_t = 3000)]
    restart_bound_ms: u64,
    /// The simulator's token lifetime (`wechat-sim --token-ttl`), for the hub's margin.
    #[arg(long, default_value_t = 30)]
    token_ttl: u64,
}

/// The platform's `component_appid`, secret, callback Token and EncodingAESKey.
struct PlatformKeys {
    appid: String,
    secret: String,
    token: String,
    aes_key: String,
}

impl PlatformKeys {
    fn parse(spec: &str) -> Res<PlatformKeys> {
        let mut parts = spec.splitn(4, ':');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(appid), Some(secret), Some(token), Some(aes_key)) => Ok(PlatformKeys {
                appid: appid.to_owned(),
                secret: secret.to_owned(),
                token: token.to_owned(),
                aes_key: aes_key.to_owned(),
            }),
            _ => Err(format!("--component {spec:?}: expected APPID:SECRET:TOKEN:KEY").into()),
        }
    }
}

/// A `hub.toml` serving the platform to one key, on a file store that is its durable
/// store too.
fn platform_config(common: &Common, p: &PlatformKeys, key: &str, dir: &Path, ttl: u64) -> String {
    let margin = (ttl / 4).clamp(1, 300);
    format!(
        r#"listen = "127.0.0.1:0"
threads = 2
api_base = "{api_base}"
[refresh]
margin_secs = {margin}
jitter_secs = 1
startup_spread_secs = 0
retry_min_secs = 1
retry_max_secs = 5
authorizer_rate_per_sec = 50
[store]
kind = "file"
path = {path:?}
[[component]]
appid = "{appid}"
secret = "{secret}"
token = "{token}"
aes_key = "{aes_key}"
[[key]]
name = "chaos"
secret = "{key}"
appids = ["{appid}"]
"#,
        api_base = common.sim.trim_end_matches('/'),
        path = dir.display().to_string(),
        appid = p.appid,
        secret = p.secret,
        token = p.token,
        aes_key = p.aes_key,
    )
}

/// The hub's routes and the simulator's platform routes the probe uses.
struct Platform {
    sim: Sim,
    http: reqwest::Client,
    appid: String,
    key: String,
}

impl Platform {
    /// `POST /sim/component/push_ticket` to the hub's events route: the push's status.
    async fn push_ticket(&self, hub: &str) -> Res<()> {
        let url = format!("{hub}/component/{}/events", self.appid);
        let body: Value = self
            .http
            .post(format!("{}/sim/component/push_ticket", self.sim.url()))
            .json(&json!({ "component_appid": self.appid, "url": url }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        match body["status"].as_u64() {
            Some(200) => Ok(()),
            _ => Err(format!("the ticket push was not accepted: {body}").into()),
        }
    }

    /// The merchant's way through the hub's authorization page, WeChat's page (the
    /// simulator) and back.
    async fn authorize(&self, hub: &str, authorizer_appid: &str) -> Res<()> {
        let browser = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(5))
            .build()?;
        let resp = browser
            .get(format!(
                "{hub}/component/{}/authorize?auth_type=1",
                self.appid
            ))
            .send()
            .await?;
        let location = resp
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .ok_or_else(|| format!("the authorization page answered {}", resp.status()))?;
        let page = reqwest::Url::parse(location)?;
        let pre_auth_code = page
            .query_pairs()
            .find(|(k, _)| k == "pre_auth_code")
            .map(|(_, v)| v.into_owned())
            .ok_or("no pre_auth_code in the redirect")?;
        let granted: Value = self
            .http
            .post(format!("{}/sim/component/authorize", self.sim.url()))
            .json(&json!({
                "component_appid": self.appid,
                "pre_auth_code": pre_auth_code,
                "authorizer_appid": authorizer_appid,
                "app_type": "official_account",
            }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let auth_code = granted["auth_code"].as_str().ok_or("no auth_code")?;
        let back = browser
            .get(format!(
                "{hub}/component/{}/authorized?auth_code={auth_code}&expires_in=600",
                self.appid
            ))
            .send()
            .await?;
        if back.status().is_server_error() || back.status().is_client_error() {
            return Err(format!("the authorized page answered {}", back.status()).into());
        }
        Ok(())
    }

    /// `GET /client/access_token?appid=C&authorizer_appid=A`.
    async fn token(&self, hub: &str, authorizer_appid: &str) -> Res<String> {
        let resp = self
            .http
            .get(format!("{hub}/client/access_token"))
            .query(&[
                ("appid", &*self.appid),
                ("authorizer_appid", authorizer_appid),
            ])
            .bearer_auth(&self.key)
            .send()
            .await?;
        token_of(resp, "hub").await
    }

    /// `POST /refresh/access_token {"appid","authorizer_appid","access_token"}`.
    async fn refresh(&self, hub: &str, authorizer_appid: &str, rejected: &str) -> Res<String> {
        let resp = self
            .http
            .post(format!("{hub}/refresh/access_token"))
            .bearer_auth(&self.key)
            .json(&json!({
                "appid": self.appid,
                "authorizer_appid": authorizer_appid,
                "access_token": rejected,
            }))
            .send()
            .await?;
        token_of(resp, "hub").await
    }

    /// The refresh tokens the simulator accepts for the account (newest last).
    async fn valid_refresh_tokens(&self, authorizer_appid: &str) -> Res<Vec<String>> {
        let body: Value = self
            .http
            .get(format!("{}/sim/component/tokens", self.sim.url()))
            .query(&[
                ("component_appid", &*self.appid),
                ("authorizer_appid", authorizer_appid),
            ])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(body["refresh_tokens"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Every account's token from the hub, polled until all answered or `limit` passed:
    /// how long that took.
    async fn all_answered(
        &self,
        hub: &str,
        accounts: &[String],
        limit: Duration,
    ) -> Option<Duration> {
        let started = Instant::now();
        for a in accounts {
            loop {
                if self.token(hub, a).await.is_ok() {
                    break;
                }
                if started.elapsed() > limit {
                    return None;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        Some(started.elapsed())
    }
}

/// Counts of the load.
#[derive(Default)]
struct Load {
    answers: AtomicU64,
    refreshes: AtomicU64,
}

/// Two readers of random accounts' tokens and two forced refreshers (invalidate at the
/// simulator, then the hub's requested refresh), until `stop`.
fn load(
    p: &Arc<Platform>,
    hub: &str,
    accounts: &Arc<Vec<String>>,
    counts: &Arc<Load>,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tasks = Vec::new();
    for worker in 0..4usize {
        let (p, hub, accounts) = (p.clone(), hub.to_owned(), accounts.clone());
        let (counts, stop) = (counts.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut turn = worker;
            while !stop.load(Ordering::SeqCst) {
                turn += 1;
                let a = &accounts[turn % accounts.len()];
                let Ok(current) = p.token(&hub, a).await else {
                    tokio::time::sleep(Duration::from_millis(3)).await;
                    continue;
                };
                counts.answers.fetch_add(1, Ordering::Relaxed);
                if worker % 2 == 1 && p.sim.invalidate(a).await.is_ok() {
                    if p.refresh(&hub, a, &current).await.is_ok() {
                        counts.refreshes.fetch_add(1, Ordering::Relaxed);
                    }
                } else {
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
        }));
    }
    tasks
}

/// Names of the temporary files of interrupted writes in `dir` (`.wechat-tmp…`; not
/// the directory's `.lock`, which stays).
fn temps(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".wechat-tmp") || n.starts_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

/// What the durable store holds after a kill: the problems found.
async fn check_durable(
    dir: &Path,
    p: &Platform,
    accounts: &[String],
    round: u32,
) -> Res<Vec<String>> {
    let mut problems = Vec::new();
    let store = FileStore::new(dir);
    // Every record reads back whole.
    let entries = match store.entries("").await {
        Ok(e) => e,
        Err(e) => {
            return Ok(vec![format!(
                "kill {round}: the durable store does not read: {e}"
            )])
        }
    };
    let ticket = format!("component_verify_ticket/{}", p.appid);
    if !entries.iter().any(|(k, _)| *k == ticket) {
        problems.push(format!("kill {round}: no component_verify_ticket"));
    }
    for a in accounts {
        let entry = format!("authorizer/{}/{a}", p.appid);
        match entries.iter().find(|(k, _)| *k == entry) {
            Some((_, r)) => match serde_json::from_str::<AuthorizerInfo>(r.value.expose()) {
                Ok(info) if info.state == AuthorizerState::Authorized => {}
                Ok(info) => problems.push(format!(
                    "kill {round}: {a} is {} in the registry",
                    info.state.as_str()
                )),
                Err(e) => problems.push(format!(
                    "kill {round}: {a}'s registry entry does not parse: {e}"
                )),
            },
            None => problems.push(format!("kill {round}: {a} is not in the registry")),
        }
        let key = format!("authorizer_refresh_token/{}/{a}", p.appid);
        let Some((_, stored)) = entries.iter().find(|(k, _)| *k == key) else {
            problems.push(format!(
                "kill {round}: {a}'s authorizer_refresh_token is gone"
            ));
            continue;
        };
        let valid = p.valid_refresh_tokens(a).await?;
        if !valid.iter().any(|v| v == stored.value.expose()) {
            problems.push(format!(
                "kill {round}: {a}'s stored authorizer_refresh_token is no longer accepted"
            ));
        }
    }
    Ok(problems)
}

/// Runs the probe.
pub async fn run(args: Args) -> Res<Report> {
    args.common.check()?;
    if args.min_uptime_ms > args.max_uptime_ms {
        return Err("--min-uptime-ms is above --max-uptime-ms".into());
    }
    if args.authorizers == 0 {
        return Err("--authorizers must be at least 1".into());
    }
    let keys = PlatformKeys::parse(&args.component)?;
    let common = &args.common;
    let dir = tempfile::tempdir()?;
    let store = dir.path().join("store");
    let durable = store.join("durable");
    let config = dir.path().join("hub.toml");
    let key = random_string(32);
    std::fs::write(
        &config,
        platform_config(common, &keys, &key, &store, args.token_ttl),
    )?;
    let p = Arc::new(Platform {
        sim: Sim::new(&common.sim),
        http: http(Duration::from_secs(2)),
        appid: keys.appid.clone(),
        key,
    });
    let spawn = || HubProcess::spawn(&common.hub_bin, &config, &[], Stdio::null());
    let bound = Duration::from_millis(args.restart_bound_ms);

    // The platform's ticket and its accounts' authorizations, through the hub.
    let mut hub = spawn().await?;
    p.push_ticket(&hub.url).await?;
    let accounts: Arc<Vec<String>> = Arc::new(
        (0..args.authorizers)
            .map(|i| format!("wxa{:015x}", 0xc4a05_u64 * 1000 + i as u64))
            .collect(),
    );
    for a in accounts.iter() {
        p.authorize(&hub.url, a).await?;
    }
    p.all_answered(&hub.url, &accounts, Duration::from_secs(10))
        .await
        .ok_or("the hub did not answer every authorizer's token after the authorizations")?;

    let counts = Arc::new(Load::default());
    let mut problems = Vec::new();
    let mut restarts = Vec::new();
    let mut not_served = 0u32;
    let mut interrupted = 0u32;
    let mut left = BTreeSet::new();
    for round in 1..=args.kills {
        let uptime = rand::rng().random_range(args.min_uptime_ms..=args.max_uptime_ms);
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = load(&p, &hub.url, &accounts, &counts, &stop);
        tokio::time::sleep(Duration::from_millis(uptime)).await;
        hub.kill().await;
        stop.store(true, Ordering::SeqCst);
        for t in tasks {
            let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
        }
        // The store as the killed hub left it (before anything opens it and tidies).
        let temps_after_kill = temps(&durable);
        if !temps_after_kill.is_empty() {
            interrupted += 1;
        }
        problems.extend(check_durable(&store, &p, &accounts, round).await?);

        let started = Instant::now();
        hub = spawn().await?;
        match p.all_answered(&hub.url, &accounts, bound * 5).await {
            Some(_) => restarts.push(started.elapsed()),
            None => not_served += 1,
        }
        left.extend(temps_after_kill.intersection(&temps(&durable)).cloned());
    }

    // Every account is still refreshable, and then holds the simulator's newest token.
    let mut unrefreshable = Vec::new();
    for a in accounts.iter() {
        let refreshed = async {
            let current = p.token(&hub.url, a).await?;
            p.sim.invalidate(a).await?;
            p.refresh(&hub.url, a, &current).await
        }
        .await;
        if let Err(e) = refreshed {
            unrefreshable.push(format!("{a}: {e}"));
        }
    }
    hub.kill().await;
    let final_store = FileStore::new(&store);
    for a in accounts.iter() {
        let stored = final_store
            .load(&format!("authorizer_refresh_token/{}/{a}", p.appid))
            .await?;
        let valid = p.valid_refresh_tokens(a).await?;
        if stored.map(|r| r.value.expose().to_owned()) != valid.last().cloned() {
            unrefreshable.push(format!(
                "{a}: the store does not hold the simulator's newest refresh token"
            ));
        }
    }

    let (median, max) = median_max(&restarts);
    let mut failed = Vec::new();
    if not_served > 0 {
        failed.push(format!(
            "{not_served} restart(s) did not serve every authorizer within {}",
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
    if !problems.is_empty() {
        failed.push(problems.join("; "));
    }
    if !unrefreshable.is_empty() {
        failed.push(format!(
            "not refreshable at the end: {}",
            unrefreshable.join("; ")
        ));
    }
    if !left.is_empty() {
        failed.push(format!(
            "{} temporary file(s) of interrupted writes still in the durable store once it was opened again",
            left.len()
        ));
    }
    let figures = format!(
        "{kills} kills of a hub with {n} authorizers, {restarted} restarts served every \
         authorizer in <= {max} (max; median {median}), {problems} durable-store problems, \
         {unrefreshable} authorizers not refreshable at the end ({answers} answers, \
         {refreshes} forced refreshes, each rotating a refresh token; {interrupted} kills \
         interrupted a durable write)",
        kills = args.kills,
        n = accounts.len(),
        restarted = restarts.len(),
        max = secs(max),
        median = secs(median),
        problems = problems.len(),
        unrefreshable = unrefreshable.len(),
        answers = counts.answers.load(Ordering::Relaxed),
        refreshes = counts.refreshes.load(Ordering::Relaxed),
    );
    Ok(Report { figures, failed })
}
