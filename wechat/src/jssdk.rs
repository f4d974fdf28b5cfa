//! JS-SDK: the `wx.config` signature of web pages, the card signature, and the
//! `jsapi_ticket` / card `api_ticket` they need.
//!
//! ```no_run
//! # async fn demo(app: wechat::OfficialAccount) -> Result<(), wechat::Error> {
//! // In the handler that renders https://example.com/page?id=1
//! let config = app.jssdk_config("https://example.com/page?id=1").await?;
//! let json = serde_json::to_string(&config).unwrap(); // {"appId","timestamp","nonceStr","signature"}
//! # Ok(()) }
//! ```
//!
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html> (appendix 1
//! for the signature, appendix 4 for cards).

use std::sync::{Arc, OnceLock};

use rand::distr::{Alphanumeric, SampleString};
use serde::Serialize;
use sha1::{Digest, Sha1};

use crate::client::http::Http;
use crate::clock::Clock;
use crate::crypto::signature_hex;
use crate::store::Store;
use crate::token::ticket_source::TicketSource;
pub use crate::token::TicketKind;
use crate::token::{RefreshPolicy, TokenCore, TokenSource};
use crate::{OfficialAccount, Result, Secret};

/// The JS-SDK signature of a page: the lowercase hex SHA-1 of
/// `jsapi_ticket=T&noncestr=N&timestamp=TS&url=U`.
///
/// `url` is the page's full URL as the browser has it (`location.href`), query string
/// included, **without** the `#fragment`, which is dropped here. Values are used raw,
/// without URL escaping. `timestamp` is Unix time in seconds; `noncestr` and
/// `timestamp` must be the ones the page passes to `wx.config`.
///
/// ```
/// let s = wechat::jssdk::signature(
///     "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
///     "Wm3WZYTPz0wzccnW",
///     1414587457,
///     "http://mp.weixin.qq.com?params=value#top",
/// );
/// assert_eq!(s, "0f9de62fce790f9a083d5c99e95740ceb90c27ed");
/// ```
///
/// Doc: <https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html> (appendix 1).
pub fn signature(jsapi_ticket: &str, noncestr: &str, timestamp: i64, url: &str) -> String {
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    let mut h = Sha1::new();
    h.update(b"jsapi_ticket=");
    h.update(jsapi_ticket.as_bytes());
    h.update(b"&noncestr=");
    h.update(noncestr.as_bytes());
    h.update(b"&timestamp=");
    h.update(timestamp.to_string().as_bytes());
    h.update(b"&url=");
    h.update(url.as_bytes());
    signature_hex(h)
}

/// The card signature (`cardExt.signature` of `wx.addCard`, `cardSign` of
/// `wx.chooseCard`): the lowercase hex SHA-1 of the values sorted as strings and
/// concatenated.
///
/// Pass the values that are present, e.g. the card `api_ticket`, `timestamp`,
/// `card_id`, `nonce_str` and, when used, `code` and `openid`; leave out empty ones.
///
/// ```
/// let s = wechat::jssdk::card_signature(&["api_ticket", "1414587457", "card_id", "nonce"]);
/// assert_eq!(s.len(), 40);
/// ```
///
/// Doc: <https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html> (appendix 4).
pub fn card_signature(values: &[&str]) -> String {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mut h = Sha1::new();
    for v in sorted {
        h.update(v.as_bytes());
    }
    signature_hex(h)
}

/// What a page passes to `wx.config` besides `jsApiList`: serializes as
/// `{"appId","timestamp","nonceStr","signature"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JssdkConfig {
    /// The Official Account's appid.
    pub app_id: String,
    /// The signed timestamp, Unix time in seconds.
    pub timestamp: i64,
    /// The signed nonce: 16 random letters and digits.
    pub nonce_str: String,
    /// [`signature`] of the page URL.
    pub signature: String,
}

/// The two ticket caches of a client, each a token core over a [`TicketSource`] (or a
/// hub's source), made on first use: most of a platform's thousands of authorizer
/// clients never ask for a ticket.
pub(crate) struct Tickets {
    jsapi: OnceLock<Box<TokenCore>>,
    wx_card: OnceLock<Box<TokenCore>>,
    make: Box<dyn Fn(TicketKind) -> TokenCore + Send + Sync>,
}

