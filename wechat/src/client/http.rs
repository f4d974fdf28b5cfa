//! One call's HTTP side: the request, what its answer means, and the loop around them
//! (bounded retries of transient failures; after a rejected `access_token`, one
//! refresh and one more attempt).
//!
//! The loop is one `async fn` with the exchange written out in it, not a stack of
//! small ones: every nested future repeats its caller's arguments, and a call's future
//! is allocated and written afresh for every call.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, PoisonError, RwLock};
use std::time::Duration;

use bytes::Bytes;
use rand::Rng;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

use super::decode::excerpt;
use super::payload::{Answer, Payload};
use crate::errcode;
use crate::spec_support::endpoint::{Credential, Endpoint, HttpMethod};
use crate::token::TokenCore;
use crate::{Error, Result, Secret};

/// errcodes that mean "this access_token is no longer accepted": 40001 (invalid or not
/// the latest), 40014 (invalid), 42001 (expired).
pub(crate) const REJECTED_TOKEN: [i64; 3] = [40001, 40014, 42001];

/// Retries of transient failures: errcode -1 (system busy), HTTP 5xx, timeouts and
/// connection errors.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2).
    pub max_retries: u32,
    /// The first backoff (default 100 ms); each retry doubles it, plus a random part of
    /// up to the same amount.
    pub base_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(100),
        }
    }
}

impl RetryPolicy {
    fn delay(&self, retry: u32) -> Duration {
        let base = self.base_delay.saturating_mul(1 << retry.min(16));
        let jitter_ms = self.base_delay.as_millis() as u64;
        let jitter = if jitter_ms == 0 {
            0
        } else {
            rand::rng().random_range(0..jitter_ms)
        };
        base + Duration::from_millis(jitter)
    }
}

/// The HTTP side of a client: a `reqwest::Client`, the API base URL, the retry policy.
#[derive(Clone, Debug)]
pub(crate) struct Http {
    pub(crate) client: reqwest::Client,
    /// The API base URL as configured (without a trailing `/`).
    /// Shared by the clones (a platform's authorizers are thousands of clients).
    pub(crate) api_base: Arc<str>,
    /// `api_base`, parsed once.
    base: Arc<reqwest::Url>,
    /// The URL of each endpoint called so far (base and path, parsed once), by the
    /// address of the endpoint's `&'static str` path: a call copies it and appends its
    /// query. Bounded by the number of endpoints.
    endpoint_urls: Arc<RwLock<HashMap<usize, reqwest::Url>>>,
    pub(crate) retry: RetryPolicy,
}

/// The span of a call made without one (no subscriber listening, or a token request).
pub(crate) static NO_SPAN: tracing::Span = tracing::Span::none();

/// The query pairs of a call, besides the `access_token` that [`Http::send`] adds.
#[derive(Clone, Copy)]
pub(crate) enum QueryPairs<'a> {
    /// Pairs with owned values, as a typed request writes them.
    Owned(&'a [(&'static str, String)]),
    /// Pairs with borrowed values.
    Borrowed(&'a [(&'a str, &'a str)]),
}

impl QueryPairs<'_> {
    fn is_empty(self) -> bool {
        match self {
            QueryPairs::Owned(q) => q.is_empty(),
            QueryPairs::Borrowed(q) => q.is_empty(),
        }
    }
}

