//! The authorization flow: a fresh `pre_auth_code`, the authorization page's URL (PC
//! `componentloginpage` or mobile `bindcomponent`), and the redirect's `auth_code`
//! exchanged by `api_query_auth` into the registry and the durable refresh token.
//!
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getPreAuthCode.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/getAuthorizerRefreshToken.html>

use super::endpoints::{
    AuthorizerInfoAnswer, PreAuthCodeAnswer, QueryAuthAnswer, CREATE_PREAUTHCODE,
    GET_AUTHORIZER_INFO, QUERY_AUTH,
};
use super::keys;
use super::platform::Platform;
use super::platform_core::PlatformCore;
use super::registry::{self, AuthorizerInfo, AuthorizerState};
use crate::app::{AppType, Scenario};
use crate::client::http::{QueryPairs, NO_SPAN};
use crate::client::payload::Payload;
use crate::spec_support::endpoint::Endpoint;
use crate::store::{DurableRecord, StoredToken};
use crate::{Error, Result, Secret};

/// A `pre_auth_code`: single use, for one authorization page.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PreAuthCode {
    /// The code. Redacted in `Debug`.
    pub pre_auth_code: Secret,
    /// Its lifetime in seconds (WeChat's pages say 1800 or 600).
    pub expires_in: i64,
}

/// Which accounts the authorization page offers (`auth_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthType {
    /// `1`: Official Accounts only.
    OfficialAccounts,
    /// `2`: Mini Programs only.
    MiniPrograms,
    /// `3`: both (WeChat's default).
    Both,
}

impl AuthType {
    /// The `auth_type` value.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthType::OfficialAccounts => "1",
            AuthType::MiniPrograms => "2",
            AuthType::Both => "3",
        }
    }

    /// The type of `1`, `2` or `3`.
    pub fn parse(value: &str) -> Option<AuthType> {
        match value {
            "1" => Some(AuthType::OfficialAccounts),
            "2" => Some(AuthType::MiniPrograms),
            "3" => Some(AuthType::Both),
            _ => None,
        }
    }
}

/// Which authorization page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthorizationPage {
    /// The PC page: `https://mp.weixin.qq.com/cgi-bin/componentloginpage`, where the
    /// account's administrator scans a QR code.
    Pc,
    /// The link opened inside WeChat on a phone:
    /// `https://mp.weixin.qq.com/safe/bindcomponent?action=bindcomponent&no_scan=1...#wechat_redirect`.
    Mobile,
}

/// The options of an authorization URL: the page, where WeChat sends the browser back
/// (`redirect_uri?auth_code=..&expires_in=..`), and either `auth_type` or `biz_appid`.
#[derive(Clone, Debug)]
pub struct AuthorizationUrl {
    page: AuthorizationPage,
    redirect_uri: String,
    auth_type: Option<AuthType>,
    biz_appid: Option<String>,
    category_id_list: Option<String>,
}

impl AuthorizationUrl {
    /// The PC page, coming back to `redirect_uri`.
    pub fn pc(redirect_uri: impl Into<String>) -> AuthorizationUrl {
        AuthorizationUrl::new(AuthorizationPage::Pc, redirect_uri)
    }

    /// The mobile link, coming back to `redirect_uri`.
    pub fn mobile(redirect_uri: impl Into<String>) -> AuthorizationUrl {
        AuthorizationUrl::new(AuthorizationPage::Mobile, redirect_uri)
    }

    /// `page`, coming back to `redirect_uri`.
    pub fn new(page: AuthorizationPage, redirect_uri: impl Into<String>) -> AuthorizationUrl {
        AuthorizationUrl {
            page,
            redirect_uri: redirect_uri.into(),
            auth_type: None,
            biz_appid: None,
            category_id_list: None,
        }
    }

    /// Offer only Official Accounts, only Mini Programs, or both. Not with
    /// [`biz_appid`](Self::biz_appid).
    pub fn auth_type(mut self, auth_type: AuthType) -> Self {
        self.auth_type = Some(auth_type);
        self
    }

    /// Authorize exactly this account. Not with [`auth_type`](Self::auth_type).
    pub fn biz_appid(mut self, appid: impl Into<String>) -> Self {
        self.biz_appid = Some(appid.into());
        self
    }

    /// `category_id_list` (PC page): the permission sets offered, e.g. `"1|2|3"`.
    pub fn category_id_list(mut self, list: impl Into<String>) -> Self {
        self.category_id_list = Some(list.into());
        self
    }

