//! The state shared by every request of one running simulator.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use serde_json::Value;

use crate::bodies::Verb;
use crate::component::push::Pusher;
use crate::component::state::Components;
use crate::config::SimConfig;
use crate::endpoints::media::MediaStore;
use crate::endpoints::shorten::ShortenStore;
use crate::faults::FaultList;
use crate::sns::SnsState;
use crate::stats::Stats;
use crate::tokens::{TokenSettings, TokenStatus, Tokens};

/// A success body set at run time for one path.
#[derive(Clone, Debug)]
pub struct Override {
    /// What the path requires of a request.
    pub verb: Verb,
    /// The body to answer.
    pub body: Value,
}

/// Everything the handlers read and change. Locks are never held across an
/// `.await`.
#[derive(Debug)]
pub struct Shared {
    /// Apps and their tokens.
    pub tokens: Mutex<Tokens>,
    /// Active faults.
    pub faults: Mutex<FaultList>,
    /// Request counters.
    pub stats: Mutex<Stats>,
    /// Bodies set with `set_body`, by path.
    pub overrides: Mutex<HashMap<String, Override>>,
    /// Keys issued by `/cgi-bin/shorten/gen`.
    pub shorten: Mutex<ShortenStore>,
    /// Uploaded media and materials, by media_id.
    pub media: Mutex<MediaStore>,
    /// Login, OAuth and phone codes, and user access tokens.
    pub sns: Mutex<SnsState>,
    /// The third-party platforms, their authorizers and tokens.
    pub component: Mutex<Components>,
    /// Sends the platforms' pushes and records them.
    pub pusher: Pusher,
    /// Directory of real response bodies, if any.
    pub fixtures_dir: Option<PathBuf>,
    /// Virtual-payment AppKeys by `(appid, sandbox)`.
    pub xpay_app_keys: HashMap<(String, bool), String>,
}

impl Shared {
    /// Fresh state for a configuration; `Err` for a configuration
    /// [`SimConfig::validate`] refuses.
    pub fn new(config: &SimConfig) -> Result<Shared, String> {
        let settings = TokenSettings {
            ttl: config.token_ttl,
            grace: config.grace,
            force_interval: config.force_refresh_interval,
            force_daily_limit: config.force_refresh_daily_limit,
        };
        Ok(Shared {
            tokens: Mutex::new(Tokens::new(&config.apps, settings)),
            faults: Mutex::new(FaultList::default()),
            stats: Mutex::new(Stats::default()),
            overrides: Mutex::new(HashMap::new()),
            shorten: Mutex::new(ShortenStore::default()),
            media: Mutex::new(MediaStore::default()),
            sns: Mutex::new(SnsState::default()),
            component: Mutex::new(Components::new(config)?),
            pusher: Pusher::default(),
            fixtures_dir: config.fixtures_dir.clone(),
            xpay_app_keys: config
                .xpay_app_keys
                .iter()
                .map(|(appid, sandbox, key)| ((appid.clone(), *sandbox), key.clone()))
                .collect(),
        })
    }

    /// What an access_token of an ordinary endpoint is worth: an app's own
    /// token, or else an authorizer_access_token, which counts as a token of
    /// the authorizer's appid.
    pub fn token_status(&self, token: &str, now: Instant) -> TokenStatus {
        let own = lock(&self.tokens).status(token, now);
        match own {
            TokenStatus::Invalid => lock(&self.component).authorizer_status(token, now),
            known => known,
        }
    }

    /// What a platform's `component_access_token` is worth now, and whose it is.
    pub fn component_status(&self, token: &str, now: Instant) -> TokenStatus {
        lock(&self.component).component_status(token, now)
    }

    /// Every token of `appid` answers 40001 from `now` on: an app's own
    /// tokens, a platform's component_access_tokens, an authorizer's
    /// authorizer_access_tokens. Returns whether `appid` named any of them.
    pub fn invalidate(&self, appid: &str, now: Instant) -> bool {
        let mut tokens = lock(&self.tokens);
        tokens.invalidate(appid, now);
        let app = tokens.knows_app(appid);
        drop(tokens);
        lock(&self.component).invalidate(appid, now) || app
    }

    /// As [`Self::invalidate`], with 42001.
    pub fn expire(&self, appid: &str, now: Instant) -> bool {
        let mut tokens = lock(&self.tokens);
        tokens.expire(appid, now);
        let app = tokens.knows_app(appid);
        drop(tokens);
        lock(&self.component).expire(appid, now) || app
    }
}

/// Locks a mutex, carrying on if another request panicked while holding it:
/// every critical section leaves the data consistent.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
