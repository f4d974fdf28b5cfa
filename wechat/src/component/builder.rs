//! [`PlatformBuilder`]: everything a third-party platform's client needs, checked at
//! `build()`.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::component_source::ComponentTokenSource;
use super::events::EventRecorder;
use super::platform::{Platform, PlatformInner};
use super::platform_core::{HubAccess, PlatformCore};
use super::{keys, Counters};
use crate::app::{AppType, Scenario};
use crate::callback::{CallbackApp, CallbackServer, Router};
use crate::client::builder::{checked_hub, http_client, DEFAULT_API_BASE};
use crate::client::http::Http;
use crate::client::{Client, Parts, RetryPolicy};
use crate::clock::{Clock, SystemClock};
use crate::store::{DurableStore, MemoryStore, Store};
use crate::token::hub_source::{HubToken, HubTokenSource};
use crate::token::{RefreshPolicy, TokenCore, TokenSource};
use crate::{Error, Result, Secret};

/// What `#[wechat_client(component_appid = "...")]` implements for its struct.
#[doc(hidden)]
pub trait PlatformClient: Sized {
    /// The component_appid fixed by the attribute ("" when set at run time).
    const COMPONENT_APPID: &'static str;
    /// The scenario.
    const SCENARIO: Scenario;
    /// Wraps a built platform.
    fn from_platform(platform: Platform) -> Self;
}

impl PlatformClient for Platform {
    const COMPONENT_APPID: &'static str = "";
    const SCENARIO: Scenario = Scenario::Hub;
    fn from_platform(platform: Platform) -> Self {
        platform
    }
}

/// Builds a platform client of type `P` (a `#[wechat_client(component_appid = ..)]`
/// struct, or [`Platform`] itself with [`Platform::builder`]).
///
/// Scenario `hub` needs the component secret and a durable store for the ticket, the
/// refresh tokens and the registry (a [`FileStore`](crate::store::FileStore) or
/// `PostgresStore`; without one, a [`MemoryStore`] is used and a warning logged: its
/// refresh tokens are lost on exit). Scenario `client` needs the hub's URL (and key).
///
/// Defaults as for app clients: API base `https://api.weixin.qq.com`, a [`MemoryStore`]
/// for hot tokens, 10 s request and 5 s connect timeouts, 2 retries of transient
/// failures, refresh 5 minutes (plus up to 60 s jitter) before expiry; and a 20 s wait
/// for a requested `component_verify_ticket` push.
pub struct PlatformBuilder<P> {
    component_appid: String,
    secret: Option<Secret>,
    token: Option<Secret>,
    encoding_aes_key: Option<Secret>,
    api_base: String,
    store: Option<Arc<dyn Store>>,
    durable: Option<Arc<dyn DurableStore>>,
    http: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    refresh: RefreshPolicy,
    retry: RetryPolicy,
    ticket_wait: Duration,
    hub_url: Option<String>,
    hub_key: Option<Secret>,
    clock: Arc<dyn Clock>,
    /// Wraps each token source the platform makes (the hub counts their refreshes).
    pub(crate) wrap_source: Option<super::platform_core::WrapSource>,
    platform: PhantomData<fn() -> P>,
}

impl<P> std::fmt::Debug for PlatformBuilder<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformBuilder")
            .field("component_appid", &self.component_appid)
            .field("secret", &self.secret)
            .field("token", &self.token)
            .field("encoding_aes_key", &self.encoding_aes_key)
            .field("api_base", &self.api_base)
            .field("store", &self.store)
            .field("durable", &self.durable)
            .field("hub_url", &self.hub_url)
            .field("hub_key", &self.hub_key)
            .finish_non_exhaustive()
    }
}

impl Platform {
    /// A builder for a platform whose component_appid is known at run time (scenario
    /// `hub`).
    pub fn builder(component_appid: impl Into<String>) -> PlatformBuilder<Platform> {
        PlatformBuilder::new().component_appid(component_appid)
    }
}

impl<P: PlatformClient> Default for PlatformBuilder<P> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P: PlatformClient> PlatformBuilder<P> {
    /// A builder with the defaults and the component_appid of `P`.
    pub fn new() -> Self {
        PlatformBuilder {
            component_appid: P::COMPONENT_APPID.to_owned(),
            secret: None,
            token: None,
            encoding_aes_key: None,
            api_base: DEFAULT_API_BASE.to_owned(),
            store: None,
            durable: None,
            http: None,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            refresh: RefreshPolicy::default(),
            retry: RetryPolicy::default(),
            ticket_wait: Duration::from_secs(20),
            hub_url: None,
            hub_key: None,
            clock: SystemClock::shared(),
            wrap_source: None,
            platform: PhantomData,
        }
    }

