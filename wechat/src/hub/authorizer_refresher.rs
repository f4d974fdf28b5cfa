//! The proactive refresher of a platform's authorizers: the registry may hold
//! thousands, so instead of one task per token one task per platform walks the
//! registry every 30 s and renews the authorizers' `access_token`s, at most
//! `authorizer_rate_per_sec` renewals per second.
//!
//! **Which ones, when.** Each walk lists the authorized entries by the time their held
//! token is due (`expires_at` less the margin and jitter; a missing token is due now)
//! and renews, earliest first and spaced by `1 / authorizer_rate_per_sec`, every entry
//! up to the last one that would be late if the walk waited: the `j`-th (from 0) is
//! late when its due time is before `now + (j + 1) × spacing + 30 s`. So tokens that
//! would fall due together (10,000 authorizations of one afternoon, or a restart after
//! a long outage) are renewed ahead of time, spread at the configured rate, instead of
//! in a burst past their margin; and once spread they stay spread. Renewals run side
//! by side (at most 64 at once), so WeChat's latency does not lower the rate, and a
//! pacer spaces their `api_authorizer_token` requests where they leave, one `spacing`
//! after the previous one really left: no second holds more than the rate + 1 (see
//! `component::token_pacer`). A token renewed
//! early is checked first: a token in the store that expires later than the one the
//! walk meant to replace (renewed by a caller, or by another replica) is adopted.
//! Held tokens cost no store read; the registry is read once every 5 minutes.
//!
//! **Replicas.** Hub replicas sharing a store take turns through a lease
//! (`lease/authorizer_refresher/{component_appid}`, [`Store::try_lock`] with a 90 s
//! TTL, extended every 20 s during a walk with [`Store::extend_lock`]): one replica
//! walks a platform at a time, so the rate holds for the replicas together and no two
//! of them race for the same token's lock. When the holder dies, another takes over
//! within 90 s + 30 s, well inside the 5-minute margin. When the store cannot be
//! reached, a replica walks anyway: its own tokens stay fresh while the store is down.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;

use super::config::RefreshConfig;
use super::platforms::HubPlatform;
use crate::clock::{self, Clock};
use crate::component::token_pacer::{paced, TokenPacer};
use crate::component::AuthorizerState;
use crate::store::Store;
use crate::{AppType, Error};

/// How long the refresher rests between two walks of the registry.
const WALK_EVERY: Duration = Duration::from_secs(30);
/// How often the registry is read again (new authorizations, revoked ones).
const REGISTRY_EVERY: Duration = Duration::from_secs(300);
/// How long a replica holds the lease without extending it.
const LEASE_TTL: Duration = Duration::from_secs(90);
/// How often the lease holder extends it during a walk.
const LEASE_EXTEND_EVERY: Duration = Duration::from_secs(20);
/// At most this many renewals at once (a slow or stalled upstream: the walk then waits
/// for one to end before it starts the next).
const MAX_IN_FLIGHT: usize = 64;

/// Keeps the authorizers of `platform` fresh until the task is aborted; the hub's
/// store holds the lease shared with the other replicas.
pub(crate) async fn run(platform: Arc<HubPlatform>, config: RefreshConfig, clock: Arc<dyn Clock>) {
    let spacing = Duration::from_secs(1) / config.authorizer_rate_per_sec.max(1);
    let mut lease = Lease {
        name: format!("lease/authorizer_refresher/{}", platform.platform.appid()),
        owner: replica_id(),
        store: Arc::clone(&platform.store),
        clock: Arc::clone(&clock),
        held: false,
        checked_at_ms: i64::MIN,
    };
    let pacer = Arc::new(TokenPacer::new(
        config.authorizer_rate_per_sec,
        Arc::clone(&clock),
    ));
    let mut registry = Registry::default();
    loop {
        let leading = lease.take_or_extend().await;
        platform.refresher_leading.store(leading, Ordering::Relaxed);
        if leading {
            registry.read_if_old(&platform, &*clock).await;
            walk(
                &platform,
                &mut registry,
                &pacer,
                spacing,
                &*clock,
                &mut lease,
            )
            .await;
        }
        clock::sleep(&*clock, WALK_EVERY).await;
    }
}

/// A random name of this process for the lease.
fn replica_id() -> String {
    let mut rng = rand::rng();
    format!(
        "replica-{}-{:016x}",
        std::process::id(),
        rng.random::<u64>()
    )
}

