//! Mini-program login (`code2session`) and what its `session_key` opens: the user data
//! the mini program sends encrypted or signed.
//!
//! ```no_run
//! # async fn demo(app: wechat::MiniProgram, js_code: &str, raw_data: &str, signature: &str) -> Result<(), wechat::Error> {
//! let session = app.code2session(js_code).await?; // the code of wx.login()
//! println!("openid {}", session.openid);
//! assert!(session.check_raw_data(raw_data, signature));
//! # Ok(()) }
//! ```
//!
//! Doc: <https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html>

use serde::Deserialize;

use crate::spec_support::client_call::call_query;
use crate::spec_support::endpoint::{Credential, Endpoint, HttpMethod};
use crate::{MiniProgram, Result, Secret};

/// A login session, as `jscode2session` answers. Keep `session_key` on the server
/// (never send it to the mini program); `Debug` does not show it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Session {
    /// The user's openid for this mini program.
    pub openid: String,
    /// The session key: decrypts the user data of this session and signs `rawData`.
    pub session_key: Secret,
    /// The unionid, when the mini program is bound to an open-platform account.
    #[serde(default)]
    pub unionid: Option<String>,
}

impl Session {
    /// Decrypts `encryptedData` of this session and checks that its watermark is
    /// `appid`'s; see [`crate::crypto::decrypt_user_data_for_app`].
    ///
    /// # Errors
    /// [`crate::Error::UserData`].
    pub fn decrypt(
        &self,
        appid: &str,
        encrypted_data: &str,
        iv: &str,
    ) -> Result<serde_json::Value> {
        crate::crypto::decrypt_user_data_for_app(
            appid,
            self.session_key.expose(),
            encrypted_data,
            iv,
        )
    }

    /// Checks `signature == sha1(raw_data + session_key)`; see
    /// [`crate::crypto::check_raw_data_signature`].
    pub fn check_raw_data(&self, raw_data: &str, signature: &str) -> bool {
        crate::crypto::check_raw_data_signature(raw_data, self.session_key.expose(), signature)
    }
}

static CODE2SESSION: Endpoint = Endpoint {
    id: "login.code2session",
    group: "login",
    name: "code2session",
    method: HttpMethod::Get,
    path: "/sns/jscode2session",
    credential: Credential::None,
};

static COMPONENT_CODE2SESSION: Endpoint = Endpoint {
    id: "login.component_code2session",
    group: "login",
    name: "component_code2session",
    method: HttpMethod::Get,
    path: "/sns/component/jscode2session",
    credential: Credential::ComponentAccessToken,
};

impl MiniProgram {
    /// Exchanges the `code` of `wx.login()` for the user's openid and session key
    /// (`GET /sns/jscode2session`, with the app secret; no access_token).
    ///
    /// Doc: <https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html>
    ///
    /// # Errors
    /// [`crate::Error::Api`] with 40029 (invalid code), 40163 (code already used),
    /// 45011 (over 100 logins per user per minute), 40226 (high-risk user blocked);
    /// [`crate::Error::Config`] for a client without the app secret; transport errors.
    ///
    /// For an authorizer of a third-party platform: `GET /sns/component/jscode2session`
    /// with the platform's `component_access_token` instead of the app secret.
    /// Doc: <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/miniprogram-management/login/thirdpartyCode2Session.html>
    pub async fn code2session(&self, js_code: &str) -> Result<Session> {
        let client = self.client();
        if let Some(c) = client.component_appid() {
            let query = vec![
                ("appid", client.appid().to_owned()),
                ("js_code", js_code.to_owned()),
                ("grant_type", "authorization_code".to_owned()),
                ("component_appid", c.to_owned()),
            ];
            return call_query(client, &COMPONENT_CODE2SESSION, &query).await;
        }
        let secret = client.app_secret(CODE2SESSION.id)?;
        let query = vec![
            ("appid", client.appid().to_owned()),
            ("secret", secret.expose().to_owned()),
            ("js_code", js_code.to_owned()),
            ("grant_type", "authorization_code".to_owned()),
        ];
        call_query(client, &CODE2SESSION, &query).await
    }
}
