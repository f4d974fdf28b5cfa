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
use crate::client::http::{Http, QueryPairs, NO_SPAN};
use crate::client::payload::Payload;
use crate::spec_support::endpoint::{Credential, Endpoint, HttpMethod};
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
    /// Gets a ticket with the current access_token; after a rejected one (40001,
    /// 40014, 42001), refreshes it and tries once more, as every typed call does.
    async fn fetch(&self, _rejected: Option<&Secret>) -> Result<StoredToken> {
        let query = [("type", self.kind.as_str())];
        let answer = self
            .http
            .send(
                &GETTICKET,
                QueryPairs::Borrowed(&query),
                &Payload::Empty,
                Some(&self.access_token),
                &NO_SPAN,
            )
            .await?;
        let ticket: TicketAnswer = crate::client::decode::decode(&GETTICKET, &answer.body)?;
        Ok(StoredToken::fetched_at(
            ticket.ticket,
            ticket.expires_in,
            self.access_token.now_ms(),
        ))
    }
}
