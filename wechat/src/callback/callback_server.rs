//! [`CallbackServer`]: verify, decrypt, parse, de-duplicate, route, reply.

use std::sync::Arc;

use super::app::{CallbackApp, CallbackKey};
use super::config::CallbackConfig;
use super::dedup::{DedupStore, MemoryDedupStore};
use super::handler::Incoming;
use super::query::CallbackQuery;
use super::response::CallbackResponse;
use super::router::Router;
use super::CallbackError;
use crate::crypto::{CryptoError, EncryptedEnvelope};
use crate::message::{BodyFormat, Message, ReplyTo};
use crate::Error;

type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The framework-agnostic callback endpoint of one or more apps.
///
/// Give it the query and the body of each request ([`handle_get`](Self::handle_get),
/// [`handle_post`](Self::handle_post)); it returns the response to send, or a
/// [`CallbackError`] whose [`http_status`](CallbackError::http_status) to answer with.
///
/// For a POST, in order: body size; `timestamp` within the window; the signature
/// (`signature` in plaintext mode, `msg_signature` over `Encrypt` in
/// compatible/safe mode) against every configured Token, current and previous;
/// the (`timestamp`, `nonce`) replay check; decryption; parsing; de-duplication of
/// WeChat's retries; the routed handler; rendering and encryption of its reply.
/// A bad signature is rejected before the body is parsed, and the handler is not called.
///
/// # Replays and failures
///
/// A (`timestamp`, `nonce`) that came with a valid signature is spent, for twice
/// the timestamp window, whatever happens next: a body that fails to parse does
/// not give it back, and the same query with another body answers
/// [`CallbackError::Replayed`]. When the handler fails (500), the message's
/// de-duplication key is forgotten so that WeChat's retry, which comes with a new
/// `nonce`, runs the handler again. The replay key is forgotten too in
/// compatible/safe mode only: `msg_signature` covers the `Encrypt` body, so only
/// the identical message can come again with that query. In plaintext mode
/// `signature` covers only `timestamp` and `nonce`, so the query stays spent and
/// a retry that reused its `nonce` would be refused.
///
/// Docs: <https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html>,
/// <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html>
pub struct CallbackServer {
    apps: Vec<CallbackApp>,
    config: CallbackConfig,
    router: Router,
    store: Arc<dyn DedupStore>,
    clock: Clock,
}

impl std::fmt::Debug for CallbackServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackServer")
            .field("apps", &self.apps)
            .field("config", &self.config)
            .field("router", &self.router)
            .finish_non_exhaustive()
    }
}

/// Builds a [`CallbackServer`].
pub struct CallbackServerBuilder {
    apps: Vec<CallbackApp>,
    config: CallbackConfig,
    router: Router,
    store: Option<Arc<dyn DedupStore>>,
    clock: Option<Clock>,
}

impl std::fmt::Debug for CallbackServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackServerBuilder")
            .field("apps", &self.apps)
            .finish_non_exhaustive()
    }
}

impl CallbackServerBuilder {
    /// Adds an app. With several apps, a request goes to the one named by the
    /// appid path segment, or else to the one whose Token verifies the signature
    /// (narrowed by `ToUserName` / `AppId` when several share a Token).
    pub fn app(mut self, app: CallbackApp) -> Self {
        self.apps.push(app);
        self
    }

    /// Sets the limits (default [`CallbackConfig::default`]).
    pub fn config(mut self, config: CallbackConfig) -> Self {
        self.config = config;
        self
    }

    /// Sets the router (default: everything answered with `success`).
    pub fn router(mut self, router: Router) -> Self {
        self.router = router;
        self
    }

    /// Sets the replay / de-duplication store.
    ///
    /// The default, a [`MemoryDedupStore`], protects this process only: when
    /// several instances answer the callback URL, give each one store they share
    /// (`RedisDedupStore`, cargo feature `redis`, or another [`DedupStore`]),
    /// or each instance accepts a replay and a retry the others already handled.
    pub fn dedup_store(mut self, store: impl DedupStore) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// Replaces the clock (Unix seconds) used for the timestamp window and reply times.
    pub fn clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Builds the server. Errors: [`Error::Config`] when no app was added.
    pub fn build(self) -> Result<CallbackServer, Error> {
        if self.apps.is_empty() {
            return Err(Error::config("a callback server needs at least one app"));
        }
        Ok(CallbackServer {
            apps: self.apps,
            config: self.config,
            router: self.router,
            store: self
                .store
                .unwrap_or_else(|| Arc::new(MemoryDedupStore::default())),
            clock: self.clock.unwrap_or_else(|| Arc::new(unix_now)),
        })
    }
}

