//! JS-SDK tickets (`jsapi`) and card tickets (`wx_card`): tokens of their own, each kept
//! by a token core like the `access_token`.
//!
//! WeChat: `GET /cgi-bin/ticket/getticket?access_token=...&type=jsapi|wx_card` answers
//! `{"ticket","expires_in"}` (7200 s); fetches are "very limited", so the ticket is
//! cached until shortly before expiry
//! (<https://developers.weixin.qq.com/doc/service/api/webdev/jssdk/api_getticket.html>).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;

use super::{TokenCore, TokenSource};
use crate::client::http::Http;
use crate::endpoint::{Credential, Endpoint, HttpMethod};
use crate::store::StoredToken;
use crate::{Result, Secret};

/// Which api_ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TicketKind {
    /// `jsapi`: signs JS-SDK `wx.config` pages.
    Jsapi,
    /// `wx_card`: signs card (卡券) JS-SDK calls.
    WxCard,
}

impl TicketKind {
    /// Both kinds.
    pub const ALL: [TicketKind; 2] = [TicketKind::Jsapi, TicketKind::WxCard];

    /// WeChat's name: `jsapi` or `wx_card`.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Jsapi => "jsapi",
            TicketKind::WxCard => "wx_card",
        }
    }

    /// The store key of this ticket for `appid`: `ticket/jsapi/wx...`.
    pub(crate) fn store_key(self, appid: &str) -> String {
        format!("ticket/{}/{appid}", self.as_str())
    }
}

impl fmt::Display for TicketKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of [`TicketKind::from_str`]: the name was not `jsapi` nor `wx_card`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownTicketKind;

impl fmt::Display for UnknownTicketKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ticket type must be `jsapi` or `wx_card`")
    }
}

impl std::error::Error for UnknownTicketKind {}

impl FromStr for TicketKind {
    type Err = UnknownTicketKind;

    /// Parses `jsapi` or `wx_card`.
    fn from_str(s: &str) -> std::result::Result<Self, UnknownTicketKind> {
        match s {
            "jsapi" => Ok(TicketKind::Jsapi),
            "wx_card" => Ok(TicketKind::WxCard),
            _ => Err(UnknownTicketKind),
        }
    }
}

static GET_TICKET: Endpoint = Endpoint {
    id: "access.get_ticket",
    group: "access",
    name: "get_ticket",
    method: HttpMethod::Get,
    path: "/cgi-bin/ticket/getticket",
    credential: Credential::None,
};

#[derive(Deserialize)]
struct TicketAnswer {
    ticket: Secret,
    expires_in: i64,
}

/// Gets a ticket from WeChat with the app's `access_token` (scenario `hub`). A rejected
/// `access_token` (40001 / 40014 / 42001) is refreshed through its core (compare and
/// refresh) and the request retried once.
pub(crate) struct WeChatTicketSource {
    pub(crate) http: Http,
    pub(crate) access_token: Arc<TokenCore>,
    pub(crate) kind: TicketKind,
}

impl fmt::Debug for WeChatTicketSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WeChatTicketSource")
            .field("access_token", &self.access_token.key())
            .field("kind", &self.kind)
            .finish()
    }
}

/// errcodes of a rejected `access_token`.
const REJECTED_TOKEN: [i64; 3] = [40001, 40014, 42001];

#[async_trait]
impl TokenSource for WeChatTicketSource {
    async fn fetch(&self, _rejected: Option<&Secret>) -> Result<StoredToken> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let token = self.access_token.get().await?;
            let query = [
                ("access_token", token.expose()),
                ("type", self.kind.as_str()),
            ];
            match self.http.send_checked(&GET_TICKET, &query, None).await {
                Ok(body) => {
                    let answer: TicketAnswer = crate::client::decode::decode(&GET_TICKET, &body)?;
                    return Ok(StoredToken::fetched_now(answer.ticket, answer.expires_in));
                }
                Err(e)
                    if attempt == 1 && e.errcode().is_some_and(|c| REJECTED_TOKEN.contains(&c)) =>
                {
                    tracing::debug!(kind = %self.kind, errcode = e.errcode(), "access_token rejected while getting a ticket; refreshing it");
                    self.access_token.invalidate(&token).await?;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in TicketKind::ALL {
            assert_eq!(kind.as_str().parse::<TicketKind>(), Ok(kind));
        }
        assert_eq!("card".parse::<TicketKind>(), Err(UnknownTicketKind));
        assert_eq!(TicketKind::WxCard.store_key("wx1"), "ticket/wx_card/wx1");
    }
}
