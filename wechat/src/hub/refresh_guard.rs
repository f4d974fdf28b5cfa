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
use crate::endpoint::{Credential, Endpoint, HttpMethod};
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

/// What the guard says of a requested refresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// WeChat rejects the token: refresh it.
    Rejected,
    /// WeChat still accepts the token: answer it again, refresh nothing.
    StillValid,
}

/// The guard of one app's `access_token`.
#[derive(Debug)]
pub(crate) struct RefreshGuard {
    http: Http,
    appid: String,
    /// The `stable_token` force-refresh limit the token source takes from; `None` for
    /// the classic endpoint, which has none.
    limit: Option<Arc<ForceRefreshLimit>>,
    /// The last token WeChat accepted, and when.
    accepted: Mutex<Option<(Secret, Instant)>>,
}

impl RefreshGuard {
    pub(crate) fn new(http: Http, appid: String, limit: Option<Arc<ForceRefreshLimit>>) -> Self {
        RefreshGuard {
            http,
            appid,
            limit,
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
        let query = [("access_token", presented.expose())];
        match self
            .http
            .send_checked(&QUOTA_GET, &query, Some(CHECK_BODY.into()))
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
