//! The `wechat-sim` binary: address line, serving, argument errors.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_wechat-sim");

/// Kills the child when the test ends, even on failure.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("binary runs")
}

#[tokio::test]
async fn prints_its_address_first_and_serves() {
    let child = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--app",
            "wxbin:secret",
            "--token-ttl",
            "60",
            "--grace",
            "5",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("piped stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .unwrap()
    .unwrap();
    let url = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let port = url.strip_prefix("http://127.0.0.1:").expect("loopback URL");
    assert!(port.parse::<u16>().is_ok_and(|p| p != 0), "{url}");

    let body: serde_json::Value = reqwest::get(format!(
        "{url}/cgi-bin/token?grant_type=client_credential&appid=wxbin&secret=secret"
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(body["expires_in"], 60);
    assert!(body["access_token"].is_string());
}

#[test]
fn app_without_colon_is_a_usage_error() {
    let out = run(&["--app", "nocolon"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("APPID:SECRET"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn other_bad_arguments_exit_2() {
    for args in [
        &["--listen", "not-an-address"][..],
        &["--token-ttl", "soon"],
        &["--fixtures", "/definitely/not/here"],
        &["--unknown"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
}

#[test]
fn malformed_components_are_usage_errors() {
    let key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    let good = format!("wxc:secret:token:{key}");
    for (args, says) in [
        (
            vec!["--component", "wxc:secret:token"],
            "APPID:SECRET:TOKEN:ENCODING_AES_KEY",
        ),
        (vec!["--component", "wxc:secret:token:short"], "43"),
        (vec!["--component-events-url", "wxc"], "APPID=URL"),
        (
            vec![
                "--component",
                &good,
                "--component-events-url",
                "wxother=http://127.0.0.1:1/",
            ],
            "wxother",
        ),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn help_exits_0() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--app"));
}
