//! What the controls and reports read or change across a platform's accounts: the
//! authorizer list, invalidation and expiry, the current tokens.

use std::time::Instant;

use super::{newest_valid, Components};
use crate::component::authorizer::Authorizer;
use crate::tokens::Record;

impl Components {
    /// The accounts authorizing the platform now, in the order they first
    /// authorized: the total and the page `offset..offset + count` as
    /// `(authorizer_appid, newest refresh token, auth_time)`.
    pub fn list(
        &self,
        appid: &str,
        offset: usize,
        count: usize,
    ) -> (usize, Vec<(String, String, u64)>) {
        let Some(platform) = self.platforms.get(appid) else {
            return (0, Vec::new());
        };
        let mut all: Vec<(&String, &Authorizer)> = platform
            .authorizers
            .iter()
            .filter(|(_, a)| a.authorized)
            .collect();
        all.sort_by_key(|(_, a)| a.order);
        let page = all
            .iter()
            .skip(offset)
            .take(count)
            .map(|(id, a)| {
                let refresh = a.newest_refresh().unwrap_or_default().to_owned();
                ((*id).clone(), refresh, a.auth_time)
            })
            .collect();
        (all.len(), page)
    }

    /// Every component_access_token of platform `appid` and every
    /// authorizer_access_token of account `appid` answers 40001 from `now`
    /// on. Returns whether `appid` named a platform or an authorizer.
    pub fn invalidate(&mut self, appid: &str, now: Instant) -> bool {
        self.each_token_of(appid, |r| r.revoke(now))
    }

    /// As [`Self::invalidate`], with 42001.
    pub fn expire(&mut self, appid: &str, now: Instant) -> bool {
        self.each_token_of(appid, |r| r.expire(now))
    }

    fn each_token_of(&mut self, appid: &str, f: impl Fn(&mut Record)) -> bool {
        let known = self.knows(appid) || self.knows_authorizer(appid);
        self.component_tokens
            .values_mut()
            .chain(self.authorizer_tokens.values_mut())
            .filter(|r| r.appid() == appid)
            .for_each(f);
        known
    }

    /// The newest valid component_access_token of platform `appid`.
    pub fn current_component_token(&self, appid: &str, now: Instant) -> Option<String> {
        let p = self.platforms.get(appid)?;
        newest_valid(&self.component_tokens, &p.tokens, now)
    }

    /// The newest valid authorizer_access_token of the authorizer.
    pub fn current_authorizer_token(
        &self,
        appid: &str,
        authorizer_appid: &str,
        now: Instant,
    ) -> Option<String> {
        let a = self
            .platforms
            .get(appid)?
            .authorizers
            .get(authorizer_appid)?;
        newest_valid(&self.authorizer_tokens, &a.tokens, now)
    }

    /// The valid refresh tokens of the authorizer, newest last (empty when
    /// it is not authorized).
    pub fn refresh_tokens(&self, appid: &str, authorizer_appid: &str) -> Vec<String> {
        self.platforms
            .get(appid)
            .and_then(|p| p.authorizers.get(authorizer_appid))
            .map(|a| a.refresh_tokens().to_vec())
            .unwrap_or_default()
    }
}
