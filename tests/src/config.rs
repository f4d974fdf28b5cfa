//! The simulator's start-up configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How a [`Simulator`](crate::Simulator) starts: where it listens, which apps
/// exist, and the timing of the tokens it issues.
///
/// Build it with struct-update syntax or the [`SimConfig::app`] helper:
///
/// ```
/// use std::time::Duration;
/// use wechat_sim::SimConfig;
///
/// let config = SimConfig {
///     token_ttl: Duration::from_secs(2),
///     grace: Duration::from_secs(1),
///     ..SimConfig::default()
/// }
/// .app("wx1234567890abcdef", "secret");
/// assert_eq!(config.apps.len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Address to listen on. Default `127.0.0.1:0` (a free loopback port).
    pub listen: SocketAddr,
    /// The known apps as `(appid, secret)` pairs.
    pub apps: Vec<(String, String)>,
    /// Lifetime of every issued access_token (`expires_in`). Default 7200 s.
    pub token_ttl: Duration,
    /// Overlap window, default 300 s. For `/cgi-bin/token` it is how long the
    /// previous token stays valid after a new one is issued; for
    /// `/cgi-bin/stable_token` it is the "renew when this close to expiry"
    /// window (capped at half of `token_ttl`, so short test lifetimes still
    /// give a stable token).
    pub grace: Duration,
    /// Optional directory of real response bodies, named like
    /// `api.weixin.qq.com/cgi-bin__menu__get.json` (the URL path with `/`
    /// turned into `__`, leading `/` dropped). The file may also sit directly
    /// in the directory. When a file exists for a path it is the success body.
    pub fixtures_dir: Option<PathBuf>,
    /// Smallest spacing between two effective `force_refresh` calls of one
    /// app on `/cgi-bin/stable_token`. Default 30 s, as WeChat documents.
    pub force_refresh_interval: Duration,
    /// Effective `force_refresh` calls allowed per app in any 24 hours
    /// before `45009`. Default 20, as WeChat documents.
    pub force_refresh_daily_limit: u32,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            apps: Vec::new(),
            token_ttl: Duration::from_secs(7200),
            grace: Duration::from_secs(300),
            fixtures_dir: None,
            force_refresh_interval: Duration::from_secs(30),
            force_refresh_daily_limit: 20,
        }
    }
}

impl SimConfig {
    /// Adds an app that may fetch tokens with this appid and secret.
    pub fn app(mut self, appid: impl Into<String>, secret: impl Into<String>) -> Self {
        self.apps.push((appid.into(), secret.into()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_wechat() {
        let c = SimConfig::default();
        assert_eq!(c.listen.to_string(), "127.0.0.1:0");
        assert_eq!(c.token_ttl, Duration::from_secs(7200));
        assert_eq!(c.grace, Duration::from_secs(300));
        assert_eq!(c.force_refresh_interval, Duration::from_secs(30));
        assert_eq!(c.force_refresh_daily_limit, 20);
        assert!(c.apps.is_empty());
    }

    #[test]
    fn app_appends() {
        let c = SimConfig::default().app("a", "s").app("b", "t");
        assert_eq!(
            c.apps,
            vec![("a".into(), "s".into()), ("b".into(), "t".into())]
        );
    }
}
