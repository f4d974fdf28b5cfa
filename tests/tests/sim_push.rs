//! `wechat-sim push`, `POST /sim/push` and `wechat_sim::trigger` against the
//! README's callback server (the SDK's `CallbackServer` on its axum router): the
//! callback is signed and encrypted as WeChat does, the SDK accepts it, and the
//! reply comes back decrypted.

use std::process::Command;
use std::sync::Arc;

use wechat::callback::{CallbackApp, CallbackServer, Incoming, Router};
use wechat::message::{Message, Reply as SdkReply};
use wechat_sim::{trigger, CallbackMessage, CallbackTarget, Parties, Reply, SimConfig, Simulator};

const APPID: &str = "wx_your_appid";
const TOKEN: &str = "the-callback-token";
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

/// The README's callback server on a free loopback port; its `/wechat` URL.
async fn readme_server(app: CallbackApp) -> String {
    let server = CallbackServer::builder()
        .app(app)
        .router(
            Router::new()
                .on_message("text", |i: Incoming| async move {
                    match i.message {
                        Message::Text(t) => SdkReply::text(format!("you said: {}", t.content)),
                        _ => SdkReply::Success,
                    }
                })
                .on_event("subscribe", |_: Incoming| async {
                    SdkReply::text("welcome!")
                }),
        )
        .build()
        .unwrap();
    let app = axum::Router::new().nest("/wechat", wechat::callback::axum::router(Arc::new(server)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/wechat")
}

fn encrypted_server() -> CallbackApp {
    CallbackApp::encrypted(APPID, TOKEN, KEY).unwrap()
}

fn target(url: &str, key: Option<&str>) -> CallbackTarget {
    CallbackTarget {
        url: url.to_owned(),
        appid: APPID.to_owned(),
        token: TOKEN.to_owned(),
        encoding_aes_key: key.map(str::to_owned),
        parties: Parties::default(),
    }
}

fn reply_xml(reply: &Reply) -> &str {
    match reply {
        Reply::Message { xml } => xml,
        other => panic!("expected a reply message, got {other:?}"),
    }
}

#[tokio::test]
async fn encrypted_messages_reach_the_handler_and_the_reply_is_decrypted() {
    let url = readme_server(encrypted_server()).await;
    let text = CallbackMessage::Text {
        content: "hello".into(),
    };
    let outcome = trigger(&target(&url, Some(KEY)), &text).await.unwrap();
    assert!(outcome.accepted(), "{outcome:?}");
    let xml = reply_xml(&outcome.reply);
    assert!(xml.contains("you said: hello"), "{xml}");
    // The reply goes back to the user who wrote.
    assert!(xml.contains("o6_bmjrPTlm6_2sgVt7hMZOPfL2M"), "{xml}");
    // On the wire it was encrypted.
    assert!(outcome.body.contains("<Encrypt>"), "{}", outcome.body);
    assert!(!outcome.body.contains("you said"), "{}", outcome.body);

    let welcome = trigger(&target(&url, Some(KEY)), &CallbackMessage::Subscribe)
        .await
        .unwrap();
    assert!(reply_xml(&welcome.reply).contains("welcome!"));
    // No handler for clicks: `success`, nothing shown.
    let click = CallbackMessage::Click { key: "V1".into() };
    let clicked = trigger(&target(&url, Some(KEY)), &click).await.unwrap();
    assert_eq!(clicked.reply, Reply::Empty);
    assert!(clicked.accepted());
}

#[tokio::test]
async fn a_wrong_token_or_key_is_refused_by_the_sdk() {
    let url = readme_server(encrypted_server()).await;
    let mut wrong_token = target(&url, Some(KEY));
    wrong_token.token = "not-the-token".into();
    let outcome = trigger(&wrong_token, &CallbackMessage::Subscribe)
        .await
        .unwrap();
    assert!(!outcome.accepted() && outcome.status >= 400, "{outcome:?}");
    let other_key = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
    let outcome = trigger(&target(&url, Some(other_key)), &CallbackMessage::Subscribe)
        .await
        .unwrap();
    assert!(!outcome.accepted(), "{outcome:?}");
}

#[tokio::test]
async fn plaintext_mode_sends_and_reads_plain_xml() {
    let url = readme_server(CallbackApp::plaintext(APPID, TOKEN)).await;
    let text = CallbackMessage::Text {
        content: "plain".into(),
    };
    let outcome = trigger(&target(&url, None), &text).await.unwrap();
    assert!(outcome.accepted(), "{outcome:?}");
    assert!(reply_xml(&outcome.reply).contains("you said: plain"));
}

#[tokio::test]
async fn the_simulators_push_route_triggers_the_same() {
    let url = readme_server(encrypted_server()).await;
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let answer: serde_json::Value = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("{}/sim/push", sim.url()))
        .json(&serde_json::json!({
            "url": url,
            "appid": APPID,
            "token": TOKEN,
            "encoding_aes_key": KEY,
            "from_user": "oUSER",
            "message": {"type": "text", "content": "over http"},
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["status"], 200, "{answer}");
    assert_eq!(answer["reply"]["kind"], "message", "{answer}");
    let xml = answer["reply"]["xml"].as_str().unwrap();
    assert!(
        xml.contains("you said: over http") && xml.contains("oUSER"),
        "{xml}"
    );
    sim.shutdown().await;
}

/// `wechat-sim push` as the README shows it, run as a process.
#[tokio::test(flavor = "multi_thread")]
async fn the_push_command_prints_the_decrypted_reply() {
    let url = readme_server(encrypted_server()).await;
    let run = |args: Vec<String>| {
        tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_wechat-sim"))
                .args(args)
                .env("NO_PROXY", "127.0.0.1")
                .output()
                .unwrap()
        })
    };
    let base = |token: &str| -> Vec<String> {
        [
            "push",
            "--url",
            &url,
            "--appid",
            APPID,
            "--token",
            token,
            "--aes-key",
            KEY,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let mut args = base(TOKEN);
    args.extend(["text".to_owned(), "hello".to_owned()]);
    let out = run(args).await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("HTTP 200") && stdout.contains("you said: hello"),
        "{stdout}"
    );

    let mut args = base("wrong");
    args.push("subscribe".to_owned());
    let out = run(args).await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the handler answered HTTP 4"), "{stderr}");
}
