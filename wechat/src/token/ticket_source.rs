//! JS-SDK tickets from WeChat: `GET /cgi-bin/ticket/getticket` with the app's
//! `access_token`, as a [`TokenSource`] so that each ticket is cached, shared through
//! the store, fetched once for concurrent callers and refreshed before expiry by a
//! [`TokenCore`](super::TokenCore) like the access_token itself.
//!
//! Self-contained on purpose: a client that gets its tickets from a hub swaps this
//! source for a hub-backed one.
//! Doc: <https://developers.weixin.qq.com/doc/service/en/api/webdev/jssdk/api_getticket.html>

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;

use super::{TokenCore, TokenSource};
use crate::client::http::Http;
use crate::endpoint::{Credential, Endpoint, HttpMethod};
use crate::store::StoredToken;
use crate::{Result, Secret};

/// The `type` of a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TicketKind {
    /// `jsapi`: signs `wx.config` of JS-SDK pages.
    Jsapi,
    /// `wx_card`: the card `api_ticket`, signs `cardExt` / `cardSign` of card APIs.
    WxCard,
}

impl TicketKind {
    /// The `type` query value.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Jsapi => "jsapi",
            TicketKind::WxCard => "wx_card",
        }
    }

    /// The store key of this ticket for `appid`, e.g. `jsapi_ticket/wx...`.
    pub(crate) fn store_key(self, appid: &str) -> String {
        format!("{}_ticket/{appid}", self.as_str())
    }
}

static GETTICKET: Endpoint = Endpoint {
    id: "ticket.getticket",
    group: "ticket",
    name: "getticket",
    method: HttpMethod::Get,
    path: "/cgi-bin/ticket/getticket",
    credential: Credential::AccessToken,
};

/// errcodes that reject the access_token (see `client::REJECTED_TOKEN`).
const REJECTED_TOKEN: [i64; 3] = [40001, 40014, 42001];

/// Gets one kind of ticket with the app's access_token.
pub(crate) struct TicketSource {
    pub(crate) http: Http,
    pub(crate) access_token: Arc<TokenCore>,
    pub(crate) kind: TicketKind,
}

impl fmt::Debug for TicketSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TicketSource")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct TicketAnswer {
    ticket: Secret,
    expires_in: i64,
}

#[async_trait]
impl TokenSource for TicketSource {
    async fn fetch(&self, _rejected: Option<&Secret>) -> Result<StoredToken> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let token = self.access_token.get().await?;
            let query = [
                ("access_token", token.expose()),
                ("type", self.kind.as_str()),
            ];
            match self.http.send_checked(&GETTICKET, &query, None).await {
                Ok(body) => {
                    let answer: TicketAnswer = crate::client::decode::decode(&GETTICKET, &body)?;
                    return Ok(StoredToken::fetched_now(answer.ticket, answer.expires_in));
                }
                Err(e)
                    if attempt == 1 && e.errcode().is_some_and(|c| REJECTED_TOKEN.contains(&c)) =>
                {
                    tracing::debug!(errcode = e.errcode(), "access_token rejected while getting a ticket; refreshing and retrying once");
                    self.access_token.invalidate(&token).await?;
                }
                Err(e) => return Err(e),
            }
        }
    }
}
