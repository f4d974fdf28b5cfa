//! Mini programs against the simulator: login (`code2session`), phone numbers, and
//! the mini-program code images.

mod common;

use common::{sim, SECRET};
use wechat::api::phone_number::GetuserphonenumberRequest;
use wechat::api::wxacode::{CreatewxaqrcodeRequest, GetwxacodeRequest, GetwxacodeunlimitRequest};
use wechat::{Error, MiniProgram};

const MINI_APPID: &str = "wx1a2b3c4d5e6f7a8b";

fn mini(sim: &common::Simulator) -> MiniProgram {
    MiniProgram::builder(MINI_APPID)
        .secret(SECRET)
        .api_base(sim.url())
        .build()
        .unwrap()
}

#[tokio::test]
async fn login_gives_the_openid_and_a_session_key_that_debug_hides() {
    let sim = sim().await;
    let app = mini(&sim);
    let code = sim.login_code(MINI_APPID, "oMiniUser");
    let session = app.code2session(&code).await.unwrap();
    assert_eq!(session.openid, "oMiniUser");
    assert_eq!(session.session_key.expose().len(), 24);
    let shown = format!("{session:?}");
    assert!(!shown.contains(session.session_key.expose()), "{shown}");
    assert_eq!(sim.token_requests(), 0, "login needs no access_token");

    let again = app.code2session(&code).await.unwrap_err();
    assert_eq!(again.errcode(), Some(40163));
    let unknown = app.code2session("made-up").await.unwrap_err();
    assert!(
        matches!(unknown, Error::Api { errcode: 40029, .. }),
        "{unknown:?}"
    );
    assert!(!unknown.to_string().contains(SECRET));
}

#[tokio::test]
async fn a_wrong_secret_is_reported_as_such() {
    let sim = sim().await;
    let app = MiniProgram::builder(MINI_APPID)
        .secret("not-the-secret")
        .api_base(sim.url())
        .build()
        .unwrap();
    let err = app.code2session("x").await.unwrap_err();
    assert_eq!(err.errcode(), Some(40125));
    assert!(!format!("{err:?}").contains("not-the-secret"));
}

#[tokio::test]
async fn phone_numbers_come_from_their_code() {
    let sim = sim().await;
    let app = mini(&sim);
    let code = sim.phone_code(MINI_APPID, "13800138000");
    let answer = app
        .phone_number()
        .getuserphonenumber(&GetuserphonenumberRequest { code, openid: None })
        .await
        .unwrap();
    assert_eq!(answer.phone_info.pure_phone_number, "13800138000");
    assert_eq!(answer.phone_info.watermark.appid, MINI_APPID);
    let err = app
        .phone_number()
        .getuserphonenumber(&GetuserphonenumberRequest {
            code: "bad".into(),
            openid: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(40029));
}

#[tokio::test]
async fn mini_program_codes_are_images_and_refusals_api_errors() {
    let sim = sim().await;
    let app = mini(&sim);
    let code = app
        .wxacode()
        .getwxacodeunlimit(&GetwxacodeunlimitRequest {
            scene: "id=42".into(),
            page: Some("pages/item/item".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(code.content_type, "image/jpeg");
    assert!(code.bytes.starts_with(&[0xFF, 0xD8]));
    assert!(String::from_utf8_lossy(&code.bytes).contains("id=42"));

    let err = app
        .wxacode()
        .getwxacodeunlimit(&GetwxacodeunlimitRequest {
            scene: "x".repeat(33),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { errcode: 40129, .. }), "{err:?}");

    let png = app
        .wxacode()
        .getwxacode(&GetwxacodeRequest {
            path: "pages/index?from=poster".into(),
            is_hyaline: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(png.content_type, "image/png");
    let qr = app
        .wxacode()
        .createwxaqrcode(&CreatewxaqrcodeRequest {
            path: "pages/index".into(),
            width: Some(430),
        })
        .await
        .unwrap();
    assert!(!qr.bytes.is_empty());
    let err = app
        .wxacode()
        .createwxaqrcode(&CreatewxaqrcodeRequest {
            path: String::new(),
            width: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(40159));
}
