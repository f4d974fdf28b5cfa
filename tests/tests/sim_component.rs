//! The simulator's third-party platform side, driven over HTTP: pushes to a
//! receiver of the test's own (decrypted and checked with the SDK's crypto,
//! an independent implementation), component and authorizer tokens, the
//! authorization flow, refresh-token rotation, and the controls.

mod sim_component_common;

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use sim_component_common::*;
use wechat_sim::{AuthorizerType, PushStatus, SimConfig, Simulator};

#[tokio::test]
async fn start_push_ticket_pushes_a_ticket_that_buys_a_component_token() {
    let mut h = Harness::start().await;
    let wrong = json!({ "component_appid": COMPONENT, "component_secret": "nope" });
    let (_, answer) = h
        .post("/cgi-bin/component/api_start_push_ticket", wrong)
        .await;
    assert_eq!(answer["errcode"], 40125, "{answer}");
    let unknown = json!({ "component_appid": "wxnobody", "component_secret": SECRET });
    let (_, answer) = h
        .post("/cgi-bin/component/api_start_push_ticket", unknown)
        .await;
    assert_eq!(answer["errcode"], 40013, "{answer}");
    assert!(h.receiver.is_idle(), "refused calls push nothing");

    assert_eq!(
        h.start_push_ticket().await,
        json!({ "errcode": 0, "errmsg": "ok" })
    );
    let xml = h.receiver.next().await;
    assert_eq!(field(&xml, "AppId").as_deref(), Some(COMPONENT));
    assert_eq!(
        field(&xml, "InfoType").as_deref(),
        Some("component_verify_ticket")
    );
    let created: u64 = field(&xml, "CreateTime").unwrap().parse().unwrap();
    assert!(created.abs_diff(unix_now()) < 60, "{created}");
    let ticket = field(&xml, "ComponentVerifyTicket").unwrap();
    assert!(ticket.starts_with("ticket@@@"), "{ticket}");

    let answer = h.component_token(&ticket).await;
    assert_eq!(answer["expires_in"], 7200, "{answer}");
    let token = text(&answer["component_access_token"]);
    assert_eq!(h.sim.current_component_token(COMPONENT), Some(token));

    let records = h.sim.pushes();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].info_type, "component_verify_ticket");
    assert_eq!(records[0].status, PushStatus::Answered(200));
    assert_eq!(records[0].reply.as_deref(), Some("success"));
}

#[tokio::test]
async fn component_token_refuses_what_is_wrong() {
    let mut h = Harness::start().await;
    let ticket = h.ticket().await;
    let never = h.component_token("ticket@@@never-pushed").await;
    assert_eq!(
        never,
        json!({ "errcode": 61006, "errmsg": "component ticket is invalid" })
    );
    let body = |appid: &str, secret: &str| {
        json!({
            "component_appid": appid,
            "component_appsecret": secret,
            "component_verify_ticket": ticket,
        })
    };
    let path = "/cgi-bin/component/api_component_token";
    let (_, answer) = h.post(path, body(COMPONENT, "wrong")).await;
    assert_eq!(answer["errcode"], 40125, "{answer}");
    let (_, answer) = h.post(path, body(APP, "app-secret")).await;
    assert_eq!(answer["errcode"], 61011, "{answer}");
    // Several tickets are valid at once.
    let newer = h.ticket().await;
    assert!(h.component_token(&newer).await["component_access_token"].is_string());
    assert!(h.component_token(&ticket).await["component_access_token"].is_string());
    assert_eq!(h.sim.component_token_requests(COMPONENT), 4);
}

#[tokio::test]
async fn a_ticket_past_its_lifetime_is_61005() {
    let mut h = Harness::with(SimConfig {
        ticket_ttl: Duration::ZERO,
        ..SimConfig::default()
    })
    .await;
    let ticket = h.ticket().await;
    let answer = h.component_token(&ticket).await;
    assert_eq!(answer["errcode"], 61005, "{answer}");
}

