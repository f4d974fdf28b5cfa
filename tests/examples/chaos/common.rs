//! What the probes share: the simulator's control API, `wechat-hub` processes, the
//! SDK clients, and small statistics.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::distr::{Alphanumeric, SampleString};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The error of a probe that could not run (as opposed to a check that failed).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// A probe step's result.
pub type Res<T> = Result<T, BoxError>;

/// The arguments every probe takes: the simulator, the app it serves, the hub binary.
#[derive(clap::Args, Clone, Debug)]
pub struct Common {
    /// The simulator's base URL (`wechat-sim` prints it), on 127.0.0.1.
    #[arg(long, value_name = "URL")]
    pub sim: String,
    /// The `wechat-hub` binary (built with `--features hub`).
    #[arg(long, value_name = "PATH")]
    pub hub_bin: PathBuf,
    /// The appid the simulator serves (`wechat-sim --app APPID:SECRET`).
    #[arg(long, default_value = APPID)]
    pub appid: String,
    /// Its secret.
    #[arg(long)]
    pub secret: String,
}

impl Common {
    /// Refuses anything but loopback: the probes send traffic to 127.0.0.1 only.
    pub fn check(&self) -> Res<()> {
        let url = reqwest::Url::parse(&self.sim)?;
        if url.host_str() != Some("127.0.0.1") {
            return Err(format!("--sim {}: the probes talk to 127.0.0.1 only", self.sim).into());
        }
        Ok(())
    }
}

/// The appid of the probes, unless `--appid` says otherwise.
pub const APPID: &str = "wx0c4a05de11c0a05e";

/// A fresh random string of `len` letters and digits, e.g. for a hub key.
pub fn random_string(len: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), len)
}

/// A `reqwest` client for loopback: no proxy, short timeouts.
pub fn http(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(1))
        .build()
        .expect("a reqwest client builds")
}

/// The serial number the simulator writes at the front of every access_token it issues
/// (`81_...`, `82_...`): it orders the tokens by issue.
pub fn serial(token: &str) -> Option<u64> {
    token.split_once('_')?.0.parse().ok()
}

/// The simulator's control API (`/sim/...`).
#[derive(Clone, Debug)]
pub struct Sim {
    base: String,
    http: reqwest::Client,
}

impl Sim {
    /// The simulator at `base`.
    pub fn new(base: &str) -> Sim {
        Sim {
            base: base.trim_end_matches('/').to_owned(),
            http: http(Duration::from_secs(5)),
        }
    }

    /// Its base URL, the `api_base` of clients and hubs.
    pub fn url(&self) -> &str {
        &self.base
    }

    async fn post(&self, path: &str, body: Value) -> Res<Value> {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await?;
        let status = resp.status();
        let body: Value = resp.json().await?;
        if !status.is_success() {
            return Err(format!("simulator {path}: HTTP {status}: {body}").into());
        }
        Ok(body)
    }

    /// Every token of `appid` answers 40001 from now on.
    pub async fn invalidate(&self, appid: &str) -> Res<()> {
        self.post("/sim/invalidate", json!({ "appid": appid }))
            .await
            .map(drop)
    }

    /// The newest valid token of `appid`, if any.
    pub async fn current_token(&self, appid: &str) -> Res<Option<String>> {
        let resp = self
            .http
            .get(format!("{}/sim/token", self.base))
            .query(&[("appid", appid)])
            .send()
            .await?;
        if resp.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let body: Value = resp.error_for_status()?.json().await?;
        Ok(body["access_token"].as_str().map(str::to_owned))
    }

