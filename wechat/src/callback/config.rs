//! [`CallbackConfig`]: limits and windows of the callback handler.

use std::time::Duration;

use crate::message::ParseLimits;

/// Limits of the callback handler. Start from `CallbackConfig::default()` and change fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackConfig {
    /// Largest accepted difference between `timestamp` and the server clock (default 5 minutes).
    pub timestamp_window: Duration,
    /// Largest accepted body, in bytes (default 64 KiB).
    pub max_body_bytes: usize,
    /// XML / JSON parsing limits (default nesting depth 16).
    pub parse_limits: ParseLimits,
    /// How long a message id is remembered to drop WeChat's retries (default 5 minutes;
    /// WeChat retries three times within about 15 seconds).
    pub dedup_ttl: Duration,
}

impl Default for CallbackConfig {
    fn default() -> Self {
        CallbackConfig {
            timestamp_window: Duration::from_secs(300),
            max_body_bytes: 64 * 1024,
            parse_limits: ParseLimits::default(),
            dedup_ttl: Duration::from_secs(300),
        }
    }
}
