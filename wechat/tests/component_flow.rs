//! A third-party platform end to end against the simulator, through the Rust API:
//! ticket push → component token → pre_auth_code → authorization → an authorizer's
//! typed call → forced expiry → refresh with the rotated refresh token → unauthorized
//! → typed errors; the self-healing of a missing or rejected ticket; restarts with a
//! `FileStore`; bad pushes and unknown authorizers.

mod component_common;

use std::sync::Arc;

use component_common::*;
use wechat::component::{AuthType, AuthorizationUrl, AuthorizerState, Platform};
use wechat::store::{DurableStore, FileStore, MemoryStore};
use wechat::Error;
use wechat_sim::{Fault, SimConfig, Simulator};

const API_AUTHORIZER_TOKEN: &str = "/cgi-bin/component/api_authorizer_token";
const API_COMPONENT_TOKEN: &str = "/cgi-bin/component/api_component_token";
const START_PUSH: &str = "/cgi-bin/component/api_start_push_ticket";

/// Authorizes `AUTHORIZER` as an Official Account through the redirect flow.
async fn authorize(platform: &Platform, sim: &Simulator) -> wechat::component::AuthorizerInfo {
    let url = platform
        .authorization_url(
            &AuthorizationUrl::pc("https://platform.example.com/authorized")
                .auth_type(AuthType::OfficialAccounts),
        )
        .await
        .unwrap();
    assert!(
        url.starts_with("https://mp.weixin.qq.com/cgi-bin/componentloginpage?"),
        "{url}"
    );
    let auth_code = sim
        .authorize(
            COMPONENT,
            &pre_auth_code(&url),
            AUTHORIZER,
            wechat_sim::AuthorizerType::OfficialAccount,
            &[1, 2],
        )
        .await
        .unwrap()
        .auth_code;
    platform.complete_authorization(&auth_code).await.unwrap()
}

#[tokio::test]
async fn the_whole_flow_from_ticket_to_unauthorized() {
    let (events, slot) = receiver().await;
    let sim = simulator(events, SimConfig::default()).await;
    let durable = Arc::new(MemoryStore::new());
    let platform = platform(&sim, Arc::new(MemoryStore::new()), durable.clone());
    slot.set(platform.clone()).unwrap();

    // No ticket yet: the platform asks WeChat to push one and waits for it.
    let component_token = platform.component_access_token().await.unwrap();
    assert_eq!(sim.calls(START_PUSH), 1);
    assert_eq!(
        sim.current_component_token(COMPONENT).as_deref(),
        Some(component_token.expose())
    );

    let info = authorize(&platform, &sim).await;
    assert_eq!(info.authorizer_appid, AUTHORIZER);
    assert_eq!(info.state, AuthorizerState::Authorized);
    assert_eq!(info.app_type, Some(wechat::AppType::OfficialAccount));
    assert!(!info.func_ids.is_empty());
    // The refresh token is durable before anything else.
    let held = DurableStore::load(
        &*durable,
        &format!("authorizer_refresh_token/{COMPONENT}/{AUTHORIZER}"),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        sim.current_refresh_token(COMPONENT, AUTHORIZER).as_deref(),
        Some(held.value.expose())
    );

    // A typed call with the authorizer's token, handed out by api_query_auth: no
    // api_authorizer_token yet.
    let oa = match platform.authorizer(AUTHORIZER).await.unwrap() {
        wechat::component::Authorizer::OfficialAccount(oa) => oa,
        other => panic!("{other:?}"),
    };
    oa.menu().get().await.unwrap();
    assert_eq!(sim.authorizer_token_requests(COMPONENT, AUTHORIZER), 0);

    // Forced expiry: the call's 42001 refreshes with the refresh token, which rotates.
    sim.expire_tokens(AUTHORIZER);
    oa.menu().get().await.unwrap();
    assert_eq!(sim.authorizer_token_requests(COMPONENT, AUTHORIZER), 1);
    let rotated = DurableStore::load(
        &*durable,
        &format!("authorizer_refresh_token/{COMPONENT}/{AUTHORIZER}"),
    )
    .await
    .unwrap()
    .unwrap();
    assert_ne!(
        rotated.value, held.value,
        "the simulator rotates the refresh token"
    );
    assert_eq!(
        sim.current_refresh_token(COMPONENT, AUTHORIZER).as_deref(),
        Some(rotated.value.expose())
    );
    assert!(rotated.version > held.version);

    // Again, with the rotated one.
    sim.expire_tokens(AUTHORIZER);
    oa.menu().get().await.unwrap();
    assert_eq!(sim.authorizer_token_requests(COMPONENT, AUTHORIZER), 2);

    // The account revokes: the push updates the registry, and the next call fails
    // with a typed error and no further api_authorizer_token.
    sim.unauthorize(COMPONENT, AUTHORIZER).await.unwrap();
    let entry = platform.authorizer_info(AUTHORIZER).await.unwrap().unwrap();
    assert_eq!(entry.state, AuthorizerState::Unauthorized);
    let err = oa.menu().get().await.unwrap_err();
    assert!(
        matches!(err, Error::AuthorizerNeedsReauthorization { .. }),
        "{err}"
    );
    assert_eq!(sim.authorizer_token_requests(COMPONENT, AUTHORIZER), 2);
    assert_eq!(platform.stats().authorizer_refreshes, 2);
}