    /// The URL with `pre_auth_code`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for both `auth_type` and `biz_appid`, or a
    /// `redirect_uri` that is not an http(s) URL.
    pub fn to_url(&self, component_appid: &str, pre_auth_code: &str) -> Result<String> {
        if self.auth_type.is_some() && self.biz_appid.is_some() {
            return Err(Error::InvalidArgument {
                argument: "auth_type",
                reason: "auth_type and biz_appid exclude each other: give one of them".to_owned(),
            });
        }
        match url::Url::parse(&self.redirect_uri) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => {}
            _ => {
                return Err(Error::InvalidArgument {
                    argument: "redirect_uri",
                    reason: format!("`{}` is not an http(s) URL", self.redirect_uri),
                })
            }
        }
        let (base, head): (&str, &[(&str, &str)]) = match self.page {
            AuthorizationPage::Pc => ("https://mp.weixin.qq.com/cgi-bin/componentloginpage", &[]),
            AuthorizationPage::Mobile => (
                "https://mp.weixin.qq.com/safe/bindcomponent",
                &[("action", "bindcomponent"), ("no_scan", "1")],
            ),
        };
        let mut url = url::Url::parse(base).map_err(|e| Error::config(e.to_string()))?;
        {
            let mut q = url.query_pairs_mut();
            q.extend_pairs(head);
            q.append_pair("component_appid", component_appid);
            q.append_pair("pre_auth_code", pre_auth_code);
            q.append_pair("redirect_uri", &self.redirect_uri);
            if let Some(t) = self.auth_type {
                q.append_pair("auth_type", t.as_str());
            }
            if let Some(b) = &self.biz_appid {
                q.append_pair("biz_appid", b);
            }
            if let Some(l) = &self.category_id_list {
                q.append_pair("category_id_list", l);
            }
        }
        if self.page == AuthorizationPage::Mobile {
            url.set_fragment(Some("wechat_redirect"));
        }
        Ok(url.into())
    }
}

impl PlatformCore {
    /// One call with the component_access_token and a JSON body.
    async fn call(&self, ep: &'static Endpoint, body: serde_json::Value) -> Result<bytes::Bytes> {
        let body = serde_json::to_vec(&body)
            .map_err(|e| Error::config(format!("cannot encode a request: {e}")))?;
        let answer = self
            .http
            .send(
                ep,
                QueryPairs::Borrowed(&[]),
                &Payload::Json(body.into()),
                Some(&self.component_token),
                &NO_SPAN,
            )
            .await?;
        Ok(answer.body)
    }

    pub(crate) async fn pre_auth_code(&self) -> Result<PreAuthCode> {
        let body = self
            .call(
                &CREATE_PREAUTHCODE,
                serde_json::json!({ "component_appid": self.component_appid }),
            )
            .await?;
        let a: PreAuthCodeAnswer = crate::client::decode::decode(&CREATE_PREAUTHCODE, &body)?;
        Ok(PreAuthCode {
            pre_auth_code: a.pre_auth_code,
            expires_in: a.expires_in,
        })
    }

    /// `api_query_auth`: the refresh token to the durable store first, then the
    /// authorizer's first access_token to the hot store, then the registry.
    pub(crate) async fn complete_authorization(&self, auth_code: &str) -> Result<AuthorizerInfo> {
        if self.scenario == Scenario::Client {
            return Err(Error::config(
                "a scenario = \"client\" platform cannot complete authorizations: the hub does (GET /component/{component_appid}/authorized)",
            ));
        }
        if auth_code.trim().is_empty() {
            return Err(Error::InvalidArgument {
                argument: "auth_code",
                reason: "empty".to_owned(),
            });
        }
        let body = self
            .call(
                &QUERY_AUTH,
                serde_json::json!({
                    "component_appid": self.component_appid,
                    "authorization_code": auth_code,
                }),
            )
            .await?;
        let info = crate::client::decode::decode::<QueryAuthAnswer>(&QUERY_AUTH, &body)?
            .authorization_info;
        let (c, a) = (
            self.component_appid.as_str(),
            info.authorizer_appid.as_str(),
        );
        let now_ms = self.clock.now_ms();
        if let Some(refresh) = info.authorizer_refresh_token.filter(|t| !t.is_empty()) {
            let key = keys::refresh_token(c, a);
            let held = self.durable.load(&key).await?;
            let version = now_ms.max(held.map_or(i64::MIN, |h| h.version + 1));
            self.durable
                .save(&key, DurableRecord::new(refresh, version))
                .await?;
        }
        if let (Some(token), Some(expires_in)) = (info.authorizer_access_token, info.expires_in) {
            let token = StoredToken::fetched_at(token, expires_in, now_ms);
            if let Err(e) = self.store.save(&keys::authorizer_token(c, a), token).await {
                tracing::warn!(component_appid = c, authorizer_appid = a, error = %e, "token store write failed; the authorizer's token is fetched again");
            }
        }
        let app_type = self.app_type_of(a).await;
        let func_ids: Vec<i64> = info
            .func_info
            .iter()
            .map(|f| f.funcscope_category.id)
            .collect();
        let held = registry::update(&*self.durable, c, a, now_ms, |entry| {
            entry.state = AuthorizerState::Authorized;
            entry.reason = None;
            entry.pending_authorization_code = None;
            entry.last_exchanged_code = Some(auth_code.to_owned());
            entry.func_ids = func_ids;
            if app_type.is_some() {
                entry.app_type = app_type;
            }
        })
        .await?;
        tracing::info!(component_appid = c, authorizer_appid = a, app_type = ?held.app_type, "authorization completed");
        Ok(held)
    }

