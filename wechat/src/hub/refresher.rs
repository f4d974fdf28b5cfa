//! The proactive refresher: one task per token that renews it before expiry.
//!
//! Each task sleeps on the token core's clock until its token is due (`expires_at` minus the margin and a random
//! jitter, as computed by the token core), then asks the core for the token, which
//! refreshes it under the store's lock. A failed refresh keeps the still-valid token
//! serving; the task retries after `retry_min`, doubling up to `retry_max`. At startup
//! the tasks start spread over `startup_spread`, so that many apps do not refresh in
//! the same second. The `access_token` of every app is kept fresh from the start;
//! tickets once they have been asked for or found in the store, as their fetches are
//! "very limited".

use std::sync::Arc;
use std::time::Duration;

use super::config::RefreshConfig;
use super::metrics::{MeteredSource, Metrics};
use crate::clock;
use crate::token::TokenCore;

/// One token the refresher keeps fresh.
pub(crate) struct Task {
    pub(crate) core: Arc<TokenCore>,
    pub(crate) meter: Arc<MeteredSource>,
    /// Whether to fetch it even if nobody asked for it yet.
    pub(crate) eager: bool,
}

/// How long to wait after `failures` consecutive failures.
fn backoff(config: &RefreshConfig, failures: u32) -> Duration {
    let factor = 1u32 << failures.saturating_sub(1).min(16);
    config
        .retry_min
        .saturating_mul(factor)
        .min(config.retry_max)
}

/// Keeps one token fresh until the task is aborted.
pub(crate) async fn run(
    task: Task,
    config: RefreshConfig,
    start_delay: Duration,
    metrics: Arc<Metrics>,
) {
    let clock = task.core.clock().clone();
    clock::sleep(&*clock, start_delay).await;
    loop {
        if !task.eager && !task.core.adopt_stored().await {
            // Not asked for yet: look again in a while.
            clock::sleep(&*clock, Duration::from_secs(1)).await;
            continue;
        }
        match task.core.get_token().await {
            Ok(token) => metrics.expiry(task.meter.labels(), &token),
            Err(e) => {
                tracing::warn!(key = task.core.key(), error = %e, "no valid token; retrying");
            }
        }
        let now = clock.now_ms();
        let due = task.core.refresh_due_ms().unwrap_or(now);
        let failures = task.meter.consecutive_failures();
        let wait_ms = if failures > 0 {
            (due - now).max(backoff(&config, failures).as_millis() as i64)
        } else {
            (due - now).max(50)
        };
        // Wake a little after the due time so that the core sees the token as due.
        clock.sleep_until_ms(now + wait_ms + 5).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let c = RefreshConfig::default();
        assert_eq!(backoff(&c, 1), Duration::from_secs(5));
        assert_eq!(backoff(&c, 2), Duration::from_secs(10));
        assert_eq!(backoff(&c, 4), Duration::from_secs(40));
        assert_eq!(backoff(&c, 30), Duration::from_secs(300));
    }
}