/// The lease that lets one replica at a time walk a platform.
struct Lease {
    name: String,
    owner: String,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    held: bool,
    checked_at_ms: i64,
}

impl Lease {
    /// Takes the lease, or extends it when held. Whether this replica may walk.
    async fn take_or_extend(&mut self) -> bool {
        let result = if self.held {
            self.store
                .extend_lock(&self.name, &self.owner, LEASE_TTL)
                .await
        } else {
            self.store
                .try_lock(&self.name, &self.owner, LEASE_TTL)
                .await
        };
        self.checked_at_ms = self.clock.now_ms();
        self.held = match result {
            Ok(held) => held,
            Err(e) => {
                tracing::warn!(lease = %self.name, error = %e, "lease unavailable; refreshing this replica's authorizers without it");
                true
            }
        };
        self.held
    }

    /// During a walk: extends the lease when it is time. Whether it is still held.
    async fn keep(&mut self) -> bool {
        if self.clock.now_ms() - self.checked_at_ms < LEASE_EXTEND_EVERY.as_millis() as i64 {
            return self.held;
        }
        self.take_or_extend().await
    }
}

/// The authorized entries of the registry, as last read.
#[derive(Default)]
struct Registry {
    authorized: Vec<(String, AppType)>,
    read_at_ms: Option<i64>,
}

impl Registry {
    async fn read_if_old(&mut self, platform: &HubPlatform, clock: &dyn Clock) {
        let now = clock.now_ms();
        if self
            .read_at_ms
            .is_some_and(|at| now - at < REGISTRY_EVERY.as_millis() as i64)
        {
            return;
        }
        let p = &platform.platform;
        let mut authorized = Vec::new();
        let read = p
            .visit_authorizers(|info| {
                if info.state == AuthorizerState::Authorized {
                    let app_type = info.app_type.unwrap_or(AppType::OfficialAccount);
                    authorized.push((info.authorizer_appid, app_type));
                }
            })
            .await;
        match read {
            Ok(()) => {
                authorized.shrink_to_fit();
                self.authorized = authorized;
                self.read_at_ms = Some(now);
            }
            Err(e) => {
                tracing::warn!(component_appid = %p.appid(), error = %e, "cannot read the authorizer registry");
            }
        }
    }

    /// Leaves `authorizer_appid` out until the next read (revoked, or its refresh token
    /// is dead: the token source said so, and marked it in the registry).
    fn drop_entry(&mut self, authorizer_appid: &str) {
        self.authorized.retain(|(a, _)| a != authorizer_appid);
    }
}

/// One authorizer's place in a walk.
struct Due {
    /// When its held token is due, Unix ms (0: no token held).
    due_ms: i64,
    /// Its held token's `expires_at`, Unix seconds (0: none held).
    expires_at: i64,
    index: usize,
}

/// One walk: renews, earliest due first, every authorizer up to the last one that
/// would be late if the walk waited (see the module's doc).
async fn walk(
    platform: &HubPlatform,
    registry: &mut Registry,
    pacer: &Arc<TokenPacer>,
    spacing: Duration,
    clock: &dyn Clock,
    lease: &mut Lease,
) {
    let p = &platform.platform;
    let mut plan = Vec::with_capacity(registry.authorized.len());
    for (index, (appid, app_type)) in registry.authorized.iter().enumerate() {
        let client = p.authorizer_client(appid, *app_type);
        let core = client.token_core();
        if core.held_expiry().is_none() {
            // First walk of this process (or the token was dropped): one store read.
            core.adopt_stored().await;
        }
        plan.push(Due {
            due_ms: core.refresh_due_ms().unwrap_or(0),
            expires_at: core.held_expiry().unwrap_or(0),
            index,
        });
    }
    plan.sort_by_key(|d| d.due_ms);
    let take = renew_count(&plan, clock.now_ms(), spacing);
    // Renewals run side by side, up to MAX_IN_FLIGHT at once, so that WeChat's latency
    // does not lower the rate; the pacer spaces their requests right before they leave
    // (after the store's lock and the refresh token's read, whose time varies).
    let mut in_flight = tokio::task::JoinSet::new();
    let mut dropped = Vec::new();
    for due in &plan[..take] {
        if !lease.keep().await {
            break;
        }
        while let Some(done) = in_flight.try_join_next() {
            dropped.extend(outcome(p.appid(), done));
        }
        while in_flight.len() >= MAX_IN_FLIGHT {
            if let Some(done) = in_flight.join_next().await {
                dropped.extend(outcome(p.appid(), done));
            }
        }
        let (appid, app_type) = &registry.authorized[due.index];
        let client = p.authorizer_client(appid, *app_type);
        let (appid, expires_at) = (appid.clone(), due.expires_at);
        let pacer = Arc::clone(pacer);
        in_flight.spawn(async move {
            let renewed = paced(pacer, client.token_core().renew_ahead(expires_at)).await;
            (appid, renewed.map(drop))
        });
    }
    while let Some(done) = in_flight.join_next().await {
        dropped.extend(outcome(p.appid(), done));
    }
    for appid in dropped {
        registry.drop_entry(&appid);
    }
}

