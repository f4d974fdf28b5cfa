//! `MyApp::builder()`: everything a client needs, checked at `build()`.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use super::http::{Http, RetryPolicy};
use super::AppClient;
use super::{Client, Parts};
use crate::app::Scenario;
use crate::clock::{Clock, SystemClock};
use crate::spec_support::signing::XpayKeys;
use crate::store::{MemoryStore, Store};
use crate::token::hub_source::{HubToken, HubTokenSource};
use crate::token::source::WeChatTokenSource;
use crate::token::{RefreshPolicy, TicketKind, TokenCore, TokenEndpoint, TokenSource};
use crate::{Error, Result, Secret};

/// The default WeChat API base URL.
pub const DEFAULT_API_BASE: &str = "https://api.weixin.qq.com";

/// Builds a client of type `A` (a `#[wechat_client]` struct, [`crate::OfficialAccount`] or
/// [`crate::MiniProgram`]).
///
/// Defaults: API base `https://api.weixin.qq.com`; `stable_token`; a [`MemoryStore`];
/// a 10 s request timeout and 5 s connect timeout; 2 retries of transient failures;
/// refresh 5 minutes (plus up to 60 s jitter) before expiry.
pub struct ClientBuilder<A> {
    appid: String,
    secret: Option<Secret>,
    api_base: String,
    store: Option<Arc<dyn Store>>,
    http: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    token_endpoint: TokenEndpoint,
    refresh: RefreshPolicy,
    retry: RetryPolicy,
    hub_url: Option<String>,
    hub_key: Option<Secret>,
    clock: Arc<dyn Clock>,
    xpay: XpayKeys,
    app: PhantomData<fn() -> A>,
}

impl<A> std::fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("appid", &self.appid)
            .field("secret", &self.secret)
            .field("api_base", &self.api_base)
            .field("store", &self.store)
            .field("timeout", &self.timeout)
            .field("token_endpoint", &self.token_endpoint)
            .field("hub_url", &self.hub_url)
            .field("hub_key", &self.hub_key)
            .field("clock", &self.clock)
            .field("xpay", &self.xpay)
            .finish_non_exhaustive()
    }
}

impl<A: AppClient> Default for ClientBuilder<A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A: AppClient> ClientBuilder<A> {
    /// A builder with the defaults and the appid of `A` (empty for the generic app types:
    /// set it with [`ClientBuilder::appid`]).
    pub fn new() -> Self {
        ClientBuilder {
            appid: A::APPID.to_owned(),
            secret: None,
            api_base: DEFAULT_API_BASE.to_owned(),
            store: None,
            http: None,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            token_endpoint: TokenEndpoint::default(),
            refresh: RefreshPolicy::default(),
            retry: RetryPolicy::default(),
            hub_url: None,
            hub_key: None,
            clock: SystemClock::shared(),
            xpay: XpayKeys::default(),
            app: PhantomData,
        }
    }

    /// The virtual-payment AppKey of the production environment (Mini Program admin
    /// console, 虚拟支付 → 基础配置): the key of the `pay_sig` that the virtual-payment
    /// endpoints (`xpay`) carry, computed by the SDK over each request body whose `env`
    /// is 0 or absent. Without it those calls fail with [`Error::Config`] before
    /// anything is sent.
    ///
    /// Doc: <https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/industry/virtual-payment.html>
    pub fn xpay_app_key(mut self, app_key: impl Into<String>) -> Self {
        self.xpay.production = Some(Secret::new(app_key));
        self
    }

    /// The virtual-payment AppKey of the sandbox environment, for request bodies with
    /// `"env": 1`; see [`ClientBuilder::xpay_app_key`].
    pub fn xpay_sandbox_app_key(mut self, app_key: impl Into<String>) -> Self {
        self.xpay.sandbox = Some(Secret::new(app_key));
        self
    }

    /// Sets the appid (for [`crate::OfficialAccount`] / [`crate::MiniProgram`]; a
    /// `#[wechat_client]` struct has its own).
    pub fn appid(mut self, appid: impl Into<String>) -> Self {
        self.appid = appid.into();
        self
    }