    /// `/sim/stats`: the requests per path and the token requests since the last reset.
    pub async fn stats(&self) -> Res<Value> {
        Ok(self
            .http
            .get(format!("{}/sim/stats", self.base))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }

    /// Sets every count to zero.
    pub async fn reset(&self) -> Res<()> {
        self.post("/sim/reset", json!({})).await.map(drop)
    }

    /// Adds a fault (`POST /sim/fault`).
    pub async fn add_fault(&self, fault: Value) -> Res<()> {
        self.post("/sim/fault", fault).await.map(drop)
    }

    /// Removes every fault.
    pub async fn clear_faults(&self) -> Res<()> {
        self.http
            .delete(format!("{}/sim/fault", self.base))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}

/// Where a hub keeps its tokens.
#[derive(Clone, Debug)]
pub enum HubStore {
    /// `[store] kind = "memory"`.
    Memory,
    /// `[store] kind = "file"` in this directory.
    File(PathBuf),
}

/// A `hub.toml` serving one app to one key, listening on a free loopback port.
pub fn hub_config(common: &Common, key: &str, store: &HubStore, token_ttl_secs: u64) -> String {
    let store = match store {
        HubStore::Memory => "kind = \"memory\"".to_owned(),
        HubStore::File(dir) => format!("kind = \"file\"\npath = {:?}", dir.display().to_string()),
    };
    // Refresh well inside the simulator's short lifetimes, and retry failures soon.
    let margin = (token_ttl_secs / 4).clamp(1, 300);
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
[store]
{store}
[[app]]
appid = "{appid}"
secret = "{secret}"
[[key]]
name = "chaos"
secret = "{key}"
appids = ["{appid}"]
"#,
        api_base = common.sim.trim_end_matches('/'),
        appid = common.appid,
        secret = common.secret,
    )
}

/// A running `wechat-hub` process; killed when dropped.
pub struct HubProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Everything it wrote on stdout so far.
    pub stdout: Arc<Mutex<String>>,
}

impl HubProcess {
    /// Starts `bin --config config` with `env` added, and waits (at most 10 s) for its
    /// `listening on http://ADDR` line. `stderr` takes its logs.
    pub async fn spawn(
        bin: &Path,
        config: &Path,
        env: &[(&str, &str)],
        stderr: Stdio,
    ) -> Res<HubProcess> {
        let mut cmd = Command::new(bin);
        cmd.arg("--config")
            .arg(config)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let out = child.stdout.take().ok_or("no stdout")?;
        let stdout = Arc::new(Mutex::new(String::new()));
        let (first_tx, first_rx) = tokio::sync::oneshot::channel::<String>();
        let collected = stdout.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(out).lines();
            let mut first = Some(first_tx);
            while let Ok(Some(line)) = lines.next_line().await {
                {
                    let mut all = collected.lock().unwrap_or_else(|p| p.into_inner());
                    all.push_str(&line);
                    all.push('\n');
                }
                if let Some(tx) = first.take() {
                    let _ = tx.send(line);
                }
            }
        });
        let line = match tokio::time::timeout(Duration::from_secs(10), first_rx).await {
            Ok(Ok(line)) => line,
            _ => {
                let status = child.try_wait().ok().flatten();
                return Err(format!(
                    "wechat-hub printed no `listening on` line within 10 s (exit status {status:?})"
                )
                .into());
            }
        };
        let url = line
            .strip_prefix("listening on ")
            .ok_or_else(|| format!("wechat-hub's first line: {line:?}"))?
            .to_owned();
        let addr: SocketAddr = url
            .trim_start_matches("http://")
            .parse()
            .map_err(|e| format!("wechat-hub's address {url}: {e}"))?;
        if !addr.ip().is_loopback() {
            return Err(format!("wechat-hub listens on {addr}, not on loopback").into());
        }
        Ok(HubProcess { child, url, stdout })
    }

    /// SIGKILL, then waits for the process to be gone.
    pub async fn kill(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }

    /// SIGTERM (a graceful stop), then waits up to 5 s before a SIGKILL.
    pub async fn stop(mut self) {
        #[cfg(unix)]
        if let Some(pid) = self.child.id().and_then(|p| libc::pid_t::try_from(p).ok()) {
            // SAFETY: kill(2) takes no pointer; the pid is our child's, not reaped yet.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
        }
        if tokio::time::timeout(Duration::from_secs(5), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.start_kill();
            let _ = self.child.wait().await;
        }
    }
}

