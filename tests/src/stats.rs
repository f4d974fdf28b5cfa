//! Request counters: per path, per path and second of arrival, and token requests
//! per credential.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// The token endpoints, counted together by [`Stats::token_requests`].
pub const TOKEN_PATHS: [&str; 2] = ["/cgi-bin/token", "/cgi-bin/stable_token"];

/// `api_component_token`, counted as `component_access_token` requests.
pub const COMPONENT_TOKEN_PATH: &str = "/cgi-bin/component/api_component_token";

/// `api_authorizer_token`, counted as `authorizer_access_token` requests.
pub const AUTHORIZER_TOKEN_PATH: &str = "/cgi-bin/component/api_authorizer_token";

/// How many requests each path received, whatever the outcome, and how many
/// token requests named each platform and authorizer.
#[derive(Debug, Default)]
pub struct Stats {
    calls: BTreeMap<String, u64>,
    by_second: BTreeMap<String, BTreeMap<u64, u64>>,
    component_tokens: BTreeMap<String, u64>,
    authorizer_tokens: BTreeMap<(String, String), u64>,
}

impl Stats {
    /// Counts one request on `path`, arrived now.
    pub fn record(&mut self, path: &str) {
        self.record_at(path, unix_second());
    }

    /// Counts one request on `path` that arrived in `unix_second` (Unix time, whole
    /// seconds).
    pub fn record_at(&mut self, path: &str, unix_second: u64) {
        *self.calls.entry(path.to_owned()).or_default() += 1;
        *self
            .by_second
            .entry(path.to_owned())
            .or_default()
            .entry(unix_second)
            .or_default() += 1;
    }

    /// Requests received on `path` per second of arrival: (Unix second, count),
    /// seconds with none left out, oldest first. Unlike differences of [`Stats::calls`]
    /// sampled every second, a late sample cannot make a second look longer.
    pub fn calls_by_second(&self, path: &str) -> Vec<(u64, u64)> {
        self.by_second
            .get(path)
            .map(|s| s.iter().map(|(&at, &n)| (at, n)).collect())
            .unwrap_or_default()
    }

    /// Requests received on `path`.
    pub fn calls(&self, path: &str) -> u64 {
        self.calls.get(path).copied().unwrap_or(0)
    }

    /// Requests on both token endpoints.
    pub fn token_requests(&self) -> u64 {
        TOKEN_PATHS.iter().map(|p| self.calls(p)).sum()
    }

    /// Token requests per credential kind: `access_token` (both app token
    /// endpoints), `component_access_token`, `authorizer_access_token`.
    pub fn requests_by_kind(&self) -> [(&'static str, u64); 3] {
        [
            ("access_token", self.token_requests()),
            ("component_access_token", self.calls(COMPONENT_TOKEN_PATH)),
            ("authorizer_access_token", self.calls(AUTHORIZER_TOKEN_PATH)),
        ]
    }

    /// Counts one `api_component_token` request naming `component_appid`.
    pub fn record_component_token(&mut self, component_appid: &str) {
        *self
            .component_tokens
            .entry(component_appid.to_owned())
            .or_default() += 1;
    }

    /// Counts one `api_authorizer_token` request naming the platform and
    /// the authorizer.
    pub fn record_authorizer_token(&mut self, component_appid: &str, authorizer_appid: &str) {
        let key = (component_appid.to_owned(), authorizer_appid.to_owned());
        *self.authorizer_tokens.entry(key).or_default() += 1;
    }

    /// `api_component_token` requests naming `component_appid`.
    pub fn component_token_requests(&self, component_appid: &str) -> u64 {
        self.component_tokens
            .get(component_appid)
            .copied()
            .unwrap_or(0)
    }

    /// `api_authorizer_token` requests naming the platform and authorizer.
    pub fn authorizer_token_requests(&self, component_appid: &str, authorizer_appid: &str) -> u64 {
        let key = (component_appid.to_owned(), authorizer_appid.to_owned());
        self.authorizer_tokens.get(&key).copied().unwrap_or(0)
    }

    /// Every platform with its `api_component_token` requests.
    pub fn per_component(&self) -> &BTreeMap<String, u64> {
        &self.component_tokens
    }

    /// Every (platform, authorizer) with its `api_authorizer_token` requests.
    pub fn per_authorizer(&self) -> &BTreeMap<(String, String), u64> {
        &self.authorizer_tokens
    }

    /// All counted requests.
    pub fn total(&self) -> u64 {
        self.calls.values().sum()
    }

    /// Every path with its count, sorted by path.
    pub fn per_path(&self) -> &BTreeMap<String, u64> {
        &self.calls
    }

    /// Forgets every count.
    pub fn reset(&mut self) {
        self.calls.clear();
        self.by_second.clear();
        self.component_tokens.clear();
        self.authorizer_tokens.clear();
    }
}

/// The wall clock's Unix time in whole seconds (0 before 1970).
fn unix_second() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_path_tokens_and_total() {
        let mut s = Stats::default();
        s.record("/cgi-bin/token");
        s.record("/cgi-bin/stable_token");
        s.record("/cgi-bin/stable_token");
        s.record("/cgi-bin/menu/get");
        assert_eq!(s.calls("/cgi-bin/stable_token"), 2);
        assert_eq!(s.calls("/nowhere"), 0);
        assert_eq!(s.token_requests(), 3);
        assert_eq!(s.total(), 4);
        assert_eq!(s.per_path().len(), 3);
        s.reset();
        assert_eq!(s.total(), 0);
    }

    #[test]
    fn counts_requests_per_second_of_arrival() {
        let mut s = Stats::default();
        s.record_at(AUTHORIZER_TOKEN_PATH, 100);
        s.record_at(AUTHORIZER_TOKEN_PATH, 100);
        s.record_at(AUTHORIZER_TOKEN_PATH, 102);
        s.record_at("/cgi-bin/token", 101);
        assert_eq!(
            s.calls_by_second(AUTHORIZER_TOKEN_PATH),
            [(100, 2), (102, 1)]
        );
        assert_eq!(s.calls_by_second("/nowhere"), []);
        assert_eq!(s.calls(AUTHORIZER_TOKEN_PATH), 3);
        s.reset();
        assert_eq!(s.calls_by_second("/cgi-bin/token"), []);
    }

    #[test]
    fn counts_token_requests_per_kind_and_credential() {
        let mut s = Stats::default();
        s.record("/cgi-bin/token");
        s.record(COMPONENT_TOKEN_PATH);
        s.record(AUTHORIZER_TOKEN_PATH);
        s.record(AUTHORIZER_TOKEN_PATH);
        s.record_component_token("wxc");
        s.record_authorizer_token("wxc", "wxa");
        s.record_authorizer_token("wxc", "wxa");
        assert_eq!(
            s.requests_by_kind(),
            [
                ("access_token", 1),
                ("component_access_token", 1),
                ("authorizer_access_token", 2)
            ]
        );
        assert_eq!(s.component_token_requests("wxc"), 1);
        assert_eq!(s.authorizer_token_requests("wxc", "wxa"), 2);
        assert_eq!(s.authorizer_token_requests("wxc", "wxb"), 0);
        s.reset();
        assert_eq!(s.component_token_requests("wxc"), 0);
        assert!(s.per_authorizer().is_empty());
    }
}
