//! End-to-end tests: a running simulator driven over HTTP with reqwest.

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
const NOT_PLAIN_JSON: &[&str] = &[
    "/cgi-bin/media/upload",
    "/cgi-bin/media/uploadimg",
    "/cgi-bin/media/get",
    "/cgi-bin/material/add_material",
    "/customservice/kfaccount/uploadheadimg",
    "/shakearound/material/add",
    "/card/invoice/platform/setpdf",
    "/cgi-bin/media/get/jssdk",
    "/wxa/getwxacode",
    "/wxa/getwxacodeunlimit",
    "/cgi-bin/wxaapp/createwxaqrcode",
    "/wxa/business/getuserphonenumber",
];

/// A request body that makes each built-in POST endpoint succeed.
fn body_for(path: &str) -> Value {
    match path {
        "/cgi-bin/clear_quota" => json!({ "appid": APP }),
        "/cgi-bin/material/batchget_material" => json!({"type": "news", "offset": 0, "count": 2}),
        "/cgi-bin/material/get_material" => json!({"media_id": "SIM_NEWS_MEDIA_0"}),
        "/cgi-bin/user/info/batchget" => json!({"user_list": [{"openid": "oA", "lang": "zh_CN"}]}),
        "/cgi-bin/tags/create" => json!({"tag": {"name": "广东"}}),
        "/cgi-bin/openapi/quota/get" => json!({"cgi_path": "/cgi-bin/message/custom/send"}),
        "/cgi-bin/openapi/rid/get" => json!({"rid": "61725984-6126f6f9-040f19c4"}),
        "/cgi-bin/shorten/gen" => json!({"long_data": "loooong", "expire_seconds": 60}),
        _ => json!({}),
    }
}

#[tokio::test]
async fn every_builtin_endpoint_succeeds() {
    let h = Harness::start(config(7200, 300)).await;
    let t = h.token().await;
    let mut n = 0;
    for (method, path) in builtin_endpoints() {
        if path == "/cgi-bin/shorten/fetch" || NOT_PLAIN_JSON.contains(&path) {
            continue; // need a key, a file or a code: covered by their own tests
        }
        let url = format!("{path}?access_token={t}&openid=oA&type=jsapi");
        let (status, v) = if method == "POST" {
            h.post(&url, body_for(path)).await
        } else {
            h.get(&url).await
        };
        assert_eq!(status, StatusCode::OK, "{method} {path}");
        assert!(v.is_object(), "{method} {path}: {v}");
        assert_eq!(errcode(&v), 0, "{method} {path}: {v}");
        n += 1;
    }
    assert!(n >= 45, "only {n} endpoints");
    let (_, v) = h
        .post(
            &format!("/cgi-bin/shorten/gen?access_token={t}"),
            body_for("/cgi-bin/shorten/gen"),
        )
        .await;
    let (_, v) = h
        .post(
            &format!("/cgi-bin/shorten/fetch?access_token={t}"),
            json!({"short_key": v["short_key"]}),
        )
        .await;
    assert_eq!(v["long_data"], "loooong");
}