/// `GET {hub}/client/access_token?appid=` with the key: the token, or why not.
pub async fn hub_token(http: &reqwest::Client, hub: &str, appid: &str, key: &str) -> Res<String> {
    let resp = http
        .get(format!("{hub}/client/access_token"))
        .query(&[("appid", appid)])
        .bearer_auth(key)
        .send()
        .await?;
    token_of(resp, "hub").await
}

/// The `access_token` of a hub's answer, or what the hub said instead.
pub async fn token_of(resp: reqwest::Response, what: &str) -> Res<String> {
    let status = resp.status();
    let body: Value = resp.json().await?;
    match body["access_token"].as_str() {
        Some(t) if status.is_success() => Ok(t.to_owned()),
        _ => Err(format!("{what}: HTTP {status}: errcode {}", body["errcode"]).into()),
    }
}

/// `POST {hub}/refresh/access_token {"appid","access_token"}`: the token it answers.
pub async fn hub_refresh(
    http: &reqwest::Client,
    hub: &str,
    appid: &str,
    key: &str,
    rejected: &str,
) -> Res<String> {
    let resp = http
        .post(format!("{hub}/refresh/access_token"))
        .bearer_auth(key)
        .json(&json!({ "appid": appid, "access_token": rejected }))
        .send()
        .await?;
    token_of(resp, "hub refresh").await
}

/// Polls `GET /client/access_token` until the hub answers one, for at most `limit`:
/// the time since `since` and the token.
pub async fn first_answer(
    hub: &str,
    appid: &str,
    key: &str,
    since: Instant,
    limit: Duration,
) -> Option<(Duration, String)> {
    let http = http(Duration::from_millis(500));
    while since.elapsed() < limit {
        if let Ok(token) = hub_token(&http, hub, appid, key).await {
            return Some((since.elapsed(), token));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    None
}

/// Waits up to 10 s for the hub's first `GET /client/access_token` answer: the token.
pub async fn first_token(hub: &HubProcess, appid: &str, key: &str) -> Res<String> {
    first_answer(
        &hub.url,
        appid,
        key,
        Instant::now(),
        Duration::from_secs(10),
    )
    .await
    .map(|(_, token)| token)
    .ok_or_else(|| "the hub never answered GET /client/access_token".into())
}

/// A hub on a memory store with a fresh key, once it has answered a token: the hub,
/// its key and the directory of its configuration (deleted on drop).
pub async fn start_memory_hub(common: &Common) -> Res<(HubProcess, String, tempfile::TempDir)> {
    let dir = tempfile::tempdir()?;
    let config = dir.path().join("hub.toml");
    let key = random_string(32);
    std::fs::write(&config, hub_config(common, &key, &HubStore::Memory, 7200))?;
    let hub = HubProcess::spawn(&common.hub_bin, &config, &[], Stdio::null()).await?;
    first_token(&hub, &common.appid, &key).await?;
    Ok((hub, key, dir))
}

/// An SDK client that holds the app secret (scenario `hub`).
#[wechat::wechat_client(appid = "wx0c4a05de11c0a05e", scenario = "hub")]
pub struct DirectApp;

/// An SDK client that gets its tokens from a hub (scenario `client`).
#[wechat::wechat_client(appid = "wx0c4a05de11c0a05e", scenario = "client")]
pub struct HubApp;

/// The median and the maximum.
pub fn median_max(values: &[Duration]) -> (Duration, Duration) {
    if values.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    let mut v = values.to_vec();
    v.sort();
    (v[v.len() / 2], v[v.len() - 1])
}

/// Seconds with two decimals (`0.18 s`; `12 s` when whole), or milliseconds below 0.1 s
/// (`7 ms`, `0.4 ms`).
pub fn secs(d: Duration) -> String {
    if d < Duration::from_millis(1) {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    } else if d < Duration::from_millis(100) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}