/// The wall clock in Unix seconds.
fn unix_now() -> i64 {
    crate::clock::system_now_ms() / 1000
}

/// The app and key that verified a request.
struct Verified<'a> {
    app: &'a CallbackApp,
    key: &'a CallbackKey,
}

impl CallbackServer {
    /// Starts a builder.
    pub fn builder() -> CallbackServerBuilder {
        CallbackServerBuilder {
            apps: Vec::new(),
            config: CallbackConfig::default(),
            router: Router::new(),
            store: None,
            clock: None,
        }
    }

    /// The limits in force.
    pub fn config(&self) -> &CallbackConfig {
        &self.config
    }

    /// The GET handshake: checks the signature and returns the echo.
    ///
    /// Plaintext style (`signature`, `echostr`): `echostr` is returned verbatim.
    /// Encrypted style (`msg_signature`, `echostr` ciphertext, as WeCom and the
    /// open platform do): `echostr` is verified and decrypted. `path_appid` picks
    /// the app when the URL carries one.
    ///
    /// The echo is answered as `text/plain` with `X-Content-Type-Options: nosniff`
    /// (in [`CallbackResponse::headers`]): in plaintext style the signature does not
    /// cover `echostr`, so its text is the caller's.
    ///
    /// A signed (`timestamp`, `nonce`) answers once: the same pair again is
    /// [`CallbackError::Replayed`] (403). The handshake keeps its own replay keys,
    /// apart from [`handle_post`](Self::handle_post)'s. A plaintext-style signature
    /// is the same for GET and POST, so a plaintext handshake also spends the pair
    /// for POST (a captured handshake URL cannot carry a forged message), and is
    /// refused when a POST already spent it.
    pub async fn handle_get(
        &self,
        query: &CallbackQuery,
        path_appid: Option<&str>,
    ) -> Result<CallbackResponse, CallbackError> {
        let (timestamp, nonce) = self.check_timestamp(query)?;
        let echostr = query
            .echostr
            .as_deref()
            .ok_or(CallbackError::MissingParameter("echostr"))?;
        let apps = self.candidates(path_appid)?;
        if let Some(msg_signature) = query.msg_signature.as_deref() {
            let mut first_error = None;
            for app in &apps {
                for crypto in app.keys.iter().filter_map(|k| k.crypto.as_ref()) {
                    match crypto.verify_url(msg_signature, timestamp, nonce, echostr) {
                        Ok(echo) => {
                            self.spend(&handshake_key(&app.appid, timestamp, nonce))
                                .await?;
                            return Ok(CallbackResponse::echo(echo));
                        }
                        Err(Error::Crypto(e)) => {
                            first_error.get_or_insert(e);
                        }
                        Err(_) => {}
                    }
                }
            }
            return Err(match first_error {
                Some(e) => CallbackError::Crypto(e),
                None => CallbackError::NotConfiguredForEncryption,
            });
        }
        let signature = query
            .signature
            .as_deref()
            .ok_or(CallbackError::MissingParameter("signature"))?;
        let matches = self.verify_plain(&apps, signature, timestamp, nonce);
        let Some(first) = matches.first() else {
            return Err(CallbackError::SignatureMismatch);
        };
        self.spend(&handshake_key(&first.app.appid, timestamp, nonce))
            .await?;
        // The same signature would verify a POST: spend the pair there too, for
        // every app it verifies for (POST picks one of them by `ToUserName`).
        let mut appids: Vec<&str> = matches.iter().map(|v| v.app.appid.as_str()).collect();
        appids.dedup();
        for appid in appids {
            self.spend(&replay_key(appid, timestamp, nonce)).await?;
        }
        Ok(CallbackResponse::echo(echostr))
    }

