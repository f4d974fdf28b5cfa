//! `wechat-sim push`: one callback signed, encrypted (with `--aes-key`), POSTed
//! to a handler, and its reply decrypted and printed, the way WeChat would send
//! and read it.
//!
//! ```text
//! wechat-sim push --url http://127.0.0.1:8080/wechat --appid wx… --token … [--aes-key …]
//!                 [--to gh_…] [--from OPENID] MESSAGE
//! ```
//!
//! Exit code 0 when the handler answered 2xx with a reply WeChat accepts, 1
//! otherwise (what is wrong on stderr), 2 for wrong arguments.

use std::process::ExitCode;

use clap::Args;
use wechat_sim::{trigger, CallbackMessage, CallbackTarget, Parties, Reply};

/// Pushes one callback to a handler and prints its reply.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The handler's callback URL (http:// or https://).
    #[arg(long)]
    url: String,
    /// The account's appid (a platform's component_appid for its pushes).
    #[arg(long)]
    appid: String,
    /// The Token of the callback settings.
    #[arg(long)]
    token: String,
    /// The 43-character EncodingAESKey: safe mode (安全模式). Without it, plaintext mode.
    #[arg(long = "aes-key", value_name = "ENCODING_AES_KEY")]
    aes_key: Option<String>,
    /// ToUserName: the account's original id.
    #[arg(long = "to", value_name = "ORIGINAL_ID", default_value_t = Parties::default().to_user)]
    to_user: String,
    /// FromUserName: the user's openid.
    #[arg(long = "from", value_name = "OPENID", default_value_t = Parties::default().from_user)]
    from_user: String,
    #[command(subcommand)]
    message: CallbackMessage,
}

/// Runs `wechat-sim push`.
pub fn run(args: PushArgs) -> ExitCode {
    let target = CallbackTarget {
        url: args.url,
        appid: args.appid,
        token: args.token,
        encoding_aes_key: args.aes_key,
        parties: Parties {
            to_user: args.to_user,
            from_user: args.from_user,
        },
    };
    let message = args.message;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wechat-sim push: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match runtime.block_on(trigger(&target, &message)) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("wechat-sim push: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mode = if target.encoding_aes_key.is_some() {
        "safe mode"
    } else {
        "plaintext mode"
    };
    println!("POST {} ({mode}): HTTP {}", target.url, outcome.status);
    println!("sent:\n{}", outcome.sent);
    match &outcome.reply {
        Reply::Empty => println!("reply: (none: {:?})", outcome.body.trim()),
        Reply::Message { xml } => println!("reply:\n{xml}"),
        Reply::Refused { problem } => {
            eprintln!("wechat-sim push: WeChat would refuse the reply: {problem}")
        }
    }
    if !(200..300).contains(&outcome.status) {
        eprintln!(
            "wechat-sim push: the handler answered HTTP {}: {:.200}",
            outcome.status,
            outcome.body.trim()
        );
    }
    if outcome.accepted() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
