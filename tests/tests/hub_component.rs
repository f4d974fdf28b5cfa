//! The hub's third-party platforms, through its routes: a platform and its authorizers
//! in scenario `client` get their tokens from the hub; the hub receives the pushes,
//! heals a missing ticket, serves the authorization pages and completes them, guards
//! requested refreshes, and reports platforms in `/healthz` and `/metrics`.

#![cfg(feature = "hub")]

use std::time::Duration;

use tokio::sync::oneshot;
use wechat::hub::{Hub, HubConfig};
use wechat::wechat_client;
use wechat::Error;
use wechat_sim::{SimConfig, Simulator};

const COMPONENT: &str = "wxcomponent0000002";
const SECRET: &str = "component-secret-2";
const TOKEN: &str = "component-token-2";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const AUTHORIZER: &str = "wxauthorizer000002";
const KEY: &str = "platform-backend-key-1";

/// A business server of the platform: tokens from the hub.
#[wechat_client(component_appid = "wxcomponent0000002", scenario = "client")]
struct ShopPlatform;

/// One fixed authorizer of the platform, annotated directly.
#[wechat_client(
    appid = "wxauthorizer000002",
    component_appid = "wxcomponent0000002",
    scenario = "client"
)]
struct ShopAuthorizer;

struct Setup {
    sim: Simulator,
    hub_url: String,
    _durable: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for Setup {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

async fn setup() -> Setup {
    setup_with(true).await
}

/// The simulator pushes to the hub's events route when `pushes`, to nobody otherwise.
async fn setup_with(pushes: bool) -> Setup {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hub_url = format!("http://{}", listener.local_addr().unwrap());
    let mut sim_config = SimConfig::default().component(COMPONENT, SECRET, TOKEN, AES_KEY);
    if pushes {
        sim_config = sim_config
            .component_events_url(COMPONENT, format!("{hub_url}/component/{COMPONENT}/events"));
    }
    let sim = Simulator::start(sim_config).await.unwrap();
    let durable = tempfile::tempdir().unwrap();
    let text = format!(
        r#"api_base = "{api}"
public_url = "{hub_url}"
[refresh]
startup_spread_secs = 0
retry_min_secs = 1
[store]
kind = "memory"
[durable]
kind = "file"
path = "{path}"
[[component]]
appid = "{COMPONENT}"
secret = "{SECRET}"
token = "{TOKEN}"
aes_key = "{AES_KEY}"
[[key]]
name = "platform-backend"
secret = "{KEY}"
appids = ["{COMPONENT}"]
"#,
        api = sim.url(),
        path = durable.path().display(),
    );
    let config = HubConfig::parse_with_env(&text, "hub.toml", |_| None).expect("config");
    let hub = Hub::new(config).expect("hub");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(hub.serve(listener, async {
        let _ = stopped.await;
    }));
    Setup {
        sim,
        hub_url,
        _durable: durable,
        stop: Some(stop),
    }
}

fn platform(s: &Setup) -> ShopPlatform {
    ShopPlatform::builder()
        .api_base(s.sim.url())
        .hub_url(&s.hub_url)
        .hub_key(KEY)
        .refresh_jitter(Duration::ZERO)
        .build()
        .unwrap()
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The merchant's browser: the hub's authorization page, WeChat's page (the
/// simulator), and the way back to the hub.
async fn authorize_in_browser(s: &Setup) -> (u16, String) {
    let browser = no_redirects();
    let resp = browser
        .get(format!(
            "{}/component/{COMPONENT}/authorize?auth_type=1",
            s.hub_url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    let to = resp.headers()["location"].to_str().unwrap().to_owned();
    let wechat_page = url::Url::parse(&to).unwrap();
    assert_eq!(wechat_page.path(), "/cgi-bin/componentloginpage");
    let param = |k: &str| {
        wechat_page
            .query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    assert_eq!(param("auth_type"), "1");
    let back = param("redirect_uri");
    assert_eq!(
        back,
        format!("{}/component/{COMPONENT}/authorized", s.hub_url)
    );
    let auth_code = s
        .sim
        .authorize(
            COMPONENT,
            &param("pre_auth_code"),
            AUTHORIZER,
            wechat_sim::AuthorizerType::OfficialAccount,
            &[1, 2],
        )
        .await
        .unwrap()
        .auth_code;
    let page = browser
        .get(format!("{back}?auth_code={auth_code}&expires_in=600"))
        .send()
        .await
        .unwrap();
    (page.status().as_u16(), page.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_platform_and_its_authorizers_get_their_tokens_from_the_hub() {
    let s = setup().await;
    let platform = platform(&s);
    // No ticket at start: the hub asks for a push, receives it and serves the token.
    let component_token = platform.component_access_token().await.unwrap();
    assert_eq!(
        s.sim.current_component_token(COMPONENT).as_deref(),
        Some(component_token.expose())
    );
    assert_eq!(s.sim.calls("/cgi-bin/component/api_start_push_ticket"), 1);

    let (status, page) = authorize_in_browser(&s).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(AUTHORIZER), "{page}");

    // Typed calls of the authorizer, through the platform and through a fixed client.
    platform
        .official_account(AUTHORIZER)
        .menu()
        .get()
        .await
        .unwrap();
    let fixed = ShopAuthorizer::builder()
        .api_base(s.sim.url())
        .hub_url(&s.hub_url)
        .hub_key(KEY)
        .build()
        .unwrap();
    fixed.menu().get().await.unwrap();
    assert_eq!(s.sim.authorizer_token_requests(COMPONENT, AUTHORIZER), 0);

    // Expired at WeChat: the client presents the failed token, the hub confirms and
    // refreshes with the rotated refresh token.
    let before = s.sim.current_refresh_token(COMPONENT, AUTHORIZER);
    s.sim.expire_tokens(AUTHORIZER);
    fixed.menu().get().await.unwrap();
    assert_eq!(s.sim.authorizer_token_requests(COMPONENT, AUTHORIZER), 1);
    assert_ne!(s.sim.current_refresh_token(COMPONENT, AUTHORIZER), before);
    // The platform's client, holding the old token too, is answered the new one.
    platform
        .official_account(AUTHORIZER)
        .menu()
        .get()
        .await
        .unwrap();
    assert_eq!(s.sim.authorizer_token_requests(COMPONENT, AUTHORIZER), 1);

    // Health and metrics.
    let health: serde_json::Value = reqwest::get(format!("{}/healthz", s.hub_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok", "{health}");
    let metrics = reqwest::get(format!("{}/metrics", s.hub_url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "wechat_hub_component_ticket_age_seconds{component_appid=\"wxcomponent0000002\"}",
        "wechat_hub_component_authorizers{component_appid=\"wxcomponent0000002\",state=\"authorized\"} 1",
        "wechat_hub_component_authorizer_refreshes_total{component_appid=\"wxcomponent0000002\"} 1",
    ] {
        assert!(metrics.contains(needle), "{needle}\n{metrics}");
    }

    // Revoked: the client's next call fails with the typed error the hub names.
    s.sim.unauthorize(COMPONENT, AUTHORIZER).await.unwrap();
    let err = fixed.menu().get().await.unwrap_err();
    assert!(
        matches!(err, Error::AuthorizerNeedsReauthorization { .. }),
        "{err}"
    );
}

#[tokio::test]
async fn a_requested_refresh_of_a_valid_component_token_refreshes_nothing() {
    let s = setup().await;
    let platform = platform(&s);
    let token = platform.component_access_token().await.unwrap();
    let before = s.sim.calls("/cgi-bin/component/api_component_token");
    let resp = reqwest::Client::new()
        .post(format!("{}/refresh/component_access_token", s.hub_url))
        .bearer_auth(KEY)
        .json(&serde_json::json!({ "appid": COMPONENT, "access_token": token.expose() }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["access_token"], token.expose());
    assert_eq!(
        s.sim.calls("/cgi-bin/component/api_component_token"),
        before
    );
}

#[tokio::test]
async fn bad_pushes_and_unknown_things_are_refused() {
    let s = setup().await;
    let client = reqwest::Client::new();
    // A push with a wrong signature.
    let resp = client
        .post(format!(
            "{}/component/{COMPONENT}/events?timestamp=1&nonce=n&encrypt_type=aes&msg_signature=00",
            s.hub_url
        ))
        .body("<xml><AppId><![CDATA[x]]></AppId><Encrypt><![CDATA[AAAA]]></Encrypt></xml>")
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_client_error(), "{}", resp.status());
    // A push for a platform the hub does not serve.
    let resp = client
        .post(format!("{}/component/wxunknown/events", s.hub_url))
        .body("<xml/>")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    // An authorizer the platform never had: 404 with its kind, no upstream call.
    let err = platform(&s)
        .official_account("wxnobody0000000002")
        .menu()
        .get()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnknownAuthorizer { .. }), "{err}");
    assert_eq!(s.sim.calls("/cgi-bin/component/api_authorizer_token"), 0);
    // Conflicting authorization options.
    let resp = no_redirects()
        .get(format!(
            "{}/component/{COMPONENT}/authorize?auth_type=1&biz_appid=wx1",
            s.hub_url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    // A forged auth_code stores nothing.
    let resp = client
        .get(format!(
            "{}/component/{COMPONENT}/authorized?auth_code=forged",
            s.hub_url
        ))
        .send()
        .await
        .unwrap();
    assert!(!resp.status().is_success(), "{}", resp.status());
    let key_missing = client
        .get(format!(
            "{}/client/component_access_token?appid={COMPONENT}",
            s.hub_url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(key_missing.status().as_u16(), 401);
}

#[tokio::test]
async fn a_platform_without_a_ticket_is_degraded_and_says_why() {
    // WeChat's pushes reach nobody: the hub asks for one and never gets it.
    let s = setup_with(false).await;
    let health: serde_json::Value = reqwest::get(format!("{}/healthz", s.hub_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "degraded", "{health}");
    assert_eq!(health["platforms_without_ticket"][0], COMPONENT);
    let metrics = reqwest::get(format!("{}/metrics", s.hub_url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            "wechat_hub_component_ticket_age_seconds{component_appid=\"wxcomponent0000002\"} -1"
        ),
        "{metrics}"
    );
}
