//! Web pages against the simulator: `jssdk_config` with the ticket through the token
//! core, and the OAuth2 flow with per-user tokens that never touch the app's token.

mod common;

use std::sync::Arc;

use common::{app, builder, sim, TestApp};
use wechat::jssdk::{signature, TicketKind};
use wechat::oauth::{Lang, Scope};
use wechat::store::{MemoryStore, Store};
use wechat::Error;

const TICKET_PATH: &str = "/cgi-bin/ticket/getticket";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn jssdk_config_signs_the_page_with_one_cached_ticket() {
    let sim = sim().await;
    let store = Arc::new(MemoryStore::new());
    let app = builder(&sim).shared_store(store.clone()).build().unwrap();
    let calls: Vec<_> = (0..50)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                app.jssdk_config(&format!("https://example.com/p?i={i}#top"))
                    .await
            })
        })
        .collect();
    let mut configs = Vec::new();
    for c in calls {
        configs.push(c.await.unwrap().unwrap());
    }
    assert_eq!(
        sim.calls(TICKET_PATH),
        1,
        "one ticket request for all callers"
    );
    assert_eq!(sim.token_requests(), 1);

    let ticket = app.ticket(TicketKind::Jsapi).await.unwrap();
    let stored = store
        .load(&format!("jsapi_ticket/{}", TestApp::APPID))
        .await
        .unwrap();
    assert_eq!(
        stored.map(|t| t.value),
        Some(ticket.clone()),
        "the ticket is in the store"
    );
    for (i, c) in configs.iter().enumerate() {
        assert_eq!(c.app_id, TestApp::APPID);
        assert_eq!(c.nonce_str.len(), 16);
        let url = format!("https://example.com/p?i={i}");
        assert_eq!(
            c.signature,
            signature(ticket.expose(), &c.nonce_str, c.timestamp, &url)
        );
    }
    let json = serde_json::to_value(&configs[0]).unwrap();
    let mut keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["appId", "nonceStr", "signature", "timestamp"]);

    // The card ticket is another one, cached under its own key.
    let card = app.ticket(TicketKind::WxCard).await.unwrap();
    assert_ne!(card, ticket);
    app.ticket(TicketKind::WxCard).await.unwrap();
    assert_eq!(sim.calls(TICKET_PATH), 2);
    assert!(!format!("{app:?}").contains(ticket.expose()));
}

#[tokio::test]
async fn a_rejected_ticket_is_replaced_once() {
    let sim = sim().await;
    let app = app(&sim);
    let first = app.ticket(TicketKind::Jsapi).await.unwrap();
    app.ticket_rejected(TicketKind::Jsapi, &first)
        .await
        .unwrap();
    let second = app.ticket(TicketKind::Jsapi).await.unwrap();
    assert_ne!(first, second);
    // Reporting the old one again changes nothing.
    app.ticket_rejected(TicketKind::Jsapi, &first)
        .await
        .unwrap();
    assert_eq!(app.ticket(TicketKind::Jsapi).await.unwrap(), second);
    assert_eq!(sim.calls(TICKET_PATH), 2);
}

#[tokio::test]
async fn a_ticket_fetched_with_a_stale_access_token_refreshes_the_token_once() {
    let sim = sim().await;
    let app = app(&sim);
    app.access().getcallbackip().await.unwrap();
    sim.invalidate_tokens(TestApp::APPID);
    sim.reset_counts();
    app.jssdk_config("https://example.com/").await.unwrap();
    assert_eq!(sim.token_requests(), 1);
    assert_eq!(
        sim.calls(TICKET_PATH),
        2,
        "the rejected request and one retry"
    );
}

#[tokio::test]
async fn oauth_code_to_token_to_profile_and_refresh() {
    let sim = sim().await;
    let app = app(&sim);
    let url = app
        .oauth()
        .authorize_url("https://example.com/cb", Scope::UserInfo, "s1")
        .unwrap();
    assert!(url.starts_with(
        "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1a2b3c4d5e6f7a8b&"
    ));

    let code = sim.oauth_code(TestApp::APPID, "oWebUser", "snsapi_userinfo");
    let token = app.oauth().exchange_code(&code).await.unwrap();
    assert_eq!(token.openid, "oWebUser");
    assert_eq!(token.scope, "snsapi_userinfo");
    let shown = format!("{token:?}");
    assert!(
        !shown.contains(token.access_token.expose())
            && !shown.contains(token.refresh_token.expose())
    );

    let user = app
        .oauth()
        .userinfo(&token.access_token, &token.openid, Lang::En)
        .await
        .unwrap();
    assert_eq!(user.openid, "oWebUser");
    assert_eq!(user.country, "China");
    assert!(app
        .oauth()
        .check(&token.access_token, &token.openid)
        .await
        .unwrap());
    assert!(!app
        .oauth()
        .check(&token.access_token, "someone-else")
        .await
        .unwrap());

    sim.expire_user_tokens();
    let err = app
        .oauth()
        .userinfo(&token.access_token, &token.openid, Lang::ZhCn)
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(42001));
    let fresh = app.oauth().refresh(&token.refresh_token).await.unwrap();
    assert_ne!(fresh.access_token, token.access_token);
    assert!(app
        .oauth()
        .check(&fresh.access_token, "oWebUser")
        .await
        .unwrap());

    let used = app.oauth().exchange_code(&code).await.unwrap_err();
    assert_eq!(used.errcode(), Some(40163));
    assert_eq!(sim.token_requests(), 0, "the app's token is never involved");
}

#[tokio::test]
async fn a_rejected_user_token_is_not_retried_and_base_scope_has_no_profile() {
    let sim = sim().await;
    let app = app(&sim);
    let code = sim.oauth_code(TestApp::APPID, "oBase", "snsapi_base");
    let token = app.oauth().exchange_code(&code).await.unwrap();
    let err = app
        .oauth()
        .userinfo(&token.access_token, "oBase", Lang::ZhCn)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { errcode: 48001, .. }), "{err:?}");

    let bogus = wechat::Secret::new("not-a-user-token");
    let err = app
        .oauth()
        .userinfo(&bogus, "oBase", Lang::ZhCn)
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(40001));
    assert!(!err.to_string().contains("not-a-user-token"));
    assert_eq!(sim.calls("/sns/userinfo"), 2, "no retry");
    assert_eq!(sim.token_requests(), 0, "no app token refresh");

    let err = app
        .oauth()
        .refresh(&wechat::Secret::new("stale"))
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(40030));
}
