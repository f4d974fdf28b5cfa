//! The simulator's third-party platform side, driven over HTTP: pushes to a
//! receiver of the test's own (decrypted and checked with the SDK's crypto,
//! an independent implementation), component and authorizer tokens, the
//! authorization flow, refresh-token rotation, and the controls.

use std::collections::HashMap;
use std::io::ErrorKind;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::routing::post;
use axum::Router;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use wechat::crypto::{check_signature, EncryptedEnvelope, MessageCrypto};
use wechat_sim::{AuthorizerType, Fault, PushStatus, SimConfig, Simulator};

const COMPONENT: &str = "wxc0mp0nent000001";
const SECRET: &str = "component-secret";
const TOKEN: &str = "pushtoken";
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const OA: &str = "wx0ff1c1a1acc0un7";
const MINI: &str = "wxm1n1pr0gram0001";
const APP: &str = "wxown4pp000000001";

/// One push as the receiver saw it.
#[derive(Debug)]
struct Push {
    query: HashMap<String, String>,
    body: String,
}

/// An events URL of the test's own: records every push on a channel and
/// answers `success`.
struct Receiver {
    url: String,
    pushes: mpsc::UnboundedReceiver<Push>,
}

async fn record(
    State(tx): State<mpsc::UnboundedSender<Push>>,
    Query(query): Query<HashMap<String, String>>,
    body: String,
) -> &'static str {
    let _ = tx.send(Push { query, body });
    "success"
}

impl Receiver {
    async fn start() -> Receiver {
        let (tx, pushes) = mpsc::unbounded_channel();
        let app = Router::new().route("/events", post(record)).with_state(tx);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/events", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { url, pushes }
    }

    /// The next push, checked and decrypted: its plaintext XML.
    async fn next(&mut self) -> String {
        let push = tokio::time::timeout(Duration::from_secs(5), self.pushes.recv())
            .await
            .expect("a push within 5 s")
            .expect("the receiver runs");
        open(&push)
    }

    /// No push is waiting.
    fn is_idle(&mut self) -> bool {
        self.pushes.try_recv().is_err()
    }
}

/// Checks a push's signatures and envelope with the SDK's crypto and
/// returns the plaintext.
fn open(push: &Push) -> String {
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
fn field(xml: &str, name: &str) -> Option<String> {
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

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

struct Harness {
    sim: Simulator,
    receiver: Receiver,
    http: reqwest::Client,
}

impl Harness {
    async fn start() -> Harness {
        Harness::with(SimConfig::default()).await
    }

    async fn with(config: SimConfig) -> Harness {
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

    async fn post(&self, path_and_query: &str, body: Value) -> (StatusCode, Value) {
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

    async fn get(&self, path_and_query: &str) -> Value {
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
    async fn call(&self, name: &str, token: &str, body: Value) -> Value {
        let path = format!("/cgi-bin/component/{name}?component_access_token={token}");
        self.post(&path, body).await.1
    }

    async fn start_push_ticket(&self) -> Value {
        let body = json!({ "component_appid": COMPONENT, "component_secret": SECRET });
        self.post("/cgi-bin/component/api_start_push_ticket", body)
            .await
            .1
    }

    async fn component_token(&self, ticket: &str) -> Value {
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
    async fn ticket(&mut self) -> String {
        assert_eq!(self.sim.push_ticket(COMPONENT, None).await, Ok(200));
        let xml = self.receiver.next().await;
        field(&xml, "ComponentVerifyTicket").unwrap()
    }

    /// A component_access_token, through a pushed ticket.
    async fn platform_token(&mut self) -> String {
        let ticket = self.ticket().await;
        let answer = self.component_token(&ticket).await;
        answer["component_access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("{answer}"))
            .to_owned()
    }

    async fn pre_auth_code(&self, token: &str) -> String {
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
    async fn authorize(
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

    async fn refresh(&self, token: &str, authorizer: &str, refresh_token: &str) -> Value {
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

    async fn menu_with(&self, access_token: &str) -> Value {
        self.get(&format!("/cgi-bin/menu/get?access_token={access_token}"))
            .await
    }
}

fn text(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}

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