impl Tickets {
    pub(crate) fn new(
        http: &Http,
        access_token: &Arc<TokenCore>,
        store: &Arc<dyn Store>,
        policy: RefreshPolicy,
        appid: &str,
    ) -> Tickets {
        let (http, access_token, store) =
            (http.clone(), Arc::clone(access_token), Arc::clone(store));
        let appid = appid.to_owned();
        Tickets::lazy(move |kind| {
            let source = TicketSource {
                http: http.clone(),
                access_token: Arc::clone(&access_token),
                kind,
            };
            TokenCore::new(
                kind.store_key(&appid),
                Arc::new(source),
                Arc::clone(&store),
                policy,
                Arc::clone(access_token.clock()),
            )
        })
    }

    /// Tickets from other sources: a hub's, for `scenario = "client"`.
    pub(crate) fn with_sources(
        jsapi: Arc<dyn TokenSource>,
        wx_card: Arc<dyn TokenSource>,
        store: &Arc<dyn Store>,
        policy: RefreshPolicy,
        clock: &Arc<dyn Clock>,
        appid: &str,
    ) -> Tickets {
        let (store, clock, appid) = (Arc::clone(store), Arc::clone(clock), appid.to_owned());
        Tickets::lazy(move |kind| {
            let source = match kind {
                TicketKind::Jsapi => Arc::clone(&jsapi),
                TicketKind::WxCard => Arc::clone(&wx_card),
            };
            TokenCore::new(
                kind.store_key(&appid),
                source,
                Arc::clone(&store),
                policy,
                Arc::clone(&clock),
            )
        })
    }

    fn lazy(make: impl Fn(TicketKind) -> TokenCore + Send + Sync + 'static) -> Tickets {
        Tickets {
            jsapi: OnceLock::new(),
            wx_card: OnceLock::new(),
            make: Box::new(make),
        }
    }

    pub(crate) fn core(&self, kind: TicketKind) -> &TokenCore {
        let cell = match kind {
            TicketKind::Jsapi => &self.jsapi,
            TicketKind::WxCard => &self.wx_card,
        };
        cell.get_or_init(|| Box::new((self.make)(kind)))
    }
}

impl OfficialAccount {
    /// The `wx.config` values for the page at `url` (its `#fragment` is dropped): the
    /// appid, the current time, a fresh nonce and their [`signature`] with the
    /// `jsapi_ticket`.
    ///
    /// The ticket comes from the token core: held in memory and in the client's store
    /// (key `jsapi_ticket/<appid>`), fetched once for concurrent callers with
    /// `GET /cgi-bin/ticket/getticket?type=jsapi`, and refreshed before its 7200 s expire.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html>
    ///
    /// # Errors
    /// The errors of getting the ticket: the access_token's (e.g. [`crate::Error::Api`]
    /// 40125 for a wrong secret) and getticket's own [`crate::Error::Api`].
    pub async fn jssdk_config(&self, url: &str) -> Result<JssdkConfig> {
        let ticket = self.ticket(TicketKind::Jsapi).await?;
        let nonce_str = Alphanumeric.sample_string(&mut rand::rng(), 16);
        let timestamp = crate::clock::system_now_ms() / 1000;
        Ok(JssdkConfig {
            app_id: self.appid().to_owned(),
            timestamp,
            signature: signature(ticket.expose(), &nonce_str, timestamp, url),
            nonce_str,
        })
    }

    /// The current ticket of `kind` (`jsapi_ticket`, or the card `api_ticket` for
    /// [`card_signature`]), cached and refreshed like the access_token.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/service/en/api/webdev/jssdk/api_getticket.html>
    ///
    /// # Errors
    /// As [`OfficialAccount::jssdk_config`].
    pub async fn ticket(&self, kind: TicketKind) -> Result<Secret> {
        self.client().ticket_core(kind).get().await
    }

    /// Tells the client that `ticket` was refused (a page's `wx.config` failed with
    /// "invalid signature" although the URL was right): it is fetched again, unless the
    /// current ticket is already another one (compare-and-refresh).
    ///
    /// # Errors
    /// As [`OfficialAccount::jssdk_config`].
    pub async fn ticket_rejected(&self, kind: TicketKind, ticket: &Secret) -> Result<()> {
        self.client().ticket_core(kind).invalidate(ticket).await
    }
}