    /// A pushed message: verifies, decrypts, parses, routes and answers it.
    /// `path_appid` picks the app when the URL carries one.
    ///
    /// Which failures give the (`timestamp`, `nonce`) back: see
    /// [Replays and failures](CallbackServer#replays-and-failures).
    pub async fn handle_post(
        &self,
        query: &CallbackQuery,
        body: &[u8],
        path_appid: Option<&str>,
    ) -> Result<CallbackResponse, CallbackError> {
        if body.len() > self.config.max_body_bytes {
            return Err(CallbackError::BodyTooLarge {
                size: body.len(),
                limit: self.config.max_body_bytes,
            });
        }
        let body = std::str::from_utf8(body).map_err(|_| CallbackError::BodyNotUtf8)?;
        let (timestamp, nonce) = self.check_timestamp(query)?;
        let apps = self.candidates(path_appid)?;
        let encrypted = match query.encrypt_type.as_deref() {
            None | Some("") => false,
            Some(t) if t.eq_ignore_ascii_case("raw") => false,
            Some(t) if t.eq_ignore_ascii_case("aes") => true,
            Some(other) => return Err(CallbackError::UnsupportedEncryptType(other.to_owned())),
        };

        let limits = self.config.parse_limits;
        let (verified, plaintext) = if encrypted {
            let msg_signature = query
                .msg_signature
                .as_deref()
                .ok_or(CallbackError::MissingParameter("msg_signature"))?;
            crate::message::check_body(body, limits)?;
            let envelope = EncryptedEnvelope::parse(body)?;
            self.open_encrypted(&apps, &envelope, msg_signature, timestamp, nonce)?
        } else {
            let signature = query
                .signature
                .as_deref()
                .ok_or(CallbackError::MissingParameter("signature"))?;
            let matches = self.verify_plain(&apps, signature, timestamp, nonce);
            if matches.is_empty() {
                return Err(CallbackError::SignatureMismatch);
            }
            let verified = pick_by_receiver(matches, body);
            if verified.app.require_encryption {
                return Err(CallbackError::EncryptionRequired);
            }
            (verified, body.to_owned())
        };
        let appid = verified.app.appid.as_str();

        let replay_key = replay_key(appid, timestamp, nonce);
        self.spend(&replay_key).await?;

        // From here on the signed (timestamp, nonce) stays spent, whatever happens:
        // in plaintext mode the signature does not cover the body, so forgetting
        // it would let the same query through again with another body.
        let format = BodyFormat::detect(&plaintext);
        let message = Message::parse(&plaintext, format, limits)?;

        let dedup_key = format!("dedup:{appid}:{}", message.dedup_key());
        if !self
            .store
            .insert_if_absent(&dedup_key, self.config.dedup_ttl)
            .await
            .map_err(store_error)?
        {
            tracing::debug!(appid, "dropping a retry of a message already handled");
            return Ok(CallbackResponse::text("success"));
        }

        let reply_to = ReplyTo::answering(&message, u64::try_from((self.clock)()).unwrap_or(0));
        let incoming = Incoming {
            appid: appid.to_owned(),
            message,
            encrypted,
            format,
            openid: query.openid.clone(),
        };
        let handler = self.router.route(&incoming.message);
        let reply = match handler.handle(incoming).await {
            Ok(reply) => reply,
            Err(e) => {
                // WeChat retries the message: let the retry run the handler.
                self.forget(&dedup_key).await;
                if encrypted {
                    // msg_signature covers the Encrypt body, so only this very
                    // message can come again with this (timestamp, nonce): a
                    // retry reusing its nonce. In plaintext mode the key stays.
                    self.forget(&replay_key).await;
                }
                return Err(CallbackError::Handler(e));
            }
        };

        if let Some(ack) = reply.acknowledgement_body() {
            return Ok(CallbackResponse::text(ack));
        }
        let rendered = match format {
            BodyFormat::Xml => reply.to_xml(&reply_to)?,
            BodyFormat::Json => reply.to_json(&reply_to)?,
        }
        .unwrap_or_default();
        let content_type = match format {
            BodyFormat::Xml => "application/xml; charset=utf-8",
            BodyFormat::Json => "application/json",
        };
        match (encrypted, verified.key.crypto.as_ref()) {
            (true, Some(crypto)) => {
                let sealed =
                    crypto.encrypt_reply(&rendered, nonce, (self.clock)(), &rand::random());
                Ok(CallbackResponse::with_type(
                    content_type,
                    sealed.render(format),
                ))
            }
            _ => Ok(CallbackResponse::with_type(content_type, rendered)),
        }
    }

    /// Marks a signed (`timestamp`, `nonce`) key as seen, for twice the window;
    /// [`CallbackError::Replayed`] when it already was.
    async fn spend(&self, key: &str) -> Result<(), CallbackError> {
        let fresh = self
            .store
            .insert_if_absent(key, self.config.timestamp_window * 2)
            .await
            .map_err(store_error)?;
        if fresh {
            Ok(())
        } else {
            Err(CallbackError::Replayed)
        }
    }

    async fn forget(&self, key: &str) {
        if let Err(e) = self.store.remove(key).await {
            tracing::warn!(error = %e, "dedup store could not forget a key");
        }
    }

