//! What the hub and the ticket cores read of a token core: the token with its expiry,
//! and when it is due.

use super::{Need, TokenCore};
use crate::store::StoredToken;
use crate::{Error, Result};

#[cfg_attr(not(feature = "hub"), allow(dead_code))]
impl TokenCore {
    /// The key, e.g. `access_token/wx...`.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// As [`TokenCore::get`], with the token's expiry.
    ///
    /// # Errors
    /// As [`TokenCore::get`].
    pub(crate) async fn get_token(&self) -> Result<StoredToken> {
        if let Some(t) = self.fresh_token() {
            return Ok(t);
        }
        let value = self.get().await?;
        match self.held_token() {
            Some(h) if h.value == value || h.is_valid_at(self.now_ms()) => Ok(h),
            _ => Err(Error::Store {
                message: format!("{}: the token was dropped while being read", self.key),
                source: None,
            }),
        }
    }

    /// Renews the token ahead of its due time, unless it was renewed since the caller
    /// looked: a held or stored token that expires after `expires_after` (Unix seconds;
    /// 0 when none was held) is answered as it is. Otherwise one refresh under the
    /// store's lock, like a due one. Returns the token held afterwards.
    ///
    /// The authorizers' refresher calls it to spread the refreshes of many tokens that
    /// would be due together over the time before they are due.
    ///
    /// # Errors
    /// As [`TokenCore::get`].
    pub(crate) async fn renew_ahead(&self, expires_after: i64) -> Result<StoredToken> {
        Box::pin(self.renew_ahead_slow(expires_after)).await
    }

    async fn renew_ahead_slow(&self, expires_after: i64) -> Result<StoredToken> {
        let need = Need::Ahead { expires_after };
        let _refreshing = self.refresh.lock().await;
        if let Some(h) = self
            .held_token()
            .filter(|h| self.usable(h, need, self.now_ms()))
        {
            return Ok(h);
        }
        let stored = self.load_store().await;
        if let Some(st) = self.usable_stored(stored.as_ref(), need) {
            self.hold(st.clone());
            return Ok(st);
        }
        self.refresh_coordinated(need, stored).await?;
        self.held_token().ok_or_else(|| Error::Store {
            message: format!("{}: the token was dropped while being renewed", self.key),
            source: None,
        })
    }

    /// When the held token expires (Unix seconds); `None` when none is held.
    pub(crate) fn held_expiry(&self) -> Option<i64> {
        self.held_token().map(|t| t.expires_at)
    }

    /// When the held token is due for a refresh (Unix ms); `None` when none is held.
    pub(crate) fn refresh_due_ms(&self) -> Option<i64> {
        self.held
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|h| h.refresh_at_ms)
    }

    /// Holds the stored token if it is still valid, without asking the source.
    /// Returns whether a token is held afterwards.
    pub(crate) async fn adopt_stored(&self) -> bool {
        if self.held_token().is_some() {
            return true;
        }
        let _refreshing = self.refresh.lock().await;
        // Polled every second for tickets nobody asked for: a store failure here is not
        // worth a warning each time (refreshes report it).
        let stored = match self.store.load(&self.key).await {
            Ok(t) => t,
            Err(e) => {
                tracing::debug!(key = %self.key, error = %e, "token store read failed");
                None
            }
        };
        match stored.filter(|t| t.is_valid_at(self.now_ms())) {
            Some(t) => {
                self.hold(t);
                true
            }
            None => self.held_token().is_some(),
        }
    }
}