#[tokio::test]
async fn a_rejected_ticket_heals_itself() {
    let (sim, platform) = started_in_memory().await;
    // A ticket WeChat never issued: 61006, then a push, then the token.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    platform
        .record_ticket("ticket@@@forged", now - 60)
        .await
        .unwrap();
    platform.component_access_token().await.unwrap();
    assert_eq!(
        sim.calls(API_COMPONENT_TOKEN),
        2,
        "61006, then the new ticket"
    );
    assert_eq!(sim.calls(START_PUSH), 1);
}

#[tokio::test]
async fn no_push_gives_a_typed_error_and_the_push_request_is_not_repeated() {
    // A platform whose events URL reaches nobody.
    let sim = Simulator::start(SimConfig::default().component(COMPONENT, SECRET, TOKEN, AES_KEY))
        .await
        .unwrap();
    let platform = Platform::builder(COMPONENT)
        .component_secret(SECRET)
        .api_base(sim.url())
        .ticket_wait(std::time::Duration::from_millis(300))
        .build()
        .unwrap();
    for _ in 0..2 {
        let err = platform.component_access_token().await.unwrap_err();
        match &err {
            Error::ComponentTicket { problem, .. } => {
                assert!(
                    matches!(problem, wechat::component::TicketProblem::Missing { .. }),
                    "{err}"
                )
            }
            other => panic!("{other}"),
        }
    }
    assert_eq!(sim.calls(START_PUSH), 1, "at most once per 10 minutes");
    assert_eq!(sim.calls(API_COMPONENT_TOKEN), 0);
}

#[tokio::test]
async fn a_restart_with_a_file_store_loses_nothing_and_asks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (events, slot) = receiver().await;
    let sim = simulator(events, SimConfig::default()).await;
    {
        let file = Arc::new(FileStore::new(dir.path()));
        let platform = platform(&sim, file.clone(), file);
        slot.set(platform.clone()).unwrap();
        authorize(&platform, &sim).await;
        platform
            .official_account(AUTHORIZER)
            .menu()
            .get()
            .await
            .unwrap();
    }
    sim.reset_counts();
    // A new process on the same files.
    let file = Arc::new(FileStore::new(dir.path()));
    let restarted = platform(&sim, file.clone(), file.clone());
    restarted
        .official_account(AUTHORIZER)
        .menu()
        .get()
        .await
        .unwrap();
    restarted.component_access_token().await.unwrap();
    assert_eq!(sim.calls(API_AUTHORIZER_TOKEN), 0);
    assert_eq!(sim.calls(API_COMPONENT_TOKEN), 0);
    assert_eq!(sim.calls(START_PUSH), 0);
    // The ticket and the registry survived too.
    let entry = restarted
        .authorizer_info(AUTHORIZER)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.state, AuthorizerState::Authorized);
    // And once its token expires, the held refresh token still works.
    sim.expire_tokens(AUTHORIZER);
    restarted
        .official_account(AUTHORIZER)
        .menu()
        .get()
        .await
        .unwrap();
    assert_eq!(sim.calls(API_AUTHORIZER_TOKEN), 1);
}

#[tokio::test]
async fn a_rejected_refresh_token_marks_the_authorizer_and_is_not_retried() {
    let (sim, platform) = started_in_memory().await;
    authorize(&platform, &sim).await;
    let oa = platform.official_account(AUTHORIZER);
    sim.inject(Fault::errcode(API_AUTHORIZER_TOKEN, 61023));
    sim.expire_tokens(AUTHORIZER);
    let err = oa.menu().get().await.unwrap_err();
    assert!(
        matches!(err, Error::AuthorizerNeedsReauthorization { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("61023"), "{err}");
    let calls = sim.calls(API_AUTHORIZER_TOKEN);
    let again = oa.menu().get().await.unwrap_err();
    assert!(
        matches!(again, Error::AuthorizerNeedsReauthorization { .. }),
        "{again}"
    );
    assert_eq!(
        sim.calls(API_AUTHORIZER_TOKEN),
        calls,
        "no request for a dead refresh token"
    );
    let entry = platform.authorizer_info(AUTHORIZER).await.unwrap().unwrap();
    assert_eq!(entry.state, AuthorizerState::NeedsReauthorization);
    // Authorizing again serves it again.
    sim.clear_faults();
    authorize(&platform, &sim).await;
    oa.menu().get().await.unwrap();
}

#[tokio::test]
async fn an_unknown_authorizer_is_a_typed_error_without_a_request() {
    let (sim, platform) = started_in_memory().await;
    let err = platform
        .official_account("wxnobody0000000001")
        .menu()
        .get()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnknownAuthorizer { .. }), "{err}");
    let err = platform.authorizer("wxnobody0000000001").await.unwrap_err();
    assert!(matches!(err, Error::UnknownAuthorizer { .. }), "{err}");
    assert_eq!(sim.total_calls(), 0);
}

