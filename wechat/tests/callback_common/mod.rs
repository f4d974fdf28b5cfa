//! Shared helpers of the callback tests: locating the shared test vectors.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/vectors` beside the workspace, or `None` (with a note) when it is
/// absent. When the environment variable `CI` is set its absence is a failure.
pub fn vectors_dir() -> Option<PathBuf> {
    wechat_sim::shared_vectors("")
}

/// Reads and parses a JSON file under the vectors directory.
pub fn read_json(dir: &std::path::Path, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join(name)).expect("read vector file");
    serde_json::from_str(&text).expect("vector file is JSON")
}

/// A string input of a case.
pub fn s<'a>(value: &'a serde_json::Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string field {key}"))
}

/// The text with all whitespace removed (how WxJava compares reply renders).
pub fn strip_ws(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Request builders and a counting server for the `CallbackServer` tests.
pub mod requests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use wechat::callback::{
        CallbackApp, CallbackConfig, CallbackQuery, CallbackServer, DedupStore, Incoming, Router,
    };
    use wechat::crypto::MessageCrypto;
    use wechat::message::Reply;

    /// The injected clock of these tests (Unix seconds).
    pub const NOW: i64 = 1_700_000_000;
    /// An EncodingAESKey.
    pub const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    /// The appid of the test app (also the receiver id of its ciphertexts).
    pub const APPID: &str = "wx2c2769f8efd9abc2";
    /// The test app's Token.
    pub const TOKEN: &str = "token";

    /// A text message from `o_user` to `gh_account`.
    pub fn text_xml(msg_id: u64, content: &str) -> String {
        format!(
            "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName>\
             <CreateTime>{NOW}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>\
             <MsgId>{msg_id}</MsgId></xml>"
        )
    }

    /// `sha1(sort(token, timestamp, nonce))`, the plaintext-mode `signature`.
    pub fn sign(token: &str, ts: &str, nonce: &str) -> String {
        use sha1::{Digest, Sha1};
        let mut parts = [token, ts, nonce];
        parts.sort();
        Sha1::digest(parts.concat().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// A plaintext-mode query signed with `token`; `ts` is used verbatim.
    pub fn plain_query_raw(token: &str, ts: &str, nonce: &str) -> CallbackQuery {
        CallbackQuery::parse(&format!(
            "signature={}&timestamp={}&nonce={nonce}&openid=o_user",
            sign(token, ts, nonce),
            urlencode(ts)
        ))
    }

    /// A plaintext-mode query signed with `token`.
    pub fn plain_query(token: &str, ts: i64, nonce: &str) -> CallbackQuery {
        plain_query_raw(token, &ts.to_string(), nonce)
    }

    /// A compatible/safe-mode query whose `msg_signature` covers `encrypt`.
    pub fn encrypted_query(
        crypto: &MessageCrypto,
        ts: &str,
        nonce: &str,
        encrypt: &str,
    ) -> CallbackQuery {
        CallbackQuery::parse(&format!(
            "signature=ignored&timestamp={}&nonce={nonce}&encrypt_type=aes&msg_signature={}",
            urlencode(ts),
            crypto.msg_signature(ts, nonce, encrypt)
        ))
    }

    /// The XML envelope around `encrypt`, as WeChat sends it.
    pub fn envelope(encrypt: &str) -> String {
        format!(
            "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        )
    }

    /// An encrypted request carrying `plaintext`: the query and the XML envelope.
    pub fn encrypted_request(
        crypto: &MessageCrypto,
        plaintext: &str,
        ts: i64,
        nonce: &str,
    ) -> (CallbackQuery, String) {
        let encrypt = crypto.encrypt(plaintext, &[5; 16]);
        let ts = ts.to_string();
        (
            encrypted_query(crypto, &ts, nonce, &encrypt),
            envelope(&encrypt),
        )
    }

    /// A GET handshake query, plaintext style.
    pub fn handshake_query(token: &str, ts: i64, nonce: &str, echostr: &str) -> CallbackQuery {
        let ts = ts.to_string();
        CallbackQuery::parse(&format!(
            "signature={}&timestamp={ts}&nonce={nonce}&echostr={}",
            sign(token, &ts, nonce),
            urlencode(echostr)
        ))
    }

    /// A GET handshake query, encrypted style (`msg_signature`, `echostr` ciphertext).
    pub fn encrypted_handshake_query(
        crypto: &MessageCrypto,
        ts: i64,
        nonce: &str,
        echo: &str,
    ) -> CallbackQuery {
        let sealed = crypto.encrypt_reply(echo, nonce, ts, &[1; 16]);
        CallbackQuery::parse(&format!(
            "msg_signature={}&timestamp={ts}&nonce={nonce}&echostr={}",
            sealed.msg_signature,
            urlencode(&sealed.encrypt)
        ))
    }

    /// URL-encodes a query value.
    pub fn urlencode(value: &str) -> String {
        form_urlencoded::byte_serialize(value.as_bytes()).collect()
    }

    /// The test app in plaintext mode.
    pub fn plain_app() -> CallbackApp {
        CallbackApp::plaintext(APPID, TOKEN).with_original_id("gh_account")
    }

    /// The test app with an EncodingAESKey.
    pub fn safe_app() -> CallbackApp {
        CallbackApp::encrypted(APPID, TOKEN, KEY)
            .unwrap()
            .with_original_id("gh_account")
    }

    /// The test app's crypto, as WeChat holds it.
    pub fn wechat_crypto() -> MessageCrypto {
        MessageCrypto::new(TOKEN, KEY, APPID).unwrap()
    }

    /// What the handler does on each call.
    #[derive(Clone, Copy, Debug)]
    pub enum Behaviour {
        /// Answers `success`.
        Succeed,
        /// Fails the first call, then succeeds.
        FailFirst,
    }

    /// A server over `app` with the clock at [`NOW`], whose handler counts its calls.
    pub struct Counted {
        /// The server.
        pub server: CallbackServer,
        /// How many times the handler ran.
        pub calls: Arc<AtomicUsize>,
    }

    impl Counted {
        /// How many times the handler ran.
        pub fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    /// A counting server over `app` with the default config and store.
    pub fn counted(app: CallbackApp, behaviour: Behaviour) -> Counted {
        counted_with(app, behaviour, CallbackConfig::default(), None)
    }

    /// A counting server over `app` with `config`, and `store` when given.
    pub fn counted_with(
        app: CallbackApp,
        behaviour: Behaviour,
        config: CallbackConfig,
        store: Option<Arc<dyn DedupStore>>,
    ) -> Counted {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let router = Router::new().fallback(move |_: Incoming| {
            let c = c.clone();
            async move {
                let n = c.fetch_add(1, Ordering::SeqCst);
                match behaviour {
                    Behaviour::FailFirst if n == 0 => Err::<Reply, _>("database down"),
                    _ => Ok(Reply::Success),
                }
            }
        });
        let mut builder = CallbackServer::builder()
            .app(app)
            .config(config)
            .router(router)
            .clock(|| NOW);
        if let Some(store) = store {
            builder = builder.dedup_store(SharedStore(store));
        }
        Counted {
            server: builder.build().unwrap(),
            calls,
        }
    }

    /// Lets several servers share one store.
    struct SharedStore(Arc<dyn DedupStore>);

    #[async_trait::async_trait]
    impl DedupStore for SharedStore {
        async fn insert_if_absent(
            &self,
            key: &str,
            ttl: std::time::Duration,
        ) -> Result<bool, wechat::Error> {
            self.0.insert_if_absent(key, ttl).await
        }

        async fn remove(&self, key: &str) -> Result<(), wechat::Error> {
            self.0.remove(key).await
        }
    }
}
