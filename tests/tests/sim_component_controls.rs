//! The simulator's third-party platform side, its controls: stats by credential kind,
//! authorizer details, list and options, login and OAuth on an authorizer's behalf,
//! faults, the control routes over HTTP, start-up checks.

mod sim_component_common;

use std::io::ErrorKind;

use reqwest::StatusCode;
use serde_json::json;
use sim_component_common::*;
use wechat_sim::{AuthorizerType, Fault, SimConfig, Simulator};

#[tokio::test]
async fn stats_count_token_requests_by_kind_and_credential() {
    let mut h = Harness::start().await;
    let app_token =
        format!("/cgi-bin/token?grant_type=client_credential&appid={APP}&secret=app-secret");
    h.get(&app_token).await;
    let token = h.platform_token().await;
    h.component_token("ticket@@@never").await;
    let (_, info) = h
        .authorize(&token, OA, AuthorizerType::OfficialAccount)
        .await;
    h.refresh(&token, OA, &text(&info["authorizer_refresh_token"]))
        .await;

    let stats = h.get("/sim/stats").await;
    assert_eq!(
        stats["token_requests_by_kind"],
        json!({ "access_token": 1, "component_access_token": 2, "authorizer_access_token": 1 })
    );
    assert_eq!(stats["component_token_requests"], json!({ COMPONENT: 2 }));
    assert_eq!(
        stats["authorizer_token_requests"],
        json!({ COMPONENT: { OA: 1 } })
    );
    assert_eq!(stats["token_requests"], 1);

    h.post("/sim/reset", json!({})).await;
    let stats = h.get("/sim/stats").await;
    assert_eq!(stats["token_requests_by_kind"]["component_access_token"], 0);
    assert_eq!(stats["component_token_requests"], json!({}));
    assert_eq!(h.sim.authorizer_token_requests(COMPONENT, OA), 0);
}

#[tokio::test]
async fn authorizer_details_list_and_options() {
    let mut h = Harness::start().await;
    let token = h.platform_token().await;
    let (_, oa) = h
        .authorize(&token, OA, AuthorizerType::OfficialAccount)
        .await;
    h.authorize(&token, MINI, AuthorizerType::MiniProgram).await;

    let details = |appid: &str| json!({ "component_appid": COMPONENT, "authorizer_appid": appid });
    let info = h.call("api_get_authorizer_info", &token, details(OA)).await;
    let account = &info["authorizer_info"];
    assert_eq!(account["service_type_info"]["id"], 2, "{info}");
    assert!(account["user_name"].as_str().unwrap().starts_with("gh_"));
    for key in [
        "nick_name",
        "head_img",
        "verify_type_info",
        "principal_name",
        "qrcode_url",
    ] {
        assert!(account.get(key).is_some(), "{key}: {info}");
    }
    assert!(account.get("MiniProgramInfo").is_none());
    assert_eq!(info["authorization_info"]["authorizer_appid"], OA);
    assert_eq!(
        info["authorization_info"]["authorizer_refresh_token"],
        oa["authorizer_refresh_token"]
    );
    let mini = h
        .call("api_get_authorizer_info", &token, details(MINI))
        .await;
    assert!(
        mini["authorizer_info"]["MiniProgramInfo"].is_object(),
        "{mini}"
    );
    let stranger = h
        .call("api_get_authorizer_info", &token, details(APP))
        .await;
    assert_eq!(stranger["errcode"], 61003);

    let list = |offset: u64, count: u64| json!({ "component_appid": COMPONENT, "offset": offset, "count": count });
    let all = h
        .call("api_get_authorizer_list", &token, list(0, 500))
        .await;
    assert_eq!(all["total_count"], 2, "{all}");
    assert_eq!(all["list"][0]["authorizer_appid"], OA);
    assert_eq!(all["list"][1]["authorizer_appid"], MINI);
    assert_eq!(
        all["list"][0]["refresh_token"],
        oa["authorizer_refresh_token"]
    );
    assert!(
        all["list"][0]["auth_time"]
            .as_u64()
            .unwrap()
            .abs_diff(unix_now())
            < 60
    );
    let second = h.call("api_get_authorizer_list", &token, list(1, 1)).await;
    assert_eq!(second["list"].as_array().unwrap().len(), 1);
    assert_eq!(second["list"][0]["authorizer_appid"], MINI);
    let too_many = h
        .call("api_get_authorizer_list", &token, list(0, 501))
        .await;
    assert_eq!(too_many["errcode"], 40170);

    let option = |name: &str, value: Option<&str>| {
        let mut b =
            json!({ "component_appid": COMPONENT, "authorizer_appid": OA, "option_name": name });
        if let Some(v) = value {
            b["option_value"] = json!(v);
        }
        b
    };
    let set = h
        .call(
            "api_set_authorizer_option",
            &token,
            option("voice_recognize", Some("1")),
        )
        .await;
    assert_eq!(set, json!({ "errcode": 0, "errmsg": "ok" }));
    let got = h
        .call(
            "api_get_authorizer_option",
            &token,
            option("voice_recognize", None),
        )
        .await;
    assert_eq!(
        got,
        json!({ "authorizer_appid": OA, "option_name": "voice_recognize", "option_value": "1" })
    );
    let bad = h
        .call(
            "api_set_authorizer_option",
            &token,
            option("voice_recognize", Some("7")),
        )
        .await;
    assert_eq!(bad["errcode"], 40097);

    let cleared = h
        .call(
            "clear_quota",
            &token,
            json!({ "component_appid": COMPONENT }),
        )
        .await;
    assert_eq!(cleared["errcode"], 0);
}

