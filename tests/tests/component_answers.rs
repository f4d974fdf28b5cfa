//! The answers of a third-party platform's own endpoints (`platform.component()`,
//! `platform.thirdparty_domain()`) decode into their typed responses: the examples of
//! the official pages in `tests/bodies/component/`, and the real answers of
//! `../shared/vectors/api-responses/api.weixin.qq.com/`. Each decoded value, encoded
//! again, agrees with the answer on every field it holds, and its secrets stay out of
//! `Debug`.
//!
//! The simulator answers those endpoints from their specs (the smoke test calls each
//! through a `Platform`), so these bodies are decoded the way the client decodes a
//! success body (`serde_json` into the typed response), not fetched. The options an authorizer's own token reads and sets
//! (`authorizer_option`) are called through the simulator.

mod common;

use common::{agrees, app, sim};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wechat::api::authorizer_option;
use wechat::api::component::{
    AccountStatus, ApiAuthorizerTokenResponse, ApiComponentTokenResponse,
    ApiCreatePreauthcodeResponse, ApiGetAuthorizerListRequest, ApiGetAuthorizerListResponse,
    ApiGetAuthorizerOptionResponse, ApiQueryAuthResponse, AuthorizerDetails, RegisterType,
};
use wechat::api::thirdparty_domain::{
    GetDomainConfirmfileResponse, ModifyWxaJumpDomainResponse, ModifyWxaServerDomainResponse,
};
use wechat::api::types::AuthorizerOptionName;

/// `tests/bodies/component/FILE`: its name and text.
macro_rules! body {
    ($file:literal) => {
        (
            $file,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/bodies/component/",
                $file
            )),
        )
    };
}

/// Decodes `text` as `T`, checks that `T` encoded again agrees with it, and that no
/// value of `secrets` shows in its `Debug`.
fn decode<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    (name, text): (&str, &str),
    secrets: &[&str],
) -> T {
    let theirs: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
    let ours: T =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: does not decode: {e}"));
    let again = serde_json::to_value(&ours).unwrap();
    if let Err(e) = agrees(&again, &theirs) {
        panic!("{name}: decoded value differs at {e}");
    }
    let shown = format!("{ours:?}");
    for secret in secrets {
        assert!(
            !shown.contains(secret),
            "{name}: `{secret}` shows in {shown}"
        );
    }
    ours
}

/// An answer of an endpoint that answers only `errcode` 0.
fn is_ok_answer((name, text): (&str, &str)) {
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
    assert_eq!(
        v,
        serde_json::json!({"errcode": 0, "errmsg": "ok"}),
        "{name}"
    );
}

#[test]
fn api_component_token() {
    let a: ApiComponentTokenResponse = decode(
        body!("cgi-bin__component__api_component_token.json"),
        &["61W3mEpU"],
    );
    assert!(a.component_access_token.expose().starts_with("61W3mEpU"));
    assert_eq!(a.expires_in, 7200);
}

#[test]
fn api_create_preauthcode() {
    let a: ApiCreatePreauthcodeResponse = decode(
        body!("cgi-bin__component__api_create_preauthcode.json"),
        &["Cx_Dk6qi"],
    );
    assert_eq!(a.expires_in, 600);
}

