//! `wechat-hub`: the token hub server.
//!
//! ```text
//! wechat-hub --config hub.toml                # serve
//! wechat-hub check-config --config hub.toml   # check the file and exit
//! ```
//!
//! The first line on stdout is `listening on http://ADDR`. Configuration errors print
//! one line each on stderr and exit with code 2; a failure to start (the address is
//! taken, the store cannot be opened) exits with code 1. Logs go to stderr; set
//! `WECHAT_HUB_LOG` (e.g. `info`, `wechat=debug`) to change what is logged. They are
//! coloured only when stderr is a terminal and `NO_COLOR` is not set.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use wechat::hub::{Hub, HubConfig, Listeners};

/// A WeChat token hub: keeps every access_token and ticket of its apps fresh and serves
/// them to business servers.
#[derive(Parser)]
#[command(name = "wechat-hub", version)]
struct Args {
    /// The configuration file.
    #[arg(long, short, global = true, default_value = "hub.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Checks the configuration file and exits (0 when it is valid, 2 otherwise).
    CheckConfig,
}

fn load(path: &std::path::Path) -> Result<HubConfig, ExitCode> {
    HubConfig::load(path).map_err(|e| {
        for problem in &e.problems {
            eprintln!("wechat-hub: {problem}");
        }
        ExitCode::from(2)
    })
}

fn init_logs() {
    let filter = std::env::var("WECHAT_HUB_LOG")
        .ok()
        .and_then(|f| f.parse::<tracing_subscriber::filter::Targets>().ok())
        .unwrap_or_else(|| {
            tracing_subscriber::filter::Targets::new()
                .with_default(tracing_subscriber::filter::LevelFilter::INFO)
        });
    use std::io::IsTerminal;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let ansi = colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR"),
    );
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(ansi),
        )
        .with(filter)
        .try_init();
}

/// Whether logs are coloured: only on a terminal, and never when `NO_COLOR` is set to
/// anything but the empty string (<https://no-color.org>).
fn colour(stderr_is_terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    stderr_is_terminal && no_color.is_none_or(|v| v.is_empty())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The main thread runs the refresher and waits for the shutdown signal; requests are
/// served by `threads` threads of their own (see `Hub::serve_threads`).
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = match load(&args.config) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Some(Command::CheckConfig) = args.command {
        println!("{}: ok: {}", args.config.display(), config.summary());
        return ExitCode::SUCCESS;
    }
    init_logs();
    // Room for many connections: the soft open-file limit up to the hard one.
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(files) => tracing::debug!(files, "open-file limit"),
        Err(e) => tracing::warn!(error = %e, "cannot raise the open-file limit"),
    }
    let listen = config.listen();
    let threads = config.threads();
    let summary = config.summary();
    let hub = match Hub::new(config) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("wechat-hub: {e}");
            return ExitCode::from(1);
        }
    };
    let listeners = match Listeners::bind(listen, threads).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("wechat-hub: cannot listen on {listen}: {e}");
            return ExitCode::from(1);
        }
    };
    let addr = listeners.local_addr();
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{addr}");
        let _ = out.flush();
    }
    tracing::info!("{summary}, {} serving thread(s)", listeners.threads());
    match hub.serve_threads(listeners, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wechat-hub: server stopped: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::colour;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(colour(true, None));
        assert!(colour(true, Some("".into())));
        assert!(!colour(true, Some("1".into())));
        assert!(!colour(false, None));
        assert!(!colour(false, Some("1".into())));
    }
}