#[tokio::test]
async fn login_and_oauth_on_an_authorizers_behalf() {
    let mut h = Harness::start().await;
    let token = h.platform_token().await;
    h.authorize(&token, MINI, AuthorizerType::MiniProgram).await;
    h.authorize(&token, OA, AuthorizerType::OfficialAccount)
        .await;
    let login = |appid: &str, code: &str| {
        format!(
            "/sns/component/jscode2session?appid={appid}&js_code={code}&grant_type=authorization_code&component_appid={COMPONENT}&component_access_token={token}"
        )
    };
    let code = h.sim.login_code(MINI, "oMiniUser");
    let session = h.get(&login(MINI, &code)).await;
    assert_eq!(session["openid"], "oMiniUser", "{session}");
    assert!(session["session_key"].is_string());
    assert_eq!(h.get(&login(MINI, &code)).await["errcode"], 40163);
    let foreign = h.sim.login_code(APP, "oUser");
    assert_eq!(h.get(&login(APP, &foreign)).await["errcode"], 61003);

    let code = h.sim.oauth_code(OA, "oWebUser", "snsapi_userinfo");
    let user = h
        .get(&format!(
            "/sns/oauth2/component/access_token?appid={OA}&code={code}&grant_type=authorization_code&component_appid={COMPONENT}&component_access_token={token}"
        ))
        .await;
    assert_eq!(user["openid"], "oWebUser", "{user}");
    let refreshed = h
        .get(&format!(
            "/sns/oauth2/component/refresh_token?appid={OA}&grant_type=refresh_token&component_appid={COMPONENT}&component_access_token={token}&refresh_token={}",
            text(&user["refresh_token"])
        ))
        .await;
    let access = text(&refreshed["access_token"]);
    assert_ne!(access, text(&user["access_token"]));
    let profile = h
        .get(&format!(
            "/sns/userinfo?access_token={access}&openid=oWebUser"
        ))
        .await;
    assert_eq!(profile["openid"], "oWebUser", "{profile}");
    let no_token = h
        .get(&format!(
            "/sns/oauth2/component/access_token?appid={OA}&code=x&grant_type=authorization_code&component_appid={COMPONENT}"
        ))
        .await;
    assert_eq!(no_token["errcode"], 41001);
}