#[tokio::test]
async fn material_paging_and_media_download() {
    let h = Harness::start(config(7200, 300)).await;
    let t = h.token().await;
    let url = format!("/cgi-bin/material/batchget_material?access_token={t}");
    let (_, v) = h
        .post(&url, json!({"type": "image", "offset": 3, "count": 20}))
        .await;
    assert_eq!(v["total_count"], 5);
    assert_eq!(v["item_count"], 2);
    let resp = h
        .http
        .post(h.url(&format!("/cgi-bin/material/get_material?access_token={t}")))
        .body(json!({"media_id": "SIM_IMAGE_MEDIA_1"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    assert!(resp.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]));
}

#[tokio::test]
async fn unknown_path_is_404_from_the_simulator() {
    let h = Harness::start(config(7200, 300)).await;
    let t = h.token().await;
    let (status, v) = h.get(&format!("/cgi-bin/nothing?access_token={t}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(v["errcode"], -1);
    let errmsg = v["errmsg"].as_str().unwrap();
    assert!(
        errmsg.starts_with("unknown path for the simulator: /cgi-bin/nothing (")
            && errmsg.contains("POST /sim/body"),
        "{errmsg}"
    );
    let (status, _) = h.get("/sim/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn faults_with_remaining_rate_and_latency() {
    let h = Harness::start(config(7200, 300)).await;
    let t = h.token().await;
    h.sim
        .inject(Fault::errcode("/cgi-bin/getcallbackip", -1).times(2));
    assert_eq!(h.check(&t).await, -1);
    let (_, v) = h
        .get(&format!("/cgi-bin/getcallbackip?access_token={t}"))
        .await;
    assert_eq!(v["errmsg"], "system error");
    assert_eq!(h.check(&t).await, 0, "fault gone after two");
    // Token checks come before faults.
    h.sim.inject(Fault::errcode("/cgi-bin/getcallbackip", -1));
    assert_eq!(h.check("bad").await, 40001);
    h.sim.clear_faults();
    // Rate 0 never applies.
    h.sim
        .inject(Fault::errcode("/cgi-bin/getcallbackip", -1).with_rate(0.0));
    assert_eq!(h.check(&t).await, 0);
    h.sim.clear_faults();
    // HTTP failures and latency.
    h.sim.inject(
        Fault::http_status("/cgi-bin/getcallbackip", 502)
            .with_latency(Duration::from_millis(200))
            .times(1),
    );
    let started = Instant::now();
    let resp = h
        .http
        .get(h.url(&format!("/cgi-bin/getcallbackip?access_token={t}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_GATEWAY);
    assert!(started.elapsed() >= Duration::from_millis(200));
    // Faults on token endpoints, and on every path.
    h.sim
        .inject(Fault::errcode("/cgi-bin/stable_token", 45011).times(1));
    assert_eq!(errcode(&h.stable(false).await), 45011);
    assert!(h.stable(false).await["access_token"].is_string());
    h.sim.inject(Fault::always().with_errcode(-1).times(1));
    assert_eq!(errcode(&h.classic().await), -1);
    // A fault naming an unlisted path makes it answer.
    h.sim
        .inject(Fault::errcode("/wxa/getwxacodeunlimit", 40097).times(1));
    let (status, v) = h
        .post(
            &format!("/wxa/getwxacodeunlimit?access_token={t}"),
            json!({}),
        )
        .await;
    assert_eq!((status, errcode(&v)), (StatusCode::OK, 40097));
}

#[tokio::test]
async fn counts() {
    let h = Harness::start(config(7200, 300)).await;
    let t = h.token().await;
    h.classic().await;
    h.check(&t).await;
    h.check("bad").await;
    h.get("/nowhere").await;
    h.get("/sim/stats").await;
    assert_eq!(h.sim.calls("/cgi-bin/stable_token"), 1);
    assert_eq!(h.sim.calls("/cgi-bin/getcallbackip"), 2);
    assert_eq!(h.sim.calls("/nowhere"), 1);
    assert_eq!(h.sim.token_requests(), 2);
    assert_eq!(h.sim.total_calls(), 5);
    h.sim.reset_counts();
    assert_eq!(h.sim.total_calls(), 0);
}

#[tokio::test]
async fn set_body_and_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    let host = dir.path().join("api.weixin.qq.com");
    std::fs::create_dir(&host).unwrap();
    std::fs::write(
        host.join("cgi-bin__menu__get.json"),
        "{\"menu\":{\"button\":[]}}",
    )
    .unwrap();
    std::fs::write(host.join("datacube__getusersummary.json"), "{\"list\":[]}").unwrap();
    let mut c = config(7200, 300);
    c.fixtures_dir = Some(dir.path().to_owned());
    let h = Harness::start(c).await;
    let t = h.token().await;
    let (_, v) = h.get(&format!("/cgi-bin/menu/get?access_token={t}")).await;
    assert_eq!(v, json!({"menu": {"button": []}}));
    let (_, v) = h
        .post(
            &format!("/datacube/getusersummary?access_token={t}"),
            json!({}),
        )
        .await;
    assert_eq!(v, json!({"list": []}));
    // Without a token, fixtures are guarded like everything else.
    let (_, v) = h.get("/datacube/getusersummary").await;
    assert_eq!(errcode(&v), 41001);
    // set_body wins over fixtures and built-ins.
    h.sim
        .set_body("POST", "/cgi-bin/menu/get", json!({"menu": {"menuid": 1}}));
    let (_, v) = h.get(&format!("/cgi-bin/menu/get?access_token={t}")).await;
    assert_eq!(errcode(&v), 43002);
    let (_, v) = h
        .post(&format!("/cgi-bin/menu/get?access_token={t}"), json!({}))
        .await;
    assert_eq!(v, json!({"menu": {"menuid": 1}}));
}

#[tokio::test]
async fn control_api() {
    let h = Harness::start(config(7200, 300)).await;
    let t = h.token().await;
    h.check(&t).await;
    let (_, stats) = h.get("/sim/stats").await;
    assert_eq!(stats["token_requests"], 1);
    assert_eq!(stats["total"], 2);
    assert_eq!(stats["calls"]["/cgi-bin/getcallbackip"], 1);
    let (status, v) = h.post_raw("/sim/reset", "").await;
    assert_eq!((status, v), (StatusCode::OK, json!({"ok": true})));
    assert_eq!(h.sim.total_calls(), 0);

    let (_, v) = h.get(&format!("/sim/token?appid={APP}")).await;
    assert_eq!(v["access_token"], t.as_str());
    let (status, _) = h.get("/sim/token?appid=nobody").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _) = h.post("/sim/expire", json!({ "appid": APP })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.check(&t).await, 42001);
    let t = h.token().await;
    h.post("/sim/invalidate", json!({ "appid": APP })).await;
    assert_eq!(h.check(&t).await, 40001);
    let (status, v) = h.post("/sim/invalidate", json!({"appid": "nobody"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(v["error"].is_string());
    let (status, _) = h.post_raw("/sim/invalidate", "{").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (_, v) = h
        .post(
            "/sim/config",
            json!({"token_ttl_secs": 60, "grace_secs": 10}),
        )
        .await;
    assert_eq!(v["token_ttl_secs"], 60);
    assert_eq!(h.stable(false).await["expires_in"], 60);
    let (status, _) = h.post("/sim/config", json!({"ttl": 5})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let t = h.token().await;
    let fault = json!({"path": "/cgi-bin/getcallbackip", "errcode": 45009, "remaining": 1});
    h.post("/sim/fault", fault).await;
    let (_, v) = h.get("/sim/fault").await;
    assert_eq!(v["faults"][0]["errcode"], 45009);
    assert_eq!(h.check(&t).await, 45009);
    assert_eq!(h.check(&t).await, 0);
    h.post("/sim/fault", json!({"errcode": -1})).await;
    assert_eq!(h.check(&t).await, -1);
    let resp = h.http.delete(h.url("/sim/fault")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(h.check(&t).await, 0);
    let (status, _) = h.post("/sim/fault", json!({"http_status": 42})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let body = json!({"method": "GET", "path": "/cgi-bin/custom/thing", "body": {"x": 1}});
    h.post("/sim/body", body).await;
    let (_, v) = h
        .get(&format!("/cgi-bin/custom/thing?access_token={t}"))
        .await;
    assert_eq!(v, json!({"x": 1}));
    // Control requests are not counted.
    assert_eq!(h.sim.calls("/sim/body"), 0);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let sim = Simulator::start(config(7200, 300)).await.unwrap();
    let url = sim.url();
    assert!(url.starts_with("http://127.0.0.1:"));
    assert!(!url.ends_with('/'));
    assert_eq!(sim.addr().ip().to_string(), "127.0.0.1");
    let http = Client::new();
    assert!(http.get(format!("{url}/sim/stats")).send().await.is_ok());
    sim.shutdown().await;
    let fresh = Client::new();
    assert!(fresh.get(format!("{url}/sim/stats")).send().await.is_err());

    let sim = Simulator::start(config(7200, 300)).await.unwrap();
    let url = sim.url();
    drop(sim);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(fresh.get(format!("{url}/sim/stats")).send().await.is_err());
}

#[tokio::test]
async fn uploads_downloads_and_codes() {
    use reqwest::multipart::{Form, Part};
    let h = Harness::start(config(7200, 300)).await;
    let t = h.token().await;
    let image = vec![0x89_u8; 3000];
    let form = Form::new().part(
        "media",
        Part::bytes(image.clone())
            .file_name("a.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let resp = h
        .http
        .post(h.url(&format!(
            "/cgi-bin/media/upload?access_token={t}&type=image"
        )))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let v: Value = resp.json().await.unwrap();
    let id = v["media_id"].as_str().expect("a media_id").to_owned();
    let resp = h
        .http
        .get(h.url(&format!(
            "/cgi-bin/media/get?access_token={t}&media_id={id}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert_eq!(
        resp.headers()["content-disposition"],
        "attachment; filename=\"a.png\""
    );
    assert_eq!(resp.bytes().await.unwrap().to_vec(), image);
    // A JSON body where a multipart one is expected.
    let (_, v) = h
        .post(
            &format!("/cgi-bin/media/upload?access_token={t}&type=image"),
            json!({}),
        )
        .await;
    assert_eq!(errcode(&v), 41005);
    let (_, v) = h
        .get(&format!(
            "/cgi-bin/media/upload?access_token={t}&type=image"
        ))
        .await;
    assert_eq!(errcode(&v), 43002);
    // A mini-program code is an image; a bad scene a JSON errcode.
    let resp = h
        .http
        .post(h.url(&format!("/wxa/getwxacodeunlimit?access_token={t}")))
        .body(json!({"scene": "id=1"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    let (_, v) = h
        .post(
            &format!("/wxa/getwxacodeunlimit?access_token={t}"),
            json!({"scene": ""}),
        )
        .await;
    assert_eq!(errcode(&v), 40129);
    // Login and phone codes.
    let code = h.sim.login_code(APP, "oUser");
    let q = format!("/sns/jscode2session?appid={APP}&secret={SECRET}&js_code={code}&grant_type=authorization_code");
    let (_, v) = h.get(&q).await;
    assert_eq!(v["openid"], "oUser");
    assert_eq!(v["session_key"].as_str().unwrap().len(), 24);
    assert_eq!(errcode(&h.get(&q).await.1), 40163);
    let bad = format!(
        "/sns/jscode2session?appid={APP}&secret=wrong&js_code=x&grant_type=authorization_code"
    );
    assert_eq!(errcode(&h.get(&bad).await.1), 40125);
    let code = h.sim.phone_code(APP, "13800138000");
    let (_, v) = h
        .post(
            &format!("/wxa/business/getuserphonenumber?access_token={t}"),
            json!({"code": code}),
        )
        .await;
    assert_eq!(v["phone_info"]["purePhoneNumber"], "13800138000");
    assert_eq!(v["phone_info"]["watermark"]["appid"], APP);
}

#[tokio::test]
async fn oauth_codes_tokens_and_scopes() {
    let h = Harness::start(config(7200, 300)).await;
    let code = h.sim.oauth_code(APP, "oWeb", "snsapi_base");
    let (_, v) = h
        .get(&format!("/sns/oauth2/access_token?appid={APP}&secret={SECRET}&code={code}&grant_type=authorization_code"))
        .await;
    let token = v["access_token"].as_str().unwrap().to_owned();
    let refresh = v["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(v["scope"], "snsapi_base");
    let info = format!("/sns/userinfo?access_token={token}&openid=oWeb&lang=en");
    assert_eq!(errcode(&h.get(&info).await.1), 48001);
    let auth = |tok: &str, openid: &str| format!("/sns/auth?access_token={tok}&openid={openid}");
    assert_eq!(
        h.get(&auth(&token, "oWeb")).await.1,
        json!({"errcode": 0, "errmsg": "ok"})
    );
    assert_eq!(errcode(&h.get(&auth(&token, "other")).await.1), 40003);
    assert_eq!(errcode(&h.get(&auth("nope", "oWeb")).await.1), 40001);
    h.sim.expire_user_tokens();
    assert_eq!(errcode(&h.get(&auth(&token, "oWeb")).await.1), 42001);
    let (_, v) = h
        .get(&format!("/sns/oauth2/refresh_token?appid={APP}&grant_type=refresh_token&refresh_token={refresh}"))
        .await;
    let fresh = v["access_token"].as_str().unwrap();
    assert_eq!(h.get(&auth(fresh, "oWeb")).await.1["errcode"], 0);
    let (_, v) = h
        .get(&format!(
            "/sns/oauth2/refresh_token?appid={APP}&grant_type=refresh_token&refresh_token=bad"
        ))
        .await;
    assert_eq!(errcode(&v), 40030);
    assert_eq!(h.sim.token_requests(), 0, "no app token involved");
}
