//! One HTTP exchange with WeChat, with bounded retries for transient failures.

use std::sync::LazyLock;
use std::time::Duration;

use bytes::Bytes;
use rand::Rng;
use serde::Deserialize;

use super::decode::excerpt;
use super::payload::{Answer, Payload};
use crate::endpoint::{Endpoint, HttpMethod};
use crate::errcode;
use crate::{Error, Result};

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
    pub(crate) api_base: String,
    pub(crate) retry: RetryPolicy,
}

/// `errcode` and `errmsg`, when the body is a JSON object that has them.
#[derive(Deserialize)]
struct ErrcodeProbe {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

enum Outcome {
    Done(Answer),
    Transient(Error),
    Failed(Error),
}

impl Http {
    /// Sends the request and returns the body once WeChat accepted it (no errcode, or
    /// errcode 0). Retries transient failures as the policy allows; every other errcode
    /// is an [`Error::Api`] at once.
    pub(crate) async fn send_checked(
        &self,
        ep: &'static Endpoint,
        query: &[(&str, &str)],
        body: Option<Bytes>,
    ) -> Result<Bytes> {
        let payload = body.map_or(Payload::Empty, Payload::Json);
        self.send(ep, query, &payload).await.map(|a| a.body)
    }

    /// [`Http::send_checked`] for any payload, keeping the headers that tell a file
    /// from a JSON answer.
    pub(crate) async fn send(
        &self,
        ep: &'static Endpoint,
        query: &[(&str, &str)],
        payload: &Payload,
    ) -> Result<Answer> {
        let mut retry = 0;
        loop {
            // The error is dropped before the backoff, so that it does not sit in the
            // future beside the timer.
            let delay = match self.send_once(ep, query, payload).await {
                Outcome::Done(a) => return Ok(a),
                Outcome::Failed(e) => return Err(e),
                Outcome::Transient(e) if retry >= self.retry.max_retries => return Err(e),
                Outcome::Transient(e) => {
                    let delay = self.retry.delay(retry);
                    tracing::debug!(endpoint = ep.id, retry = retry + 1, ?delay, error = %e, "transient failure; retrying");
                    delay
                }
            };
            tokio::time::sleep(delay).await;
            retry += 1;
        }
    }

    async fn send_once(
        &self,
        ep: &'static Endpoint,
        query: &[(&str, &str)],
        payload: &Payload,
    ) -> Outcome {
        let url = match self.url(ep, query) {
            Ok(url) => url,
            Err(e) => return Outcome::Failed(e),
        };
        let mut req = match ep.method {
            HttpMethod::Get => self.client.get(url),
            HttpMethod::Post => self.client.post(url),
        };
        match payload {
            Payload::Empty => {}
            Payload::Json(b) => {
                req = req
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(b.clone());
            }
            Payload::Multipart(m) => match m.to_form().await {
                Ok(form) => req = req.multipart(form),
                Err(e) => return Outcome::Failed(e),
            },
        }
        let transport = |e: reqwest::Error| {
            let timeout = e.is_timeout();
            Error::Transport {
                endpoint: ep.id,
                timeout,
                source: e.without_url(),
            }
        };
        let mut resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return Outcome::Transient(transport(e)),
        };
        let status = resp.status();
        let headers = std::mem::take(resp.headers_mut());
        let bytes = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => return Outcome::Transient(transport(e)),
        };
        if !status.is_success() {
            let err = Error::Http {
                endpoint: ep.id,
                status: status.as_u16(),
                body_excerpt: excerpt(&bytes),
            };
            return if status.is_server_error() {
                Outcome::Transient(err)
            } else {
                Outcome::Failed(err)
            };
        }
        let answer = Answer {
            body: bytes,
            headers,
        };
        // Files are never errcode answers; whether the answer is one is asked only when
        // the body could carry an errcode (most JSON answers cannot: no `"errcode"`).
        if !may_carry_errcode(&answer.body) || answer.is_file() {
            return Outcome::Done(answer);
        }
        match check_errcode(ep, &answer.body) {
            Ok(()) => Outcome::Done(answer),
            Err(e) if e.errcode() == Some(-1) => Outcome::Transient(e),
            Err(e) => Outcome::Failed(e),
        }
    }

    /// The full URL of a call: the API base, the path and the query pairs
    /// (form-urlencoded, as `reqwest`'s own `query()` would).
    fn url(&self, ep: &Endpoint, query: &[(&str, &str)]) -> Result<reqwest::Url> {
        let mut base = String::with_capacity(self.api_base.len() + ep.path.len());
        base.push_str(&self.api_base);
        base.push_str(ep.path);
        let mut url = reqwest::Url::parse(&base).map_err(|e| {
            Error::config(format!(
                "{}: the API base {:?} does not make a valid URL: {e}",
                ep.id, self.api_base
            ))
        })?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
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
