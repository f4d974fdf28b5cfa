//! What the callback handler's tests share: a server on a fixed clock with an echoing
//! router and a call counter (the requests come from `callback_common::requests`).
#![allow(dead_code, unused_imports)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use wechat::callback::{
    CallbackApp, CallbackConfig, CallbackError, CallbackQuery, CallbackResponse, CallbackServer,
    Incoming, Router,
};
use wechat::message::{Message, Reply};

pub use crate::callback_common::requests::{
    encrypted_request, plain_query, sign, text_xml, APPID, KEY, NOW,
};

/// The key before a rotation (`with_previous_key`).
pub const OLD_KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

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
