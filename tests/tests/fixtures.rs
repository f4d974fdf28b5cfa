//! Every real WeChat answer in `../shared/vectors/api-responses/api.weixin.qq.com/` for
//! an endpoint of the typed groups decodes into that endpoint's typed response: the
//! simulator serves the fixture, the typed client decodes it, and the decoded value,
//! encoded again, agrees with the fixture on every field it holds.
//!
//! The fixtures live beside the repository (`../shared`); without them the tests say so
//! and pass, except under CI (`CI` set), where their absence is a failure.

#![allow(deprecated)] // shorturl is deprecated and still typed

mod common;

use std::path::PathBuf;

use common::{agrees, sim_with, SimConfig, Simulator};
use serde_json::Value;
use wechat::api::{access, custom_message, menu, qrcode, shorten, tags, user};

fn fixtures_dir() -> Option<PathBuf> {
    wechat_sim::shared_vectors("api-responses/api.weixin.qq.com")
}

fn fixture(file: &str) -> Value {
    let path = fixtures_dir().unwrap().join(file);
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

async fn fixture_sim() -> Option<Simulator> {
    let dir = fixtures_dir()?;
    Some(
        sim_with(SimConfig {
            fixtures_dir: Some(dir),
            ..SimConfig::default()
        })
        .await,
    )
}

macro_rules! fixture_test {
    ($name:ident, $file:literal, |$app:ident| $call:expr) => {
        #[tokio::test]
        async fn $name() {
            let Some(sim) = fixture_sim().await else {
                return;
            };
            let $app = common::app(&sim);
            let answer = $call.await.unwrap_or_else(|e| panic!("{}: {e}", $file));
            let ours = serde_json::to_value(&answer).unwrap();
            if let Err(e) = agrees(&ours, &fixture($file)) {
                panic!("{}: decoded value differs at {e}", $file);
            }
        }
    };
}

fixture_test!(changeopenid, "cgi-bin__changeopenid.json", |app| app
    .user()
    .changeopenid(&user::ChangeopenidRequest {
        from_appid: "gh_0123456789ab".into(),
        openid_list: vec!["oEmYbwN-n24jxvk4Sox81qedINkQ".into()]
    }));
fixture_test!(
    get_current_selfmenu_info,
    "cgi-bin__get_current_selfmenu_info.json",
    |app| app.menu().get_current_selfmenu_info()
);
fixture_test!(getcallbackip, "cgi-bin__getcallbackip.json", |app| app
    .access()
    .getcallbackip());
fixture_test!(
    get_materialcount,
    "cgi-bin__material__get_materialcount.json",
    |app| app.material().get_materialcount()
);
fixture_test!(menu_create, "cgi-bin__menu__create.json", |app| app
    .menu()
    .create(&menu::Menu { button: vec![] }));
fixture_test!(menu_delete, "cgi-bin__menu__delete.json", |app| app
    .menu()
    .delete());
fixture_test!(menu_get, "cgi-bin__menu__get.json", |app| app.menu().get());
fixture_test!(custom_send, "cgi-bin__message__custom__send.json", |app| {
    app.custom_message().send(&custom_message::CustomMessage {
        touser: "OPENID".into(),
        msgtype: custom_message::CustomMsgType::Text,
        text: Some(custom_message::CustomText {
            content: "Hello".into(),
        }),
        image: None,
        voice: None,
        video: None,
        music: None,
        news: None,
        mpnews: None,
        mpnewsarticle: None,
        msgmenu: None,
        wxcard: None,
        miniprogrampage: None,
        customservice: None,
    })
});
fixture_test!(qrcode_create, "cgi-bin__qrcode__create.json", |app| app
    .qrcode()
    .create(&qrcode::CreateRequest {
        expire_seconds: Some(604800),
        action_name: qrcode::QrActionName::QrScene,
        action_info: qrcode::QrActionInfo {
            scene: qrcode::QrScene {
                scene_id: Some(123),
                scene_str: None
            }
        },
    }));
fixture_test!(shorturl, "cgi-bin__shorturl.json", |app| app
    .shorten()
    .shorturl(&shorten::ShorturlRequest {
        action: "long2short".into(),
        long_url: "https://mp.weixin.qq.com".into(),
    }));
fixture_test!(getticket, "cgi-bin__ticket__getticket.json", |app| app
    .access()
    .get_ticket(&access::GetTicketRequest {
        r#type: access::TicketType::Jsapi
    }));
fixture_test!(user_get, "cgi-bin__user__get.json", |app| app
    .user()
    .get(&user::GetRequest { next_openid: None }));
fixture_test!(user_info, "cgi-bin__user__info.json", |app| app
    .user()
    .info(&user::InfoRequest {
        openid: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M".into(),
        lang: None
    }));
fixture_test!(
    user_batchget_info,
    "cgi-bin__user__info__batchget.json",
    |app| app.user().batchget_info(&user::BatchgetInfoRequest {
        user_list: vec![user::UserQuery {
            openid: "otvxTs4dckWG7imySrJd6jSi0CWE".into(),
            lang: None
        }]
    })
);
fixture_test!(
    user_update_remark,
    "cgi-bin__user__info__updateremark.json",
    |app| app.user().update_remark(&user::UpdateRemarkRequest {
        openid: "oDF3iY9ffA-hqb2vVvbr7qxf6A0Q".into(),
        remark: "pangzi".into()
    })
);
fixture_test!(user_tag_get, "cgi-bin__user__tag__get.json", |app| app
    .tags()
    .get_users(&tags::GetUsersRequest {
        tagid: 134,
        next_openid: None
    }));
