//! The endpoints that take no app access_token: mini-program login
//! (`/sns/jscode2session`, with appid and secret) and OAuth2 web
//! authorization (`/sns/oauth2/access_token` with appid and secret,
//! `/sns/oauth2/refresh_token` with a refresh token, `/sns/userinfo` and
//! `/sns/auth` with a *user* access token). Also the codes they exchange,
//! which a real user's WeChat would produce: tests ask for them with
//! [`Simulator::login_code`](crate::Simulator::login_code) and friends.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use axum::response::Response;
use base64::Engine as _;
use serde_json::json;

use crate::api::fault_stage;
use crate::endpoints::random_string;
use crate::reply;
use crate::state::{lock, Shared};

/// Lifetime of a user access token.
const USER_TOKEN_TTL: Duration = Duration::from_secs(7200);

/// What a code can be exchanged for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// `wx.login()`: for `jscode2session`.
    Login,
    /// The OAuth2 redirect, with the granted scope.
    OAuth {
        /// `snsapi_base` or `snsapi_userinfo`.
        scope: String,
    },
    /// A `getPhoneNumber` button, for `getuserphonenumber`.
    Phone {
        /// The number the user shares.
        phone: String,
    },
}

#[derive(Clone, Debug)]
struct Code {
    appid: String,
    openid: String,
    kind: CodeKind,
}

#[derive(Clone, Debug)]
struct UserToken {
    appid: String,
    openid: String,
    scope: String,
    expires_at: Instant,
}

/// Codes issued and used, and user tokens.
#[derive(Debug, Default)]
pub struct SnsState {
    /// The latest session_key issued to each `(appid, openid)`, base64 as answered:
    /// what user signatures (`signature`) are checked with.
    sessions: HashMap<(String, String), String>,
    codes: HashMap<String, Code>,
    used: HashSet<String>,
    tokens: HashMap<String, UserToken>,
    refresh: HashMap<String, UserToken>,
}

impl SnsState {
    /// The latest session_key issued to `openid` of `appid`, if any.
    pub fn session_key(&self, appid: &str, openid: &str) -> Option<&str> {
        self.sessions
            .get(&(appid.to_owned(), openid.to_owned()))
            .map(String::as_str)
    }

    /// A new single-use code of `appid` for `openid`.
    pub fn issue(&mut self, appid: &str, openid: &str, kind: CodeKind) -> String {
        let code = random_string(32);
        self.codes.insert(
            code.clone(),
            Code {
                appid: appid.to_owned(),
                openid: openid.to_owned(),
                kind,
            },
        );
        code
    }

    /// Uses up `code`: a used code is 40163, an unknown one (or another
    /// app's, or of another kind) 40029.
    fn take(
        &mut self,
        code: &str,
        appid: &str,
        fits: impl Fn(&CodeKind) -> bool,
    ) -> Result<Code, i64> {
        if self.used.contains(code) {
            return Err(40163);
        }
        match self.codes.get(code) {
            Some(c) if c.appid == appid && fits(&c.kind) => {}
            _ => return Err(40029),
        }
        self.used.insert(code.to_owned());
        self.codes.remove(code).ok_or(40029)
    }

    /// `getuserphonenumber`: the phone number of a phone code.
    pub fn take_phone(&mut self, code: &str, appid: &str) -> Result<(String, String), i64> {
        let c = self.take(code, appid, |k| matches!(k, CodeKind::Phone { .. }))?;
        match c.kind {
            CodeKind::Phone { phone } => Ok((c.openid, phone)),
            _ => Err(40029),
        }
    }

    fn new_token(&mut self, appid: &str, openid: &str, scope: &str) -> (String, String) {
        let token = UserToken {
            appid: appid.to_owned(),
            openid: openid.to_owned(),
            scope: scope.to_owned(),
            expires_at: Instant::now() + USER_TOKEN_TTL,
        };
        let access = random_string(88);
        let refresh = random_string(88);
        self.tokens.insert(access.clone(), token.clone());
        self.refresh.insert(refresh.clone(), token);
        (access, refresh)
    }

