//! The access_token pools: issuing, renewing, revoking and checking tokens.
//!
//! Pure bookkeeping: every operation takes the current monotonic instant, so
//! the rules can be tested without waiting.
//!
//! - Classic (`/cgi-bin/token`): every call issues a new token. The previous
//!   one stays valid for `grace` (never beyond its own expiry); anything older
//!   is invalid at once.
//! - Stable (`/cgi-bin/stable_token`): the same token is returned while it has
//!   more than the renewal window left; inside the window a new one is issued
//!   and the old one lives on until its expiry. `force_refresh` issues a new
//!   token and revokes the others at once, at most once per
//!   `force_interval` and `force_daily_limit` times per 24 hours.
//! - The two pools never affect each other.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use rand::distr::Alphanumeric;
use rand::Rng;

/// One day, the window of the `force_refresh` quota.
const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// The timing rules of the pools; all can change while running.
#[derive(Clone, Copy, Debug)]
pub struct TokenSettings {
    /// Lifetime of newly issued tokens.
    pub ttl: Duration,
    /// Classic overlap, and the stable renewal window (see [`Self::window`]).
    pub grace: Duration,
    /// Smallest spacing between effective force refreshes.
    pub force_interval: Duration,
    /// Effective force refreshes allowed per 24 hours.
    pub force_daily_limit: u32,
}

impl TokenSettings {
    /// The stable renewal window: `grace`, capped at half the lifetime.
    fn window(&self) -> Duration {
        self.grace.min(self.ttl / 2)
    }
}

/// One issued token. The third-party platform's tokens use it too.
#[derive(Debug)]
pub struct Record {
    appid: String,
    expires_at: Instant,
    /// From this instant on the token answers 40001.
    revoked_at: Option<Instant>,
}

impl Record {
    /// A token of `appid`, valid until `expires_at`.
    pub fn new(appid: &str, expires_at: Instant) -> Record {
        Record {
            appid: appid.to_owned(),
            expires_at,
            revoked_at: None,
        }
    }

    /// The appid the token belongs to.
    pub fn appid(&self) -> &str {
        &self.appid
    }

    /// What the token is worth at `now`.
    pub fn status(&self, now: Instant) -> TokenStatus {
        let revoked = self.revoked_at.filter(|r| *r <= now);
        let expired = self.expires_at <= now;
        match (revoked, expired) {
            // Whichever happened first decides the answer.
            (Some(r), true) if self.expires_at < r => TokenStatus::Expired,
            (Some(_), _) => TokenStatus::Invalid,
            (None, true) => TokenStatus::Expired,
            (None, false) => TokenStatus::Valid(self.appid.clone()),
        }
    }

    /// The token answers 40001 from `at` on (an earlier revocation stands).
    pub fn revoke(&mut self, at: Instant) {
        self.revoked_at = Some(self.revoked_at.map_or(at, |r| r.min(at)));
    }

    /// The token answers 42001 from `at` on, if it had not expired before.
    pub fn expire(&mut self, at: Instant) {
        self.expires_at = self.expires_at.min(at);
    }
}

/// What a presented access_token is worth right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenStatus {
    /// Valid; carries the appid it belongs to.
    Valid(String),
    /// Unknown, revoked or superseded: WeChat answers 40001.
    Invalid,
    /// Past its lifetime: WeChat answers 42001.
    Expired,
}

/// A token as handed to the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// The token string.
    pub access_token: String,
    /// Remaining lifetime in whole seconds.
    pub expires_in: u64,
}

/// Per-app bookkeeping.
#[derive(Debug, Default)]
struct App {
    secret: String,
    /// Classic tokens, oldest first.
    classic: Vec<String>,
    /// Stable tokens, oldest first; the last is the current one.
    stable: Vec<String>,
    /// Instants of effective force refreshes in the last day.
    forced: VecDeque<Instant>,
}

/// Every app and every token the simulator knows.
#[derive(Debug)]
pub struct Tokens {
    settings: TokenSettings,
    apps: HashMap<String, App>,
    records: HashMap<String, Record>,
    issued: u64,
}

