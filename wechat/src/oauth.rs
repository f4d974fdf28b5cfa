//! OAuth2 web authorization of Official Accounts (网页授权): the authorize URL, the
//! `code` → user access_token exchange, its refresh, the user's profile and the token
//! check.
//!
//! The tokens here belong to one user. They are returned to the caller, never kept in
//! the app's token store, and a call that WeChat refuses is never retried with the
//! app's access_token: keep them (e.g. in the user's session) and refresh them with
//! [`OAuth::refresh`].
//!
//! ```no_run
//! use wechat::oauth::{Lang, Scope};
//!
//! # async fn demo(app: wechat::OfficialAccount, code_from_redirect: &str) -> Result<(), wechat::Error> {
//! // 1. Send the browser to WeChat.
//! let url = app.oauth().authorize_url("https://example.com/auth/done", Scope::UserInfo, "xyz")?;
//! // 2. WeChat redirects to https://example.com/auth/done?code=CODE&state=xyz
//! let token = app.oauth().exchange_code(code_from_redirect).await?;
//! let user = app.oauth().userinfo(&token.access_token, &token.openid, Lang::ZhCn).await?;
//! println!("{} is {}", token.openid, user.nickname);
//! # let _ = url; Ok(()) }
//! ```
//!
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html>

use serde::Deserialize;

use crate::client::payload::Payload;
use crate::spec_support::client_call::call_query;
use crate::spec_support::endpoint::{Credential, Endpoint, HttpMethod};
use crate::{Client, Error, OfficialAccount, Result, Secret};

/// The host of the authorize page.
pub const AUTHORIZE_URL: &str = "https://open.weixin.qq.com/connect/oauth2/authorize";

/// What the user is asked to grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `snsapi_base`: silent; gives the openid only.
    Base,
    /// `snsapi_userinfo`: asks the user; gives the openid and allows [`OAuth::userinfo`].
    UserInfo,
}

impl Scope {
    /// The `scope` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Base => "snsapi_base",
            Scope::UserInfo => "snsapi_userinfo",
        }
    }
}

/// The language of the place names in [`UserInfo`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// `zh_CN`, simplified Chinese (the default).
    #[default]
    ZhCn,
    /// `zh_TW`, traditional Chinese.
    ZhTw,
    /// `en`, English.
    En,
}

impl Lang {
    /// The `lang` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh_CN",
            Lang::ZhTw => "zh_TW",
            Lang::En => "en",
        }
    }
}

/// The authorize URL for `appid`: `https://open.weixin.qq.com/connect/oauth2/authorize?appid=…&redirect_uri=…&response_type=code&scope=…&state=…#wechat_redirect`,
/// in this order, as WeChat requires. `redirect_uri` is URL-encoded here; pass it plain.
///
/// ```
/// use wechat::oauth::{authorize_url, Scope};
/// let url = authorize_url("wx1234567890abcdef", "https://example.com/cb?next=/home", Scope::Base, "s1").unwrap();
/// assert_eq!(url, "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1234567890abcdef\
///     &redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fnext%3D%2Fhome&response_type=code\
///     &scope=snsapi_base&state=s1#wechat_redirect");
/// ```
///
/// Doc: <https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html>
///
/// # Errors
/// [`Error::InvalidArgument`] when `redirect_uri` is not an absolute `http(s)` URL, or
/// `state` is longer than 128 bytes or has characters other than `a-z A-Z 0-9`.
pub fn authorize_url(appid: &str, redirect_uri: &str, scope: Scope, state: &str) -> Result<String> {
    let parsed = url::Url::parse(redirect_uri).map_err(|e| Error::InvalidArgument {
        argument: "redirect_uri",
        reason: format!("`{redirect_uri}` is not an absolute URL: {e}"),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::InvalidArgument {
            argument: "redirect_uri",
            reason: format!("`{redirect_uri}` must be an http:// or https:// URL"),
        });
    }
    if state.len() > 128 || !state.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::InvalidArgument {
            argument: "state",
            reason: "WeChat accepts at most 128 characters of a-z, A-Z and 0-9".into(),
        });
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("appid", appid)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", scope.as_str())
        .append_pair("state", state)
        .finish();
    Ok(format!("{AUTHORIZE_URL}?{query}#wechat_redirect"))
}

