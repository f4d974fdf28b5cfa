//! What the tests of the simulator's third-party platform side share: a receiver of
//! its pushes (decrypted and checked with the SDK's crypto, an independent
//! implementation) and a harness over HTTP.
#![allow(dead_code)]

use std::collections::HashMap;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::routing::post;
use axum::Router;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use wechat::crypto::{check_signature, EncryptedEnvelope, MessageCrypto};
use wechat_sim::{AuthorizerType, PushStatus, SimConfig, Simulator};

pub const COMPONENT: &str = "wxc0mp0nent000001";
pub const SECRET: &str = "component-secret";
pub const TOKEN: &str = "pushtoken";
pub const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
pub const OA: &str = "wx0ff1c1a1acc0un7";
pub const MINI: &str = "wxm1n1pr0gram0001";
pub const APP: &str = "wxown4pp000000001";

/// One push as the receiver saw it.
#[derive(Debug)]
pub struct Push {
    pub query: HashMap<String, String>,
    pub body: String,
}

/// An events URL of the test's own: records every push on a channel and
/// answers `success`.
pub struct Receiver {
    pub url: String,
    pub pushes: mpsc::UnboundedReceiver<Push>,
}

pub async fn record(
    State(tx): State<mpsc::UnboundedSender<Push>>,
    Query(query): Query<HashMap<String, String>>,
    body: String,
) -> &'static str {
    let _ = tx.send(Push { query, body });
    "success"
}

impl Receiver {
    pub async fn start() -> Receiver {
        let (tx, pushes) = mpsc::unbounded_channel();
        let app = Router::new().route("/events", post(record)).with_state(tx);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/events", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { url, pushes }
    }

    /// The next push, checked and decrypted: its plaintext XML.
    pub async fn next(&mut self) -> String {
        let push = tokio::time::timeout(Duration::from_secs(5), self.pushes.recv())
            .await
            .expect("a push within 5 s")
            .expect("the receiver runs");
        open(&push)
    }

    /// No push is waiting.
    pub fn is_idle(&mut self) -> bool {
        self.pushes.try_recv().is_err()
    }
}

/// Checks a push's signatures and envelope with the SDK's crypto and
/// returns the plaintext.
pub fn open(push: &Push) -> String {
    let q = |k: &str| push.query.get(k).map(String::as_str).unwrap_or_default();
    assert_eq!(q("encrypt_type"), "aes");
    assert!(
        check_signature(TOKEN, q("signature"), q("timestamp"), q("nonce")),
        "URL signature of {:?}",
        push.query
    );
    let envelope = EncryptedEnvelope::parse(&push.body).unwrap();
    assert_eq!(envelope.app_id.as_deref(), Some(COMPONENT));
    let crypto = MessageCrypto::new(TOKEN, KEY, COMPONENT).unwrap();
    crypto
        .decrypt_message(&push.body, q("msg_signature"), q("timestamp"), q("nonce"))
        .expect("the push decrypts with msg_signature checked")
}

/// The text of `<name>` in a plaintext push, CDATA or not.
pub fn field(xml: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{name}>"))?;
    let inner = &xml[start..end];
    let inner = inner
        .strip_prefix("<![CDATA[")
        .and_then(|s| s.strip_suffix("]]>"))
        .unwrap_or(inner);
    Some(inner.to_owned())
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub struct Harness {
    pub sim: Simulator,
    pub receiver: Receiver,
    pub http: reqwest::Client,
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::with(SimConfig::default()).await
    }

    pub async fn with(config: SimConfig) -> Harness {
        let receiver = Receiver::start().await;
        let config = config
            .app(APP, "app-secret")
            .component(COMPONENT, SECRET, TOKEN, KEY)
            .component_events_url(COMPONENT, &receiver.url);
        Harness {
            sim: Simulator::start(config).await.unwrap(),
            receiver,
            http: reqwest::Client::new(),
        }
    }

    pub async fn post(&self, path_and_query: &str, body: Value) -> (StatusCode, Value) {
        let resp = self
            .http
            .post(format!("{}{path_and_query}", self.sim.url()))
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, path_and_query: &str) -> Value {
        let url = format!("{}{path_and_query}", self.sim.url());
        self.http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// A component endpoint with `token`.
    pub async fn call(&self, name: &str, token: &str, body: Value) -> Value {
        let path = format!("/cgi-bin/component/{name}?component_access_token={token}");
        self.post(&path, body).await.1
    }

    pub async fn start_push_ticket(&self) -> Value {
        let body = json!({ "component_appid": COMPONENT, "component_secret": SECRET });
        self.post("/cgi-bin/component/api_start_push_ticket", body)
            .await
            .1
    }

    pub async fn component_token(&self, ticket: &str) -> Value {
        let body = json!({
            "component_appid": COMPONENT,
            "component_appsecret": SECRET,
            "component_verify_ticket": ticket,
        });
        self.post("/cgi-bin/component/api_component_token", body)
            .await
            .1
    }

    /// A ticket pushed now, as the receiver got it.
    pub async fn ticket(&mut self) -> String {
        assert_eq!(self.sim.push_ticket(COMPONENT, None).await, Ok(200));
        let xml = self.receiver.next().await;
        field(&xml, "ComponentVerifyTicket").unwrap()
    }

    /// A component_access_token, through a pushed ticket.
    pub async fn platform_token(&mut self) -> String {
        let ticket = self.ticket().await;
        let answer = self.component_token(&ticket).await;
        answer["component_access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("{answer}"))
            .to_owned()
    }

    pub async fn pre_auth_code(&self, token: &str) -> String {
        let answer = self
            .call(
                "api_create_preauthcode",
                token,
                json!({ "component_appid": COMPONENT }),
            )
            .await;
        assert_eq!(answer["expires_in"], 1800, "{answer}");
        answer["pre_auth_code"].as_str().unwrap().to_owned()
    }

    /// `authorizer` authorizes the platform; returns the pushed plaintext
    /// and the `api_query_auth` answer's `authorization_info`.
    pub async fn authorize(
        &mut self,
        token: &str,
        authorizer: &str,
        kind: AuthorizerType,
    ) -> (String, Value) {
        let pre = self.pre_auth_code(token).await;
        let granted = self
            .sim
            .authorize(COMPONENT, &pre, authorizer, kind, &[])
            .await
            .unwrap();
        assert_eq!(granted.push, PushStatus::Answered(200));
        let xml = self.receiver.next().await;
        assert_eq!(
            field(&xml, "AuthorizationCode"),
            Some(granted.auth_code.clone())
        );
        let answer = self
            .call(
                "api_query_auth",
                token,
                json!({ "component_appid": COMPONENT, "authorization_code": granted.auth_code }),
            )
            .await;
        (xml, answer["authorization_info"].clone())
    }

    pub async fn refresh(&self, token: &str, authorizer: &str, refresh_token: &str) -> Value {
        self.call(
            "api_authorizer_token",
            token,
            json!({
                "component_appid": COMPONENT,
                "authorizer_appid": authorizer,
                "authorizer_refresh_token": refresh_token,
            }),
        )
        .await
    }

    pub async fn menu_with(&self, access_token: &str) -> Value {
        self.get(&format!("/cgi-bin/menu/get?access_token={access_token}"))
            .await
    }
}

pub fn text(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}
