//! The client's api_tickets (`jsapi`, `wx_card`): one token core each, fetched on first
//! use, kept in the client's store and refreshed before expiry like the `access_token`.

use std::sync::Arc;

use super::builder::ClientBuilder;
use super::http::Http;
use super::Client;
use crate::app::Scenario;
use crate::store::Store;
use crate::token::hub_source::HubToken;
use crate::token::ticket::WeChatTicketSource;
use crate::token::{TicketKind, TokenCore, TokenSource};
use crate::{Result, Secret};

/// The ticket cores of one client.
pub(super) struct Tickets {
    jsapi: TokenCore,
    wx_card: TokenCore,
}

impl Tickets {
    pub(super) fn new<A>(
        builder: &ClientBuilder<A>,
        scenario: Scenario,
        http: &Http,
        access_token: &Arc<TokenCore>,
        store: &Arc<dyn Store>,
    ) -> Result<Tickets> {
        let core = |kind: TicketKind| -> Result<TokenCore> {
            let source: Arc<dyn TokenSource> = match scenario {
                Scenario::Hub => Arc::new(WeChatTicketSource {
                    http: http.clone(),
                    access_token: access_token.clone(),
                    kind,
                }),
                Scenario::Client => Arc::new(builder.hub_source(http, HubToken::Ticket(kind))?),
            };
            Ok(TokenCore::new(
                kind.store_key(builder.appid_str()),
                source,
                store.clone(),
                builder.refresh_policy(),
            ))
        };
        Ok(Tickets {
            jsapi: core(TicketKind::Jsapi)?,
            wx_card: core(TicketKind::WxCard)?,
        })
    }

    fn core(&self, kind: TicketKind) -> &TokenCore {
        match kind {
            TicketKind::Jsapi => &self.jsapi,
            TicketKind::WxCard => &self.wx_card,
        }
    }
}

impl Client {
    /// The current api_ticket of `kind`: `jsapi` to sign JS-SDK pages (`wx.config`),
    /// `wx_card` for card JS-SDK calls. Fetched on first use (scenario `hub`:
    /// `GET /cgi-bin/ticket/getticket` with the `access_token`; scenario `client`:
    /// `GET {hub}/client/ticket`), kept in the client's store, and refreshed before it
    /// expires (7200 s), once for all concurrent callers.
    /// <https://developers.weixin.qq.com/doc/service/api/webdev/jssdk/api_getticket.html>
    ///
    /// ```no_run
    /// # async fn demo(app: wechat::OfficialAccount) -> Result<(), wechat::Error> {
    /// use wechat::token::TicketKind;
    /// let ticket = app.ticket(TicketKind::Jsapi).await?;
    /// // sign with ticket.expose(); never log it
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`Client::access_token`]: WeChat's errcode as [`crate::Error::Api`]
    /// (scenario `hub`), or the hub's refusal or absence (scenario `client`:
    /// [`crate::Error::Http`], [`crate::Error::Transport`]).
    pub async fn ticket(&self, kind: TicketKind) -> Result<Secret> {
        self.inner.tickets.core(kind).get().await
    }
}