    /// The user token `token`: unknown 40001, expired 42001.
    fn user_token(&self, token: &str) -> Result<&UserToken, i64> {
        let t = self.tokens.get(token).ok_or(40001)?;
        if Instant::now() >= t.expires_at {
            return Err(42001);
        }
        Ok(t)
    }

    /// Every user token expires now (42001 from then on).
    pub fn expire_user_tokens(&mut self) {
        let now = Instant::now();
        for t in self.tokens.values_mut() {
            t.expires_at = now;
        }
    }
}

/// Answers `path` if it is one of the token-less endpoints.
pub async fn call(
    shared: &Shared,
    path: &str,
    query: &HashMap<String, String>,
) -> Option<Response> {
    let handler: Handler = match path {
        "/sns/jscode2session" => jscode2session,
        "/sns/oauth2/access_token" => oauth_access_token,
        "/sns/oauth2/refresh_token" => oauth_refresh_token,
        "/sns/userinfo" => userinfo,
        "/sns/auth" => auth,
        _ => return None,
    };
    if let Some(answer) = fault_stage(shared, path).await {
        return Some(answer);
    }
    let get = |k: &str| query.get(k).cloned();
    Some(match handler(shared, &get) {
        Ok(body) => reply::json(&body),
        Err(code) => reply::errcode(code),
    })
}

type Get<'a> = &'a dyn Fn(&str) -> Option<String>;