/// `errcode` and `errmsg`, when the body is a JSON object that has them.
#[derive(Deserialize)]
struct ErrcodeProbe {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

/// What one exchange came to.
enum Outcome {
    /// Accepted.
    Done(Answer),
    /// errcode 40001, 40014 or 42001: the access_token sent was rejected.
    Rejected(Error),
    /// Worth another try: errcode -1, HTTP 5xx, a timeout, a connection error.
    Transient(Error),
    /// Final.
    Failed(Error),
}

impl Http {
    /// The HTTP side of a client that calls WeChat at `api_base` (e.g.
    /// `https://api.weixin.qq.com`; a path prefix is kept: `http://proxy/wechat`).
    ///
    /// # Errors
    /// [`Error::Config`] when `api_base` is not an `http://` or `https://` URL, or
    /// carries a query string or a fragment.
    pub(crate) fn new(client: reqwest::Client, api_base: &str, retry: RetryPolicy) -> Result<Http> {
        let api_base = api_base.trim_end_matches('/');
        let base = reqwest::Url::parse(api_base)
            .map_err(|e| Error::config(format!("api_base `{api_base}` is not a URL: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::config(format!(
                "api_base `{api_base}` must be an http:// or https:// URL"
            )));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(Error::config(format!(
                "api_base `{api_base}` must not carry a query string or a fragment"
            )));
        }
        Ok(Http {
            client,
            api_base: Arc::from(api_base),
            base: Arc::new(base),
            endpoint_urls: Arc::default(),
            retry,
        })
    }

