//! What the callback handler's tests share: a server on a fixed clock with an echoing
//! router and a call counter, signed plaintext queries, encrypted requests.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use wechat::callback::{
    CallbackApp, CallbackConfig, CallbackError, CallbackQuery, CallbackResponse, CallbackServer,
    Incoming, Router,
};
use wechat::crypto::MessageCrypto;
use wechat::message::{Message, Reply};

pub const NOW: i64 = 1_700_000_000;
pub const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
pub const OLD_KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
pub const APPID: &str = "wx2c2769f8efd9abc2";

pub fn text_xml(msg_id: u64, content: &str) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName>\
         <CreateTime>{NOW}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>\
         <MsgId>{msg_id}</MsgId></xml>"
    )
}

pub fn sign(token: &str, ts: &str, nonce: &str) -> String {
    use sha1::{Digest, Sha1};
    let mut parts = [token, ts, nonce];
    parts.sort();
    let digest = Sha1::digest(parts.concat().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn plain_query(token: &str, ts: i64, nonce: &str) -> CallbackQuery {
    let ts = ts.to_string();
    CallbackQuery::parse(&format!(
        "signature={}&timestamp={ts}&nonce={nonce}&openid=o_user",
        sign(token, &ts, nonce)
    ))
}

/// An encrypted request: the query and the XML envelope.
pub fn encrypted_request(
    crypto: &MessageCrypto,
    plaintext: &str,
    ts: i64,
    nonce: &str,
) -> (CallbackQuery, String) {
    let reply = crypto.encrypt_reply(plaintext, nonce, ts, &[5; 16]);
    let body = format!(
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[{}]]></Encrypt></xml>",
        reply.encrypt
    );
    let query = CallbackQuery::parse(&format!(
        "signature=ignored&timestamp={ts}&nonce={nonce}&encrypt_type=aes&msg_signature={}",
        reply.msg_signature
    ));
    (query, body)
}

pub struct Fixture {
    pub server: CallbackServer,
    pub calls: Arc<AtomicUsize>,
}

pub fn echo_router(calls: Arc<AtomicUsize>) -> Router {
    Router::new()
        .on_message("text", move |incoming: Incoming| {
            let calls = calls.clone();
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                match incoming.message {
                    Message::Text(t) => Reply::text(format!("{}:{}", incoming.appid, t.content)),
                    _ => Reply::Success,
                }
            }
        })
        .on_event("subscribe", |_: Incoming| async { Reply::text("welcome") })
}

pub fn fixture(apps: Vec<CallbackApp>, config: CallbackConfig) -> Fixture {
    let calls = Arc::new(AtomicUsize::new(0));
    let mut builder = CallbackServer::builder()
        .config(config)
        .router(echo_router(calls.clone()))
        .clock(|| NOW);
    for app in apps {
        builder = builder.app(app);
    }
    Fixture {
        server: builder.build().unwrap(),
        calls,
    }
}

impl Fixture {
    /// POSTs `body` with query `q` to the server's only URL (no appid in the path).
    pub async fn post(
        &self,
        q: &CallbackQuery,
        body: impl AsRef<[u8]>,
    ) -> Result<CallbackResponse, CallbackError> {
        self.server.handle_post(q, body.as_ref(), None).await
    }

    /// POSTs `body` to the URL of app `path_appid` (`/wechat/{appid}`).
    pub async fn post_to(
        &self,
        q: &CallbackQuery,
        body: impl AsRef<[u8]>,
        path_appid: Option<&str>,
    ) -> Result<CallbackResponse, CallbackError> {
        self.server.handle_post(q, body.as_ref(), path_appid).await
    }

    /// How many times the text handler ran.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

pub fn plain_app() -> CallbackApp {
    CallbackApp::plaintext(APPID, "token").with_original_id("gh_account")
}

pub fn safe_app() -> CallbackApp {
    CallbackApp::encrypted(APPID, "token", KEY)
        .unwrap()
        .with_original_id("gh_account")
}
