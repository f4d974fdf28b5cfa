//! Injected faults: errcodes, HTTP failures and latency on chosen paths.

use std::time::Duration;

/// A fault to inject with [`Simulator::inject`](crate::Simulator::inject).
///
/// A fault matches a request when `path` is `None` (every path except the
/// `/sim/` control API) or equals the request path exactly. A matching fault
/// applies with probability `rate`; when it applies it adds its `latency`,
/// answers its `http_status` (preferred) or `errcode`, and counts down
/// `remaining`. Faults are tried in the order they were added; latencies of
/// applied faults add up, and the first applied fault with an `http_status`
/// or `errcode` decides the answer.
///
/// [`Fault::default()`] (also [`Fault::always()`]) has `rate` 1.0: a fault
/// applies every time unless a lower rate is set.
///
/// ```
/// use std::time::Duration;
/// use wechat_sim::Fault;
///
/// // The next two calls of menu/get answer -1 "system error".
/// let busy = Fault::errcode("/cgi-bin/menu/get", -1).times(2);
/// // Half the calls of any path answer HTTP 502 after 100 ms.
/// let flaky = Fault::always()
///     .with_http_status(502)
///     .with_latency(Duration::from_millis(100))
///     .with_rate(0.5);
/// assert_eq!(busy.remaining, Some(2));
/// assert_eq!(flaky.path, None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    /// Path the fault applies to (e.g. `/cgi-bin/token`); `None` = every path
    /// except `/sim/`.
    pub path: Option<String>,
    /// Answer `{"errcode":N,"errmsg":...}` with HTTP 200, `errmsg` worded as
    /// WeChat words it for known codes.
    pub errcode: Option<i64>,
    /// Answer this HTTP status with a short text body. Takes precedence over
    /// `errcode`; an invalid status answers 500.
    pub http_status: Option<u16>,
    /// Delay before answering, also for answers that are otherwise normal.
    pub latency: Option<Duration>,
    /// Probability that the fault applies to a matching request, clamped to
    /// `0.0..=1.0` (NaN counts as 0). Default 1.0.
    pub rate: f64,
    /// Apply only to the next N matching requests it applies to, then
    /// disappear. `None` = forever.
    pub remaining: Option<u64>,
}

impl Default for Fault {
    fn default() -> Self {
        Fault::always()
    }
}

impl Fault {
    /// A fault on every path with rate 1.0 and no effect yet; add effects
    /// with the `with_*` methods.
    pub fn always() -> Fault {
        Fault {
            path: None,
            errcode: None,
            http_status: None,
            latency: None,
            rate: 1.0,
            remaining: None,
        }
    }

    /// Answer `errcode` on `path`.
    pub fn errcode(path: impl Into<String>, errcode: i64) -> Fault {
        Fault::always().on(path).with_errcode(errcode)
    }

    /// Answer HTTP `status` on `path`.
    pub fn http_status(path: impl Into<String>, status: u16) -> Fault {
        Fault::always().on(path).with_http_status(status)
    }

    /// Delay answers on `path` by `latency`.
    pub fn latency(path: impl Into<String>, latency: Duration) -> Fault {
        Fault::always().on(path).with_latency(latency)
    }

    /// Restricts the fault to one path.
    pub fn on(mut self, path: impl Into<String>) -> Fault {
        self.path = Some(path.into());
        self
    }

    /// Sets the errcode answer.
    pub fn with_errcode(mut self, errcode: i64) -> Fault {
        self.errcode = Some(errcode);
        self
    }

    /// Sets the HTTP status answer.
    pub fn with_http_status(mut self, status: u16) -> Fault {
        self.http_status = Some(status);
        self
    }

    /// Sets the latency.
    pub fn with_latency(mut self, latency: Duration) -> Fault {
        self.latency = Some(latency);
        self
    }

    /// Sets the probability of applying.
    pub fn with_rate(mut self, rate: f64) -> Fault {
        self.rate = rate;
        self
    }

    /// Applies to the next `n` requests only.
    pub fn times(mut self, n: u64) -> Fault {
        self.remaining = Some(n);
        self
    }

    fn matches(&self, path: &str) -> bool {
        self.path.as_deref().is_none_or(|p| p == path)
    }

    fn probability(&self) -> f64 {
        if self.rate.is_nan() {
            0.0
        } else {
            self.rate.clamp(0.0, 1.0)
        }
    }
}

/// The answer an applied fault imposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultAnswer {
    /// `{"errcode":N,...}` with HTTP 200.
    Errcode(i64),
    /// This HTTP status with a short body.
    HttpStatus(u16),
}

