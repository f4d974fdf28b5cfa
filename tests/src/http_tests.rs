//! End-to-end tests: a running simulator driven over HTTP with reqwest; the token
//! endpoints and request checks here, the rest in `http_tests/endpoints_and_controls.rs`.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::{builtin_endpoints, Fault, SimConfig, Simulator};

const APP: &str = "wx0123456789abcdef";
const SECRET: &str = "app-secret";

fn config(ttl_secs: u64, grace_secs: u64) -> SimConfig {
    SimConfig {
        token_ttl: Duration::from_secs(ttl_secs),
        grace: Duration::from_secs(grace_secs),
        ..SimConfig::default()
    }
    .app(APP, SECRET)
}

struct Harness {
    sim: Simulator,
    http: Client,
}

impl Harness {
    async fn start(config: SimConfig) -> Harness {
        let sim = Simulator::start(config).await.expect("simulator starts");
        Harness {
            sim,
            http: Client::new(),
        }
    }

    fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.sim.url())
    }

    async fn get(&self, path_and_query: &str) -> (StatusCode, Value) {
        let resp = self
            .http
            .get(self.url(path_and_query))
            .send()
            .await
            .unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn post_raw(&self, path_and_query: &str, body: &str) -> (StatusCode, Value) {
        let resp = self
            .http
            .post(self.url(path_and_query))
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path_and_query: &str, body: Value) -> (StatusCode, Value) {
        self.post_raw(path_and_query, &body.to_string()).await
    }

    async fn classic(&self) -> Value {
        let q = format!("/cgi-bin/token?grant_type=client_credential&appid={APP}&secret={SECRET}");
        self.get(&q).await.1
    }

    async fn stable(&self, force: bool) -> Value {
        let body = json!({
            "grant_type": "client_credential",
            "appid": APP,
            "secret": SECRET,
            "force_refresh": force,
        });
        self.post("/cgi-bin/stable_token", body).await.1
    }

    async fn token(&self) -> String {
        token_of(&self.stable(false).await)
    }

    /// The errcode of `GET /cgi-bin/getcallbackip` with this token (0 for success).
    async fn check(&self, token: &str) -> i64 {
        let (_, v) = self
            .get(&format!("/cgi-bin/getcallbackip?access_token={token}"))
            .await;
        errcode(&v)
    }
}

fn token_of(v: &Value) -> String {
    v["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token in {v}"))
        .to_owned()
}

fn errcode(v: &Value) -> i64 {
    v.get("errcode").and_then(Value::as_i64).unwrap_or(0)
}