#[test]
fn api_query_auth() {
    let a: ApiQueryAuthResponse = decode(
        body!("cgi-bin__component__api_query_auth.json"),
        &["QXjUqNqf", "dTo-YCXPL4llX"],
    );
    let info = &a.authorization_info;
    assert_eq!(info.authorizer_appid, "wxf8b4f85f3a794e77");
    assert_eq!(info.expires_in, Some(7200));
    assert_eq!(
        info.authorizer_refresh_token.as_ref().map(|t| t.expose()),
        Some("dTo-YCXPL4llX-u1W1pPpnp8Hgm4wpJtlR6iV0doKdY")
    );
    let ids: Vec<i64> = info
        .func_info
        .iter()
        .map(|f| f.funcscope_category.id)
        .collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[test]
fn api_authorizer_token() {
    let a: ApiAuthorizerTokenResponse = decode(
        body!("cgi-bin__component__api_authorizer_token.json"),
        &["some-access-token", "refresh_token_value"],
    );
    assert_eq!(a.expires_in, 7200);
    assert_eq!(a.authorizer_refresh_token.expose(), "refresh_token_value");
}

#[test]
fn api_get_authorizer_info_of_an_official_account() {
    let a: AuthorizerDetails = decode(
        body!("cgi-bin__component__api_get_authorizer_info.json"),
        &[],
    );
    let account = &a.authorizer_info;
    assert_eq!(account.service_type_info.id, 2);
    assert_eq!(account.verify_type_info.id, 0);
    assert_eq!(account.account_status, Some(AccountStatus::Normal));
    assert_eq!(account.business_info.as_ref().map(|b| b.open_pay), Some(0));
    assert!(account.mini_program_info.is_none());
    assert_eq!(
        a.authorization_info.authorizer_appid.as_deref(),
        Some("wxf8b4f85f3a794e77")
    );
    assert_eq!(a.authorization_info.func_info.len(), 2);
}

#[test]
fn api_get_authorizer_info_of_a_mini_program() {
    let a: AuthorizerDetails = decode(
        body!("cgi-bin__component__api_get_authorizer_info.mini_program.json"),
        &["refreshtoken@@@"],
    );
    let account = &a.authorizer_info;
    assert_eq!(account.verify_type_info.id, -1);
    assert_eq!(account.register_type, Some(RegisterType::Ordinary));
    let mp = account.mini_program_info.as_ref().expect("MiniProgramInfo");
    assert_eq!(
        mp.network.request_domain.as_deref(),
        Some(&["https://weixin.qq.com".to_owned()][..])
    );
    assert_eq!(mp.categories.len(), 3);
    assert_eq!(mp.categories[0].second, "丽人服务");
    let config = account.basic_config.as_ref().expect("basic_config");
    assert!(config.is_phone_configured && config.is_email_configured);
    let func = &a.authorization_info.func_info;
    assert_eq!(func.len(), 7);
    assert_eq!(
        func[0].confirm_info.as_ref().map(|c| c.can_confirm),
        Some(0)
    );
    assert!(func[1].confirm_info.is_none());
}

#[test]
fn api_get_authorizer_list() {
    let a: ApiGetAuthorizerListResponse = decode(
        body!("cgi-bin__component__api_get_authorizer_list.json"),
        &["refresh_token_1", "refresh_token_2"],
    );
    assert_eq!(a.total_count, 33);
    assert_eq!(a.list.len(), 2);
    assert_eq!(a.list[1].authorizer_appid, "authorizer_appid_2");
    assert_eq!(a.list[0].auth_time, 1558000607);
}

#[test]
fn api_get_authorizer_option() {
    let a: ApiGetAuthorizerOptionResponse = decode(
        body!("cgi-bin__component__api_get_authorizer_option.json"),
        &[],
    );
    assert_eq!(a.option_name, AuthorizerOptionName::VoiceRecognize);
    assert_eq!(a.option_value, "1");
}

#[test]
fn the_endpoints_without_an_answer_answer_errcode_0() {
    is_ok_answer(body!("cgi-bin__component__api_start_push_ticket.json"));
    is_ok_answer(body!("cgi-bin__component__api_set_authorizer_option.json"));
    is_ok_answer(body!("cgi-bin__component__clear_quota__v2.json"));
}

#[test]
fn get_domain_confirmfile() {
    let a: GetDomainConfirmfileResponse = decode(
        body!("cgi-bin__component__get_domain_confirmfile.json"),
        &[],
    );
    assert_eq!(
        (a.file_name.as_str(), a.file_content.as_str()),
        ("xxx", "xxxxxx")
    );
}

// The two domain pages show no answer example: these answers hold the fields of their
// tables, with the domains of their request examples.
#[test]
fn modify_wxa_server_domain() {
    let a: ModifyWxaServerDomainResponse = decode(
        body!("cgi-bin__component__modify_wxa_server_domain.json"),
        &[],
    );
    assert_eq!(
        a.testing_wxa_server_domain.as_deref(),
        Some("www.qq.com;wx.qq.com")
    );
    assert!(a.invalid_wxa_server_domain.is_none());
}

#[test]
fn modify_wxa_jump_domain() {
    let a: ModifyWxaJumpDomainResponse = decode(
        body!("cgi-bin__component__modify_wxa_jump_domain.json"),
        &[],
    );
    assert_eq!(
        a.published_wxa_jump_h5_domain.as_deref(),
        Some("www.qq.com;wx.qq.com")
    );
}

/// The real answers of the shared vectors, where they are beside the checkout.
#[test]
fn the_real_answers_decode() {
    let Some(dir) = wechat_sim::shared_vectors("api-responses/api.weixin.qq.com") else {
        return;
    };
    let read = |file: &str| {
        std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    };
    let file = "cgi-bin__component__api_component_token.json";
    let _: ApiComponentTokenResponse = decode((file, &read(file)), &["1234567890"]);
    let file = "cgi-bin__component__api_create_preauthcode.json";
    let _: ApiCreatePreauthcodeResponse = decode((file, &read(file)), &["1234567890"]);
    let file = "cgi-bin__component__api_query_auth.json";
    let _: ApiQueryAuthResponse = decode((file, &read(file)), &["QXjUqNqf", "dTo-YCXPL"]);
    let file = "cgi-bin__component__api_authorizer_token.json";
    let _: ApiAuthorizerTokenResponse = decode((file, &read(file)), &["123456789"]);
    // An answer of the API's first version: `authorization_info` carries `appid`,
    // which the typed answer does not read, instead of `authorizer_appid`.
    let file = "cgi-bin__component__api_get_authorizer_info.json";
    let info: AuthorizerDetails = decode((file, &read(file)), &[]);
    assert_eq!(info.authorizer_info.user_name, "gh_eb5e3a772040");
    assert_eq!(info.authorization_info.authorizer_appid, None);
    assert_eq!(info.authorization_info.func_info.len(), 3);
    let file = "cgi-bin__component__api_get_authorizer_option.json";
    let _: ApiGetAuthorizerOptionResponse = decode((file, &read(file)), &[]);
    let file = "cgi-bin__component__api_set_authorizer_option.json";
    is_ok_answer((file, &read(file)));
}

/// `authorizer_option` takes an authorizer's access_token: the simulator answers it for
/// an app's token like any access_token endpoint.
#[tokio::test]
async fn the_authorizer_options_through_the_simulator() {
    let sim = sim().await;
    let app = app(&sim);
    let got = app
        .authorizer_option()
        .get(&authorizer_option::GetRequest {
            option_name: AuthorizerOptionName::VoiceRecognize,
        })
        .await
        .unwrap();
    assert_eq!(got.option_name, AuthorizerOptionName::VoiceRecognize);
    assert_eq!(got.option_value, "1");
    app.authorizer_option()
        .set(&authorizer_option::SetRequest {
            option_name: AuthorizerOptionName::LocationReport,
            option_value: "2".into(),
        })
        .await
        .unwrap();
    assert_eq!(sim.calls("/cgi-bin/component/set_authorizer_option"), 1);
}

/// The groups are on the platform, the options on an authorizer's client: compiled,
/// never run.
#[allow(dead_code)]
async fn the_accessors(platform: &wechat::component::Platform) -> Result<(), wechat::Error> {
    let page = platform
        .component()
        .api_get_authorizer_list(&ApiGetAuthorizerListRequest {
            component_appid: platform.appid().to_owned(),
            offset: 0,
            count: 500,
        })
        .await?;
    let file = platform
        .thirdparty_domain()
        .get_domain_confirmfile()
        .await?;
    let _ = (file.file_name, file.file_content);
    for authorizer in &page.list {
        platform
            .official_account(&authorizer.authorizer_appid)
            .authorizer_option()
            .get(&authorizer_option::GetRequest {
                option_name: AuthorizerOptionName::CustomerService,
            })
            .await?;
    }
    Ok(())
}

/// Every example answer of `tests/bodies/component/`, each decoded into the typed answer
/// of the endpoint its file name names (written by `tests/build.rs`), so that an answer
/// added there is checked without a line here.
mod every_body {
    use serde::de::DeserializeOwned;

    fn decodes<T: DeserializeOwned>(file: &str, text: &str) {
        if let Err(e) = serde_json::from_str::<T>(text) {
            panic!("tests/bodies/component/{file} does not decode into its typed answer: {e}");
        }
    }

    fn parses(file: &str, text: &str) {
        let v: serde_json::Value = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("tests/bodies/component/{file}: not JSON: {e}"));
        assert!(
            v.is_object(),
            "tests/bodies/component/{file}: not a JSON object"
        );
    }

    include!(concat!(env!("OUT_DIR"), "/component_bodies.rs"));

    #[test]
    fn every_example_answer_of_the_platform_decodes() {
        assert!(
            UNMATCHED.is_empty(),
            "no endpoint's path names these files of tests/bodies/component/: {UNMATCHED:?}"
        );
        every_component_body();
    }
}