/// The combined effect of the faults on one request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultEffect {
    /// Total delay before answering.
    pub latency: Duration,
    /// The answer to give instead of the normal one, if any.
    pub answer: Option<FaultAnswer>,
}

/// The active faults, in the order they were added.
#[derive(Debug, Default)]
pub struct FaultList {
    faults: Vec<Fault>,
}

impl FaultList {
    /// Adds a fault at the end.
    pub fn add(&mut self, fault: Fault) {
        if fault.remaining != Some(0) {
            self.faults.push(fault);
        }
    }

    /// Removes every fault.
    pub fn clear(&mut self) {
        self.faults.clear();
    }

    /// Whether a fault names this path explicitly.
    pub fn names(&self, path: &str) -> bool {
        self.faults.iter().any(|f| f.path.as_deref() == Some(path))
    }

    /// Applies the faults to one request on `path`. `roll` draws a uniform
    /// number in `0.0..1.0` for each fault whose rate is below 1.
    pub fn apply(&mut self, path: &str, mut roll: impl FnMut() -> f64) -> FaultEffect {
        let mut effect = FaultEffect::default();
        for fault in self.faults.iter_mut().filter(|f| f.matches(path)) {
            let p = fault.probability();
            if p < 1.0 && roll() >= p {
                continue;
            }
            if let Some(n) = fault.remaining.as_mut() {
                *n = n.saturating_sub(1);
            }
            effect.latency += fault.latency.unwrap_or_default();
            let answer = match (fault.http_status, fault.errcode) {
                (Some(status), _) => Some(FaultAnswer::HttpStatus(status)),
                (None, Some(code)) => Some(FaultAnswer::Errcode(code)),
                (None, None) => None,
            };
            if answer.is_some() {
                effect.answer = answer;
                break;
            }
        }
        self.faults.retain(|f| f.remaining != Some(0));
        effect
    }

    /// The active faults.
    pub fn list(&self) -> &[Fault] {
        &self.faults
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/cgi-bin/menu/get";

    fn never() -> f64 {
        panic!("rate 1.0 must not roll")
    }

    #[test]
    fn default_always_applies() {
        assert_eq!(Fault::default().rate, 1.0);
        let mut list = FaultList::default();
        list.add(Fault::errcode(PATH, -1));
        let e = list.apply(PATH, never);
        assert_eq!(e.answer, Some(FaultAnswer::Errcode(-1)));
        assert_eq!(list.apply("/other", never).answer, None);
    }

    #[test]
    fn remaining_counts_down_then_disappears() {
        let mut list = FaultList::default();
        list.add(Fault::errcode(PATH, 45009).times(2));
        assert!(list.apply(PATH, never).answer.is_some());
        assert!(list.apply(PATH, never).answer.is_some());
        assert!(list.apply(PATH, never).answer.is_none());
        assert!(list.list().is_empty());
    }

    #[test]
    fn zero_remaining_is_never_added() {
        let mut list = FaultList::default();
        list.add(Fault::errcode(PATH, -1).times(0));
        assert!(list.list().is_empty());
    }

    #[test]
    fn rate_uses_roll() {
        let mut list = FaultList::default();
        list.add(Fault::errcode(PATH, -1).with_rate(0.3).times(1));
        assert_eq!(list.apply(PATH, || 0.5).answer, None);
        assert_eq!(list.list()[0].remaining, Some(1));
        assert_eq!(
            list.apply(PATH, || 0.1).answer,
            Some(FaultAnswer::Errcode(-1))
        );
        assert!(list.list().is_empty());
    }

    #[test]
    fn zero_and_nan_rates_never_apply() {
        let mut list = FaultList::default();
        list.add(Fault::errcode(PATH, -1).with_rate(0.0));
        list.add(Fault::errcode(PATH, -1).with_rate(f64::NAN));
        assert_eq!(list.apply(PATH, || 0.0).answer, None);
    }

    #[test]
    fn latencies_add_and_first_answer_wins() {
        let mut list = FaultList::default();
        list.add(Fault::always().with_latency(Duration::from_millis(10)));
        list.add(Fault::latency(PATH, Duration::from_millis(20)));
        list.add(Fault::http_status(PATH, 502).with_errcode(-1));
        list.add(Fault::errcode(PATH, 40001));
        let e = list.apply(PATH, never);
        assert_eq!(e.latency, Duration::from_millis(30));
        assert_eq!(e.answer, Some(FaultAnswer::HttpStatus(502)));
    }

    #[test]
    fn names_only_explicit_paths() {
        let mut list = FaultList::default();
        list.add(Fault::always().with_errcode(-1));
        assert!(!list.names(PATH));
        list.add(Fault::errcode(PATH, -1));
        assert!(list.names(PATH));
        list.clear();
        assert!(!list.names(PATH));
    }
}
