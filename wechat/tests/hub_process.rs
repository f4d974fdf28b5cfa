//! The `wechat-hub` binary as a process: `check-config`, exit codes, restarts on a file
//! store.

#![cfg(feature = "hub")]

mod support;

use std::process::Command;
use std::time::Duration;

use support::*;

fn check_config(dir: &std::path::Path, text: &str) -> (i32, String, String) {
    let path = dir.join("hub.toml");
    std::fs::write(&path, text).unwrap();
    let out = Command::new(hub_binary())
        .args(["check-config", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `dir/hub.toml`: one app and a key `k` for every appid, a memory store, and a
/// WeChat that is a closed port on loopback (the hub's refreshes fail at once, and no
/// request leaves the machine); `extra` goes at the top.
fn offline_config(dir: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let path = dir.join("hub.toml");
    std::fs::write(
        &path,
        format!(
            "listen = \"127.0.0.1:0\"\napi_base = \"http://127.0.0.1:9\"\n{extra}[store]\nkind = \"memory\"\n[[app]]\nappid = \"{APPID}\"\nsecret = \"{SECRET}\"\n[[key]]\nname = \"k\"\nsecret = \"{KEY}\"\nappids = [\"*\"]\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn check_config_accepts_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "[[app]]\nappid = \"{APPID}\"\nsecret = \"{SECRET}\"\n[[key]]\nname = \"k\"\nsecret = \"{KEY}\"\nappids = [\"*\"]\n"
    );
    let (code, out, err) = check_config(dir.path(), &text);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok: 1 app(s), 1 key(s)"), "{out}");
    assert!(!out.contains(SECRET) && !out.contains(KEY), "{out}");
}

#[test]
fn config_errors_are_one_line_each_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"
api_base = "not a url"
[[app]]
appid = "wxA"
[[app]]
appid = "wxA"
secret = "s"
[[key]]
name = "k"
secret = "k"
appids = ["*"]
"#;
    let (code, _, err) = check_config(dir.path(), text);
    assert_eq!(code, 2);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines.iter().all(|l| l.starts_with("wechat-hub: ")), "{err}");
    assert!(err.contains("api_base = \"not a url\""), "{err}");
    assert!(err.contains("app wxA: no secret"), "{err}");
    assert!(err.contains("already [[app]] #1"), "{err}");

    // An unknown key does not hide the other problems; each is located.
    let (code, _, err) = check_config(dir.path(), "[[app]]\nappid = \"wxA\"\nsecrte = \"s\"\n");
    assert_eq!(code, 2);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].contains("hub.toml:3:1: unknown field `secrte`"),
        "{err}"
    );
    assert!(
        lines[1].contains("hub.toml:1:1: app wxA: no secret"),
        "{err}"
    );

    // An unreadable file.
    let out = Command::new(hub_binary())
        .args(["--config", "/nonexistent/hub.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read /nonexistent/hub.toml"), "{err}");
}

#[test]
fn environment_variables_supply_the_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.toml");
    std::fs::write(
        &path,
        "[[app]]\nappid = \"wxA\"\n[[key]]\nname = \"shop-backend\"\nappids = [\"wxA\"]\n",
    )
    .unwrap();
    let out = Command::new(hub_binary())
        .args(["check-config", "--config"])
        .arg(&path)
        .env("WECHAT_HUB_SECRET_WXA", "s")
        .env("WECHAT_HUB_KEY_SHOP_BACKEND", "k")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_restarted_on_a_file_store_makes_no_upstream_request() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let config = hub_toml(&sim, "kind = \"file\"\npath = \"./tokens\"");
    let http = reqwest::Client::new();
    let hub = HubProcess::start(dir.path(), "hub", &config);
    client(&sim, &hub.url, &http)
        .access()
        .getcallbackip()
        .await
        .unwrap();
    assert_eq!(sim.token_requests(), 1);
    drop(hub);
    assert!(dir.path().join("tokens").is_dir());

    let restarted = HubProcess::start(dir.path(), "hub", &config);
    client(&sim, &restarted.url, &http)
        .access()
        .getcallbackip()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sim.token_requests(), 1, "the restarted hub read its files");
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_hub_cleanly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let path = offline_config(dir.path(), "threads = 2\n");
    let mut child = Command::new(hub_binary())
        .arg("--config")
        .arg(&path)
        .env("WECHAT_HUB_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap()
        .to_owned();
    // Both serving threads answer on the one port.
    for _ in 0..4 {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        std::io::Write::write_all(
            &mut s,
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
        let mut answer = String::new();
        std::io::Read::read_to_string(&mut s, &mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// Logs written to a file carry no ANSI colour codes, and name each refused request's
/// route, status and key, never its secret.
#[test]
fn logs_to_a_file_are_plain_and_name_refused_requests() {
    let dir = tempfile::tempdir().unwrap();
    let path = offline_config(dir.path(), "");
    let log_path = dir.path().join("hub.log");
    let mut child = Command::new(hub_binary())
        .arg("--config")
        .arg(&path)
        .env("WECHAT_HUB_LOG", "info")
        .env_remove("NO_COLOR")
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert!(line.starts_with("listening on "), "{line}");
    let addr = line
        .trim()
        .trim_start_matches("listening on http://")
        .to_owned();
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    std::io::Write::write_all(
        &mut s,
        format!("GET /client/access_token?appid=wxnotserved HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut s, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    // Both lines are logged right after they happen.
    let mut log = String::new();
    for _ in 0..200 {
        log = std::fs::read_to_string(&log_path).unwrap();
        if log.contains("serving thread") && log.contains("request refused") {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(log.contains("serving thread"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "colour codes in a log file: {log:?}"
    );
    let refused = log
        .lines()
        .find(|l| l.contains("request refused"))
        .unwrap_or_else(|| panic!("no refusal logged: {log}"));
    assert!(
        refused.contains("route=\"/client/access_token\"")
            && refused.contains("status=404")
            && refused.contains("key=\"k\""),
        "{refused}"
    );
    assert!(!log.contains(KEY) && !log.contains(SECRET), "{log}");
}
