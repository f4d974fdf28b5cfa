//! End-to-end tests over HTTP, continued: every built-in endpoint, material paging,
//! unknown paths, faults, counts, bodies and fixtures, the control API, shutdown,
//! uploads and downloads, OAuth codes.

use super::*;

/// Endpoints (besides the uploads) that answer a file or need a code.
const NOT_PLAIN_JSON: &[&str] = &[
    "/cgi-bin/media/get",
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
        let upload = matches!(
            crate::bodies::builtin(path),
            Some((crate::bodies::Verb::Multipart, _))
        );
        if upload
            || path == "/cgi-bin/shorten/fetch"
            || NOT_PLAIN_JSON.contains(&path)
            || crate::signing::is_signed(path)
        {
            continue; // need a file, a key, a code or a signature: covered by their own tests
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