/// Rounds a duration to whole seconds, the unit of `expires_in`.
pub fn whole_secs(d: Duration) -> u64 {
    let millis = d.as_millis() + 500;
    u64::try_from(millis / 1000).unwrap_or(u64::MAX)
}

impl Tokens {
    /// A pool set for these apps (`(appid, secret)`) and rules.
    pub fn new(apps: &[(String, String)], settings: TokenSettings) -> Tokens {
        let apps = apps
            .iter()
            .map(|(id, secret)| {
                let app = App {
                    secret: secret.clone(),
                    ..App::default()
                };
                (id.clone(), app)
            })
            .collect();
        Tokens {
            settings,
            apps,
            records: HashMap::new(),
            issued: 0,
        }
    }

    /// Changes the rules and returns the result; tokens already issued keep
    /// their expiry.
    pub fn update_settings(&mut self, change: impl FnOnce(&mut TokenSettings)) -> TokenSettings {
        change(&mut self.settings);
        self.settings
    }

    /// The rules in force.
    pub fn settings(&self) -> TokenSettings {
        self.settings
    }

    /// Checks the credentials of a token request, in WeChat's order of
    /// complaints. `Err` carries the errcode.
    pub fn authenticate(
        &self,
        grant_type: Option<&str>,
        appid: Option<&str>,
        secret: Option<&str>,
    ) -> Result<(), i64> {
        if grant_type != Some("client_credential") {
            return Err(40002);
        }
        self.check_secret(appid, secret)
    }

    /// Checks an appid and secret: missing appid 41002, missing secret 41004,
    /// unknown appid 40013, wrong secret 40125.
    pub fn check_secret(&self, appid: Option<&str>, secret: Option<&str>) -> Result<(), i64> {
        let appid = appid.filter(|s| !s.is_empty()).ok_or(41002)?;
        let secret = secret.filter(|s| !s.is_empty()).ok_or(41004)?;
        let app = self.apps.get(appid).ok_or(40013)?;
        if app.secret != secret {
            return Err(40125);
        }
        Ok(())
    }

    /// Issues a classic token (caller has authenticated `appid`).
    pub fn issue_classic(&mut self, appid: &str, now: Instant) -> Issued {
        let grace_end = now + self.settings.grace;
        let previous = self
            .apps
            .get(appid)
            .map(|a| a.classic.clone())
            .unwrap_or_default();
        if let Some((newest, older)) = previous.split_last() {
            for token in older {
                self.revoke(token, now);
            }
            self.revoke(newest, grace_end);
        }
        let token = self.mint(appid, now);
        if let Some(app) = self.apps.get_mut(appid) {
            app.classic.push(token.access_token.clone());
        }
        token
    }

    /// Answers a stable-token request (caller has authenticated `appid`).
    /// `Err` carries the errcode (45009 past the daily force quota).
    pub fn stable(&mut self, appid: &str, force: bool, now: Instant) -> Result<Issued, i64> {
        if force && self.force_allowed(appid, now)? {
            let old = self
                .apps
                .get(appid)
                .map(|a| a.stable.clone())
                .unwrap_or_default();
            for token in &old {
                self.revoke(token, now);
            }
            if let Some(app) = self.apps.get_mut(appid) {
                app.forced.push_back(now);
            }
            return Ok(self.mint_stable(appid, now));
        }
        let window = self.settings.window();
        if let Some(current) = self.current_stable(appid) {
            if let Some(rec) = self.records.get(&current) {
                let left = rec.expires_at.saturating_duration_since(now);
                if matches!(rec.status(now), TokenStatus::Valid(_)) && left > window {
                    return Ok(Issued {
                        access_token: current,
                        expires_in: whole_secs(left),
                    });
                }
            }
        }
        Ok(self.mint_stable(appid, now))
    }