    /// The app secret (AppSecret), for `scenario = "hub"`. It is sent only to the token
    /// endpoint and never shown in `Debug`, logs or errors.
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(Secret::new(secret));
        self
    }

    /// The WeChat API base URL, default `https://api.weixin.qq.com`; a simulator's or a
    /// proxy's URL otherwise, whose path is kept as a prefix (`http://proxy/wechat` calls
    /// `http://proxy/wechat/cgi-bin/...`). A trailing `/` is ignored. Checked by
    /// [`ClientBuilder::build`]: an `http://` or `https://` URL without a query string or
    /// a fragment.
    pub fn api_base(mut self, url: impl Into<String>) -> Self {
        self.api_base = url.into();
        self
    }

    /// Where tokens are kept (default: a [`MemoryStore`] of this client).
    pub fn store(mut self, store: impl Store + 'static) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// A store shared with other clients.
    pub fn shared_store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = Some(store);
        self
    }

    /// A `reqwest::Client` of your own (proxies, TLS settings, connection pools). The
    /// timeouts of this builder are then not applied: set them on your client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The whole-request timeout (default 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The connect timeout (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// `stable_token` (default) or the classic `/cgi-bin/token`.
    pub fn token_endpoint(mut self, endpoint: TokenEndpoint) -> Self {
        self.token_endpoint = endpoint;
        self
    }

    /// Refresh this long before expiry (default 5 minutes).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh.margin = margin;
        self
    }

    /// Random extra refresh margin of up to this much (default 60 s).
    pub fn refresh_jitter(mut self, jitter: Duration) -> Self {
        self.refresh.jitter = jitter;
        self
    }

    /// Retries of transient failures (errcode -1, HTTP 5xx, timeouts, connection
    /// errors) after the first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The first retry backoff (default 100 ms, doubled at each retry, plus jitter).
    pub fn retry_delay(mut self, delay: Duration) -> Self {
        self.retry.base_delay = delay;
        self
    }

    /// The hub's base URL, e.g. `http://127.0.0.1:4000`, for `scenario = "client"`: the
    /// client gets its `access_token` and tickets from the hub (`wechat-hub`, or any
    /// server speaking the same protocol) instead of from WeChat. A trailing `/` is
    /// ignored.
    pub fn hub_url(mut self, url: impl Into<String>) -> Self {
        self.hub_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// The key secret this client presents to the hub (`Authorization: Bearer <key>`),
    /// for `scenario = "client"`. Never shown in `Debug`, logs or errors. An empty key,
    /// or one an HTTP header cannot carry, is refused by `build()`; leave it out for a
    /// hub that admits this server by its address.
    pub fn hub_key(mut self, key: impl Into<String>) -> Self {
        self.hub_key = Some(Secret::new(key));
        self
    }

    /// The clock the token lifecycle reads (default [`SystemClock`], the wall clock): when
    /// a fetched token was fetched, when it is due for a refresh and whether it is still
    /// valid, all in Unix time in milliseconds (see [`crate::clock`]).
    ///
    /// For tests: a [`ManualClock`](crate::clock::ManualClock) moved by hand, or a
    /// [`TokioClock`](crate::clock::TokioClock) under Tokio's paused time, lets a test
    /// reach a token's refresh time without waiting for it. The HTTP timeouts and retry
    /// delays keep Tokio's timer.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] for a missing appid or secret (scenario `hub`), a missing or
    /// malformed hub URL or an empty or unsendable hub key (scenario `client`), an API
    /// base that is not an http(s) URL or carries a query string or a fragment, or an
    /// HTTP client that cannot start.
    pub fn build(self) -> Result<A> {
        if self.appid.trim().is_empty() {
            return Err(Error::config("no appid: set it with .appid(\"wx...\")"));
        }
        let http_client = http_client(self.http.clone(), self.timeout, self.connect_timeout)?;
        let http = Http::new(http_client, &self.api_base, self.retry)?;
        let app_secret: Option<Secret>;
        let source: Arc<dyn TokenSource> = match A::SCENARIO {
            Scenario::Hub => {
                let secret = self.secret.clone().filter(|s| !s.is_empty()).ok_or_else(|| {
                    Error::config(format!(
                        "no app secret for {}: a scenario = \"hub\" client needs .secret(...) (the AppSecret from the WeChat admin console)",
                        self.appid
                    ))
                })?;
                app_secret = Some(secret.clone());
                Arc::new(WeChatTokenSource {
                    http: http.clone(),
                    appid: self.appid.clone(),
                    secret,
                    endpoint: self.token_endpoint,
                    force_limit: Arc::default(),
                    clock: Arc::clone(&self.clock),
                })
            }
            Scenario::Client => {
                app_secret = None;
                Arc::new(self.hub_source(&http, HubToken::AccessToken, A::COMPONENT_APPID)?)
            }
        };
        let store = self
            .store
            .clone()
            .unwrap_or_else(|| Arc::new(MemoryStore::new()));
        // An authorizer of a third-party platform (`component_appid` in the attribute)
        // has keys of its own, apart from a common app with the same appid.
        let (token_key, ticket_id) = match A::COMPONENT_APPID {
            "" => (format!("access_token/{}", self.appid), self.appid.clone()),
            c => (
                crate::component::keys::authorizer_token(c, &self.appid),
                crate::component::keys::authorizer_ticket_id(c, &self.appid),
            ),
        };
        let access_token = Arc::new(TokenCore::new(
            token_key,
            source,
            Arc::clone(&store),
            self.refresh,
            Arc::clone(&self.clock),
        ));
        let tickets = match A::SCENARIO {
            Scenario::Hub => {
                crate::jssdk::Tickets::new(&http, &access_token, &store, self.refresh, &ticket_id)
            }
            Scenario::Client => crate::jssdk::Tickets::with_sources(
                Arc::new(self.hub_source(
                    &http,
                    HubToken::Ticket(TicketKind::Jsapi),
                    A::COMPONENT_APPID,
                )?),
                Arc::new(self.hub_source(
                    &http,
                    HubToken::Ticket(TicketKind::WxCard),
                    A::COMPONENT_APPID,
                )?),
                &store,
                self.refresh,
                &self.clock,
                &ticket_id,
            ),
        };
        let client = Client::from_parts(Parts {
            appid: self.appid,
            scenario: A::SCENARIO,
            app_type: A::APP_TYPE,
            http,
            access_token,
            component_token: None,
            component_appid: None,
            secret: app_secret,
            tickets: Arc::new(tickets),
            xpay: self.xpay,
        });
        Ok(A::from_client(client))
    }
}