#[tokio::test]
async fn faults_apply_to_the_platform_paths() {
    let mut h = Harness::start().await;
    let ticket = h.ticket().await;
    h.sim
        .inject(Fault::errcode("/cgi-bin/component/api_component_token", -1).times(1));
    assert_eq!(h.component_token(&ticket).await["errcode"], -1);
    let token = text(&h.component_token(&ticket).await["component_access_token"]);
    h.sim
        .inject(Fault::http_status("/cgi-bin/component/api_create_preauthcode", 503).times(1));
    let (status, _) = h
        .post(
            &format!("/cgi-bin/component/api_create_preauthcode?component_access_token={token}"),
            json!({ "component_appid": COMPONENT }),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    h.pre_auth_code(&token).await;
}

#[tokio::test]
async fn control_routes_over_http() {
    let mut h = Harness::start().await;
    let (status, answer) = h
        .post(
            "/sim/component/push_ticket",
            json!({ "component_appid": COMPONENT }),
        )
        .await;
    assert_eq!((status, answer), (StatusCode::OK, json!({ "status": 200 })));
    let ticket = field(&h.receiver.next().await, "ComponentVerifyTicket").unwrap();
    let token = text(&h.component_token(&ticket).await["component_access_token"]);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let dead = json!({ "component_appid": COMPONENT, "url": format!("http://127.0.0.1:{port}/") });
    let (status, answer) = h.post("/sim/component/push_ticket", dead).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{answer}");
    assert!(answer["error"].is_string());
    let (status, _) = h
        .post(
            "/sim/component/push_ticket",
            json!({ "component_appid": "wxnobody" }),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let pre = h.pre_auth_code(&token).await;
    let authorize = |app_type: &str| {
        json!({
            "component_appid": COMPONENT,
            "pre_auth_code": pre,
            "authorizer_appid": MINI,
            "app_type": app_type,
            "func_ids": [18, 19],
        })
    };
    let (status, _) = h
        .post("/sim/component/authorize", authorize("website"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, granted) = h
        .post("/sim/component/authorize", authorize("mini_program"))
        .await;
    assert_eq!(status, StatusCode::OK, "{granted}");
    assert_eq!(granted["expires_in"], 600);
    assert_eq!(granted["push_status"], 200);
    assert_eq!(granted["info_type"], "authorized");
    let xml = h.receiver.next().await;
    assert_eq!(
        field(&xml, "AuthorizationCode"),
        Some(text(&granted["auth_code"]))
    );
    let answer = h
        .call(
            "api_query_auth",
            &token,
            json!({ "component_appid": COMPONENT, "authorization_code": granted["auth_code"] }),
        )
        .await;
    assert_eq!(
        answer["authorization_info"]["func_info"][1]["funcscope_category"]["id"],
        19
    );

    let tokens = h
        .get(&format!(
            "/sim/component/tokens?component_appid={COMPONENT}&authorizer_appid={MINI}"
        ))
        .await;
    assert_eq!(tokens["component_access_token"], token);
    assert_eq!(
        tokens["authorizer_access_token"],
        answer["authorization_info"]["authorizer_access_token"]
    );
    assert_eq!(
        tokens["refresh_tokens"],
        json!([answer["authorization_info"]["authorizer_refresh_token"]])
    );

    let gone = json!({ "component_appid": COMPONENT, "authorizer_appid": MINI });
    let (status, answer) = h.post("/sim/component/unauthorize", gone.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer, json!({ "ok": true, "push_status": 200 }));
    h.receiver.next().await;
    let (status, _) = h.post("/sim/component/unauthorize", gone).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let pushes = h.get("/sim/component/pushes").await;
    let kinds: Vec<&str> = pushes["pushes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["info_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "component_verify_ticket",
            "component_verify_ticket",
            "authorized",
            "unauthorized"
        ]
    );
    assert!(pushes["pushes"][1]["error"].is_string(), "{pushes}");
    assert_eq!(pushes["pushes"][0]["reply"], "success");
}

#[tokio::test]
async fn a_bad_encoding_aes_key_is_a_startup_error() {
    let config = SimConfig::default().component(COMPONENT, SECRET, TOKEN, "too-short");
    let err = Simulator::start(config).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("43"), "{err}");
}
