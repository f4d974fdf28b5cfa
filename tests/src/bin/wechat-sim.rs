//! `wechat-sim`: runs the WeChat API simulator until interrupted.
//!
//! ```text
//! wechat-sim --listen 127.0.0.1:0 --app APPID:SECRET [--app ...]
//!            [--token-ttl SECS] [--grace SECS] [--fixtures DIR]
//! ```
//!
//! The first line on stdout is `listening on http://ADDR`.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use wechat_sim::{SimConfig, Simulator};

/// A WeChat API simulator on loopback, for tests.
#[derive(Debug, Parser)]
#[command(name = "wechat-sim", version, about)]
struct Cli {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// An app that may fetch tokens, as APPID:SECRET (repeatable).
    #[arg(long = "app", value_name = "APPID:SECRET", value_parser = parse_app)]
    apps: Vec<(String, String)>,
    /// Lifetime of issued access_tokens, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 7200)]
    token_ttl: u64,
    /// Token overlap / stable renewal window, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    grace: u64,
    /// Directory of real response bodies (e.g. api.weixin.qq.com/cgi-bin__menu__get.json).
    #[arg(long, value_name = "DIR")]
    fixtures: Option<PathBuf>,
}

/// Parses `APPID:SECRET`; both parts must be non-empty.
fn parse_app(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => {
            Ok((id.to_owned(), secret.to_owned()))
        }
        _ => Err("expected APPID:SECRET".to_owned()),
    }
}

/// Prints a one-line error and gives exit code 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("wechat-sim: {message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let rendered = e.to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            return usage_error(first.trim_start_matches("error: "));
        }
    };
    if let Some(dir) = &cli.fixtures {
        if !dir.is_dir() {
            return usage_error(&format!("--fixtures {}: not a directory", dir.display()));
        }
    }
    let config = SimConfig {
        listen: cli.listen,
        apps: cli.apps,
        token_ttl: Duration::from_secs(cli.token_ttl),
        grace: Duration::from_secs(cli.grace),
        fixtures_dir: cli.fixtures,
        ..SimConfig::default()
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wechat-sim: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(config))
}

async fn run(config: SimConfig) -> ExitCode {
    let listen = config.listen;
    let sim = match Simulator::start(config).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("wechat-sim: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let printed = writeln!(out, "listening on {}", sim.url()).and_then(|()| out.flush());
    drop(out);
    if printed.is_err() {
        return ExitCode::FAILURE;
    }
    // Runs until Ctrl-C; if no signal handler can be installed, runs forever.
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
    sim.shutdown().await;
    ExitCode::SUCCESS
}