#[tokio::test]
async fn a_push_with_a_wrong_signature_or_for_another_platform_stores_nothing() {
    let (events, slot) = receiver().await;
    let sim = simulator(events, SimConfig::default()).await;
    let durable = Arc::new(MemoryStore::new());
    let platform = platform(&sim, Arc::new(MemoryStore::new()), durable.clone());
    slot.set(platform.clone()).unwrap();
    // A correct push, to see what a wrong one looks like.
    let crypto = wechat::crypto::MessageCrypto::new(TOKEN, AES_KEY, COMPONENT).unwrap();
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let plain = format!(
        "<xml><AppId><![CDATA[{COMPONENT}]]></AppId><CreateTime>{ts}</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[ticket@@@x]]></ComponentVerifyTicket></xml>"
    );
    let encrypt = crypto.encrypt(&plain, &[7; 16]);
    let body = format!(
        "<xml><AppId><![CDATA[{COMPONENT}]]></AppId><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    );
    let wrong = format!("timestamp={ts}&nonce=n1&encrypt_type=aes&msg_signature=0000");
    let err = platform
        .receive_push(
            &wechat::callback::CallbackQuery::parse(&wrong),
            body.as_bytes(),
        )
        .await
        .unwrap_err();
    assert!((400..500).contains(&err.http_status()), "{err}");
    assert!(DurableStore::keys(&*durable, "").await.unwrap().is_empty());
    // Not encrypted at all: refused too.
    let plain_query = "timestamp=1&nonce=n2&signature=x";
    assert!(platform
        .receive_push(
            &wechat::callback::CallbackQuery::parse(plain_query),
            plain.as_bytes()
        )
        .await
        .is_err());
    assert!(DurableStore::keys(&*durable, "").await.unwrap().is_empty());
    // Another platform's push, encrypted with another key, does not decrypt here.
    let other = wechat::crypto::MessageCrypto::new(TOKEN, AES_KEY, "wxotherplatform001").unwrap();
    let encrypt = other.encrypt(&plain.replace(COMPONENT, "wxotherplatform001"), &[7; 16]);
    let sig = other.msg_signature(&ts, "n3", &encrypt);
    let body = format!("<xml><AppId><![CDATA[wxotherplatform001]]></AppId><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>");
    let q = format!("timestamp={ts}&nonce=n3&encrypt_type=aes&msg_signature={sig}");
    assert!(platform
        .receive_push(&wechat::callback::CallbackQuery::parse(&q), body.as_bytes())
        .await
        .is_err());
    assert!(DurableStore::keys(&*durable, "").await.unwrap().is_empty());
    // The right signature is stored, and answered `success`.
    let encrypt = crypto.encrypt(&plain, &[7; 16]);
    let sig = crypto.msg_signature(&ts, "n4", &encrypt);
    let body = format!(
        "<xml><AppId><![CDATA[{COMPONENT}]]></AppId><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    );
    let q = format!("timestamp={ts}&nonce=n4&encrypt_type=aes&msg_signature={sig}");
    let ok = platform
        .receive_push(&wechat::callback::CallbackQuery::parse(&q), body.as_bytes())
        .await
        .unwrap();
    assert_eq!(ok.body, "success");
    assert_eq!(
        DurableStore::keys(&*durable, "").await.unwrap(),
        vec![format!("component_verify_ticket/{COMPONENT}")]
    );
}

#[tokio::test]
async fn a_pushed_authorization_is_completed_at_the_first_call() {
    let (sim, platform) = started_in_memory().await;
    let pre = platform.pre_auth_code().await.unwrap();
    // The merchant authorizes, but the browser never comes back: only the push.
    let _pushed = sim
        .authorize(
            COMPONENT,
            pre.pre_auth_code.expose(),
            AUTHORIZER,
            wechat_sim::AuthorizerType::OfficialAccount,
            &[1, 2],
        )
        .await
        .unwrap()
        .auth_code;
    let entry = platform.authorizer_info(AUTHORIZER).await.unwrap().unwrap();
    assert!(entry.pending_authorization_code.is_some());
    platform
        .official_account(AUTHORIZER)
        .menu()
        .get()
        .await
        .unwrap();
    let entry = platform.authorizer_info(AUTHORIZER).await.unwrap().unwrap();
    assert_eq!(entry.pending_authorization_code, None);
    assert_eq!(entry.app_type, Some(wechat::AppType::OfficialAccount));
}

#[tokio::test]
async fn web_authorization_and_mini_program_login_go_through_the_platform() {
    let (sim, platform) = started_in_memory().await;
    authorize(&platform, &sim).await;
    let oa = platform.official_account(AUTHORIZER);
    assert_eq!(oa.client().component_appid(), Some(COMPONENT));
    let url = oa
        .oauth()
        .authorize_url(
            "https://shop.example.com/back",
            wechat::oauth::Scope::Base,
            "s1",
        )
        .unwrap();
    assert!(
        url.ends_with(&format!("&component_appid={COMPONENT}#wechat_redirect")),
        "{url}"
    );
    let code = sim.oauth_code(AUTHORIZER, "openid-1", "snsapi_base");
    let user = oa.oauth().exchange_code(&code).await.unwrap();
    assert_eq!(user.openid, "openid-1");
    assert_eq!(sim.calls("/sns/oauth2/component/access_token"), 1);
    let renewed = oa.oauth().refresh(&user.refresh_token).await.unwrap();
    assert_eq!(renewed.openid, "openid-1");
    assert_eq!(sim.calls("/sns/oauth2/component/refresh_token"), 1);

    // A Mini Program authorizer logs its users in with the platform's token.
    const MINI: &str = "wxauthorizermini01";
    let pre = platform.pre_auth_code().await.unwrap();
    let auth = sim
        .authorize(
            COMPONENT,
            pre.pre_auth_code.expose(),
            MINI,
            wechat_sim::AuthorizerType::MiniProgram,
            &[17],
        )
        .await
        .unwrap();
    let info = platform
        .complete_authorization(&auth.auth_code)
        .await
        .unwrap();
    assert_eq!(info.app_type, Some(wechat::AppType::MiniProgram));
    let mini = match platform.authorizer(MINI).await.unwrap() {
        wechat::component::Authorizer::MiniProgram(m) => m,
        other => panic!("{other:?}"),
    };
    let session = mini
        .code2session(&sim.login_code(MINI, "openid-2"))
        .await
        .unwrap();
    assert_eq!(session.openid, "openid-2");
    assert_eq!(sim.calls("/sns/component/jscode2session"), 1);
}

#[tokio::test]
async fn wechats_authorizer_list_is_walked_page_by_page_and_resumes_after_an_error() {
    let (sim, platform) = started_in_memory().await;
    sim.push_ticket(COMPONENT, None).await.unwrap();
    let appids: Vec<String> = (0..5).map(|i| format!("wxlisted00000000{i}")).collect();
    for appid in &appids {
        let pre = platform.pre_auth_code().await.unwrap();
        let auth = sim
            .authorize(
                COMPONENT,
                pre.pre_auth_code.expose(),
                appid,
                wechat_sim::AuthorizerType::OfficialAccount,
                &[],
            )
            .await
            .unwrap();
        platform
            .complete_authorization(&auth.auth_code)
            .await
            .unwrap();
    }
    const LIST: &str = "/cgi-bin/component/api_get_authorizer_list";

    // Every account, in the order they authorized, two per request: 3 requests.
    let mut list = platform.authorizer_list(2);
    let mut seen = Vec::new();
    while let Some(item) = list.next().await {
        seen.push(item.unwrap().authorizer_appid);
    }
    assert_eq!(seen, appids);
    assert_eq!(sim.calls(LIST), 3);
    assert_eq!((list.offset(), list.total()), (5, Some(5)));

    // Whole pages; a page size above WeChat's 500 is clamped to it.
    let mut pages = platform.authorizer_list(10_000);
    let first = pages.next_page().await.unwrap().unwrap();
    assert_eq!(first.len(), 5);
    assert!(pages.next_page().await.unwrap().is_none());
    assert_eq!(sim.calls(LIST), 4);

    // A failed page ends the stream with the typed error; the offset resumes it.
    let mut list = platform.authorizer_list(2);
    assert!(list.next().await.unwrap().is_ok());
    assert!(list.next().await.unwrap().is_ok());
    sim.inject(Fault::errcode(LIST, 45009).times(1));
    match list.next().await {
        Some(Err(Error::Api { errcode: 45009, .. })) => {}
        other => panic!("{other:?}"),
    }
    assert!(list.next().await.is_none());
    let mut rest = platform.authorizer_list_from(list.offset(), 2);
    let mut tail = Vec::new();
    while let Some(item) = rest.next().await {
        tail.push(item.unwrap().authorizer_appid);
    }
    assert_eq!(tail, appids[2..]);
}
