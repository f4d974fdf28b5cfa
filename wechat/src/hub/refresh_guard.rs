//! What stands between `POST /refresh/access_token` and an upstream refresh.
//!
//! A key holder presents the token that failed. The route answers the current token
//! when the presented one is not current; otherwise it asks this guard, which lets a
//! refresh through only when
//!
//! 1. WeChat did not accept that very token within the last [`VERDICT_TTL`] (a verdict
//!    is kept, so a flood of requests costs one check);
//! 2. WeChat's force-refresh limit would allow one now (checked before anything is
//!    sent, so a refused request costs no upstream request at all);
//! 3. one cheap call with the token, `POST /cgi-bin/openapi/quota/get`, answers that
//!    WeChat rejects it (40001, 40014 or 42001), as elixir_wechat's hub checks.
//!
//! Without these checks any key holder could revoke every other client's token (a
//! `stable_token` force refresh) up to 20 times a day, and spend the daily token quota
//! with the classic endpoint.
//! Doc: <https://developers.weixin.qq.com/doc/service/api/apimanage/api_getapiquota>

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::client::http::{Http, REJECTED_TOKEN};
use crate::spec_support::endpoint::{Credential, Endpoint, HttpMethod};
use crate::token::force_limit::ForceRefreshLimit;
use crate::{Error, Result, Secret};

/// How long a token WeChat accepted is taken as accepted without asking again.
pub(crate) const VERDICT_TTL: Duration = Duration::from_secs(30);

static QUOTA_GET: Endpoint = Endpoint {
    id: "access.get_quota",
    group: "access",
    name: "get_quota",
    method: HttpMethod::Post,
    path: "/cgi-bin/openapi/quota/get",
    credential: Credential::None,
};

/// Any API exists for every app type; its quota is what the call reads, not spends.
const CHECK_BODY: &[u8] = br#"{"cgi_path":"/cgi-bin/message/custom/send"}"#;

static AUTHORIZER_LIST: Endpoint = Endpoint {
    id: "component.api_get_authorizer_list",
    group: "component",
    name: "api_get_authorizer_list",
    method: HttpMethod::Post,
    path: "/cgi-bin/component/api_get_authorizer_list",
    credential: Credential::None,
};

/// The cheap call with the presented token that tells whether WeChat still accepts it.
#[derive(Debug)]
pub(crate) struct CheckCall {
    endpoint: &'static Endpoint,
    /// The query parameter the token goes in.
    token_param: &'static str,
    body: Vec<u8>,
}

impl CheckCall {
    /// `POST /cgi-bin/openapi/quota/get` with `access_token=` (an app's or an authorizer's).
    pub(crate) fn access_token() -> CheckCall {
        CheckCall {
            endpoint: &QUOTA_GET,
            token_param: "access_token",
            body: CHECK_BODY.to_vec(),
        }
    }

    /// `POST /cgi-bin/component/api_get_authorizer_list` (one entry) with
    /// `component_access_token=`: reads, changes nothing.
    pub(crate) fn component_access_token(component_appid: &str) -> CheckCall {
        let body =
            serde_json::json!({ "component_appid": component_appid, "offset": 0, "count": 1 });
        CheckCall {
            endpoint: &AUTHORIZER_LIST,
            token_param: "component_access_token",
            body: body.to_string().into_bytes(),
        }
    }
}

/// What the guard says of a requested refresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// WeChat rejects the token: refresh it.
    Rejected,
    /// WeChat still accepts the token: answer it again, refresh nothing.
    StillValid,
}

/// The guard of one token (an app's or an authorizer's `access_token`, a platform's
/// `component_access_token`).
#[derive(Debug)]
pub(crate) struct RefreshGuard {
    http: Http,
    appid: String,
    /// The `stable_token` force-refresh limit the token source takes from; `None` for
    /// the classic endpoint, which has none.
    limit: Option<Arc<ForceRefreshLimit>>,
    /// How to ask WeChat about a token.
    call: CheckCall,
    /// The last token WeChat accepted, and when.
    accepted: Mutex<Option<(Secret, Instant)>>,
}

impl RefreshGuard {
    /// The guard of an app's `access_token`.
    pub(crate) fn new(http: Http, appid: String, limit: Option<Arc<ForceRefreshLimit>>) -> Self {
        RefreshGuard::with_call(http, appid, limit, CheckCall::access_token())
    }

    /// The guard of a token checked with `call` (a platform's or an authorizer's).
    pub(crate) fn with_call(
        http: Http,
        appid: String,
        limit: Option<Arc<ForceRefreshLimit>>,
        call: CheckCall,
    ) -> Self {
        RefreshGuard {
            http,
            appid,
            limit,
            call,
            accepted: Mutex::new(None),
        }
    }

    /// Whether the current token `presented` may be refreshed.
    ///
    /// # Errors
    /// [`Error::ForceRefreshLimited`] when WeChat would refuse a forced refresh now
    /// (nothing was sent); the check call's transport or HTTP error when WeChat could
    /// not be asked.
    pub(crate) async fn check(&self, presented: &Secret) -> Result<Verdict> {
        if self.recently_accepted(presented) {
            return Ok(Verdict::StillValid);
        }
        if let Some(limit) = &self.limit {
            limit.check().map_err(|reason| Error::ForceRefreshLimited {
                appid: self.appid.clone(),
                reason,
            })?;
        }
        let query = [(self.call.token_param, presented.expose())];
        let body = bytes::Bytes::from(self.call.body.clone());
        match self
            .http
            .send_checked(self.call.endpoint, &query, Some(body))
            .await
        {
            Err(Error::Api { errcode, .. }) if REJECTED_TOKEN.contains(&errcode) => {
                Ok(Verdict::Rejected)
            }
            // Any other answer, errcodes included (no permission for the API, a quota
            // reached...), comes after WeChat accepted the token.
            Ok(_) | Err(Error::Api { .. }) => {
                *self.accepted.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((presented.clone(), Instant::now()));
                Ok(Verdict::StillValid)
            }
            Err(e) => Err(e),
        }
    }

    fn recently_accepted(&self, presented: &Secret) -> bool {
        self.accepted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .is_some_and(|(token, at)| token == presented && at.elapsed() < VERDICT_TTL)
    }
}