/// A user's access token, as `oauth2/access_token` and `oauth2/refresh_token` answer.
/// `Debug` shows no token.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct UserAccessToken {
    /// The user access token (not the app's access_token).
    pub access_token: Secret,
    /// Its lifetime in seconds (7200).
    pub expires_in: i64,
    /// Renews `access_token` with [`OAuth::refresh`]; valid 30 days.
    pub refresh_token: Secret,
    /// The user's openid for this app.
    pub openid: String,
    /// The scopes granted, comma-separated (`snsapi_base`, `snsapi_userinfo`).
    pub scope: String,
    /// The user's unionid, when the app is bound to an open-platform account and the
    /// scope is `snsapi_userinfo`.
    #[serde(default)]
    pub unionid: Option<String>,
    /// 1 for a virtual user of the snapshot page (朋友圈快照页), who has no real openid.
    #[serde(default)]
    pub is_snapshotuser: Option<u8>,
}

/// A user's profile, as `sns/userinfo` answers (scope `snsapi_userinfo`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct UserInfo {
    /// The user's openid.
    pub openid: String,
    /// Nickname.
    #[serde(default)]
    pub nickname: String,
    /// 1 male, 2 female, 0 unknown.
    #[serde(default)]
    pub sex: u8,
    /// Province.
    #[serde(default)]
    pub province: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// Country.
    #[serde(default)]
    pub country: String,
    /// Avatar URL; empty when the user has none.
    #[serde(default)]
    pub headimgurl: String,
    /// Privileges, e.g. `chinaunicom`.
    #[serde(default)]
    pub privilege: Vec<String>,
    /// The unionid, when the app is bound to an open-platform account.
    #[serde(default)]
    pub unionid: Option<String>,
}

static ACCESS_TOKEN: Endpoint = sns(
    "oauth.access_token",
    "access_token",
    "/sns/oauth2/access_token",
);
static REFRESH_TOKEN: Endpoint = sns(
    "oauth.refresh_token",
    "refresh_token",
    "/sns/oauth2/refresh_token",
);
static COMPONENT_ACCESS_TOKEN: Endpoint = component_sns(
    "oauth.component_access_token",
    "component_access_token",
    "/sns/oauth2/component/access_token",
);
static COMPONENT_REFRESH_TOKEN: Endpoint = component_sns(
    "oauth.component_refresh_token",
    "component_refresh_token",
    "/sns/oauth2/component/refresh_token",
);
static USERINFO: Endpoint = sns("oauth.userinfo", "userinfo", "/sns/userinfo");
static AUTH: Endpoint = sns("oauth.auth", "auth", "/sns/auth");

const fn sns(id: &'static str, name: &'static str, path: &'static str) -> Endpoint {
    Endpoint {
        id,
        group: "oauth",
        name,
        method: HttpMethod::Get,
        path,
        credential: Credential::None,
    }
}

/// A `sns` endpoint a third-party platform calls for an authorizer, with its
/// `component_access_token`.
const fn component_sns(id: &'static str, name: &'static str, path: &'static str) -> Endpoint {
    Endpoint {
        credential: Credential::ComponentAccessToken,
        ..sns(id, name, path)
    }
}

/// errcodes of `sns/auth` that mean "this token is not valid for this openid".
const NOT_VALID: [i64; 4] = [40001, 40003, 40014, 42001];

/// The OAuth2 web-authorization calls of an Official Account; from
/// [`OfficialAccount::oauth`].
#[derive(Clone, Copy, Debug)]
pub struct OAuth<'a> {
    client: &'a Client,
}

impl OfficialAccount {
    /// OAuth2 web authorization (网页授权) for this Official Account.
    pub fn oauth(&self) -> OAuth<'_> {
        OAuth {
            client: self.client(),
        }
    }
}

