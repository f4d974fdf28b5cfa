//! What the process-level hub tests share: `wechat-hub` processes, Redis servers, a
//! simulator with one app, and scenario-client clients.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use wechat::wechat_client;
pub use wechat_sim::{SimConfig, Simulator};

pub const APPID: &str = "wx1a2b3c4d5e6f7a8b";
pub const SECRET: &str = "test-secret-4f1c2a7d9e";
pub const KEY: &str = "shop-backend-key-0f3e9a";

/// A business server's client: tokens from a hub.
#[wechat_client(appid = "wx1a2b3c4d5e6f7a8b", scenario = "client")]
pub struct ShopClient;

pub async fn sim() -> Simulator {
    Simulator::start(SimConfig::default().app(APPID, SECRET))
        .await
        .expect("simulator starts")
}

/// A client of the hub at `hub_url` calling WeChat at `sim`, sharing `http`.
pub fn client(sim: &Simulator, hub_url: &str, http: &reqwest::Client) -> ShopClient {
    ShopClient::builder()
        .api_base(sim.url())
        .hub_url(hub_url)
        .hub_key(KEY)
        .http_client(http.clone())
        .refresh_jitter(Duration::ZERO)
        .retry_delay(Duration::from_millis(5))
        .build()
        .expect("client builds")
}

/// A `hub.toml` for the simulator's app with `store` as its `[store]` table body.
pub fn hub_toml(sim: &Simulator, store: &str) -> String {
    format!(
        r#"listen = "127.0.0.1:0"
api_base = "{}"
[refresh]
startup_spread_secs = 0
retry_min_secs = 1
[store]
{store}
[[app]]
appid = "{APPID}"
secret = "{SECRET}"
[[key]]
name = "shop-backend"
secret = "{KEY}"
appids = ["{APPID}"]
"#,
        sim.url()
    )
}

/// The `wechat-hub` binary of this build.
#[cfg(feature = "hub")]
pub fn hub_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_wechat-hub"))
}

/// A running `wechat-hub` process, killed on drop.
#[cfg(feature = "hub")]
pub struct HubProcess {
    child: Child,
    pub url: String,
}

#[cfg(feature = "hub")]
impl HubProcess {
    /// Writes `config` to `dir/name.toml` and starts a hub on it; waits for its address.
    pub fn start(dir: &Path, name: &str, config: &str) -> HubProcess {
        let path = dir.join(format!("{name}.toml"));
        std::fs::write(&path, config).unwrap();
        let log = std::fs::File::create(dir.join(format!("{name}.log"))).unwrap();
        let mut child = Command::new(hub_binary())
            .arg("--config")
            .arg(&path)
            .current_dir(dir)
            .env(
                "WECHAT_HUB_LOG",
                std::env::var("WECHAT_HUB_LOG").unwrap_or("warn".into()),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("wechat-hub starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| {
                let log =
                    std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default();
                panic!("wechat-hub printed {line:?}; log: {log}")
            })
            .to_owned();
        HubProcess { child, url }
    }
}

#[cfg(feature = "hub")]
impl Drop for HubProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free TCP port on loopback (free when asked; good enough for tests).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Sends one Redis command (RESP) and returns the raw answer; `None` if Redis does not
/// answer.
pub fn redis_command(addr: &str, args: &[&str]) -> Option<String> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let mut cmd = format!("*{}\r\n", args.len());
    for a in args {
        cmd.push_str(&format!("${}\r\n{a}\r\n", a.len()));
    }
    stream.write_all(cmd.as_bytes()).ok()?;
    let mut buf = vec![0u8; 64 * 1024];
    let n = stream.read(&mut buf).ok()?;
    Some(String::from_utf8_lossy(&buf[..n]).into_owned())
}

fn redis_answers(addr: &str) -> bool {
    redis_command(addr, &["PING"]).is_some_and(|a| a.starts_with("+PONG"))
}

/// A `redis-server` child process on its own port, stopped on drop.
pub struct RedisServer {
    child: Option<Child>,
    pub port: u16,
}

impl RedisServer {
    /// Whether `redis-server` can be started here.
    pub fn available() -> bool {
        Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Starts one on a free port, or `None` (with a message) when `redis-server` is not
    /// installed. Under CI (`CI` set) a missing `redis-server` fails the test.
    pub fn start() -> Option<RedisServer> {
        if !Self::available() {
            assert!(
                std::env::var_os("CI").is_none(),
                "redis-server is not installed (apt-get install redis-server)"
            );
            eprintln!("skipped: redis-server is not installed (apt-get install redis-server)");
            return None;
        }
        let mut server = RedisServer {
            child: None,
            port: free_port(),
        };
        server.restart();
        Some(server)
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Stops it (its data is lost: it keeps none).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts it again on the same port and waits until it answers.
    pub fn restart(&mut self) {
        self.stop();
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !redis_answers(&self.addr()) {
            assert!(Instant::now() < deadline, "redis-server did not answer");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A Redis for tests: `WECHAT_TEST_REDIS_URL`, else the one on 127.0.0.1:6379 when it
/// answers, else a `redis-server` of our own (kept in the returned guard). `None` when
/// there is none (the test is skipped; under CI it fails).
pub fn shared_redis() -> Option<(String, Option<RedisServer>)> {
    if let Ok(url) = std::env::var("WECHAT_TEST_REDIS_URL") {
        return Some((url, None));
    }
    if redis_answers("127.0.0.1:6379") {
        return Some(("redis://127.0.0.1:6379".to_owned(), None));
    }
    RedisServer::start().map(|s| (s.url(), Some(s)))
}

/// A key prefix of its own for one test.
pub fn unique_prefix(test: &str) -> String {
    format!(
        "wechat-test:{test}:{}:{:x}",
        std::process::id(),
        rand::random::<u64>()
    )
}

/// Deletes the keys under `prefix` (best effort).
pub fn delete_prefix(url: &str, prefix: &str) {
    let addr = url.trim_start_matches("redis://").trim_end_matches('/');
    let Some(answer) = redis_command(addr, &["KEYS", &format!("{prefix}:*")]) else {
        return;
    };
    for key in answer
        .lines()
        .filter(|l| !l.starts_with('*') && !l.starts_with('$'))
    {
        let _ = redis_command(addr, &["DEL", key]);
    }
}