    /// Whether a force refresh takes effect now: `Ok(false)` inside the
    /// spacing interval (behave as normal mode), `Err(45009)` past the quota.
    fn force_allowed(&mut self, appid: &str, now: Instant) -> Result<bool, i64> {
        let settings = self.settings;
        let Some(app) = self.apps.get_mut(appid) else {
            return Ok(false);
        };
        while app
            .forced
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= DAY)
        {
            app.forced.pop_front();
        }
        if let Some(last) = app.forced.back() {
            if now.saturating_duration_since(*last) < settings.force_interval {
                return Ok(false);
            }
        }
        if app.forced.len() >= settings.force_daily_limit as usize {
            return Err(45009);
        }
        Ok(true)
    }

    /// Forgets the force-refresh history of an app (what `clear_quota` does).
    pub fn clear_quota(&mut self, appid: &str) {
        if let Some(app) = self.apps.get_mut(appid) {
            app.forced.clear();
        }
    }

    /// What a presented token is worth at `now`.
    pub fn status(&self, token: &str, now: Instant) -> TokenStatus {
        self.records
            .get(token)
            .map_or(TokenStatus::Invalid, |r| r.status(now))
    }

    /// Every token of the app answers 40001 from `now` on.
    pub fn invalidate(&mut self, appid: &str, now: Instant) {
        for rec in self.records.values_mut().filter(|r| r.appid == appid) {
            rec.revoke(now);
        }
    }

    /// Every token of the app answers 42001 from `now` on.
    pub fn expire(&mut self, appid: &str, now: Instant) {
        for rec in self.records.values_mut().filter(|r| r.appid == appid) {
            rec.expire(now);
        }
    }

    /// The newest valid stable token, else the newest valid classic one.
    pub fn current(&self, appid: &str, now: Instant) -> Option<String> {
        let app = self.apps.get(appid)?;
        let valid = |t: &&String| matches!(self.status(t, now), TokenStatus::Valid(_));
        app.stable
            .iter()
            .rev()
            .find(valid)
            .or_else(|| app.classic.iter().rev().find(valid))
            .cloned()
    }

    /// Whether the appid is configured.
    pub fn knows_app(&self, appid: &str) -> bool {
        self.apps.contains_key(appid)
    }

    fn current_stable(&self, appid: &str) -> Option<String> {
        self.apps.get(appid)?.stable.last().cloned()
    }

    fn mint_stable(&mut self, appid: &str, now: Instant) -> Issued {
        let token = self.mint(appid, now);
        if let Some(app) = self.apps.get_mut(appid) {
            app.stable.push(token.access_token.clone());
        }
        token
    }

    fn revoke(&mut self, token: &str, at: Instant) {
        if let Some(rec) = self.records.get_mut(token) {
            rec.revoke(at);
        }
    }

    fn mint(&mut self, appid: &str, now: Instant) -> Issued {
        self.issued += 1;
        let noise: String = rand::rng()
            .sample_iter(Alphanumeric)
            .take(120)
            .map(char::from)
            .collect();
        let access_token = format!("{}_{noise}", 80 + self.issued);
        let ttl = self.settings.ttl;
        self.records
            .insert(access_token.clone(), Record::new(appid, now + ttl));
        Issued {
            access_token,
            expires_in: whole_secs(ttl),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "wxapp";

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn pools(ttl: u64, grace: u64) -> Tokens {
        Tokens::new(
            &[(APP.into(), "secret".into())],
            TokenSettings {
                ttl: secs(ttl),
                grace: secs(grace),
                force_interval: secs(30),
                force_daily_limit: 20,
            },
        )
    }

    fn valid(t: &Tokens, token: &str, now: Instant) -> bool {
        matches!(t.status(token, now), TokenStatus::Valid(_))
    }

    #[test]
    fn authenticate_in_wechat_order() {
        let t = pools(7200, 300);
        let cc = Some("client_credential");
        assert_eq!(t.authenticate(None, Some(APP), Some("secret")), Err(40002));
        assert_eq!(
            t.authenticate(Some("x"), Some(APP), Some("secret")),
            Err(40002)
        );
        assert_eq!(t.authenticate(cc, None, Some("secret")), Err(41002));
        assert_eq!(t.authenticate(cc, Some(""), Some("secret")), Err(41002));
        assert_eq!(t.authenticate(cc, Some(APP), None), Err(41004));
        assert_eq!(t.authenticate(cc, Some("nope"), Some("secret")), Err(40013));
        assert_eq!(t.authenticate(cc, Some(APP), Some("wrong")), Err(40125));
        assert_eq!(t.authenticate(cc, Some(APP), Some("secret")), Ok(()));
    }

    #[test]
    fn classic_previous_token_lives_for_grace_only() {
        let mut t = pools(7200, 300);
        let t0 = Instant::now();
        let a = t.issue_classic(APP, t0);
        assert_eq!(a.expires_in, 7200);
        let b = t.issue_classic(APP, t0 + secs(10));
        assert_ne!(a.access_token, b.access_token);
        assert!(valid(&t, &a.access_token, t0 + secs(309)));
        assert_eq!(
            t.status(&a.access_token, t0 + secs(310)),
            TokenStatus::Invalid
        );
        assert!(valid(&t, &b.access_token, t0 + secs(310)));
    }

    #[test]
    fn classic_older_tokens_die_at_once() {
        let mut t = pools(7200, 300);
        let t0 = Instant::now();
        let a = t.issue_classic(APP, t0);
        let b = t.issue_classic(APP, t0 + secs(1));
        let _c = t.issue_classic(APP, t0 + secs(2));
        assert_eq!(
            t.status(&a.access_token, t0 + secs(2)),
            TokenStatus::Invalid
        );
        assert!(valid(&t, &b.access_token, t0 + secs(2)));
    }

    #[test]
    fn classic_grace_never_outlives_expiry() {
        let mut t = pools(10, 300);
        let t0 = Instant::now();
        let a = t.issue_classic(APP, t0);
        t.issue_classic(APP, t0 + secs(5));
        assert!(valid(&t, &a.access_token, t0 + secs(9)));
        assert_eq!(
            t.status(&a.access_token, t0 + secs(10)),
            TokenStatus::Expired
        );
    }

    #[test]
    fn stable_same_until_renewal_window() {
        let mut t = pools(7200, 300);
        let t0 = Instant::now();
        let a = t.stable(APP, false, t0).unwrap();
        assert_eq!(a.expires_in, 7200);
        let same = t.stable(APP, false, t0 + secs(100)).unwrap();
        assert_eq!(same.access_token, a.access_token);
        assert_eq!(same.expires_in, 7100);
        let still = t.stable(APP, false, t0 + secs(6899)).unwrap();
        assert_eq!(still.access_token, a.access_token);
        // Inside the last 300 s: a new token; the old one lives on.
        let b = t.stable(APP, false, t0 + secs(6900)).unwrap();
        assert_ne!(b.access_token, a.access_token);
        assert_eq!(b.expires_in, 7200);
        assert!(valid(&t, &a.access_token, t0 + secs(7199)));
        assert_eq!(
            t.status(&a.access_token, t0 + secs(7200)),
            TokenStatus::Expired
        );
        let again = t.stable(APP, false, t0 + secs(6950)).unwrap();
        assert_eq!(again.access_token, b.access_token);
    }

    #[test]
    fn stable_window_is_capped_for_short_lifetimes() {
        let mut t = pools(2, 300);
        let t0 = Instant::now();
        let a = t.stable(APP, false, t0).unwrap();
        let same = t
            .stable(APP, false, t0 + Duration::from_millis(500))
            .unwrap();
        assert_eq!(same.access_token, a.access_token);
        let b = t
            .stable(APP, false, t0 + Duration::from_millis(1500))
            .unwrap();
        assert_ne!(b.access_token, a.access_token);
    }

    #[test]
    fn stable_force_refresh_revokes_at_once() {
        let mut t = pools(7200, 300);
        let t0 = Instant::now();
        let a = t.stable(APP, false, t0).unwrap();
        let b = t.stable(APP, true, t0 + secs(1)).unwrap();
        assert_ne!(a.access_token, b.access_token);
        assert_eq!(
            t.status(&a.access_token, t0 + secs(1)),
            TokenStatus::Invalid
        );
        assert!(valid(&t, &b.access_token, t0 + secs(1)));
    }

    #[test]
    fn stable_force_refresh_spacing_and_daily_quota() {
        let mut t = pools(7200, 300);
        let t0 = Instant::now();
        let first = t.stable(APP, true, t0).unwrap();
        // Within 30 s: no refresh, the current token comes back.
        let again = t.stable(APP, true, t0 + secs(29)).unwrap();
        assert_eq!(again.access_token, first.access_token);
        let mut at = t0;
        for _ in 1..20 {
            at += secs(30);
            t.stable(APP, true, at).unwrap();
        }
        assert_eq!(t.apps[APP].stable.len(), 20);
        at += secs(30);
        assert_eq!(t.stable(APP, true, at), Err(45009));
        // Normal mode still works.
        assert!(t.stable(APP, false, at).is_ok());
        // A day after the first, its slot frees up (a rolling 24 hours).
        assert_eq!(t.stable(APP, true, t0 + DAY - secs(1)), Err(45009));
        assert!(t.stable(APP, true, t0 + DAY).is_ok());
        assert_eq!(t.apps[APP].forced.len(), 20);
        // clear_quota empties the history.
        t.clear_quota(APP);
        assert!(t.apps[APP].forced.is_empty());
        assert!(t.stable(APP, true, t0 + DAY + secs(30)).is_ok());
    }

    #[test]
    fn pools_are_isolated() {
        let mut t = pools(7200, 300);
        let t0 = Instant::now();
        let s = t.stable(APP, false, t0).unwrap();
        t.issue_classic(APP, t0);
        t.issue_classic(APP, t0);
        t.issue_classic(APP, t0);
        assert!(valid(&t, &s.access_token, t0));
        let c = t.issue_classic(APP, t0);
        t.stable(APP, true, t0 + secs(1)).unwrap();
        assert!(valid(&t, &c.access_token, t0 + secs(1)));
    }

    #[test]
    fn invalidate_and_expire() {
        let mut t = pools(7200, 300);
        let t0 = Instant::now();
        let s = t.stable(APP, false, t0).unwrap();
        let c = t.issue_classic(APP, t0);
        t.invalidate(APP, t0 + secs(1));
        assert_eq!(
            t.status(&s.access_token, t0 + secs(1)),
            TokenStatus::Invalid
        );
        assert_eq!(
            t.status(&c.access_token, t0 + secs(1)),
            TokenStatus::Invalid
        );
        assert_eq!(t.current(APP, t0 + secs(1)), None);
        // The next stable call issues a fresh token.
        let s2 = t.stable(APP, false, t0 + secs(2)).unwrap();
        assert_ne!(s2.access_token, s.access_token);
        assert_eq!(t.current(APP, t0 + secs(2)), Some(s2.access_token.clone()));
        t.expire(APP, t0 + secs(3));
        assert_eq!(
            t.status(&s2.access_token, t0 + secs(3)),
            TokenStatus::Expired
        );
        // Revoked before expiry stays "invalid".
        assert_eq!(
            t.status(&s.access_token, t0 + secs(3)),
            TokenStatus::Invalid
        );
    }

    #[test]
    fn unknown_token_is_invalid() {
        let t = pools(7200, 300);
        assert_eq!(t.status("nope", Instant::now()), TokenStatus::Invalid);
    }

    #[test]
    fn current_prefers_stable() {
        let mut t = pools(7200, 300);
        let t0 = Instant::now();
        let c = t.issue_classic(APP, t0);
        assert_eq!(t.current(APP, t0), Some(c.access_token));
        let s = t.stable(APP, false, t0).unwrap();
        assert_eq!(t.current(APP, t0), Some(s.access_token));
        assert_eq!(t.current("other", t0), None);
    }

    #[test]
    fn whole_seconds_round() {
        assert_eq!(whole_secs(Duration::from_millis(1999)), 2);
        assert_eq!(whole_secs(Duration::from_millis(1400)), 1);
        assert_eq!(whole_secs(Duration::ZERO), 0);
    }
}