    /// Mini Program or Official Account, from `api_get_authorizer_info`; `None` when it
    /// fails (logged).
    async fn app_type_of(&self, authorizer_appid: &str) -> Option<AppType> {
        let body = self
            .call(
                &GET_AUTHORIZER_INFO,
                serde_json::json!({
                    "component_appid": self.component_appid,
                    "authorizer_appid": authorizer_appid,
                }),
            )
            .await;
        let decoded = body.and_then(|b| {
            crate::client::decode::decode::<AuthorizerInfoAnswer>(&GET_AUTHORIZER_INFO, &b)
        });
        match decoded {
            Ok(a) if a.authorizer_info.mini_program_info.is_some() => Some(AppType::MiniProgram),
            Ok(_) => Some(AppType::OfficialAccount),
            Err(e) => {
                tracing::warn!(component_appid = %self.component_appid, authorizer_appid, error = %e, "cannot tell the authorizer's app type");
                None
            }
        }
    }
}

impl Platform {
    /// A fresh `pre_auth_code` (`api_create_preauthcode`).
    ///
    /// # Errors
    /// As [`Platform::component_access_token`], and WeChat's errcodes.
    pub async fn pre_auth_code(&self) -> Result<PreAuthCode> {
        self.inner.core.pre_auth_code().await
    }

    /// The URL of an authorization page, with a fresh `pre_auth_code`: send the
    /// merchant's browser there; WeChat sends it back to the `redirect_uri` with
    /// `auth_code`, for [`Platform::complete_authorization`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for conflicting options or a bad `redirect_uri`
    /// (checked before anything is sent); as [`Platform::pre_auth_code`].
    pub async fn authorization_url(&self, options: &AuthorizationUrl) -> Result<String> {
        // Check the options before spending a pre_auth_code.
        options.to_url(self.appid(), "check")?;
        let code = self.pre_auth_code().await?;
        options.to_url(self.appid(), code.pre_auth_code.expose())
    }

    /// Completes an authorization with the redirect's `auth_code`, in one call:
    /// `api_query_auth`, the `authorizer_refresh_token` written to the durable store
    /// (before anything else), the authorizer's first `access_token` to the hot store,
    /// its app type (`api_get_authorizer_info`) and granted permission sets to the
    /// registry. Returns the registry entry.
    ///
    /// A forged or used `auth_code` is refused by WeChat and stores nothing.
    ///
    /// # Errors
    /// [`Error::Api`] for WeChat's refusal; [`Error::Store`] when the durable store
    /// cannot be written; [`Error::Config`] in scenario `client`.
    pub async fn complete_authorization(&self, auth_code: &str) -> Result<AuthorizerInfo> {
        self.inner.core.complete_authorization(auth_code).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pc_and_mobile_urls_carry_the_documented_parameters() {
        let pc = AuthorizationUrl::pc("https://example.com/back?x=1")
            .auth_type(AuthType::MiniPrograms)
            .to_url("wxcomponent", "preauthcode@@@1")
            .unwrap();
        assert_eq!(
            pc,
            "https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wxcomponent&pre_auth_code=preauthcode%40%40%401&redirect_uri=https%3A%2F%2Fexample.com%2Fback%3Fx%3D1&auth_type=2"
        );
        let mobile = AuthorizationUrl::mobile("https://example.com/back")
            .biz_appid("wxbiz")
            .to_url("wxcomponent", "code")
            .unwrap();
        assert_eq!(
            mobile,
            "https://mp.weixin.qq.com/safe/bindcomponent?action=bindcomponent&no_scan=1&component_appid=wxcomponent&pre_auth_code=code&redirect_uri=https%3A%2F%2Fexample.com%2Fback&biz_appid=wxbiz#wechat_redirect"
        );
    }

    #[test]
    fn conflicting_options_and_bad_redirects_are_refused() {
        let both = AuthorizationUrl::pc("https://example.com/")
            .auth_type(AuthType::Both)
            .biz_appid("wx1")
            .to_url("c", "p");
        assert!(matches!(
            both,
            Err(Error::InvalidArgument {
                argument: "auth_type",
                ..
            })
        ));
        let bad = AuthorizationUrl::pc("not a url").to_url("c", "p");
        assert!(matches!(
            bad,
            Err(Error::InvalidArgument {
                argument: "redirect_uri",
                ..
            })
        ));
        assert_eq!(AuthType::parse("2"), Some(AuthType::MiniPrograms));
        assert_eq!(AuthType::parse("4"), None);
    }
}
