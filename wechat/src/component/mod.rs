//! Third-party platforms (开放平台第三方平台): a platform ("component app") acts for
//! many authorizer accounts (Official Accounts and Mini Programs).
//!
//! - WeChat pushes a `component_verify_ticket` every 10 minutes to the platform's
//!   授权事件接收URL ([`Platform::receive_push`]); it is kept in the
//!   [`DurableStore`](crate::store::DurableStore) at once.
//! - With it, the token core gets the `component_access_token`
//!   (`api_component_token`); with no ticket, or one WeChat rejects (61005 / 61006), it
//!   calls `api_start_push_ticket` and waits, bounded, for the push.
//! - Each authorizer's `access_token` is renewed with its durable
//!   `authorizer_refresh_token` (`api_authorizer_token`), by the same token core as a
//!   common app's: single-flight, store re-read, compare-and-refresh, proactive refresh.
//!   A new refresh token is kept before the new access token is used.
//! - The authorization flow: [`Platform::authorization_url`] →
//!   the merchant authorizes → [`Platform::complete_authorization`] with the redirect's
//!   `auth_code`; or the `authorized` push, whose code is exchanged by itself.
//!
//! ```no_run
//! # async fn demo() -> Result<(), wechat::Error> {
//! use wechat::component::{AuthType, AuthorizationUrl, Platform};
//! use wechat::store::FileStore;
//!
//! let platform = Platform::builder("wx_component_appid")
//!     .component_secret(std::env::var("COMPONENT_SECRET").unwrap_or_default())
//!     .token("callback-token")
//!     .encoding_aes_key("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
//!     .durable_store(FileStore::new("/var/lib/my-platform"))
//!     .build()?;
//! // In the handler of the 授权事件接收URL: platform.receive_push(&query, &body).await
//! let url = platform
//!     .authorization_url(&AuthorizationUrl::pc("https://example.com/authorized").auth_type(AuthType::Both))
//!     .await?;
//! // ... the merchant comes back to https://example.com/authorized?auth_code=...
//! # let auth_code = "";
//! let authorizer = platform.complete_authorization(auth_code).await?;
//! let menu = platform.official_account(&authorizer.authorizer_appid).menu().get().await?;
//! # let _ = (url, menu); Ok(()) }
//! ```
//!
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/getting_started/how_to_read.html>,
//! design: `docs/design/component.md`.

mod authorization;
mod authorizer_client;
#[cfg(feature = "component")]
mod authorizer_list;
mod authorizer_source;
mod builder;
mod component_source;
mod endpoints;
mod events;
pub(crate) mod keys;
mod platform;
mod platform_core;
/// The hook the hub wraps the platform's token sources with.
#[cfg(feature = "hub")]
pub(crate) mod platform_wrap {
    pub(crate) use super::platform_core::WrapSource;
}
mod registry;
mod ticket;
pub(crate) mod token_pacer;

use std::sync::atomic::{AtomicU64, Ordering};

pub use authorization::{AuthType, AuthorizationPage, AuthorizationUrl, PreAuthCode};
#[cfg(feature = "component")]
#[cfg_attr(docsrs, doc(cfg(feature = "component")))]
pub use authorizer_list::{AuthorizerList, AUTHORIZER_LIST_PAGE_MAX};
pub use builder::{PlatformBuilder, PlatformClient};
pub use platform::{Authorizer, Platform};
pub use registry::{AuthorizerInfo, AuthorizerState};
pub use ticket::TicketProblem;

/// Counters of one platform in this process.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) tickets_received: AtomicU64,
    pub(crate) authorizer_refreshes: AtomicU64,
    pub(crate) authorizer_refresh_failures: AtomicU64,
}

impl Counters {
    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    fn snapshot(&self) -> PlatformStats {
        PlatformStats {
            tickets_received: self.tickets_received.load(Ordering::Relaxed),
            authorizer_refreshes: self.authorizer_refreshes.load(Ordering::Relaxed),
            authorizer_refresh_failures: self.authorizer_refresh_failures.load(Ordering::Relaxed),
        }
    }
}

/// What [`Platform::stats`] counts, since the process started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlatformStats {
    /// `component_verify_ticket` pushes stored.
    pub tickets_received: u64,
    /// Authorizer `access_token`s renewed through `api_authorizer_token`.
    pub authorizer_refreshes: u64,
    /// `api_authorizer_token` calls that failed (re-authorization needed included).
    pub authorizer_refresh_failures: u64,
}