/// Logs how one renewal ended; `Some(appid)` when the authorizer leaves the plan
/// (its authorization is gone, or its refresh token is dead).
fn outcome(
    component_appid: &str,
    done: Result<(String, crate::Result<()>), tokio::task::JoinError>,
) -> Option<String> {
    match done {
        Ok((_, Ok(()))) => None,
        Ok((
            appid,
            Err(
                e
                @ (Error::AuthorizerNeedsReauthorization { .. } | Error::UnknownAuthorizer { .. }),
            ),
        )) => {
            tracing::info!(component_appid, authorizer_appid = %appid, error = %e, "authorizer left out of the refresher");
            Some(appid)
        }
        Ok((appid, Err(e))) => {
            tracing::warn!(component_appid, authorizer_appid = %appid, error = %e, "authorizer refresh failed");
            None
        }
        Err(e) => {
            tracing::warn!(component_appid, error = %e, "an authorizer refresh task failed");
            None
        }
    }
}

/// How many of `plan` (sorted by due time) to renew in this walk, starting at `now_ms`
/// with one renewal every `spacing`: up to the last entry `j` whose due time is before
/// `now_ms + (j + 1) × spacing + WALK_EVERY`.
fn renew_count(plan: &[Due], now_ms: i64, spacing: Duration) -> usize {
    let spacing_ms = spacing.as_millis() as i64;
    let horizon_ms = WALK_EVERY.as_millis() as i64;
    plan.iter()
        .enumerate()
        .filter(|(j, d)| d.due_ms <= now_ms + (*j as i64 + 1) * spacing_ms + horizon_ms)
        .map(|(j, _)| j + 1)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(due_ms: &[i64]) -> Vec<Due> {
        due_ms
            .iter()
            .enumerate()
            .map(|(index, &due_ms)| Due {
                due_ms,
                expires_at: 0,
                index,
            })
            .collect()
    }

    #[test]
    fn nothing_is_renewed_before_it_would_be_late() {
        // One per second; due in 31.5 s and more: the next walk (in 30 s) is soon enough.
        let p = plan(&[1_031_500, 1_040_000, 1_100_000]);
        assert_eq!(renew_count(&p, 1_000_000, Duration::from_secs(1)), 0);
        // Due in 30.5 s: it would be late after the next walk's first renewal.
        let p = plan(&[1_030_500, 1_100_000]);
        assert_eq!(renew_count(&p, 1_000_000, Duration::from_secs(1)), 1);
    }

    #[test]
    fn tokens_due_together_are_renewed_ahead_at_the_rate() {
        // 10,000 tokens all due in 10 minutes, 20 renewals a second: the 500 s they take
        // at the rate fit before their due time, with 70 s to spare, so none is renewed
        // yet...
        let now = 0;
        let p = plan(&vec![600_000; 10_000]);
        let spacing = Duration::from_millis(50);
        assert_eq!(renew_count(&p, now, spacing), 0);
        // ... but 80 s later they would not (500 s + 30 s > 520 s): all are renewed in
        // this walk, the first ones well ahead of their due time.
        assert_eq!(renew_count(&p, 80_000, spacing), 10_000);
        // Tokens already due are renewed, with those behind them that would be late.
        let mut due = vec![0; 5];
        due.extend([31_000, 40_000, 10_000_000]);
        assert_eq!(renew_count(&plan(&due), 1_000, spacing), 6);
    }
}
