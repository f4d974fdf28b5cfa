//! Request counters per path.

use std::collections::BTreeMap;

/// The token endpoints, counted together by [`Stats::token_requests`].
pub const TOKEN_PATHS: [&str; 2] = ["/cgi-bin/token", "/cgi-bin/stable_token"];

/// How many requests each path received, whatever the outcome.
#[derive(Debug, Default)]
pub struct Stats {
    calls: BTreeMap<String, u64>,
}

impl Stats {
    /// Counts one request on `path`.
    pub fn record(&mut self, path: &str) {
        *self.calls.entry(path.to_owned()).or_default() += 1;
    }

    /// Requests received on `path`.
    pub fn calls(&self, path: &str) -> u64 {
        self.calls.get(path).copied().unwrap_or(0)
    }

    /// Requests on both token endpoints.
    pub fn token_requests(&self) -> u64 {
        TOKEN_PATHS.iter().map(|p| self.calls(p)).sum()
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
    }
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
}
