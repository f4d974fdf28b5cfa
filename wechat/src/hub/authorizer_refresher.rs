//! The proactive refresher of a platform's authorizers: the registry may hold
//! thousands, so instead of one task per token one task per platform walks the
//! registry and renews each authorizer's `access_token` once it is due, at most
//! `authorizer_rate_per_sec` upstream refreshes per second.
//!
//! A held token that is not due costs nothing; a token another replica renewed is
//! found in the shared store (the token core re-reads it under the store's lock), so
//! replicas sharing Redis make one `api_authorizer_token` per expiry between them.

use std::sync::Arc;
use std::time::Duration;

use super::config::RefreshConfig;
use super::platforms::HubPlatform;
use crate::clock::{self, Clock};
use crate::component::AuthorizerState;
use crate::AppType;

/// How long the refresher rests between two walks of the registry.
const WALK_EVERY: Duration = Duration::from_secs(30);

/// Keeps the authorizers of `platform` fresh until the task is aborted.
pub(crate) async fn run(platform: Arc<HubPlatform>, config: RefreshConfig, clock: Arc<dyn Clock>) {
    let spacing = Duration::from_secs(1) / config.authorizer_rate_per_sec.max(1);
    loop {
        walk(&platform, spacing, &*clock).await;
        clock::sleep(&*clock, WALK_EVERY).await;
    }
}

/// One walk: every authorized entry whose token is missing or due is renewed, spaced by
/// `spacing` between upstream-bound refreshes.
async fn walk(platform: &HubPlatform, spacing: Duration, clock: &dyn Clock) {
    let p = &platform.platform;
    let entries = match p.authorizers().await {
        Ok(e) => e,
        Err(e) => {
            tracing::warn!(component_appid = %p.appid(), error = %e, "cannot read the authorizer registry");
            return;
        }
    };
    for entry in entries {
        if entry.state != AuthorizerState::Authorized {
            continue;
        }
        let client = p.authorizer_client(
            &entry.authorizer_appid,
            entry.app_type.unwrap_or(AppType::OfficialAccount),
        );
        let core = client.token_core();
        let held = core.adopt_stored().await;
        let due = core.refresh_due_ms().is_none_or(|at| at <= clock.now_ms());
        if held && !due {
            continue;
        }
        if let Err(e) = core.get_token().await {
            tracing::warn!(component_appid = %p.appid(), authorizer_appid = %entry.authorizer_appid, error = %e, "authorizer refresh failed");
        }
        tokio::time::sleep(spacing).await;
    }
}