#[tokio::test]
async fn without_an_events_url_start_push_ticket_is_ok_and_pushes_nothing() {
    let sim = Simulator::start(SimConfig::default().component(COMPONENT, SECRET, TOKEN, KEY))
        .await
        .unwrap();
    let body = json!({ "component_appid": COMPONENT, "component_secret": SECRET });
    let answer: Value = reqwest::Client::new()
        .post(format!(
            "{}/cgi-bin/component/api_start_push_ticket",
            sim.url()
        ))
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["errcode"], 0);
    assert!(sim.pushes().is_empty());
    let err = sim.push_ticket(COMPONENT, None).await.unwrap_err();
    assert!(err.contains("no events URL"), "{err}");
}

#[tokio::test]
async fn a_pre_auth_code_authorizes_once() {
    let mut h = Harness::start().await;
    let token = h.platform_token().await;
    let pre = h.pre_auth_code(&token).await;
    let kind = AuthorizerType::OfficialAccount;
    assert!(h
        .sim
        .authorize(COMPONENT, &pre, OA, kind, &[])
        .await
        .is_ok());
    let again = h.sim.authorize(COMPONENT, &pre, OA, kind, &[]).await;
    assert!(again.is_err(), "{again:?}");
    let (status, answer) = h
        .post(
            "/sim/component/authorize",
            json!({
                "component_appid": COMPONENT,
                "pre_auth_code": pre,
                "authorizer_appid": OA,
                "app_type": "official_account",
            }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let made_up = h
        .sim
        .authorize(COMPONENT, "preauthcode@@@made-up", OA, kind, &[])
        .await;
    assert!(made_up.is_err());
}

#[tokio::test]
async fn an_authorization_pushes_its_code_and_query_auth_gives_a_working_token() {
    let mut h = Harness::start().await;
    let token = h.platform_token().await;
    let pre = h.pre_auth_code(&token).await;
    let granted = h
        .sim
        .authorize(
            COMPONENT,
            &pre,
            OA,
            AuthorizerType::OfficialAccount,
            &[1, 15],
        )
        .await
        .unwrap();
    assert_eq!(granted.expires_in, 600);
    assert_eq!(granted.info_type, "authorized");
    let xml = h.receiver.next().await;
    assert_eq!(field(&xml, "InfoType").as_deref(), Some("authorized"));
    assert_eq!(field(&xml, "AuthorizerAppid").as_deref(), Some(OA));
    assert_eq!(field(&xml, "PreAuthCode"), Some(pre));
    let code = field(&xml, "AuthorizationCode").unwrap();
    assert_eq!(code, granted.auth_code);
    let expires: u64 = field(&xml, "AuthorizationCodeExpiredTime")
        .unwrap()
        .parse()
        .unwrap();
    assert!(expires.abs_diff(unix_now() + 600) < 60, "{expires}");

    let query = |code: &str| json!({ "component_appid": COMPONENT, "authorization_code": code });
    let answer = h.call("api_query_auth", &token, query(&code)).await;
    let info = &answer["authorization_info"];
    assert_eq!(info["authorizer_appid"], OA, "{answer}");
    assert_eq!(info["expires_in"], 7200);
    assert_eq!(
        info["func_info"],
        json!([{ "funcscope_category": { "id": 1 } }, { "funcscope_category": { "id": 15 } }])
    );
    let refresh = text(&info["authorizer_refresh_token"]);
    assert_eq!(h.sim.current_refresh_token(COMPONENT, OA), Some(refresh));
    let access = text(&info["authorizer_access_token"]);
    assert_eq!(
        h.sim.current_authorizer_token(COMPONENT, OA),
        Some(access.clone())
    );

    // The authorizer's token works on an ordinary endpoint.
    let menu = h.menu_with(&access).await;
    assert!(
        menu.get("menu").is_some() && menu.get("errcode").is_none(),
        "{menu}"
    );
    // A component_access_token does not.
    assert_eq!(h.menu_with(&token).await["errcode"], 40001);

    assert_eq!(
        h.call("api_query_auth", &token, query(&code)).await["errcode"],
        61010
    );
    let unknown = h
        .call("api_query_auth", &token, query("queryauthcode@@@x"))
        .await;
    assert_eq!(unknown["errcode"], 61009);

    // Authorizing again while authorized is an update.
    let pre = h.pre_auth_code(&token).await;
    let update = h
        .sim
        .authorize(COMPONENT, &pre, OA, AuthorizerType::OfficialAccount, &[1])
        .await
        .unwrap();
    assert_eq!(update.info_type, "updateauthorized");
    let xml = h.receiver.next().await;
    assert_eq!(field(&xml, "InfoType").as_deref(), Some("updateauthorized"));
}

#[tokio::test]
async fn refresh_tokens_rotate_and_the_previous_lives_until_the_new_one_is_used() {
    let mut h = Harness::start().await;
    let token = h.platform_token().await;
    let (_, info) = h
        .authorize(&token, OA, AuthorizerType::OfficialAccount)
        .await;
    let r0 = text(&info["authorizer_refresh_token"]);

    let answer = h.refresh(&token, OA, &r0).await;
    assert_eq!(answer["expires_in"], 7200, "{answer}");
    let r1 = text(&answer["authorizer_refresh_token"]);
    assert_ne!(r1, r0);
    let a1 = text(&answer["authorizer_access_token"]);
    assert_eq!(
        h.sim.valid_refresh_tokens(COMPONENT, OA),
        [r0.clone(), r1.clone()]
    );
    assert_eq!(h.sim.current_refresh_token(COMPONENT, OA), Some(r1.clone()));
    assert!(h.menu_with(&a1).await.get("menu").is_some());

    // The new one used once: the old one is gone, the new one stays beside
    // its successor.
    let r2 = text(&h.refresh(&token, OA, &r1).await["authorizer_refresh_token"]);
    assert_eq!(h.refresh(&token, OA, &r0).await["errcode"], 61023);
    assert_eq!(
        h.sim.valid_refresh_tokens(COMPONENT, OA),
        [r1.clone(), r2.clone()]
    );

    // A platform that lost the answer refreshes again with what it has.
    let lost = text(&h.refresh(&token, OA, &r2).await["authorizer_refresh_token"]);
    let again = h.refresh(&token, OA, &r2).await;
    let r3 = text(&again["authorizer_refresh_token"]);
    assert_ne!(r3, lost);
    assert_eq!(h.refresh(&token, OA, &lost).await["errcode"], 61023);
    assert!(h.refresh(&token, OA, &r3).await["authorizer_access_token"].is_string());

    assert_eq!(
        h.refresh(&token, OA, "refreshtoken@@@made-up").await["errcode"],
        61023
    );
    assert_eq!(h.refresh(&token, MINI, &r3).await["errcode"], 61023);
    // Every request naming the authorizer counts, whatever its outcome.
    assert_eq!(h.sim.authorizer_token_requests(COMPONENT, OA), 8);
}

#[tokio::test]
async fn unauthorization_pushes_and_revokes_every_authorizer_credential() {
    let mut h = Harness::start().await;
    let token = h.platform_token().await;
    let (_, info) = h
        .authorize(&token, OA, AuthorizerType::OfficialAccount)
        .await;
    let refresh = text(&info["authorizer_refresh_token"]);
    let access = text(&info["authorizer_access_token"]);

    assert_eq!(
        h.sim.unauthorize(COMPONENT, OA).await,
        Ok(PushStatus::Answered(200))
    );
    let xml = h.receiver.next().await;
    assert_eq!(field(&xml, "InfoType").as_deref(), Some("unauthorized"));
    assert_eq!(field(&xml, "AuthorizerAppid").as_deref(), Some(OA));
    assert_eq!(field(&xml, "AuthorizationCode"), None);

    assert_eq!(h.refresh(&token, OA, &refresh).await["errcode"], 61023);
    assert_eq!(h.menu_with(&access).await["errcode"], 40001);
    let details = json!({ "component_appid": COMPONENT, "authorizer_appid": OA });
    let info = h.call("api_get_authorizer_info", &token, details).await;
    assert_eq!(info["errcode"], 61003, "{info}");
    assert!(h.sim.valid_refresh_tokens(COMPONENT, OA).is_empty());
    assert!(h.sim.unauthorize(COMPONENT, OA).await.is_err());

    // Authorizing again starts anew: an `authorized` push, new tokens, the
    // old refresh token still refused.
    let (xml, info) = h
        .authorize(&token, OA, AuthorizerType::OfficialAccount)
        .await;
    assert_eq!(field(&xml, "InfoType").as_deref(), Some("authorized"));
    let fresh = text(&info["authorizer_refresh_token"]);
    assert_ne!(fresh, refresh);
    assert_eq!(h.refresh(&token, OA, &refresh).await["errcode"], 61023);
    assert!(h.refresh(&token, OA, &fresh).await["authorizer_access_token"].is_string());
}

#[tokio::test]
async fn component_tokens_are_checked_and_follow_invalidate_and_expire() {
    let mut h = Harness::start().await;
    let token = h.platform_token().await;
    let body = json!({ "component_appid": COMPONENT });
    let missing = h
        .post("/cgi-bin/component/api_create_preauthcode", body.clone())
        .await
        .1;
    assert_eq!(missing["errcode"], 41001);
    let made_up = h
        .call("api_create_preauthcode", "made-up", body.clone())
        .await;
    assert_eq!(made_up["errcode"], 40001);
    // Newer pages name it `access_token`.
    let (_, newer) = h
        .post(
            &format!("/cgi-bin/component/api_create_preauthcode?access_token={token}"),
            body.clone(),
        )
        .await;
    assert!(newer["pre_auth_code"].is_string(), "{newer}");
    let other = json!({ "component_appid": "wxsomeoneelse" });
    assert_eq!(
        h.call("api_create_preauthcode", &token, other).await["errcode"],
        40013
    );
    assert_eq!(
        h.call("api_create_preauthcode", &token, json!({})).await["errcode"],
        41002
    );

    let (_, info) = h
        .authorize(&token, OA, AuthorizerType::OfficialAccount)
        .await;
    let access = text(&info["authorizer_access_token"]);

    let (status, _) = h
        .post("/sim/invalidate", json!({ "appid": COMPONENT }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        h.call("api_create_preauthcode", &token, body.clone()).await["errcode"],
        40001
    );
    assert!(
        h.menu_with(&access).await.get("menu").is_some(),
        "the authorizer's token lives on"
    );
    assert_eq!(h.sim.current_component_token(COMPONENT), None);

    let token = h.platform_token().await;
    let (status, _) = h.post("/sim/expire", json!({ "appid": COMPONENT })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        h.call("api_create_preauthcode", &token, body.clone()).await["errcode"],
        42001
    );

    h.post("/sim/expire", json!({ "appid": OA })).await;
    assert_eq!(h.menu_with(&access).await["errcode"], 42001);
    let (status, _) = h
        .post("/sim/invalidate", json!({ "appid": "wxnobody" }))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_platforms_own_spec_endpoint_takes_its_token_in_the_parameter_its_page_names() {
    let mut h = Harness::start().await;
    let token = h.platform_token().await;
    let (_, info) = h
        .authorize(&token, OA, AuthorizerType::OfficialAccount)
        .await;
    let access = text(&info["authorizer_access_token"]);
    // The code template library (模板库): its page names the parameter `access_token`.
    let list = |param: &str, token: &str| format!("/wxa/gettemplatelist?{param}={token}");
    let ok = h.get(&list("access_token", &token)).await;
    assert!(ok.get("errcode").is_none_or(|c| c == 0), "{ok}");
    assert!(ok["template_list"].is_array(), "{ok}");
    // The same token under the other name is no token at all.
    let renamed = h.get(&list("component_access_token", &token)).await;
    assert_eq!(renamed["errcode"], 41001, "{renamed}");
    // An authorizer's access_token is not the platform's.
    let authorizer = h.get(&list("access_token", &access)).await;
    assert_eq!(authorizer["errcode"], 40001, "{authorizer}");
    // Fast registration takes it as `component_access_token`.
    let register = "/cgi-bin/component/fastregisterweapp?action=search";
    let body = json!({ "name": "n", "legal_persona_wechat": "w", "legal_persona_name": "l" });
    let (_, found) = h
        .post(
            &format!("{register}&component_access_token={token}"),
            body.clone(),
        )
        .await;
    assert_eq!(found["errcode"], 0, "{found}");
    let (_, wrong) = h
        .post(&format!("{register}&access_token={token}"), body)
        .await;
    assert_eq!(wrong["errcode"], 41001, "{wrong}");
}