    /// Sends a call and returns the answer once WeChat accepted it (no errcode, or
    /// errcode 0), keeping the headers that tell a file from a JSON answer.
    ///
    /// With `token`, each attempt carries the core's current `access_token` as the
    /// first query pair; when WeChat rejects it (40001, 40014, 42001) the core refreshes
    /// it unless someone already did (compare-and-refresh) and the call is tried once
    /// more. Transient failures are retried as the [`RetryPolicy`] allows, with the
    /// retries counted afresh for that second attempt; every other errcode is an
    /// [`Error::Api`] at once. `span` gets the `attempt` and `errcode` fields.
    pub(crate) async fn send(
        &self,
        ep: &'static Endpoint,
        query: QueryPairs<'_>,
        payload: &Payload,
        token: Option<&TokenCore>,
        span: &tracing::Span,
    ) -> Result<Answer> {
        let mut attempt = 1;
        let mut retry = 0;
        span.record("attempt", attempt);
        loop {
            // The token core and the access_token this attempt sends.
            let credential = match token {
                Some(core) => Some((core, core.get().await?)),
                None => None,
            };
            let form = match payload {
                Payload::Multipart(m) => Some(Built::Form(m.to_form().await?)),
                Payload::Raw(r) => {
                    let (body, content_type) = r.to_body().await?;
                    Some(Built::Raw(body, content_type))
                }
                _ => None,
            };
            let req = self.request(
                ep,
                query,
                credential.as_ref().map(|(_, t)| t),
                payload,
                form,
            );
            let transport = |e: reqwest::Error| Error::Transport {
                endpoint: ep.id,
                timeout: e.is_timeout(),
                source: e.without_url(),
            };
            // One attempt: send, read the body, and classify the answer (done, token
            // rejected, transient, failed); then decide what follows: refresh the token
            // and try once more, wait and retry, or return. (Each step binds its result
            // before the next await and the answer is used up inside this block, so
            // that no answer or error is kept in the future across the next await.)
            let next = {
                let outcome = 'exchange: {
                    let (status, headers, body) = match req.send().await {
                        // The response goes into the body's future: no second copy of
                        // it waits beside that future.
                        Ok(mut resp) => {
                            let headers = std::mem::take(resp.headers_mut());
                            (resp.status(), headers, resp.bytes())
                        }
                        Err(e) => break 'exchange Outcome::Transient(transport(e)),
                    };
                    match body.await {
                        Ok(body) => classify(ep, status, headers, body),
                        Err(e) => Outcome::Transient(transport(e)),
                    }
                };
                match outcome {
                    Outcome::Done(answer) => return Ok(answer),
                    Outcome::Rejected(e) if attempt == 1 && credential.is_some() => {
                        span.record("errcode", e.errcode());
                        tracing::debug!(
                            endpoint = ep.id,
                            errcode = e.errcode(),
                            "access_token rejected; refreshing and retrying once"
                        );
                        Next::Refresh
                    }
                    Outcome::Transient(e) if retry < self.retry.max_retries => {
                        let delay = self.retry.delay(retry);
                        tracing::debug!(endpoint = ep.id, retry = retry + 1, ?delay, error = %e, "transient failure; retrying");
                        Next::Retry(delay)
                    }
                    Outcome::Rejected(e) | Outcome::Transient(e) | Outcome::Failed(e) => {
                        if let Some(code) = e.errcode() {
                            span.record("errcode", code);
                        }
                        return Err(e);
                    }
                }
            };
            // Refresh only the token this attempt sent (compare-and-refresh): a caller
            // that already renewed it is not undone.
            match next {
                Next::Refresh => {
                    if let Some((core, rejected)) = &credential {
                        core.invalidate(rejected).await?;
                    }
                    attempt += 1;
                    retry = 0;
                    span.record("attempt", attempt);
                }
                Next::Retry(delay) => {
                    tokio::time::sleep(delay).await;
                    retry += 1;
                }
            }
        }
    }

    /// [`Http::send`] without a token or a span, returning the body: how the token
    /// sources ask WeChat for a token.
    pub(crate) async fn send_checked(
        &self,
        ep: &'static Endpoint,
        query: &[(&str, &str)],
        body: Option<Bytes>,
    ) -> Result<Bytes> {
        let payload = body.map_or(Payload::Empty, Payload::Json);
        let answer = self
            .send(ep, QueryPairs::Borrowed(query), &payload, None, &NO_SPAN)
            .await?;
        Ok(answer.body)
    }

    /// The request of one attempt: method, URL, body.
    fn request(
        &self,
        ep: &'static Endpoint,
        query: QueryPairs<'_>,
        token: Option<&Secret>,
        payload: &Payload,
        form: Option<Built>,
    ) -> reqwest::RequestBuilder {
        let url = self.url(ep, token, query);
        let req = match ep.method {
            HttpMethod::Get => self.client.get(url),
            HttpMethod::Post => self.client.post(url),
        };
        match (payload, form) {
            (Payload::Json(b), _) => req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(b.clone()),
            (_, Some(Built::Form(form))) => req.multipart(form),
            (_, Some(Built::Raw(body, content_type))) => req
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body),
            _ => req,
        }
    }

    /// The full URL of an attempt: the API base, the path and the `access_token` and
    /// query pairs (form-urlencoded, as `reqwest`'s own `query()` would). The base and
    /// the path are parsed once per endpoint, not for every call.
    fn url(&self, ep: &Endpoint, token: Option<&Secret>, query: QueryPairs<'_>) -> reqwest::Url {
        let mut url = self.endpoint_url(ep);
        if token.is_some() || !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            if let Some(t) = token {
                let name = match ep.credential {
                    Credential::ComponentAccessToken => "component_access_token",
                    Credential::ComponentAccessTokenAsAccessToken
                    | Credential::AccessToken
                    | Credential::None => "access_token",
                };
                pairs.append_pair(name, t.expose());
            }
            match query {
                QueryPairs::Owned(q) => pairs.extend_pairs(q),
                QueryPairs::Borrowed(q) => pairs.extend_pairs(q),
            };
        }
        url
    }

    /// The API base joined with the endpoint's path, parsed on the endpoint's first call.
    fn endpoint_url(&self, ep: &Endpoint) -> reqwest::Url {
        let key = ep.path.as_ptr() as usize;
        let known = self
            .endpoint_urls
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(url) = known.get(&key) {
            return url.clone();
        }
        drop(known);
        let mut url = reqwest::Url::clone(&self.base);
        match self.base.path().trim_end_matches('/') {
            "" => url.set_path(ep.path),
            prefix => url.set_path(&format!("{prefix}{}", ep.path)),
        }
        self.endpoint_urls
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, url.clone());
        url
    }
}

/// What follows an exchange that did not end the call.
enum Next {
    /// Refresh the rejected access_token, then try once more.
    Refresh,
    /// Wait, then retry.
    Retry(Duration),
}

/// What an answer means: accepted, a rejected token, worth a retry, or final.
/// A body built for one attempt from a [`Payload`] that cannot be sent twice as it is.
enum Built {
    /// A `multipart/form-data` form.
    Form(reqwest::multipart::Form),
    /// A raw body and its content type.
    Raw(reqwest::Body, String),
}

