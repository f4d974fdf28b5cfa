//! Where the SDK reads the time: the token core (when a token is due, whether it is
//! still valid), the token sources (when a token was fetched) and the hub's refresher
//! (how long to wait until a token is due).
//!
//! Everything reads a [`Clock`], in Unix time in **milliseconds**. The default is
//! [`SystemClock`], the wall clock. [`TokioClock`] follows Tokio's time, so that a test
//! with paused time (`#[tokio::test(start_paused = true)]`, `tokio::time::advance`)
//! moves it; [`ManualClock`] moves only when told to.
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use wechat::clock::{Clock, ManualClock};
//!
//! let clock = Arc::new(ManualClock::new(1_700_000_000_000));
//! clock.advance(Duration::from_secs(90));
//! assert_eq!(clock.now_ms(), 1_700_000_090_000);
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;

/// A source of the current time, in Unix milliseconds.
///
/// Implementations must be cheap to call (the token core reads the clock on every
/// call) and safe to share between threads.
#[async_trait]
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// The current time: Unix time in milliseconds.
    fn now_ms(&self) -> i64;

    /// Waits until [`Clock::now_ms`] reaches `deadline_ms` (Unix time in milliseconds).
    ///
    /// The default sleeps the difference on Tokio's timer (no sleep when the deadline
    /// has passed). [`ManualClock`] waits until it is moved past the deadline.
    async fn sleep_until_ms(&self, deadline_ms: i64) {
        let wait = deadline_ms.saturating_sub(self.now_ms());
        if wait > 0 {
            tokio::time::sleep(Duration::from_millis(wait as u64)).await;
        }
    }
}

/// Sleeps `wait` on `clock`: until `clock.now_ms()` has moved by `wait`.
#[cfg_attr(not(feature = "hub"), allow(dead_code))]
pub(crate) async fn sleep(clock: &dyn Clock, wait: Duration) {
    let wait_ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
    clock
        .sleep_until_ms(clock.now_ms().saturating_add(wait_ms))
        .await;
}

/// The wall clock (`SystemTime::now()`): the default everywhere.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl SystemClock {
    /// The wall clock as a shareable [`Clock`].
    pub fn shared() -> Arc<dyn Clock> {
        Arc::new(SystemClock)
    }
}

#[async_trait]
impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        system_now_ms()
    }
}

/// The wall clock as Unix milliseconds (0 before 1970).
pub(crate) fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A clock that follows Tokio's time: the wall clock when it was made, plus the Tokio
/// time elapsed since (`tokio::time::Instant`).
///
/// Outside a test it runs as the wall clock does (without its jumps). In a test with
/// paused time it stands still until the test advances Tokio's time
/// (`tokio::time::advance`, or a sleep the runtime skips), and the hub's refresher
/// sleeps on the same timer, so both move together.
#[derive(Clone, Copy, Debug)]
pub struct TokioClock {
    origin_ms: i64,
    origin: tokio::time::Instant,
}

impl TokioClock {
    /// A clock starting at the wall clock's current time.
    pub fn new() -> TokioClock {
        TokioClock::starting_at(system_now_ms())
    }

    /// A clock showing `unix_ms` (Unix time in milliseconds) now.
    pub fn starting_at(unix_ms: i64) -> TokioClock {
        TokioClock {
            origin_ms: unix_ms,
            origin: tokio::time::Instant::now(),
        }
    }
}

impl Default for TokioClock {
    fn default() -> Self {
        TokioClock::new()
    }
}

#[async_trait]
impl Clock for TokioClock {
    fn now_ms(&self) -> i64 {
        let elapsed = i64::try_from(self.origin.elapsed().as_millis()).unwrap_or(i64::MAX);
        self.origin_ms.saturating_add(elapsed)
    }
}

/// A clock that moves only when told to ([`ManualClock::advance`], [`ManualClock::set_ms`]),
/// for tests. Sleeps on it ([`Clock::sleep_until_ms`]) end when it is moved past their
/// deadline, not after any real time.
#[derive(Debug)]
pub struct ManualClock {
    now_ms: tokio::sync::watch::Sender<i64>,
}

impl ManualClock {
    /// A clock showing `unix_ms` (Unix time in milliseconds).
    pub fn new(unix_ms: i64) -> ManualClock {
        ManualClock {
            now_ms: tokio::sync::watch::Sender::new(unix_ms),
        }
    }

    /// A clock showing the wall clock's current time, from then on moved by hand.
    pub fn starting_now() -> ManualClock {
        ManualClock::new(system_now_ms())
    }

    /// Moves the clock forward by `by` (whole milliseconds), waking the sleeps it ends.
    pub fn advance(&self, by: Duration) {
        let by_ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.now_ms
            .send_modify(|now| *now = now.saturating_add(by_ms));
    }

    /// Sets the clock to `unix_ms` (Unix time in milliseconds; it may go back).
    pub fn set_ms(&self, unix_ms: i64) {
        self.now_ms.send_replace(unix_ms);
    }
}

#[async_trait]
impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        *self.now_ms.borrow()
    }

    async fn sleep_until_ms(&self, deadline_ms: i64) {
        let mut rx = self.now_ms.subscribe();
        // The sender lives as long as `self`: `wait_for` fails only if it is dropped.
        let _ = rx.wait_for(|now| *now >= deadline_ms).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_manual_clock_sleep_ends_when_the_clock_passes_its_deadline() {
        let clock = Arc::new(ManualClock::new(1_000));
        let sleeper = {
            let clock = clock.clone();
            tokio::spawn(async move { clock.sleep_until_ms(3_000).await })
        };
        clock.advance(Duration::from_millis(1_500));
        tokio::task::yield_now().await;
        assert!(!sleeper.is_finished());
        clock.advance(Duration::from_millis(500));
        sleeper.await.unwrap();
        assert_eq!(clock.now_ms(), 3_000);
    }

    #[tokio::test(start_paused = true)]
    async fn a_tokio_clock_follows_paused_time() {
        let clock = TokioClock::starting_at(5_000);
        assert_eq!(clock.now_ms(), 5_000);
        tokio::time::advance(Duration::from_millis(2_300)).await;
        assert_eq!(clock.now_ms(), 7_300);
        clock.sleep_until_ms(10_000).await;
        assert_eq!(clock.now_ms(), 10_000);
    }

    #[test]
    fn the_system_clock_is_unix_milliseconds() {
        let now = SystemClock.now_ms();
        // After 2020-01-01 and before 2100-01-01.
        assert!(now > 1_577_836_800_000 && now < 4_102_444_800_000, "{now}");
    }
}
