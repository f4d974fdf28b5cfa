//! Tokens in Redis, shared by processes on several hosts (feature `redis`).

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Store, StoredToken};
use crate::{Error, Result, Secret};

/// Writes `token` unless the key holds one fetched later (`fetched_at_ms`), in one
/// atomic step; answers the token the key holds afterwards.
/// KEYS[1] = the token key; ARGV = value, expires_at, fetched_at_ms, expiry in Unix ms.
const SAVE_IF_NEWER: &str = r"
local held = redis.call('HMGET', KEYS[1], 'value', 'expires_at', 'fetched_at_ms')
if held[1] and held[3] and tonumber(held[3]) > tonumber(ARGV[3]) then
  return held
end
redis.call('HSET', KEYS[1], 'value', ARGV[1], 'expires_at', ARGV[2], 'fetched_at_ms', ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return {ARGV[1], ARGV[2], ARGV[3]}
";

/// Deletes the lock only if `owner` still holds it. KEYS[1] = lock key, ARGV[1] = owner.
const UNLOCK_IF_OWNER: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

/// Extends the lock only if `owner` still holds it. KEYS[1] = lock key, ARGV[1] =
/// owner, ARGV[2] = ttl in ms.
const EXTEND_IF_OWNER: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
";

/// How long Redis keeps a token after it expired (it is of no use then; the margin only
/// helps debugging).
const KEEP_AFTER_EXPIRY_MS: i64 = 60_000;

/// Keeps tokens in Redis, so that processes on several hosts share them: the hub's
/// replicas, or several `scenario = "hub"` clients of one app.
///
/// - Each token is a hash `{prefix}:{key}` (e.g. `wechat:access_token/wx...`) with the
///   fields `value`, `expires_at` (Unix s) and `fetched_at_ms` (Unix ms), expiring in
///   Redis one minute after the token itself.
/// - [`Store::save`] is a compare-and-set in one Lua script: the token fetched later
///   (`fetched_at_ms`, the token's version) wins, so an older token never overwrites a
///   newer one.
/// - [`Store::try_lock`] is `SET {prefix}:{name} owner NX PX ttl`; [`Store::unlock`]
///   deletes the lock and [`Store::extend_lock`] extends it only while `owner` holds it. The token core holds this lock
///   around each refresh, so replicas make one upstream request between them.
/// - The connection is a `redis::aio::ConnectionManager`: multiplexed, cheap to share,
///   and it reconnects by itself after Redis restarts. While Redis is down, every
///   operation fails within the response timeout (default 1 s) with
///   [`Error::Store`]; the token core keeps serving the tokens it holds.
///
/// `Debug` and errors never show the URL's password.
#[derive(Clone)]
pub struct RedisStore {
    manager: ConnectionManager,
    prefix: String,
    shown_url: String,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("url", &self.shown_url)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// The URL with its password (if any) replaced by `<redacted>`.
fn redact_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("<redacted>"));
            }
            u.to_string()
        }
        Err(_) => "<unparsable URL>".to_owned(),
    }
}

impl RedisStore {
    /// A store on the Redis at `url` (`redis://[user:password@]host:port[/db]`, or
    /// `rediss://` for TLS when the `redis` crate is built with a TLS feature), with
    /// keys under the prefix `wechat` and a 1 s response timeout.
    ///
    /// It does not connect yet: the first operation does, and a Redis that is down at
    /// start is only an [`Error::Store`] on each operation until it comes up. Must be
    /// called inside a Tokio runtime.
    ///
    /// # Errors
    /// [`Error::Config`] for a URL that is not a Redis URL, or when called outside a
    /// Tokio runtime.
    pub fn new(url: &str) -> Result<RedisStore> {
        Self::with_timeout(url, Duration::from_secs(1))
    }

    /// As [`RedisStore::new`], with the time allowed for one Redis operation (and for
    /// connecting).
    ///
    /// # Errors
    /// As [`RedisStore::new`].
    pub fn with_timeout(url: &str, timeout: Duration) -> Result<RedisStore> {
        let shown_url = redact_url(url);
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::config(
                "RedisStore::new must be called inside a Tokio runtime",
            ));
        }
        let client = redis::Client::open(url).map_err(|e| {
            Error::config(format!("store url `{shown_url}` is not a Redis URL: {e}"))
        })?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(timeout))
            .set_connection_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(10))
            .set_max_delay(Duration::from_millis(100));
        let manager = ConnectionManager::new_lazy_with_config(client, config).map_err(|e| {
            Error::config(format!(
                "cannot set up the Redis connection to {shown_url}: {e}"
            ))
        })?;
        Ok(RedisStore {
            manager,
            prefix: "wechat".to_owned(),
            shown_url,
        })
    }

    /// Puts every key under `prefix` (default `wechat`): the token of key `k` is at
    /// `{prefix}:{k}`. Use one prefix per deployment that shares a Redis.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The key prefix.
    pub fn key_prefix(&self) -> &str {
        &self.prefix
    }

    /// Sends `PING`: whether Redis answers now.
    ///
    /// # Errors
    /// [`Error::Store`] when Redis cannot be reached or does not answer in time.
    pub async fn ping(&self) -> Result<()> {
        let cmd = redis::cmd("PING");
        self.with_retry("PING", |mut c| {
            let cmd = &cmd;
            async move { cmd.query_async::<String>(&mut c).await }
        })
        .await
        .map(drop)
    }

    /// Runs `op` on the connection; when Redis refused the connection (the command was
    /// not sent: Redis was down, or the manager had not reconnected yet), runs it once
    /// more on the connection the manager opens meanwhile.
    async fn with_retry<T, Fut>(
        &self,
        what: &str,
        op: impl Fn(ConnectionManager) -> Fut,
    ) -> Result<T>
    where
        Fut: std::future::Future<Output = redis::RedisResult<T>>,
    {
        match op(self.manager.clone()).await {
            Err(e) if e.is_connection_refusal() => op(self.manager.clone())
                .await
                .map_err(|e| self.error(what, e)),
            other => other.map_err(|e| self.error(what, e)),
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}:{key}", self.prefix)
    }

    fn error(&self, op: &str, e: redis::RedisError) -> Error {
        Error::store(format!("Redis {op} at {} failed", self.shown_url), e)
    }
}

