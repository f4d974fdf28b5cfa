//! Open-platform (third-party platform) pushes, told apart by `InfoType`.
//!
//! They go to the platform's "authorization event URL", are always encrypted
//! with the platform's key, and expect the literal answer `success`.
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html>

use serde::Deserialize;

use super::decode::Decode;
use super::lenient;

/// `InfoType=component_verify_ticket`: the ticket pushed every 10 minutes (valid 12 hours).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[non_exhaustive]
pub struct ComponentVerifyTicket {
    /// `AppId`: the third-party platform's appid.
    #[serde(rename = "AppId")]
    pub app_id: String,
    /// `CreateTime`: Unix time in seconds.
    #[serde(rename = "CreateTime", deserialize_with = "lenient::required")]
    pub create_time: u64,
    /// `ComponentVerifyTicket`: the ticket, for `api_component_token`.
    #[serde(rename = "ComponentVerifyTicket")]
    pub component_verify_ticket: String,
}

/// `InfoType=authorized` / `updateauthorized` / `unauthorized`: an account
/// authorised the platform, changed its grant, or revoked it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AuthorizationEvent {
    /// `AppId`: the third-party platform's appid.
    #[serde(rename = "AppId")]
    pub app_id: String,
    /// `CreateTime`: Unix time in seconds.
    #[serde(rename = "CreateTime", deserialize_with = "lenient::required")]
    pub create_time: u64,
    /// `AuthorizerAppid`: the account that authorised (or revoked).
    #[serde(rename = "AuthorizerAppid")]
    pub authorizer_appid: String,
    /// `AuthorizationCode`: the code for `api_query_auth` (not in `unauthorized`).
    #[serde(rename = "AuthorizationCode")]
    pub authorization_code: Option<String>,
    /// `AuthorizationCodeExpiredTime`, kept as sent: the docs call it an expiry
    /// "in seconds" without saying whether it is a duration or a Unix time, and
    /// the doc sample holds a placeholder. See [`Self::authorization_code_expired_time`].
    #[serde(
        rename = "AuthorizationCodeExpiredTime",
        deserialize_with = "lenient::opt_string"
    )]
    pub authorization_code_expired_time_raw: Option<String>,
    /// `PreAuthCode`: the pre-authorisation code that was used.
    #[serde(rename = "PreAuthCode")]
    pub pre_auth_code: Option<String>,
}

impl AuthorizationEvent {
    /// `AuthorizationCodeExpiredTime` as an integer, when it is one.
    pub fn authorization_code_expired_time(&self) -> Option<u64> {
        self.authorization_code_expired_time_raw
            .as_deref()?
            .trim()
            .parse()
            .ok()
    }
}

/// `info` of a fast-registration push.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FastRegisterInfo {
    /// `name`: the company (or mini program) name.
    #[serde(rename = "name")]
    pub name: String,
    /// `code`: the company code.
    #[serde(rename = "code", deserialize_with = "lenient::string")]
    pub code: String,
    /// `code_type`: the code type (1 unified social credit code, 2 organisation code, 3 business licence).
    #[serde(rename = "code_type", deserialize_with = "lenient::optional")]
    pub code_type: Option<i64>,
    /// `legal_persona_wechat`: the legal person's WeChat id.
    #[serde(rename = "legal_persona_wechat")]
    pub legal_persona_wechat: String,
    /// `legal_persona_name`: the legal person's name.
    #[serde(rename = "legal_persona_name")]
    pub legal_persona_name: String,
    /// `component_phone`: the platform's contact phone.
    #[serde(rename = "component_phone", deserialize_with = "lenient::string")]
    pub component_phone: String,
    /// `unique_id`: the beta mini program's task id (`notify_third_fastregisterbetaapp`).
    #[serde(rename = "unique_id")]
    pub unique_id: String,
}

/// `InfoType=notify_third_fasteregister`, `notify_third_fastregisterbetaapp`,
/// `notify_third_fastverifybetaapp`: the result of a fast mini-program registration.
///
/// Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Register_Mini_Programs/Fast_Registration_Interface_document.html>
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FastRegisterEvent {
    /// `AppId`: the third-party platform's appid.
    #[serde(rename = "AppId")]
    pub app_id: String,
    /// `CreateTime`: Unix time in seconds.
    #[serde(rename = "CreateTime", deserialize_with = "lenient::required")]
    pub create_time: u64,
    /// `appid`: the new mini program's appid (on success).
    #[serde(rename = "appid")]
    pub appid: String,
    /// `status`: 0 on success, else an error code.
    #[serde(rename = "status", deserialize_with = "lenient::required")]
    pub status: i64,
    /// `auth_code`: code for `api_query_auth` (on success).
    #[serde(rename = "auth_code")]
    pub auth_code: String,
    /// `msg`: the status text.
    #[serde(rename = "msg")]
    pub msg: String,
    /// `info`: the registration data that was submitted.
    #[serde(rename = "info")]
    pub info: FastRegisterInfo,
}

macro_rules! component_events {
    ($( $variant:ident($ty:ty) = $name:literal, )*) => {
        /// A typed open-platform push; the variant is the `InfoType`. Unknown
        /// `InfoType`s arrive as [`Message::Unknown`](super::Message::Unknown).
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum ComponentEvent {
            $(
                #[doc = concat!("`InfoType=", $name, "`.")]
                $variant($ty),
            )*
        }

        impl ComponentEvent {
            /// The `InfoType` value, e.g. `"component_verify_ticket"`.
            pub fn info_type(&self) -> &'static str {
                match self {
                    $( ComponentEvent::$variant(_) => $name, )*
                }
            }

            /// `AppId`: the third-party platform's appid.
            pub fn app_id(&self) -> &str {
                match self {
                    $( ComponentEvent::$variant(e) => &e.app_id, )*
                }
            }

            /// `CreateTime`: Unix time in seconds.
            pub fn create_time(&self) -> u64 {
                match self {
                    $( ComponentEvent::$variant(e) => e.create_time, )*
                }
            }

            pub(crate) fn decode(name: &str, decoder: &impl Decode) -> Option<Result<Self, String>> {
                $(
                    if name.eq_ignore_ascii_case($name) {
                        return Some(decoder.decode::<$ty>().map(ComponentEvent::$variant));
                    }
                )*
                None
            }
        }
    };
}

component_events! {
    ComponentVerifyTicket(ComponentVerifyTicket) = "component_verify_ticket",
    Authorized(AuthorizationEvent) = "authorized",
    UpdateAuthorized(AuthorizationEvent) = "updateauthorized",
    Unauthorized(AuthorizationEvent) = "unauthorized",
    FastRegister(FastRegisterEvent) = "notify_third_fasteregister",
    FastRegisterBetaApp(FastRegisterEvent) = "notify_third_fastregisterbetaapp",
    FastVerifyBetaApp(FastRegisterEvent) = "notify_third_fastverifybetaapp",
}