fn classify(ep: &'static Endpoint, status: StatusCode, headers: HeaderMap, body: Bytes) -> Outcome {
    if !status.is_success() {
        let err = Error::Http {
            endpoint: ep.id,
            status: status.as_u16(),
            body_excerpt: excerpt(&body),
        };
        return if status.is_server_error() {
            Outcome::Transient(err)
        } else {
            Outcome::Failed(err)
        };
    }
    let answer = Answer { body, headers };
    // Files are never errcode answers; whether the answer is one is asked only when
    // the body could carry an errcode (most JSON answers cannot: no `"errcode"`).
    if !may_carry_errcode(&answer.body) || answer.is_file() {
        return Outcome::Done(answer);
    }
    match check_errcode(ep, &answer.body) {
        Ok(()) => Outcome::Done(answer),
        Err(e) => match e.errcode() {
            Some(-1) => Outcome::Transient(e),
            Some(c) if REJECTED_TOKEN.contains(&c) => Outcome::Rejected(e),
            _ => Outcome::Failed(e),
        },
    }
}

/// Whether `body` is a JSON object that mentions `"errcode"`: most accepted answers
/// carry no `errcode` at all, and skip the probe.
fn may_carry_errcode(body: &[u8]) -> bool {
    static ERRCODE_KEY: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"\"errcode\""));
    body.first() == Some(&b'{') && ERRCODE_KEY.find(body).is_some()
}

/// `Err(Error::Api)` when the body (one that [`may_carry_errcode`]) has a non-zero
/// `errcode`. Bodies that do not parse as such pass: their decoding says more.
fn check_errcode(ep: &'static Endpoint, body: &[u8]) -> Result<()> {
    match serde_json::from_slice::<ErrcodeProbe>(body) {
        Ok(p) if p.errcode != 0 => Err(Error::Api {
            endpoint: ep.id,
            errcode: p.errcode,
            errmsg: p.errmsg,
            name: errcode::describe(p.errcode).map(|d| d.name),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_support::endpoint::Credential;

    static MENU_GET: Endpoint = Endpoint {
        id: "menu.get",
        group: "menu",
        name: "get",
        method: HttpMethod::Get,
        path: "/cgi-bin/menu/get",
        credential: Credential::AccessToken,
    };

    fn http(api_base: &str) -> Result<Http> {
        Http::new(reqwest::Client::new(), api_base, RetryPolicy::default())
    }

    #[test]
    fn the_url_is_the_base_the_path_the_token_and_the_query() {
        let token = Secret::from("tok en&1");
        let query = [("next_openid", "o=1".to_owned())];
        let url = http("https://api.weixin.qq.com/").unwrap().url(
            &MENU_GET,
            Some(&token),
            QueryPairs::Owned(&query),
        );
        assert_eq!(
            url.as_str(),
            "https://api.weixin.qq.com/cgi-bin/menu/get?access_token=tok+en%261&next_openid=o%3D1"
        );
        let bare =
            http("http://127.0.0.1:8080")
                .unwrap()
                .url(&MENU_GET, None, QueryPairs::Borrowed(&[]));
        assert_eq!(bare.as_str(), "http://127.0.0.1:8080/cgi-bin/menu/get");
    }

    #[test]
    fn a_path_prefix_of_the_base_is_kept() {
        for base in [
            "http://proxy.internal/wechat",
            "http://proxy.internal/wechat/",
        ] {
            let url = http(base).unwrap().url(
                &MENU_GET,
                None,
                QueryPairs::Borrowed(&[("lang", "zh_CN")]),
            );
            assert_eq!(
                url.as_str(),
                "http://proxy.internal/wechat/cgi-bin/menu/get?lang=zh_CN"
            );
        }
    }

    #[test]
    fn a_base_that_cannot_take_a_path_is_a_config_error() {
        for base in [
            "not a url",
            "ftp://example.com",
            "https://api.weixin.qq.com/?a=1",
            "https://api.weixin.qq.com/#top",
        ] {
            let err = http(base).unwrap_err();
            assert!(
                matches!(&err, Error::Config(m) if m.contains("api_base")),
                "{base}: {err}"
            );
        }
    }
}
