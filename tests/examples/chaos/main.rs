//! `chaos`: reliability probes of the token hub and the SDK, against the simulator, on
//! loopback only. `tests/chaos/run.sh` builds what they need and runs them all; see
//! RELIABILITY.md for what each one checks and what it measured.
//!
//! ```text
//! chaos kill-hub     --sim URL --hub-bin PATH --secret S [--kills 20]
//! chaos kill-platform --sim URL --hub-bin PATH --secret S --component C:SECRET:TOKEN:KEY [--kills 20]
//! chaos faults       --sim URL --hub-bin PATH --secret S [--calls 300] [--rate 0.3]
//! chaos slow-clients --sim URL --hub-bin PATH --secret S [--idle 400] [--hold-secs 32]
//! chaos secrets      --sim URL --hub-bin PATH --secret S [--also-scan FILE ...]
//! ```
//!
//! Each run stops by itself (`--deadline-secs`, default 600) and prints one line,
//! `chaos NAME: FIGURES: ok` (exit code 0) or `chaos NAME: FIGURES: FAILED: WHY`
//! (exit code 1); a probe that cannot run at all prints `chaos NAME: error: ...`
//! (exit code 2).

mod common;
mod faults;
mod kill_hub;
mod kill_platform;
mod secrets;
mod slow_clients;

use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

/// What a probe measured, and which of its checks failed.
pub struct Report {
    /// The figures, for the summary line.
    pub figures: String,
    /// One entry per failed check (empty: every check passed).
    pub failed: Vec<String>,
}

/// Reliability probes of the token hub and the SDK (loopback only).
#[derive(Parser)]
#[command(name = "chaos")]
struct Cli {
    /// Stop the probe after this many seconds at most (it then fails).
    #[arg(long, global = true, default_value_t = 600)]
    deadline_secs: u64,
    #[command(subcommand)]
    probe: Probe,
}

#[derive(Subcommand)]
enum Probe {
    /// SIGKILL a hub on a file store at random moments under load; restart it each time.
    KillHub(kill_hub::Args),
    /// SIGKILL a hub serving a third-party platform during authorizer refreshes; restart it.
    KillPlatform(kill_platform::Args),
    /// Calls under 30% injected faults, directly and through a hub.
    Faults(faults::Args),
    /// Half-sent headers, trickled bodies and idle connections against a hub.
    SlowClients(slow_clients::Args),
    /// Trace-level logs of a hub and of SDK clients, searched for secrets and tokens.
    Secrets(secrets::Args),
}

impl Probe {
    fn name(&self) -> &'static str {
        match self {
            Probe::KillHub(_) => "kill-hub",
            Probe::KillPlatform(_) => "kill-platform",
            Probe::Faults(_) => "faults",
            Probe::SlowClients(_) => "slow-clients",
            Probe::Secrets(_) => "secrets",
        }
    }

    async fn run(self) -> common::Res<Report> {
        match self {
            Probe::KillHub(a) => kill_hub::run(a).await,
            Probe::KillPlatform(a) => kill_platform::run(a).await,
            Probe::Faults(a) => faults::run(a).await,
            Probe::SlowClients(a) => slow_clients::run(a).await,
            Probe::Secrets(a) => secrets::run(a).await,
        }
    }
}

/// SIGINT or SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let name = cli.probe.name();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            println!("chaos {name}: error: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let deadline = Duration::from_secs(cli.deadline_secs);
    // A stop signal ends the probe like its deadline does: the hubs it started are
    // killed as their handles drop.
    let outcome = runtime.block_on(async {
        tokio::select! {
            outcome = tokio::time::timeout(deadline, cli.probe.run()) => outcome.map_err(|_| "deadline"),
            _ = stop_signal() => Err("signal"),
        }
    });
    // Hub processes are killed as their handles drop, with the runtime's tasks.
    runtime.shutdown_timeout(Duration::from_secs(2));
    match outcome {
        Ok(Ok(report)) if report.failed.is_empty() => {
            println!("chaos {name}: {}: ok", report.figures);
            ExitCode::SUCCESS
        }
        Ok(Ok(report)) => {
            println!(
                "chaos {name}: {}: FAILED: {}",
                report.figures,
                report.failed.join("; ")
            );
            ExitCode::from(1)
        }
        Ok(Err(e)) => {
            println!("chaos {name}: error: {e}");
            ExitCode::from(2)
        }
        Err("deadline") => {
            println!(
                "chaos {name}: did not finish within {} s: FAILED",
                cli.deadline_secs
            );
            ExitCode::from(1)
        }
        Err(_) => {
            println!("chaos {name}: stopped by a signal: FAILED");
            ExitCode::from(1)
        }
    }
}
