//! The `stable_token` `force_refresh` limit.
//!
//! WeChat allows a forced refresh at most once per 30 seconds and 20 times a day
//! (<https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken>,
//! <https://developers.weixin.qq.com/minigame/dev/api-backend/open-api/access-token/auth.getStableAccessToken.html>).
//! This process counts its own forced refreshes over a rolling 24 hours and refuses the
//! ones WeChat would not honour, without sending them.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At least this long between two forced refreshes.
pub const MIN_SPACING: Duration = Duration::from_secs(30);
/// At most this many forced refreshes in 24 hours.
pub const DAILY_LIMIT: usize = 20;
const DAY: Duration = Duration::from_secs(24 * 3600);

/// Counts forced refreshes.
#[derive(Debug, Default)]
pub struct ForceRefreshLimit {
    recent: Mutex<VecDeque<Instant>>,
}

impl ForceRefreshLimit {
    /// Takes one forced refresh now, or says which limit forbids it.
    pub fn try_take(&self) -> Result<(), &'static str> {
        self.try_take_at(Instant::now())
    }

    /// Whether a forced refresh would be allowed now, without taking it: how a caller
    /// refuses before sending anything upstream.
    pub fn check(&self) -> Result<(), &'static str> {
        self.check_at(Instant::now())
    }

    fn try_take_at(&self, now: Instant) -> Result<(), &'static str> {
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        refusal(&mut recent, now)?;
        recent.push_back(now);
        Ok(())
    }

    fn check_at(&self, now: Instant) -> Result<(), &'static str> {
        refusal(
            &mut self.recent.lock().unwrap_or_else(|p| p.into_inner()),
            now,
        )
    }
}

/// Drops the forced refreshes older than a day, then says which limit forbids one more
/// at `now`, if any.
fn refusal(recent: &mut VecDeque<Instant>, now: Instant) -> Result<(), &'static str> {
    while recent
        .front()
        .is_some_and(|t| now.duration_since(*t) >= DAY)
    {
        recent.pop_front();
    }
    if recent
        .back()
        .is_some_and(|t| now.duration_since(*t) < MIN_SPACING)
    {
        return Err("WeChat allows one force_refresh per 30 seconds");
    }
    if recent.len() >= DAILY_LIMIT {
        return Err("WeChat allows 20 force_refresh calls a day");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_and_daily_count() {
        let limit = ForceRefreshLimit::default();
        let t0 = Instant::now();
        assert!(limit.check_at(t0).is_ok());
        assert!(limit.try_take_at(t0).is_ok());
        assert!(limit.check_at(t0 + Duration::from_secs(29)).is_err());
        assert!(limit.try_take_at(t0 + Duration::from_secs(29)).is_err());
        assert!(limit.check_at(t0 + Duration::from_secs(30)).is_ok());
        for i in 1..DAILY_LIMIT as u64 {
            assert!(
                limit.try_take_at(t0 + Duration::from_secs(30 * i)).is_ok(),
                "take {i}"
            );
        }
        let late = t0 + Duration::from_secs(30 * DAILY_LIMIT as u64);
        assert_eq!(
            limit.try_take_at(late),
            Err("WeChat allows 20 force_refresh calls a day")
        );
        assert!(limit.try_take_at(t0 + DAY + Duration::from_secs(1)).is_ok());
    }
}