    /// Sets the component_appid (for [`Platform::builder`]; a `#[wechat_client]` struct
    /// has its own).
    pub fn component_appid(mut self, appid: impl Into<String>) -> Self {
        self.component_appid = appid.into();
        self
    }

    /// The platform's secret (component_appsecret), for scenario `hub`. Sent only to
    /// `api_component_token` and `api_start_push_ticket`; never in `Debug`, logs or errors.
    pub fn component_secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(Secret::new(secret));
        self
    }

    /// The Token of the platform's message settings (消息校验Token), which signs the
    /// pushes to its 授权事件接收URL.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret::new(token));
        self
    }

    /// The EncodingAESKey (消息加解密Key, 43 characters) that encrypts the pushes.
    pub fn encoding_aes_key(mut self, key: impl Into<String>) -> Self {
        self.encoding_aes_key = Some(Secret::new(key));
        self
    }

    /// The WeChat API base URL (default `https://api.weixin.qq.com`), as
    /// [`ClientBuilder::api_base`](crate::ClientBuilder::api_base).
    pub fn api_base(mut self, url: impl Into<String>) -> Self {
        self.api_base = url.into();
        self
    }

    /// Where hot tokens are kept: the `component_access_token` and every authorizer's
    /// `access_token` and tickets (default: a [`MemoryStore`]). A
    /// [`RedisStore`](crate::store) shares them between replicas.
    pub fn store(mut self, store: impl Store + 'static) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// A hot-token store shared with other clients.
    pub fn shared_store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = Some(store);
        self
    }

    /// Where the `component_verify_ticket`, the `authorizer_refresh_token`s and the
    /// authorizer registry are kept: a [`FileStore`](crate::store::FileStore) (one node)
    /// or a `PostgresStore` (feature `postgres`).
    pub fn durable_store(mut self, store: impl DurableStore + 'static) -> Self {
        self.durable = Some(Arc::new(store));
        self
    }

    /// A durable store shared with other clients.
    pub fn shared_durable_store(mut self, store: Arc<dyn DurableStore>) -> Self {
        self.durable = Some(store);
        self
    }

    /// A `reqwest::Client` of your own; the timeouts of this builder are then not applied.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The whole-request timeout (default 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
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

    /// Retries of transient failures after the first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// How long a token request waits for a `component_verify_ticket` it asked WeChat to
    /// push (`api_start_push_ticket`) before failing with
    /// [`Error::ComponentTicket`] (default 20 s).
    pub fn ticket_wait(mut self, wait: Duration) -> Self {
        self.ticket_wait = wait;
        self
    }

    /// The hub's base URL, for scenario `client`: the platform's and its authorizers'
    /// tokens come from the hub's platform routes.
    pub fn hub_url(mut self, url: impl Into<String>) -> Self {
        self.hub_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// The key secret presented to the hub (`Authorization: Bearer <key>`).
    pub fn hub_key(mut self, key: impl Into<String>) -> Self {
        self.hub_key = Some(Secret::new(key));
        self
    }

    /// The clock of the token lifecycle (default the wall clock); see
    /// [`ClientBuilder::clock`](crate::ClientBuilder::clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Checks the settings and builds the platform.
    ///
    /// # Errors
    /// [`Error::Config`] for a missing component_appid, a missing component secret
    /// (scenario `hub`), a Token without an EncodingAESKey or the other way round, an
    /// EncodingAESKey that is not 43 base64 characters, a missing or malformed hub URL
    /// or key (scenario `client`), or a bad API base.
    pub fn build(self) -> Result<P> {
        let c = self.component_appid.trim().to_owned();
        if c.is_empty() {
            return Err(Error::config(
                "no component_appid: set it with .component_appid(\"wx...\")",
            ));
        }
        let http_client = http_client(self.http.clone(), self.timeout, self.connect_timeout)?;
        let http = Http::new(http_client, &self.api_base, self.retry)?;
        let store = self
            .store
            .clone()
            .unwrap_or_else(|| Arc::new(MemoryStore::new()));
        let (source, durable, hub): (Arc<dyn TokenSource>, Arc<dyn DurableStore>, _) =
            match P::SCENARIO {
                Scenario::Hub => {
                    let secret = self.secret.clone().filter(|s| !s.is_empty()).ok_or_else(|| {
                        Error::config(format!(
                            "no component secret for {c}: a scenario = \"hub\" platform needs .component_secret(...) (the AppSecret of the third-party platform)"
                        ))
                    })?;
                    let durable = self.durable.clone().unwrap_or_else(|| {
                        tracing::warn!(component_appid = %c, "no durable store: the component_verify_ticket and authorizer_refresh_tokens are kept in memory and lost on exit; set .durable_store(FileStore::new(..))");
                        Arc::new(MemoryStore::new())
                    });
                    let source = ComponentTokenSource {
                        http: http.clone(),
                        component_appid: c.clone(),
                        secret,
                        durable: Arc::clone(&durable),
                        clock: Arc::clone(&self.clock),
                        push_gate: Arc::default(),
                        ticket_wait: self.ticket_wait,
                    };
                    (Arc::new(source), durable, None)
                }
                Scenario::Client => {
                    let (url, key) =
                        checked_hub(self.hub_url.as_deref(), self.hub_key.as_ref(), &c)?;
                    let source = HubTokenSource {
                        client: http.client.clone(),
                        hub_url: url.clone(),
                        key: key.clone(),
                        appid: c.clone(),
                        authorizer_appid: None,
                        token: HubToken::ComponentAccessToken,
                        retry: self.retry,
                        clock: Arc::clone(&self.clock),
                    };
                    let durable: Arc<dyn DurableStore> = Arc::new(MemoryStore::new());
                    let hub = HubAccess {
                        url,
                        key,
                        retry: self.retry,
                    };
                    (Arc::new(source), durable, Some(hub))
                }
            };
        let source = match &self.wrap_source {
            Some(wrap) => wrap(source, &c, "component_access_token"),
            None => source,
        };
        let component_token = Arc::new(TokenCore::new(
            keys::component_token(&c),
            source,
            Arc::clone(&store),
            self.refresh,
            Arc::clone(&self.clock),
        ));
        let core = Arc::new(PlatformCore {
            component_appid: c.clone(),
            scenario: P::SCENARIO,
            http: http.clone(),
            component_token: Arc::clone(&component_token),
            store: Arc::clone(&store),
            durable,
            refresh: self.refresh,
            clock: Arc::clone(&self.clock),
            counters: Counters::default(),
            hub,
            wrap_source: self.wrap_source.clone(),
        });
        let callbacks = self.callbacks(&core)?;
        // The platform's own client: its credential is the component_access_token (the
        // platform has no access_token of its own).
        let client = Client::from_parts(Parts {
            appid: c.clone(),
            scenario: P::SCENARIO,
            app_type: AppType::OfficialAccount,
            http: http.clone(),
            access_token: Arc::clone(&component_token),
            component_token: Some(Arc::clone(&component_token)),
            component_appid: None,
            secret: None,
            tickets: Arc::new(crate::jssdk::Tickets::new(
                &http,
                &component_token,
                &store,
                self.refresh,
                &format!("component/{c}"),
            )),
            xpay: Default::default(),
        });
        Ok(P::from_platform(Platform {
            inner: Arc::new(PlatformInner {
                core,
                client,
                callbacks,
                authorizers: Mutex::new(HashMap::new()),
            }),
        }))
    }

    /// The callback server of the 授权事件接收URL, when the Token and EncodingAESKey are set.
    fn callbacks(&self, core: &Arc<PlatformCore>) -> Result<Option<CallbackServer>> {
        let (token, key) = match (&self.token, &self.encoding_aes_key) {
            (None, None) => return Ok(None),
            (Some(t), Some(k)) => (t, k),
            (Some(_), None) | (None, Some(_)) => {
                return Err(Error::config(format!(
                    "platform {}: the pushes of the 授权事件接收URL are always encrypted: set both .token(..) and .encoding_aes_key(..), or neither",
                    core.component_appid
                )))
            }
        };
        if core.scenario == Scenario::Client {
            return Err(Error::config(format!(
                "platform {}: a scenario = \"client\" platform does not receive pushes (the hub does): leave .token(..) and .encoding_aes_key(..) out",
                core.component_appid
            )));
        }
        let app = CallbackApp::encrypted(&core.component_appid, token.expose(), key.expose())?
            .require_encryption(true);
        let router = Router::new().fallback(EventRecorder {
            core: Arc::clone(core),
        });
        let clock = Arc::clone(&core.clock);
        CallbackServer::builder()
            .app(app)
            .router(router)
            .clock(move || clock.now_ms() / 1000)
            .build()
            .map(Some)
    }
}
