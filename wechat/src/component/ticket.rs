//! The `component_verify_ticket`: kept in the durable store as soon as it is pushed, and
//! asked for again (`api_start_push_ticket`) when it is missing or rejected.
//!
//! Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/ticket-token/startPushTicket.html>

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use super::keys;
use crate::store::{DurableRecord, DurableStore};
use crate::{Result, Secret};

/// How often the SDK asks WeChat to push a ticket, at most, per platform and process:
/// WeChat pushes every 10 minutes anyway.
pub(crate) const PUSH_REQUEST_INTERVAL: Duration = Duration::from_secs(600);

/// What is wrong with the `component_verify_ticket`, in
/// [`Error::ComponentTicket`](crate::Error::ComponentTicket).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TicketProblem {
    /// No ticket was ever received (or it was lost).
    Missing {
        /// Whether `api_start_push_ticket` was called now (it is called at most once
        /// per 10 minutes).
        push_requested: bool,
        /// How long the SDK waited for the push, in seconds.
        waited_secs: u64,
    },
    /// WeChat rejected the held ticket: 61005 (expired, older than 12 hours) or 61006
    /// (invalid), and no newer one arrived.
    Rejected {
        /// WeChat's errcode.
        errcode: i64,
        /// Whether `api_start_push_ticket` was called now.
        push_requested: bool,
        /// How long the SDK waited for a newer push, in seconds.
        waited_secs: u64,
    },
}

impl fmt::Display for TicketProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, push_requested, waited_secs) = match self {
            TicketProblem::Missing {
                push_requested,
                waited_secs,
            } => ("none has been received".to_owned(), *push_requested, *waited_secs),
            TicketProblem::Rejected {
                errcode,
                push_requested,
                waited_secs,
            } => (
                format!("WeChat rejected the held one (errcode {errcode}) and no newer one has been received"),
                *push_requested,
                *waited_secs,
            ),
        };
        let asked = if push_requested {
            "api_start_push_ticket was called"
        } else {
            "api_start_push_ticket was called less than 10 minutes ago"
        };
        write!(
            f,
            "{what}; {asked} and no push arrived within {waited_secs} s: check that the platform's 授权事件接收URL reaches this server and that pushes are stored"
        )
    }
}

/// The held ticket, if any: its value and version (the push's `CreateTime`, Unix ms).
pub(crate) async fn load(
    durable: &dyn DurableStore,
    component_appid: &str,
) -> Result<Option<DurableRecord>> {
    durable.load(&keys::ticket(component_appid)).await
}

/// Keeps `ticket` pushed at `create_time` (Unix seconds) unless a newer one is held.
pub(crate) async fn save(
    durable: &dyn DurableStore,
    component_appid: &str,
    ticket: &str,
    create_time: u64,
) -> Result<DurableRecord> {
    let version = i64::try_from(create_time)
        .unwrap_or(i64::MAX / 1000)
        .saturating_mul(1000);
    durable
        .save(
            &keys::ticket(component_appid),
            DurableRecord::new(Secret::new(ticket), version),
        )
        .await
}

/// Allows one `api_start_push_ticket` per [`PUSH_REQUEST_INTERVAL`].
#[derive(Debug, Default)]
pub(crate) struct PushGate {
    last_ms: Mutex<Option<i64>>,
}

impl PushGate {
    /// Whether a push may be requested at `now_ms` (Unix ms); if so, it counts as done.
    pub(crate) fn try_take(&self, now_ms: i64) -> bool {
        let mut last = self.last_ms.lock().unwrap_or_else(|p| p.into_inner());
        let interval = PUSH_REQUEST_INTERVAL.as_millis() as i64;
        match *last {
            Some(t) if now_ms - t < interval => false,
            _ => {
                *last = Some(now_ms);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_push_request_per_ten_minutes() {
        let gate = PushGate::default();
        assert!(gate.try_take(1_000));
        assert!(!gate.try_take(1_000 + 599_999));
        assert!(gate.try_take(1_000 + 600_000));
    }

    #[test]
    fn the_problem_says_what_to_check() {
        let p = TicketProblem::Rejected {
            errcode: 61006,
            push_requested: true,
            waited_secs: 20,
        };
        let text = p.to_string();
        assert!(
            text.contains("61006") && text.contains("授权事件接收URL"),
            "{text}"
        );
    }
}
