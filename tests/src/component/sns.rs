//! Login and OAuth2 that the platform does for its authorizers, with its
//! component_access_token instead of the account's secret. The codes are
//! the ones [`crate::sns`] issues for the authorizer's appid
//! ([`Simulator::login_code`](crate::Simulator::login_code),
//! [`Simulator::oauth_code`](crate::Simulator::oauth_code)), and the answers
//! are the same as the account's own endpoints give.
//!
//! Checks, after the token and the platform: `appid` missing 41002, not
//! authorizing the platform 61003, `grant_type` 40002, code missing 41008.
//!
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/others/WeChat_login.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html>

use serde_json::Value;

use super::Request;
use crate::sns;
use crate::state::{lock, Shared};

/// The authorizer of the query (41002 when missing), which must be
/// authorizing the platform (61003), and the `grant_type` (40002).
fn authorizer<'a>(shared: &Shared, req: &'a Request<'_>, grant: &str) -> Result<&'a str, i64> {
    let appid = req.param("appid").ok_or(41002)?;
    lock(&shared.component).authorizer(req.component_appid, appid)?;
    if req.param("grant_type") != Some(grant) {
        return Err(40002);
    }
    Ok(appid)
}

/// `GET /sns/component/jscode2session?appid&js_code&grant_type=authorization_code&component_appid&component_access_token`
/// → `{openid, session_key}`.
pub fn jscode2session(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let appid = authorizer(shared, req, "authorization_code")?;
    let code = req.param("js_code").ok_or(41008)?;
    sns::login_session(shared, appid, code)
}

/// `GET /sns/oauth2/component/access_token?appid&code&grant_type=authorization_code&component_appid&component_access_token`
/// → a user access token, as `/sns/oauth2/access_token`.
pub fn oauth_access_token(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let appid = authorizer(shared, req, "authorization_code")?;
    let code = req.param("code").ok_or(41008)?;
    sns::oauth_exchange(shared, appid, code)
}

/// `GET /sns/oauth2/component/refresh_token?appid&grant_type=refresh_token&component_appid&component_access_token&refresh_token`
/// → a new user access token (40030 for an unknown refresh token).
pub fn oauth_refresh_token(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let appid = authorizer(shared, req, "refresh_token")?;
    let rt = req.param("refresh_token").ok_or(40030)?;
    sns::oauth_refresh(shared, appid, rt)
}