/// A token from the three hash fields, if they are all there and well formed.
fn token_of(fields: [Option<String>; 3]) -> Option<StoredToken> {
    let [value, expires_at, fetched_at_ms] = fields;
    Some(StoredToken {
        value: Secret::new(value?),
        expires_at: expires_at?.parse().ok()?,
        fetched_at_ms: fetched_at_ms?.parse().ok()?,
    })
}

#[async_trait]
impl Store for RedisStore {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        let mut cmd = redis::cmd("HMGET");
        cmd.arg(self.key(key))
            .arg("value")
            .arg("expires_at")
            .arg("fetched_at_ms");
        let fields: (Option<String>, Option<String>, Option<String>) = self
            .with_retry("HMGET", |mut c| {
                let cmd = &cmd;
                async move { cmd.query_async(&mut c).await }
            })
            .await?;
        let (v, e, f) = fields;
        if v.is_none() && e.is_none() && f.is_none() {
            return Ok(None);
        }
        token_of([v, e, f]).map(Some).ok_or_else(|| Error::Store {
            message: format!(
                "Redis key {} is not a stored token; delete it to fetch a new token",
                self.key(key)
            ),
            source: None,
        })
    }

    async fn save(&self, key: &str, token: StoredToken) -> Result<StoredToken> {
        let expire_at_ms = token.expires_at.saturating_mul(1000) + KEEP_AFTER_EXPIRY_MS;
        let script = redis::Script::new(SAVE_IF_NEWER);
        let mut invocation = script.key(self.key(key));
        invocation
            .arg(token.value.expose())
            .arg(token.expires_at)
            .arg(token.fetched_at_ms)
            .arg(expire_at_ms);
        let held: (Option<String>, Option<String>, Option<String>) = self
            .with_retry("save script", |mut c| {
                let invocation = &invocation;
                async move { invocation.invoke_async(&mut c).await }
            })
            .await?;
        let (v, e, f) = held;
        Ok(token_of([v, e, f]).unwrap_or(token))
    }

    async fn try_lock(&self, name: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let mut cmd = redis::cmd("SET");
        cmd.arg(self.key(name))
            .arg(owner)
            .arg("NX")
            .arg("PX")
            .arg(ttl_ms);
        let set: Option<String> = self
            .with_retry("SET NX", |mut c| {
                let cmd = &cmd;
                async move { cmd.query_async(&mut c).await }
            })
            .await?;
        Ok(set.is_some())
    }

    async fn extend_lock(&self, name: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let script = redis::Script::new(EXTEND_IF_OWNER);
        let mut invocation = script.key(self.key(name));
        invocation.arg(owner).arg(ttl_ms);
        let extended: i64 = self
            .with_retry("extend script", |mut c| {
                let invocation = &invocation;
                async move { invocation.invoke_async(&mut c).await }
            })
            .await?;
        Ok(extended == 1)
    }

    async fn unlock(&self, name: &str, owner: &str) -> Result<()> {
        let script = redis::Script::new(UNLOCK_IF_OWNER);
        let mut invocation = script.key(self.key(name));
        invocation.arg(owner);
        self.with_retry("unlock script", |mut c| {
            let invocation = &invocation;
            async move { invocation.invoke_async::<i64>(&mut c).await }
        })
        .await
        .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password() {
        let shown = redact_url("redis://user:hunter2@127.0.0.1:6379/0");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("127.0.0.1:6379"));
        assert_eq!(redact_url("not a url"), "<unparsable URL>");
    }

    #[tokio::test]
    async fn a_bad_url_is_a_config_error() {
        let err = RedisStore::new("http://127.0.0.1:1").unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
    }

    #[test]
    fn outside_a_runtime_it_is_a_config_error_not_a_panic() {
        let err = RedisStore::new("redis://127.0.0.1:1").unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
    }

    #[test]
    fn partial_hashes_are_not_tokens() {
        assert_eq!(
            token_of([Some("t".into()), Some("x".into()), Some("1".into())]),
            None
        );
        assert_eq!(
            token_of([Some("t".into()), Some("2".into()), Some("1".into())]),
            Some(StoredToken {
                value: "t".into(),
                expires_at: 2,
                fetched_at_ms: 1
            })
        );
    }
}
