//! The platform endpoints the token core and the authorization flow call themselves,
//! with the parts of their answers they read. The whole typed group is
//! `platform.component()` (generated from `api-specs/component/`).

use serde::Deserialize;

use crate::spec_support::endpoint::{Credential, Endpoint, HttpMethod};
use crate::Secret;

macro_rules! endpoint {
    ($name:ident, $id:literal, $path:literal, $credential:ident) => {
        pub(crate) static $name: Endpoint = Endpoint {
            id: concat!("component.", $id),
            group: "component",
            name: $id,
            method: HttpMethod::Post,
            path: $path,
            credential: Credential::$credential,
        };
    };
}

// <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getComponentAccessToken.html>
endpoint!(
    COMPONENT_TOKEN,
    "api_component_token",
    "/cgi-bin/component/api_component_token",
    None
);
// <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/startPushTicket.html>
endpoint!(
    START_PUSH_TICKET,
    "api_start_push_ticket",
    "/cgi-bin/component/api_start_push_ticket",
    None
);
// <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getAuthorizerAccessToken.html>
endpoint!(
    AUTHORIZER_TOKEN,
    "api_authorizer_token",
    "/cgi-bin/component/api_authorizer_token",
    ComponentAccessToken
);
// <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getPreAuthCode.html>
endpoint!(
    CREATE_PREAUTHCODE,
    "api_create_preauthcode",
    "/cgi-bin/component/api_create_preauthcode",
    ComponentAccessToken
);
// <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getAuthorizerRefreshToken.html>
endpoint!(
    QUERY_AUTH,
    "api_query_auth",
    "/cgi-bin/component/api_query_auth",
    ComponentAccessToken
);
// <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/authorization-management/getAuthorizerInfo.html>
endpoint!(
    GET_AUTHORIZER_INFO,
    "api_get_authorizer_info",
    "/cgi-bin/component/api_get_authorizer_info",
    ComponentAccessToken
);

/// `api_component_token`'s answer.
#[derive(Deserialize)]
pub(crate) struct ComponentTokenAnswer {
    pub(crate) component_access_token: Secret,
    pub(crate) expires_in: i64,
}

/// `api_authorizer_token`'s answer.
#[derive(Deserialize)]
pub(crate) struct AuthorizerTokenAnswer {
    pub(crate) authorizer_access_token: Secret,
    pub(crate) expires_in: i64,
    #[serde(default)]
    pub(crate) authorizer_refresh_token: Option<Secret>,
}

/// `api_create_preauthcode`'s answer.
#[derive(Deserialize)]
pub(crate) struct PreAuthCodeAnswer {
    pub(crate) pre_auth_code: Secret,
    pub(crate) expires_in: i64,
}

/// `api_query_auth`'s answer.
#[derive(Deserialize)]
pub(crate) struct QueryAuthAnswer {
    pub(crate) authorization_info: AuthorizationInfo,
}

/// `authorization_info` of `api_query_auth`.
#[derive(Deserialize)]
pub(crate) struct AuthorizationInfo {
    pub(crate) authorizer_appid: String,
    #[serde(default)]
    pub(crate) authorizer_access_token: Option<Secret>,
    #[serde(default)]
    pub(crate) expires_in: Option<i64>,
    #[serde(default)]
    pub(crate) authorizer_refresh_token: Option<Secret>,
    #[serde(default)]
    pub(crate) func_info: Vec<FuncInfo>,
}

/// One `func_info` entry.
#[derive(Deserialize)]
pub(crate) struct FuncInfo {
    pub(crate) funcscope_category: FuncScope,
}

/// `funcscope_category`.
#[derive(Deserialize)]
pub(crate) struct FuncScope {
    pub(crate) id: i64,
}

/// The part of `api_get_authorizer_info` that tells a Mini Program from an Official
/// Account: only Mini Programs have `authorizer_info.MiniProgramInfo`.
#[derive(Deserialize)]
pub(crate) struct AuthorizerInfoAnswer {
    pub(crate) authorizer_info: AuthorizerInfoPart,
}

/// `authorizer_info`.
#[derive(Deserialize)]
pub(crate) struct AuthorizerInfoPart {
    #[serde(rename = "MiniProgramInfo", default)]
    pub(crate) mini_program_info: Option<serde_json::Value>,
}
