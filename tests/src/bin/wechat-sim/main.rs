//! `wechat-sim`: runs the WeChat API simulator until interrupted, or with `push`
//! sends one callback to a handler (see `push.rs`).
//!
//! ```text
//! wechat-sim --listen 127.0.0.1:0 --app APPID:SECRET [--app ...]
//!            [--token-ttl SECS] [--grace SECS] [--fixtures DIR]
//!            [--component APPID:SECRET:TOKEN:ENCODING_AES_KEY [...]]
//!            [--component-events-url APPID=URL [...]] [--ticket-ttl SECS]
//! wechat-sim push --url URL --appid APPID --token TOKEN [--aes-key KEY] MESSAGE
//! ```
//!
//! The first line on stdout of the simulator is `listening on http://ADDR`.

mod push;

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use wechat_sim::{ComponentConfig, SimConfig, Simulator};

/// A WeChat API simulator on loopback, for tests.
#[derive(Debug, Parser)]
#[command(
    name = "wechat-sim",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

/// What to do instead of running the simulator.
#[derive(Debug, Subcommand)]
enum Command {
    /// Pushes one callback (a message, an event or a platform push) to a handler, signed
    /// and encrypted as WeChat does, and prints its reply.
    Push(push::PushArgs),
}

/// The simulator's settings.
#[derive(Debug, Args)]
struct ServeArgs {
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
    /// A third-party platform, with the Token and 43-character EncodingAESKey of its pushes (repeatable).
    #[arg(
        long = "component",
        value_name = "APPID:SECRET:TOKEN:ENCODING_AES_KEY",
        value_parser = parse_component
    )]
    components: Vec<ComponentConfig>,
    /// Where a platform's tickets and authorization events are pushed (its 授权事件接收URL; repeatable).
    #[arg(
        long = "component-events-url",
        value_name = "APPID=URL",
        value_parser = parse_events_url
    )]
    component_events_urls: Vec<(String, String)>,
    /// How long a pushed component_verify_ticket is accepted, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 12 * 60 * 60)]
    ticket_ttl: u64,
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

/// Parses `APPID:SECRET:TOKEN:ENCODING_AES_KEY`: four non-empty parts, the
/// key 43 base64 characters.
fn parse_component(s: &str) -> Result<ComponentConfig, String> {
    let parts: Vec<&str> = s.split(':').collect();
    let [appid, secret, token, key] = parts[..] else {
        return Err(format!(
            "expected APPID:SECRET:TOKEN:ENCODING_AES_KEY (4 parts separated by ':'), got {} part(s)",
            parts.len()
        ));
    };
    if parts.iter().any(|p| p.is_empty()) {
        return Err("expected APPID:SECRET:TOKEN:ENCODING_AES_KEY with no empty part".to_owned());
    }
    let component = ComponentConfig {
        appid: appid.to_owned(),
        secret: secret.to_owned(),
        token: token.to_owned(),
        encoding_aes_key: key.to_owned(),
    };
    SimConfig {
        components: vec![component.clone()],
        ..SimConfig::default()
    }
    .validate()?;
    Ok(component)
}

/// Parses `APPID=URL`: a non-empty appid and an `http://` or `https://` URL
/// (the platform must be given with `--component` too; checked at start).
fn parse_events_url(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((appid, url))
            if !appid.is_empty() && (url.starts_with("http://") || url.starts_with("https://")) =>
        {
            Ok((appid.to_owned(), url.to_owned()))
        }
        _ => Err("expected APPID=URL with an http:// or https:// URL".to_owned()),
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
    let cli = match cli.command {
        Some(Command::Push(args)) => return push::run(args),
        None => cli.serve,
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
        components: cli.components,
        component_events_urls: cli.component_events_urls,
        ticket_ttl: Duration::from_secs(cli.ticket_ttl),
        ..SimConfig::default()
    };
    if let Err(e) = config.validate() {
        return usage_error(&e);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn components_parse_into_their_four_parts() {
        let c = parse_component(&format!("wxc:sec:tok:{KEY}")).unwrap();
        assert_eq!(
            c,
            ComponentConfig {
                appid: "wxc".into(),
                secret: "sec".into(),
                token: "tok".into(),
                encoding_aes_key: KEY.into(),
            }
        );
    }

    #[test]
    fn malformed_components_say_what_is_wrong() {
        let three = parse_component("wxc:sec:tok").unwrap_err();
        assert!(
            three.contains("4 parts") && three.contains("got 3"),
            "{three}"
        );
        let five = parse_component(&format!("wxc:sec:tok:{KEY}:x")).unwrap_err();
        assert!(five.contains("got 5"), "{five}");
        let empty = parse_component(&format!("wxc::tok:{KEY}")).unwrap_err();
        assert!(empty.contains("no empty part"), "{empty}");
        let short = parse_component("wxc:sec:tok:tooshort").unwrap_err();
        assert!(short.contains("43"), "{short}");
        let bad = parse_component(&format!("wxc:sec:tok:{}!", &KEY[1..])).unwrap_err();
        assert!(bad.contains("base64"), "{bad}");
    }

    #[test]
    fn events_urls_parse() {
        assert_eq!(
            parse_events_url("wxc=http://127.0.0.1:8080/events?a=b").unwrap(),
            ("wxc".into(), "http://127.0.0.1:8080/events?a=b".into())
        );
        for bad in ["wxc", "=http://x/", "wxc=ftp://x/", "wxc=127.0.0.1:80"] {
            assert!(parse_events_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn flags_reach_the_configuration() {
        let cli = Cli::try_parse_from([
            "wechat-sim",
            "--component",
            &format!("wxc:sec:tok:{KEY}"),
            "--component-events-url",
            "wxc=http://127.0.0.1:1/events",
            "--ticket-ttl",
            "60",
        ])
        .unwrap();
        assert_eq!(cli.serve.components.len(), 1);
        assert_eq!(cli.serve.component_events_urls[0].0, "wxc");
        assert_eq!(cli.serve.ticket_ttl, 60);
        let defaults = Cli::try_parse_from(["wechat-sim"]).unwrap();
        assert_eq!(defaults.serve.ticket_ttl, 43_200);
        assert!(defaults.serve.components.is_empty() && defaults.command.is_none());
    }

    #[test]
    fn push_takes_its_target_and_a_message() {
        let cli = Cli::try_parse_from([
            "wechat-sim",
            "push",
            "--url",
            "http://127.0.0.1:8080/wechat",
            "--appid",
            "wx1",
            "--token",
            "tok",
            "location",
            "-33.9",
            "151.2",
            "--precision",
            "30",
        ])
        .unwrap();
        assert!(matches!(cli.command, Some(Command::Push(_))), "{cli:?}");
        // The simulator's flags do not mix with push.
        assert!(
            Cli::try_parse_from(["wechat-sim", "--ticket-ttl", "60", "push", "--url", "u"])
                .is_err()
        );
        let missing =
            Cli::try_parse_from(["wechat-sim", "push", "--url", "http://x/", "text", "hi"]);
        assert!(missing.is_err());
    }
}
