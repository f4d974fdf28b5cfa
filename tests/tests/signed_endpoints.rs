//! Signed endpoints (`sign = [...]` in their specs) against the simulator, which checks
//! every signature as WeChat does: user storage with the user's session_key
//! (`signature`, `sig_method`), virtual payment with the AppKey (`pay_sig`) and the
//! session_key. The signatures themselves are checked against the official worked
//! examples in the runtime's unit tests (`wechat/src/spec_support/signing.rs`).

use wechat::api::{user_storage, xpay};
use wechat::{Error, MiniProgram, Secret};
use wechat_sim::{SimConfig, Simulator};

const MP: &str = "wx5s1g0e0d0m0m0m01";
const APP_KEY: &str = "sim-production-appkey";
const SANDBOX_APP_KEY: &str = "sim-sandbox-appkey";
const OPENID: &str = "o-signed-user";

async fn simulator() -> Simulator {
    Simulator::start(
        SimConfig::default()
            .app(MP, "mp-secret")
            .xpay_app_key(MP, APP_KEY)
            .xpay_sandbox_app_key(MP, SANDBOX_APP_KEY),
    )
    .await
    .unwrap()
}

fn client(sim: &Simulator, app_key: Option<&str>) -> MiniProgram {
    let builder = MiniProgram::builder(MP)
        .secret("mp-secret")
        .api_base(sim.url());
    match app_key {
        Some(key) => builder.xpay_app_key(key),
        None => builder,
    }
    .build()
    .unwrap()
}

/// A session_key as the user's login gives it.
async fn login(sim: &Simulator, app: &MiniProgram) -> Secret {
    let code = sim.login_code(MP, OPENID);
    app.code2session(&code).await.unwrap().session_key
}

fn storage_request() -> user_storage::SetUserStorageRequest {
    user_storage::SetUserStorageRequest {
        openid: OPENID.into(),
        kv_list: vec![user_storage::UserStorageKv {
            key: "score".into(),
            value: "100".into(),
        }],
    }
}

#[tokio::test]
async fn user_storage_is_signed_with_the_latest_session_key() {
    let sim = simulator().await;
    let app = client(&sim, None);
    let first = login(&sim, &app).await;
    app.user_storage()
        .set_user_storage(&storage_request(), &first)
        .await
        .unwrap();

    // A wrong key, and the key of an earlier login once a new one is issued: 87009.
    let wrong = Secret::from("bm90IHRoZSBzZXNzaW9uIGtleQ==");
    let err = app
        .user_storage()
        .set_user_storage(&storage_request(), &wrong)
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(87009), "{err}");
    let second = login(&sim, &app).await;
    assert_ne!(first, second);
    let err = app
        .user_storage()
        .set_user_storage(&storage_request(), &first)
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(87009), "{err}");
    app.user_storage()
        .set_user_storage(&storage_request(), &second)
        .await
        .unwrap();
    // Debug of the error and of the request never shows the session_key.
    assert!(!format!("{err:?}").contains(first.expose()));
}

fn balance_request(env: xpay::XpayEnv) -> xpay::QueryUserBalanceRequest {
    xpay::QueryUserBalanceRequest {
        openid: OPENID.into(),
        env,
        user_ip: "127.0.0.1".into(),
    }
}

#[tokio::test]
async fn virtual_payment_carries_pay_sig_and_the_user_signature() {
    let sim = simulator().await;
    let app = client(&sim, Some(APP_KEY));
    let session_key = login(&sim, &app).await;
    app.xpay()
        .query_user_balance(&balance_request(xpay::XpayEnv::Production), &session_key)
        .await
        .unwrap();

    // Another AppKey than the simulator's: 268490003 (签名校验失败).
    let other = client(&sim, Some("not-the-appkey"));
    let err = other
        .xpay()
        .query_user_balance(&balance_request(xpay::XpayEnv::Production), &session_key)
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(268490003), "{err}");
    assert!(!err.to_string().contains("not-the-appkey"), "{err}");

    // The right AppKey but a wrong session_key: refused too.
    let err = app
        .xpay()
        .query_user_balance(
            &balance_request(xpay::XpayEnv::Production),
            &Secret::from("d3Jvbmcga2V5"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(268490003), "{err}");
}

#[tokio::test]
async fn a_sandbox_call_without_the_sandbox_app_key_is_refused_before_sending() {
    let sim = simulator().await;
    let app = client(&sim, Some(APP_KEY));
    let session_key = login(&sim, &app).await;
    let before = sim.calls("/xpay/query_user_balance");
    let err = app
        .xpay()
        .query_user_balance(&balance_request(xpay::XpayEnv::Sandbox), &session_key)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("xpay_sandbox_app_key"), "{err}");
    assert_eq!(sim.calls("/xpay/query_user_balance"), before);

    // With it, the sandbox key signs the sandbox body.
    let sandbox = MiniProgram::builder(MP)
        .secret("mp-secret")
        .api_base(sim.url())
        .xpay_app_key(APP_KEY)
        .xpay_sandbox_app_key(SANDBOX_APP_KEY)
        .build()
        .unwrap();
    sandbox
        .xpay()
        .query_user_balance(&balance_request(xpay::XpayEnv::Sandbox), &session_key)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_server_side_payment_call_needs_only_pay_sig() {
    let sim = simulator().await;
    let app = client(&sim, Some(APP_KEY));
    let req = xpay::QueryOrderRequest {
        openid: OPENID.into(),
        env: xpay::XpayEnv::Production,
        order_id: Some("order-1".into()),
        wx_order_id: None,
    };
    app.xpay().query_order(&req).await.unwrap();
    let err = client(&sim, Some("not-the-appkey"))
        .xpay()
        .query_order(&req)
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(268490003), "{err}");
}