    fn check_timestamp<'q>(
        &self,
        query: &'q CallbackQuery,
    ) -> Result<(&'q str, &'q str), CallbackError> {
        let timestamp = query
            .timestamp
            .as_deref()
            .ok_or(CallbackError::MissingParameter("timestamp"))?;
        let nonce = query
            .nonce
            .as_deref()
            .ok_or(CallbackError::MissingParameter("nonce"))?;
        let ts = parse_unix_time(timestamp).ok_or(CallbackError::InvalidTimestamp)?;
        let skew = (self.clock)().saturating_sub(ts);
        let window = self.config.timestamp_window.as_secs();
        if skew.unsigned_abs() > window {
            return Err(CallbackError::StaleTimestamp {
                skew_secs: skew,
                window_secs: window,
            });
        }
        Ok((timestamp, nonce))
    }

    fn candidates(&self, path_appid: Option<&str>) -> Result<Vec<&CallbackApp>, CallbackError> {
        match path_appid {
            Some(id) => {
                let apps: Vec<_> = self.apps.iter().filter(|a| a.answers_to(id)).collect();
                if apps.is_empty() {
                    return Err(CallbackError::UnknownApp(id.to_owned()));
                }
                Ok(apps)
            }
            None => Ok(self.apps.iter().collect()),
        }
    }

    fn verify_plain<'a>(
        &self,
        apps: &[&'a CallbackApp],
        signature: &str,
        timestamp: &str,
        nonce: &str,
    ) -> Vec<Verified<'a>> {
        apps.iter()
            .flat_map(|app| app.keys.iter().map(move |key| Verified { app, key }))
            .filter(|v| {
                crate::crypto::check_signature(v.key.token.expose(), signature, timestamp, nonce)
            })
            .collect()
    }

    fn open_encrypted<'a>(
        &self,
        apps: &[&'a CallbackApp],
        envelope: &EncryptedEnvelope,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
    ) -> Result<(Verified<'a>, String), CallbackError> {
        // Prefer the apps the envelope names; fall back to all candidates.
        let named: Vec<&CallbackApp> = apps
            .iter()
            .copied()
            .filter(|app| {
                [&envelope.to_user_name, &envelope.app_id]
                    .into_iter()
                    .flatten()
                    .any(|name| app.answers_to(name))
            })
            .collect();
        let apps = if named.is_empty() { apps } else { &named[..] };
        let mut first_error: Option<CryptoError> = None;
        let mut any_key = false;
        for &app in apps {
            let app: &'a CallbackApp = app;
            for key in &app.keys {
                let Some(crypto) = key.crypto.as_ref() else {
                    continue;
                };
                any_key = true;
                match crypto.decrypt(msg_signature, timestamp, nonce, &envelope.encrypt) {
                    Ok(plaintext) => return Ok((Verified { app, key }, plaintext)),
                    Err(Error::Crypto(e)) => {
                        first_error = Some(match first_error {
                            Some(CryptoError::SignatureMismatch) | None => e,
                            Some(previous) => previous,
                        });
                    }
                    Err(_) => {}
                }
            }
        }
        if !any_key {
            return Err(CallbackError::NotConfiguredForEncryption);
        }
        Err(CallbackError::Crypto(
            first_error.unwrap_or(CryptoError::SignatureMismatch),
        ))
    }
}

/// A `timestamp` as WeChat sends it: ASCII digits only (no sign, no whitespace)
/// whose value fits an `i64`. The signature and the replay key cover the text as
/// sent, which this keeps to one plain spelling.
fn parse_unix_time(timestamp: &str) -> Option<i64> {
    if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    timestamp.parse().ok()
}

/// Among several apps whose Token verified, the one the body's `ToUserName` names.
fn pick_by_receiver<'a>(mut matches: Vec<Verified<'a>>, body: &str) -> Verified<'a> {
    if matches.len() > 1 {
        if let Ok(message) = Message::from_xml(body).or_else(|_| Message::from_json(body)) {
            if let Some(to) = message.to_user_name() {
                if let Some(i) = matches.iter().position(|v| v.app.answers_to(to)) {
                    return matches.swap_remove(i);
                }
            }
        }
    }
    matches.swap_remove(0)
}

/// The replay key of a POST's signed (`timestamp`, `nonce`).
fn replay_key(appid: &str, timestamp: &str, nonce: &str) -> String {
    format!("replay:{appid}:{timestamp}:{nonce}")
}

/// The replay key of a GET handshake's signed (`timestamp`, `nonce`).
fn handshake_key(appid: &str, timestamp: &str, nonce: &str) -> String {
    format!("handshake:{appid}:{timestamp}:{nonce}")
}

fn store_error(e: Error) -> CallbackError {
    CallbackError::Store(Box::new(e))
}
