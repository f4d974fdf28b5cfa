//! Spaces the hub refresher's `api_authorizer_token` requests: at most `rate` a second
//! from this process, measured where the request leaves, after the store's lock and the
//! refresh token's read (whose time varies from one renewal to the next, so a schedule
//! of start times alone lets requests bunch up).
//!
//! The refresher runs each renewal inside [`paced`]; the authorizer token source calls
//! [`wait_turn_if_paced`] right before it sends. Renewals asked by callers are not
//! paced (they are few, and a caller should not wait behind the refresher's queue).
//!
//! Each request waits for its turn: one `1 / rate` after the previous request left,
//! or now when that time has passed. Turns are taken in order (a fair lock), and the
//! next turn is counted from when the previous request really left, so a late wake-up
//! never lets two requests leave closer together: any second holds at most `rate + 1`
//! of them. The price is the timer's lateness: Tokio rounds sleeps up to the
//! millisecond, so at 250 a second (4 ms turns) about 200 leave (BENCHMARKS.md, 100,000
//! authorizers); at the default 20 a second (50 ms), about 19.6. Keeping the schedule
//! through late wake-ups reached 243 a second, but then the requests reached WeChat's
//! side bunched, 264 in one second, under the same load: the margin is what keeps the
//! rate where it is counted.

use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;

tokio::task_local! {
    /// The pacer of the renewal running in this task, set by [`paced`].
    static PACER: Arc<TokenPacer>;
}

/// Runs `renewal` with its `api_authorizer_token` request (if it sends one) paced by
/// `pacer`.
#[cfg_attr(not(feature = "hub"), allow(dead_code))]
pub(crate) async fn paced<F: std::future::Future>(pacer: Arc<TokenPacer>, renewal: F) -> F::Output {
    PACER.scope(pacer, renewal).await
}

/// Waits for the turn of the current renewal when it runs inside [`paced`]; returns at
/// once otherwise.
pub(crate) async fn wait_turn_if_paced() {
    if let Ok(pacer) = PACER.try_with(Arc::clone) {
        pacer.wait_turn().await;
    }
}

/// The pacer of one platform's `api_authorizer_token` requests.
#[derive(Debug)]
pub(crate) struct TokenPacer {
    /// The time between two requests, microseconds (at least 1).
    spacing_us: i64,
    /// When the next request may leave, Unix microseconds; held while a request waits.
    next_us: tokio::sync::Mutex<i64>,
    clock: Arc<dyn Clock>,
}

impl TokenPacer {
    /// A pacer of `rate_per_sec` requests a second (0 is taken as 1).
    #[cfg_attr(not(feature = "hub"), allow(dead_code))]
    pub(crate) fn new(rate_per_sec: u32, clock: Arc<dyn Clock>) -> TokenPacer {
        let spacing = Duration::from_secs(1) / rate_per_sec.max(1);
        TokenPacer {
            spacing_us: i64::try_from(spacing.as_micros())
                .unwrap_or(i64::MAX)
                .max(1),
            next_us: tokio::sync::Mutex::new(i64::MIN),
            clock,
        }
    }

    /// Waits for this request's turn; the request should leave right after.
    async fn wait_turn(&self) {
        let mut next_us = self.next_us.lock().await;
        let now_us = self.now_us();
        if *next_us > now_us {
            // The clock counts milliseconds: wake in the millisecond of the turn.
            self.clock.sleep_until_ms(*next_us / 1000).await;
        }
        let left_us = self.now_us().max(*next_us);
        *next_us = left_us.saturating_add(self.spacing_us);
    }

    fn now_us(&self) -> i64 {
        self.clock.now_ms().saturating_mul(1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TokioClock;

    #[tokio::test(start_paused = true)]
    async fn requests_leave_one_spacing_apart_and_no_second_holds_more_than_the_rate() {
        let clock: Arc<dyn Clock> = Arc::new(TokioClock::starting_at(1_000_000));
        let pacer = Arc::new(TokenPacer::new(250, Arc::clone(&clock)));
        let left = Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..1000 {
            let (pacer, left, clock) = (Arc::clone(&pacer), Arc::clone(&left), Arc::clone(&clock));
            tasks.spawn(async move {
                pacer.wait_turn().await;
                left.lock().unwrap().push(clock.now_ms());
            });
        }
        while tasks.join_next().await.is_some() {}
        let mut left = left.lock().unwrap().clone();
        left.sort_unstable();
        assert_eq!(left.len(), 1000);
        // 1,000 at 250 a second: 4 s, the first at once.
        assert_eq!(left[0], 1_000_000);
        assert!(left[999] - left[0] >= 3_996, "{}", left[999] - left[0]);
        for pair in left.windows(2) {
            assert!(pair[1] - pair[0] >= 4, "{pair:?}");
        }
        let mut per_second = std::collections::BTreeMap::<i64, u32>::new();
        for at in &left {
            *per_second.entry(at / 1000).or_default() += 1;
        }
        assert!(per_second.values().all(|&n| n <= 251), "{per_second:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_after_a_quiet_time_leaves_at_once() {
        let clock: Arc<dyn Clock> = Arc::new(TokioClock::starting_at(5_000));
        let pacer = TokenPacer::new(10, Arc::clone(&clock));
        pacer.wait_turn().await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        let before = clock.now_ms();
        pacer.wait_turn().await;
        assert_eq!(clock.now_ms(), before);
        // The next one waits its 100 ms.
        pacer.wait_turn().await;
        assert_eq!(clock.now_ms(), before + 100);
    }

    /// A clock whose sleeps wake 1 ms late, as Tokio's timer does in a real process.
    #[derive(Debug)]
    struct LateClock(TokioClock);

    #[async_trait::async_trait]
    impl Clock for LateClock {
        fn now_ms(&self) -> i64 {
            self.0.now_ms()
        }
        async fn sleep_until_ms(&self, deadline_ms: i64) {
            self.0.sleep_until_ms(deadline_ms + 1).await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn late_wake_ups_never_bring_two_requests_closer_than_the_spacing() {
        let clock: Arc<dyn Clock> = Arc::new(LateClock(TokioClock::starting_at(1_000_000)));
        let pacer = TokenPacer::new(250, Arc::clone(&clock));
        let mut left = Vec::new();
        for _ in 0..1000 {
            pacer.wait_turn().await;
            left.push(clock.now_ms());
        }
        for pair in left.windows(2) {
            assert!(pair[1] - pair[0] >= 4, "{pair:?}");
        }
        // The lateness is not caught up: 5 ms turns, 200 a second.
        let took = left[999] - left[0];
        assert!((4_990..=5_000).contains(&took), "{took} ms");
    }

    #[tokio::test(start_paused = true)]
    async fn only_renewals_run_inside_paced_wait_for_a_turn() {
        let clock: Arc<dyn Clock> = Arc::new(TokioClock::starting_at(0));
        let pacer = Arc::new(TokenPacer::new(1, Arc::clone(&clock)));
        paced(Arc::clone(&pacer), wait_turn_if_paced()).await;
        assert_eq!(clock.now_ms(), 0);
        // Outside `paced`: no wait, though the pacer's next turn is 1 s away.
        wait_turn_if_paced().await;
        assert_eq!(clock.now_ms(), 0);
        paced(pacer, wait_turn_if_paced()).await;
        assert_eq!(clock.now_ms(), 1000);
    }
}