impl<A> ClientBuilder<A> {
    /// A source of `token` from the hub (scenario `client`); for an authorizer of the
    /// platform `component_appid` (not empty), from the hub's platform routes.
    pub(super) fn hub_source(
        &self,
        http: &Http,
        token: HubToken,
        component_appid: &str,
    ) -> Result<HubTokenSource> {
        let (hub_url, key) =
            checked_hub(self.hub_url.as_deref(), self.hub_key.as_ref(), &self.appid)?;
        Ok(HubTokenSource {
            client: http.client.clone(),
            hub_url,
            key,
            appid: match component_appid {
                "" => self.appid.clone(),
                c => c.to_owned(),
            },
            authorizer_appid: (!component_appid.is_empty()).then(|| self.appid.clone()),
            token,
            retry: self.retry,
            clock: Arc::clone(&self.clock),
        })
    }
}

/// The caller's own HTTP client, or a new one with these timeouts.
pub(crate) fn http_client(
    own: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
) -> Result<reqwest::Client> {
    match own {
        Some(c) => Ok(c),
        None => reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .build()
            .map_err(|e| Error::config(format!("cannot start the HTTP client: {e}"))),
    }
}

/// The hub's URL and key of a scenario `client` builder, checked: an http(s) URL, and a
/// key an HTTP header can carry. `appid` names the client in the messages.
pub(crate) fn checked_hub(
    url: Option<&str>,
    key: Option<&Secret>,
    appid: &str,
) -> Result<(String, Option<Secret>)> {
    let url = url.ok_or_else(|| {
        Error::config(format!(
            "no hub URL for {appid}: a scenario = \"client\" client needs .hub_url(\"http://hub:4000\")"
        ))
    })?;
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::config(format!("hub_url `{url}` is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::config(format!(
            "hub_url `{url}` must be an http:// or https:// URL"
        )));
    }
    let key = match key {
        None => None,
        Some(k) if k.expose().trim().is_empty() => {
            return Err(Error::config(format!(
                "hub_key for {appid} is empty: give the key's secret, or leave .hub_key out when the hub admits this server by its address ([unauthenticated])"
            )))
        }
        Some(k) if reqwest::header::HeaderValue::try_from(k.expose()).is_err() => {
            return Err(Error::config(format!(
                "hub_key for {appid} has characters an HTTP header cannot carry"
            )))
        }
        Some(k) => Some(k.clone()),
    };
    Ok((url.to_owned(), key))
}