impl OAuth<'_> {
    /// The authorize URL of this app; see [`authorize_url`].
    ///
    /// # Errors
    /// As [`authorize_url`].
    ///
    /// For an authorizer of a third-party platform ([`Client::component_appid`]), the
    /// URL carries `component_appid` (authorization on behalf of the Official Account).
    /// Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/official_account_website_authorization.html>
    pub fn authorize_url(&self, redirect_uri: &str, scope: Scope, state: &str) -> Result<String> {
        let url = authorize_url(self.client.appid(), redirect_uri, scope, state)?;
        Ok(match self.client.component_appid() {
            None => url,
            Some(c) => {
                let c: String = url::form_urlencoded::byte_serialize(c.as_bytes()).collect();
                url.replacen(
                    "#wechat_redirect",
                    &format!("&component_appid={c}#wechat_redirect"),
                    1,
                )
            }
        })
    }

    /// Exchanges the `code` of the redirect for the user's access token
    /// (`GET /sns/oauth2/access_token`, with the app secret). A code works once, for 5
    /// minutes.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsaccesstoken>
    ///
    /// # Errors
    /// [`Error::Api`] with 40029 for an invalid or used code, 40163 for a code already
    /// used; [`Error::Config`] for a client without the app secret; transport errors.
    ///
    /// For an authorizer of a third-party platform: `GET /sns/oauth2/component/access_token`
    /// with the platform's `component_access_token` instead of the app secret.
    pub async fn exchange_code(&self, code: &str) -> Result<UserAccessToken> {
        if let Some(c) = self.client.component_appid() {
            let query = vec![
                ("appid", self.client.appid().to_owned()),
                ("code", code.to_owned()),
                ("grant_type", "authorization_code".to_owned()),
                ("component_appid", c.to_owned()),
            ];
            return call_query(self.client, &COMPONENT_ACCESS_TOKEN, &query).await;
        }
        let secret = self.client.app_secret(ACCESS_TOKEN.id)?;
        let query = vec![
            ("appid", self.client.appid().to_owned()),
            ("secret", secret.expose().to_owned()),
            ("code", code.to_owned()),
            ("grant_type", "authorization_code".to_owned()),
        ];
        call_query(self.client, &ACCESS_TOKEN, &query).await
    }

    /// Renews a user access token with its `refresh_token` (`GET /sns/oauth2/refresh_token`).
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsrefreshtoken>
    ///
    /// # Errors
    /// [`Error::Api`] with 40030 (invalid refresh_token) or 42002 (expired: the user must
    /// authorize again); transport errors.
    ///
    /// For an authorizer of a third-party platform: `GET /sns/oauth2/component/refresh_token`
    /// with the platform's `component_access_token`.
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<UserAccessToken> {
        if let Some(c) = self.client.component_appid() {
            let query = vec![
                ("appid", self.client.appid().to_owned()),
                ("grant_type", "refresh_token".to_owned()),
                ("component_appid", c.to_owned()),
                ("refresh_token", refresh_token.expose().to_owned()),
            ];
            return call_query(self.client, &COMPONENT_REFRESH_TOKEN, &query).await;
        }
        let query = vec![
            ("appid", self.client.appid().to_owned()),
            ("grant_type", "refresh_token".to_owned()),
            ("refresh_token", refresh_token.expose().to_owned()),
        ];
        call_query(self.client, &REFRESH_TOKEN, &query).await
    }

    /// The user's profile (`GET /sns/userinfo`); needs scope `snsapi_userinfo`.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsuserinfo.html>
    ///
    /// # Errors
    /// [`Error::Api`] with 48001 when the token has only `snsapi_base`, 40001 / 42001 for
    /// an invalid or expired user token (refresh it; the app's token is not involved),
    /// 40003 for an openid that is not the token's.
    pub async fn userinfo(
        &self,
        access_token: &Secret,
        openid: &str,
        lang: Lang,
    ) -> Result<UserInfo> {
        let query = vec![
            ("access_token", access_token.expose().to_owned()),
            ("openid", openid.to_owned()),
            ("lang", lang.as_str().to_owned()),
        ];
        call_query(self.client, &USERINFO, &query).await
    }

    /// Whether a user access token is still valid for `openid` (`GET /sns/auth`).
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsauth>
    ///
    /// # Errors
    /// Errcodes other than "not valid" (40001, 40003, 40014, 42001, which give
    /// `Ok(false)`), and transport errors.
    pub async fn check(&self, access_token: &Secret, openid: &str) -> Result<bool> {
        let query = vec![
            ("access_token", access_token.expose().to_owned()),
            ("openid", openid.to_owned()),
        ];
        match self.client.execute(&AUTH, &query, &Payload::Empty).await {
            Ok(_) => Ok(true),
            Err(e) if e.errcode().is_some_and(|c| NOT_VALID.contains(&c)) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