#[tokio::test]
async fn classic_token_errors() {
    let h = Harness::start(config(7200, 300)).await;
    let cases = [
        ("grant_type=x&appid=A&secret=S", 40002),
        ("grant_type=client_credential&secret=S", 41002),
        ("grant_type=client_credential&appid=A", 41004),
        ("grant_type=client_credential&appid=nope&secret=S", 40013),
        ("grant_type=client_credential&appid=A&secret=wrong", 40125),
    ];
    for (query, code) in cases {
        let query = query.replace("appid=A", &format!("appid={APP}"));
        let query = query.replace("secret=S", &format!("secret={SECRET}"));
        let (status, v) = h.get(&format!("/cgi-bin/token?{query}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(errcode(&v), code, "{query}: {v}");
    }
    let (_, v) = h.get("/cgi-bin/token?grant_type=x").await;
    assert_eq!(v["errmsg"], "invalid grant_type");
}

#[tokio::test]
async fn classic_token_previous_lives_for_grace_only() {
    let h = Harness::start(config(7200, 1)).await;
    let a = h.classic().await;
    assert_eq!(a["expires_in"], 7200);
    let a = token_of(&a);
    let b = token_of(&h.classic().await);
    assert_ne!(a, b);
    assert_eq!(h.check(&a).await, 0, "previous token valid during grace");
    let c = token_of(&h.classic().await);
    assert_eq!(h.check(&a).await, 40001, "older than previous dies at once");
    assert_eq!(h.check(&b).await, 0);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(h.check(&b).await, 40001, "previous dies after grace");
    assert_eq!(h.check(&c).await, 0);
}

#[tokio::test]
async fn stable_token_rules() {
    let h = Harness::start(config(7200, 300)).await;
    let first = h.stable(false).await;
    assert_eq!(first["expires_in"], 7200);
    let a = token_of(&first);
    assert_eq!(token_of(&h.stable(false).await), a, "same token reused");
    let b = token_of(&h.stable(true).await);
    assert_ne!(a, b);
    assert_eq!(h.check(&a).await, 40001, "force_refresh revokes at once");
    assert_eq!(h.check(&b).await, 0);
    assert_eq!(
        token_of(&h.stable(true).await),
        b,
        "no refresh within 30 s of the last"
    );
    // The classic pool is untouched by stable calls and vice versa.
    let c = token_of(&h.classic().await);
    h.stable(true).await;
    assert_eq!(h.check(&c).await, 0);
    assert_eq!(h.sim.current_token(APP), Some(b));
}

#[tokio::test]
async fn stable_token_renews_near_expiry() {
    // ttl 2 s, window capped at 1 s.
    let h = Harness::start(config(2, 300)).await;
    let a = token_of(&h.stable(false).await);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let b = h.stable(false).await;
    assert_ne!(token_of(&b), a, "renewed inside the window");
    assert_eq!(b["expires_in"], 2);
    assert_eq!(h.check(&a).await, 0, "old one lives until its expiry");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(h.check(&a).await, 42001);
}

#[tokio::test]
async fn stable_token_request_errors() {
    let h = Harness::start(config(7200, 300)).await;
    let (_, v) = h.get("/cgi-bin/stable_token").await;
    assert_eq!(errcode(&v), 43002);
    assert_eq!(v["errmsg"], "require POST method");
    let (_, v) = h.post_raw("/cgi-bin/stable_token", "grant_type=x").await;
    assert_eq!(errcode(&v), 47001);
    let (_, v) = h.post_raw("/cgi-bin/stable_token", "").await;
    assert_eq!(errcode(&v), 44002);
    let body = json!({"grant_type": "client_credential", "appid": APP, "secret": SECRET, "force_refresh": "yes"});
    let (_, v) = h.post("/cgi-bin/stable_token", body).await;
    assert_eq!(errcode(&v), 47001);
    let body = json!({"grant_type": "client_credential", "appid": APP, "secret": "bad"});
    let (_, v) = h.post("/cgi-bin/stable_token", body).await;
    assert_eq!(errcode(&v), 40125);
    let body = json!({"grant_type": "client_credential", "secret": SECRET});
    let (_, v) = h.post("/cgi-bin/stable_token", body).await;
    assert_eq!(errcode(&v), 41002);
}

#[tokio::test]
async fn stable_force_refresh_daily_limit() {
    let mut c = config(7200, 300);
    c.force_refresh_interval = Duration::ZERO;
    c.force_refresh_daily_limit = 2;
    let h = Harness::start(c).await;
    let a = token_of(&h.stable(true).await);
    let b = token_of(&h.stable(true).await);
    assert_ne!(a, b);
    let v = h.stable(true).await;
    assert_eq!(errcode(&v), 45009);
    assert_eq!(v["errmsg"], "reach max api daily quota limit");
    // clear_quota with the app's own token frees the quota.
    let (_, v) = h
        .post(
            &format!("/cgi-bin/clear_quota?access_token={b}"),
            json!({ "appid": APP }),
        )
        .await;
    assert_eq!(errcode(&v), 0);
    assert!(h.stable(true).await["access_token"].is_string());
}

#[tokio::test]
async fn api_token_checks() {
    let h = Harness::start(config(1, 1)).await;
    let (_, v) = h.get("/cgi-bin/getcallbackip").await;
    assert_eq!(errcode(&v), 41001);
    assert_eq!(v["errmsg"], "access_token missing");
    assert_eq!(h.check("not-a-token").await, 40001);
    let t = h.token().await;
    assert_eq!(h.check(&t).await, 0);
    tokio::time::sleep(Duration::from_millis(1050)).await;
    assert_eq!(h.check(&t).await, 42001);
    let t = h.token().await;
    assert_eq!(h.check(&t).await, 0, "a fresh token after expiry");
    h.sim.set_token_ttl(Duration::from_secs(60));
    let t = token_of(&h.classic().await);
    h.sim.expire_tokens(APP);
    assert_eq!(h.check(&t).await, 42001);
    let t = token_of(&h.classic().await);
    h.sim.invalidate_tokens(APP);
    assert_eq!(h.check(&t).await, 40001);
    assert_eq!(h.sim.current_token(APP), None);
}

#[tokio::test]
async fn request_checks_on_post_endpoints() {
    let h = Harness::start(config(7200, 300)).await;
    let t = h.token().await;
    let path = format!("/cgi-bin/menu/create?access_token={t}");
    let (_, v) = h.get(&path).await;
    assert_eq!(errcode(&v), 43002);
    let (_, v) = h.post_raw(&path, "").await;
    assert_eq!(errcode(&v), 44002);
    let (_, v) = h.post_raw(&path, "<xml/>").await;
    assert_eq!(errcode(&v), 47001);
    assert_eq!(v["errmsg"], "data format error");
    let (_, v) = h.post(&path, json!({"button": []})).await;
    assert_eq!(v, json!({"errcode": 0, "errmsg": "ok"}));
    // menu/delete accepts GET and POST.
    let del = format!("/cgi-bin/menu/delete?access_token={t}");
    assert_eq!(errcode(&h.get(&del).await.1), 0);
    assert_eq!(errcode(&h.post_raw(&del, "").await.1), 0);
}

/// Built-in endpoints that take a multipart upload or an issued code, or
/// answer a file: `uploads_downloads_and_codes` covers them.
mod endpoints_and_controls;
