//! The simulator's start-up configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How a [`Simulator`](crate::Simulator) starts: where it listens, which apps
/// and third-party platforms exist, and the timing of the tokens it issues.
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
    /// The third-party platforms (see [`SimConfig::component`]).
    pub components: Vec<ComponentConfig>,
    /// Each platform's 授权事件接收URL, as `(component_appid, url)`: where
    /// tickets and authorization events are pushed. A platform without one
    /// gets no pushes. See [`SimConfig::component_events_url`].
    pub component_events_urls: Vec<(String, String)>,
    /// How long a pushed `component_verify_ticket` is accepted by
    /// `api_component_token` (61005 after). Default 12 hours, as WeChat
    /// documents.
    pub ticket_ttl: Duration,
    /// The virtual-payment AppKeys the `pay_sig` of the `xpay` endpoints is checked
    /// with, as `(appid, sandbox, key)`; see [`SimConfig::xpay_app_key`].
    pub xpay_app_keys: Vec<(String, bool, String)>,
}

/// A third-party platform: its appid and secret, and the Token and
/// EncodingAESKey its pushes are signed and encrypted with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentConfig {
    /// The platform's `component_appid`.
    pub appid: String,
    /// Its `component_appsecret`.
    pub secret: String,
    /// The message-check Token of its pushes.
    pub token: String,
    /// The 43-character EncodingAESKey of its pushes.
    pub encoding_aes_key: String,
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
            components: Vec::new(),
            component_events_urls: Vec::new(),
            ticket_ttl: Duration::from_secs(12 * 60 * 60),
            xpay_app_keys: Vec::new(),
        }
    }
}

impl SimConfig {
    /// Adds an app that may fetch tokens with this appid and secret.
    pub fn app(mut self, appid: impl Into<String>, secret: impl Into<String>) -> Self {
        self.apps.push((appid.into(), secret.into()));
        self
    }

    /// The production virtual-payment AppKey of `appid`: the `pay_sig` of its `xpay`
    /// calls whose body's `env` is 0 (or absent) must be made with it (268490003
    /// otherwise, as WeChat answers a wrong signature).
    pub fn xpay_app_key(mut self, appid: impl Into<String>, key: impl Into<String>) -> Self {
        self.xpay_app_keys.push((appid.into(), false, key.into()));
        self
    }

    /// As [`SimConfig::xpay_app_key`], for bodies with `"env": 1` (the sandbox).
    pub fn xpay_sandbox_app_key(
        mut self,
        appid: impl Into<String>,
        key: impl Into<String>,
    ) -> Self {
        self.xpay_app_keys.push((appid.into(), true, key.into()));
        self
    }

    /// Adds a third-party platform: it may fetch component_access_tokens with
    /// this appid and secret, and its pushes are signed with `token` and
    /// encrypted with `encoding_aes_key` (43 base64 characters, checked when
    /// the simulator starts).
    pub fn component(
        mut self,
        appid: impl Into<String>,
        secret: impl Into<String>,
        token: impl Into<String>,
        encoding_aes_key: impl Into<String>,
    ) -> Self {
        self.components.push(ComponentConfig {
            appid: appid.into(),
            secret: secret.into(),
            token: token.into(),
            encoding_aes_key: encoding_aes_key.into(),
        });
        self
    }

    /// Sets the 授权事件接收URL of platform `appid` (an `http` or `https`
    /// URL, checked when the simulator starts); a later call for the same
    /// platform wins.
    pub fn component_events_url(
        mut self,
        appid: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        self.component_events_urls.push((appid.into(), url.into()));
        self
    }

    /// Checks what [`Simulator::start`](crate::Simulator::start) would
    /// refuse: an EncodingAESKey that is not 43 base64 characters, a
    /// platform listed twice, an events URL that is not `http(s)` or names a
    /// platform that is not configured. `Err` says which and why.
    pub fn validate(&self) -> Result<(), String> {
        for (i, c) in self.components.iter().enumerate() {
            if c.appid.is_empty() || c.secret.is_empty() || c.token.is_empty() {
                return Err(format!(
                    "component {:?}: appid, secret and token must not be empty",
                    c.appid
                ));
            }
            if self.components[..i].iter().any(|o| o.appid == c.appid) {
                return Err(format!("component {} is configured twice", c.appid));
            }
            crate::callback::crypto::decode_key(&c.encoding_aes_key)
                .map_err(|e| format!("component {}: {e}", c.appid))?;
        }
        for (appid, url) in &self.component_events_urls {
            if !self.components.iter().any(|c| &c.appid == appid) {
                return Err(format!(
                    "events URL for {appid}, which is not a configured component"
                ));
            }
            crate::callback::send::check_url(url)
                .map_err(|e| format!("events URL of {appid}: {e}"))?;
        }
        Ok(())
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
        assert_eq!(c.ticket_ttl, Duration::from_secs(43_200));
        assert!(c.apps.is_empty() && c.components.is_empty());
        assert_eq!(c.validate(), Ok(()));
    }

    const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn components_are_validated() {
        let ok = SimConfig::default()
            .component("wxc", "s", "t", KEY)
            .component_events_url("wxc", "http://127.0.0.1:9/events");
        assert_eq!(ok.validate(), Ok(()));
        let short = SimConfig::default().component("wxc", "s", "t", &KEY[1..]);
        assert!(short.validate().unwrap_err().contains("43"));
        let twice = ok.clone().component("wxc", "s", "t", KEY);
        assert!(twice.validate().unwrap_err().contains("twice"));
        let stranger = ok.clone().component_events_url("wxother", "http://x/");
        assert!(stranger.validate().unwrap_err().contains("wxother"));
        let ftp = ok.component_events_url("wxc", "ftp://x/");
        assert!(ftp.validate().unwrap_err().contains("http"));
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