/// One token-less endpoint: the query's values in, the answer or an errcode out.
type Handler = fn(&Shared, Get<'_>) -> Result<serde_json::Value, i64>;

/// appid and secret, then `grant_type` (40002), then the code (41008 when
/// missing).
fn credentials(
    shared: &Shared,
    get: Get<'_>,
    code_key: &str,
    grant: &str,
) -> Result<(String, String), i64> {
    let appid = get("appid");
    lock(&shared.tokens).check_secret(appid.as_deref(), get("secret").as_deref())?;
    if get("grant_type").as_deref() != Some(grant) {
        return Err(40002);
    }
    let code = get(code_key).filter(|c| !c.is_empty()).ok_or(41008)?;
    Ok((appid.unwrap_or_default(), code))
}

/// `GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code`
/// → `{openid, session_key}`.
fn jscode2session(shared: &Shared, get: Get<'_>) -> Result<serde_json::Value, i64> {
    let (appid, code) = credentials(shared, get, "js_code", "authorization_code")?;
    login_session(shared, &appid, &code)
}

/// Uses up a `wx.login()` code of `appid` (40029 unknown, 40163 used):
/// `{openid, session_key}` with a fresh key. The platform's login for its
/// authorizers answers the same.
pub fn login_session(shared: &Shared, appid: &str, code: &str) -> Result<serde_json::Value, i64> {
    let mut sns = lock(&shared.sns);
    let c = sns.take(code, appid, |k| *k == CodeKind::Login)?;
    let key: [u8; 16] = rand::random();
    let session_key = base64::engine::general_purpose::STANDARD.encode(key);
    sns.sessions
        .insert((appid.to_owned(), c.openid.clone()), session_key.clone());
    Ok(json!({
        "openid": c.openid,
        "session_key": session_key,
    }))
}

fn user_token_body(
    access: String,
    refresh: String,
    openid: &str,
    scope: &str,
) -> serde_json::Value {
    json!({
        "access_token": access,
        "expires_in": USER_TOKEN_TTL.as_secs(),
        "refresh_token": refresh,
        "openid": openid,
        "scope": scope,
    })
}

/// `GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code`.
fn oauth_access_token(shared: &Shared, get: Get<'_>) -> Result<serde_json::Value, i64> {
    let (appid, code) = credentials(shared, get, "code", "authorization_code")?;
    oauth_exchange(shared, &appid, &code)
}

/// Uses up an OAuth2 `code` of `appid` (40029 unknown, 40163 used): a new
/// user access token and refresh token. The platform's OAuth on behalf of
/// an authorizer answers the same.
pub fn oauth_exchange(shared: &Shared, appid: &str, code: &str) -> Result<serde_json::Value, i64> {
    let mut sns = lock(&shared.sns);
    let c = sns.take(code, appid, |k| matches!(k, CodeKind::OAuth { .. }))?;
    let CodeKind::OAuth { scope } = c.kind else {
        return Err(40029);
    };
    let (access, refresh) = sns.new_token(appid, &c.openid, &scope);
    Ok(user_token_body(access, refresh, &c.openid, &scope))
}

/// `GET /sns/oauth2/refresh_token?appid&grant_type=refresh_token&refresh_token`:
/// a new access token; an unknown refresh token (or another app's) is 40030.
fn oauth_refresh_token(shared: &Shared, get: Get<'_>) -> Result<serde_json::Value, i64> {
    let appid = get("appid").filter(|a| !a.is_empty()).ok_or(41002)?;
    if get("grant_type").as_deref() != Some("refresh_token") {
        return Err(40002);
    }
    let rt = get("refresh_token").ok_or(40030)?;
    oauth_refresh(shared, &appid, &rt)
}

/// A new user access token for the refresh token `rt` of `appid` (40030
/// when unknown or another app's); the refresh token stays the same.
pub fn oauth_refresh(shared: &Shared, appid: &str, rt: &str) -> Result<serde_json::Value, i64> {
    let mut sns = lock(&shared.sns);
    let t = sns
        .refresh
        .get(rt)
        .filter(|t| t.appid == appid)
        .cloned()
        .ok_or(40030)?;
    let access = random_string(88);
    sns.tokens.insert(
        access.clone(),
        UserToken {
            expires_at: Instant::now() + USER_TOKEN_TTL,
            ..t.clone()
        },
    );
    Ok(user_token_body(access, rt.to_owned(), &t.openid, &t.scope))
}

/// The user token of the query, checked against `openid` (40003).
fn token_for(shared: &Shared, get: Get<'_>) -> Result<UserToken, i64> {
    let token = get("access_token").filter(|t| !t.is_empty()).ok_or(41001)?;
    let sns = lock(&shared.sns);
    let t = sns.user_token(&token)?;
    if get("openid").as_deref() != Some(t.openid.as_str()) {
        return Err(40003);
    }
    Ok(t.clone())
}

/// `GET /sns/userinfo?access_token&openid&lang`: 48001 without
/// `snsapi_userinfo`.
fn userinfo(shared: &Shared, get: Get<'_>) -> Result<serde_json::Value, i64> {
    let t = token_for(shared, get)?;
    if !t.scope.split(',').any(|s| s == "snsapi_userinfo") {
        return Err(48001);
    }
    let english = get("lang").as_deref() == Some("en");
    Ok(json!({
        "openid": t.openid,
        "nickname": "Simulated user",
        "sex": 0,
        "province": if english { "Guangdong" } else { "广东" },
        "city": if english { "Guangzhou" } else { "广州" },
        "country": if english { "China" } else { "中国" },
        "headimgurl": "",
        "privilege": [],
    }))
}

/// `GET /sns/auth?access_token&openid`: `{"errcode":0,"errmsg":"ok"}` when
/// valid.
fn auth(shared: &Shared, get: Get<'_>) -> Result<serde_json::Value, i64> {
    token_for(shared, get)?;
    Ok(json!({ "errcode": 0, "errmsg": "ok" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_single_use_and_per_app() {
        let mut s = SnsState::default();
        let code = s.issue("wxa", "o1", CodeKind::Login);
        assert_eq!(s.take(&code, "wxb", |_| true).unwrap_err(), 40029);
        assert_eq!(s.take(&code, "wxa", |_| true).unwrap().openid, "o1");
        assert_eq!(s.take(&code, "wxa", |_| true).unwrap_err(), 40163);
        assert_eq!(s.take("nope", "wxa", |_| true).unwrap_err(), 40029);
        let phone = s.issue("wxa", "o1", CodeKind::Phone { phone: "1".into() });
        assert_eq!(
            s.take(&phone, "wxa", |k| *k == CodeKind::Login)
                .unwrap_err(),
            40029
        );
    }

    #[test]
    fn user_tokens_expire() {
        let mut s = SnsState::default();
        let (access, _) = s.new_token("wxa", "o1", "snsapi_base");
        assert!(s.user_token(&access).is_ok());
        s.expire_user_tokens();
        assert_eq!(s.user_token(&access).unwrap_err(), 42001);
        assert_eq!(s.user_token("x").unwrap_err(), 40001);
    }
}
