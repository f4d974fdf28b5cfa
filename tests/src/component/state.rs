//! The third-party platforms' bookkeeping: tickets, component_access_tokens,
//! pre-authorization and authorization codes, authorizers and their tokens.
//!
//! Pure bookkeeping like [`crate::tokens`]: every operation takes the current
//! monotonic instant (and, where a body shows one, the Unix time), so the
//! rules can be tested without waiting.
//!
//! - A ticket is accepted for `ticket_ttl` from its push (61005 after, 61006
//!   for one never pushed); several can be valid at once.
//! - component_access_tokens and authorizer_access_tokens follow the rules
//!   of `/cgi-bin/token`: every issue is a new token, the previous one stays
//!   valid for `grace`, older ones are invalid at once.
//! - A pre_auth_code is good for one authorization within 1800 s; an
//!   authorization code for one `api_query_auth` within 600 s (61010 when
//!   used or expired, 61009 when unknown).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use super::authorizer::{Authorizer, AuthorizerType, INVALID_REFRESH_TOKEN};
use crate::callback::crypto::PushCrypto;
use crate::config::SimConfig;
use crate::endpoints::random_string;
use crate::tokens::{whole_secs, Issued, Record, TokenSettings, TokenStatus};

/// Lifetime of a pre_auth_code (`expires_in` of `api_create_preauthcode`).
pub const PRE_AUTH_CODE_TTL: Duration = Duration::from_secs(1800);

/// Lifetime of an authorization code (the redirect's `expires_in`).
pub const AUTH_CODE_TTL: Duration = Duration::from_secs(600);

/// The errcode of an account that has not authorized the platform.
pub const NOT_AUTHORIZED: i64 = 61003;

/// Why a control request about a platform was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The platform (or authorizer) does not exist.
    NotFound(String),
    /// The request cannot be carried out (a used code, for instance).
    Invalid(String),
}

/// An account's confirmation on the authorization page.
#[derive(Clone, Copy, Debug)]
pub struct Grant<'a> {
    /// The pre_auth_code the page was opened with.
    pub pre_auth_code: &'a str,
    /// The account that confirms.
    pub authorizer_appid: &'a str,
    /// What kind of account it is.
    pub kind: AuthorizerType,
    /// The permission sets it grants; empty means the kind's usual ones.
    pub func_ids: &'a [i64],
}

/// What an authorization produced: the redirect's code and whether it was
/// an update of a standing authorization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Granted {
    /// The authorization code (`auth_code` of the redirect).
    pub auth_code: String,
    /// Its lifetime in seconds.
    pub expires_in: u64,
    /// The account was authorized already: an `updateauthorized`.
    pub update: bool,
}

/// The gaps in the authorizer_access_tokens of a platform's accounts
/// ([`Simulator::authorizer_lapses`](crate::Simulator::authorizer_lapses)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LapseReport {
    /// Accounts authorizing the platform.
    pub authorizers: usize,
    /// Tokens that expired before the next one was issued.
    pub lapses: u64,
    /// Accounts whose newest token has expired.
    pub lapsed_now: usize,
    /// The longest gap, past or current.
    pub longest: Duration,
}

/// What `api_query_auth` answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryAuth {
    /// The account that authorized.
    pub authorizer_appid: String,
    /// A new authorizer_access_token.
    pub token: Issued,
    /// The newest refresh token.
    pub refresh_token: String,
    /// The permission sets granted.
    pub func_ids: Vec<i64>,
}

#[derive(Debug)]
struct AuthCode {
    authorizer: String,
    expires_at: Instant,
    used: bool,
}

#[derive(Debug)]
struct Platform {
    secret: String,
    crypto: PushCrypto,
    events_url: Option<String>,
    /// Pushed tickets and when.
    tickets: HashMap<String, Instant>,
    /// Its component_access_tokens, oldest first.
    tokens: Vec<String>,
    /// Unused pre_auth_codes and their expiry.
    pre_auth_codes: HashMap<String, Instant>,
    auth_codes: HashMap<String, AuthCode>,
    authorizers: BTreeMap<String, Authorizer>,
}

/// Every platform the simulator knows.
#[derive(Debug)]
pub struct Components {
    platforms: BTreeMap<String, Platform>,
    component_tokens: HashMap<String, Record>,
    authorizer_tokens: HashMap<String, Record>,
    ticket_ttl: Duration,
    authorizations: u64,
    issued: u64,
}

/// Issues a token into `chain` with the classic rules: the newest so far
/// lives on for `grace`, anything older is revoked now.
fn issue(
    records: &mut HashMap<String, Record>,
    chain: &mut Vec<String>,
    appid: &str,
    serial: u64,
    settings: TokenSettings,
    now: Instant,
) -> Issued {
    if let Some((newest, older)) = chain.split_last() {
        for token in older {
            if let Some(r) = records.get_mut(token) {
                r.revoke(now);
            }
        }
        if let Some(r) = records.get_mut(newest) {
            r.revoke(now + settings.grace);
        }
        let keep = newest.clone();
        chain.clear();
        chain.push(keep);
    }
    let token = format!("{serial}_{}", random_string(110));
    records.insert(token.clone(), Record::new(appid, now + settings.ttl));
    chain.push(token.clone());
    Issued {
        access_token: token,
        expires_in: whole_secs(settings.ttl),
    }
}

/// The newest token of `chain` that is valid at `now`.
fn newest_valid(
    records: &HashMap<String, Record>,
    chain: &[String],
    now: Instant,
) -> Option<String> {
    chain
        .iter()
        .rev()
        .find(|t| {
            records
                .get(*t)
                .is_some_and(|r| matches!(r.status(now), TokenStatus::Valid(_)))
        })
        .cloned()
}

impl Components {
    /// The platforms of `config`; `Err` as [`SimConfig::validate`].
    pub fn new(config: &SimConfig) -> Result<Components, String> {
        config.validate()?;
        let mut platforms = BTreeMap::new();
        for c in &config.components {
            let crypto = PushCrypto::new(&c.token, &c.encoding_aes_key, &c.appid)?;
            let events_url = config
                .component_events_urls
                .iter()
                .rev()
                .find(|(appid, _)| *appid == c.appid)
                .map(|(_, url)| url.clone());
            let platform = Platform {
                secret: c.secret.clone(),
                crypto,
                events_url,
                tickets: HashMap::new(),
                tokens: Vec::new(),
                pre_auth_codes: HashMap::new(),
                auth_codes: HashMap::new(),
                authorizers: BTreeMap::new(),
            };
            platforms.insert(c.appid.clone(), platform);
        }
        Ok(Components {
            platforms,
            component_tokens: HashMap::new(),
            authorizer_tokens: HashMap::new(),
            ticket_ttl: config.ticket_ttl,
            authorizations: 0,
            issued: 0,
        })
    }

    /// The gaps in the tokens of the platform's authorized accounts, as of `now`: a
    /// token that expired before the next one was issued, or that has expired and has
    /// no successor yet.
    pub fn lapses(&self, appid: &str, now: Instant) -> LapseReport {
        let mut report = LapseReport::default();
        let Some(platform) = self.platforms.get(appid) else {
            return report;
        };
        for a in platform.authorizers.values().filter(|a| a.authorized) {
            report.authorizers += 1;
            report.lapses += a.coverage.lapses;
            report.longest = report.longest.max(a.coverage.longest);
            if let Some(until) = a.coverage.until.filter(|u| now > *u) {
                report.lapsed_now += 1;
                report.longest = report.longest.max(now - until);
            }
        }
        report
    }

    /// Whether `appid` is a configured platform.
    pub fn knows(&self, appid: &str) -> bool {
        self.platforms.contains_key(appid)
    }

    /// Whether `appid` has authorized (or once authorized) some platform.
    pub fn knows_authorizer(&self, appid: &str) -> bool {
        self.platforms
            .values()
            .any(|p| p.authorizers.contains_key(appid))
    }

    /// The crypto and events URL of platform `appid`.
    pub fn push_target(&self, appid: &str) -> Option<(PushCrypto, Option<String>)> {
        let p = self.platforms.get(appid)?;
        Some((p.crypto.clone(), p.events_url.clone()))
    }

    /// Checks a platform's appid and secret: missing appid 41002, missing
    /// secret 41004, unknown appid `unknown`, wrong secret 40125.
    pub fn check_secret(
        &self,
        appid: Option<&str>,
        secret: Option<&str>,
        unknown: i64,
    ) -> Result<(), i64> {
        let appid = appid.filter(|s| !s.is_empty()).ok_or(41002)?;
        let secret = secret.filter(|s| !s.is_empty()).ok_or(41004)?;
        let platform = self.platforms.get(appid).ok_or(unknown)?;
        if platform.secret != secret {
            return Err(40125);
        }
        Ok(())
    }

    /// A new ticket of platform `appid`, accepted from `now` on.
    pub fn new_ticket(&mut self, appid: &str, now: Instant) -> Option<String> {
        let platform = self.platforms.get_mut(appid)?;
        let ticket = format!("ticket@@@{}", random_string(86));
        platform.tickets.insert(ticket.clone(), now);
        Some(ticket)
    }

    /// Checks a presented ticket: never pushed (or another platform's) 61006,
    /// pushed `ticket_ttl` ago or more 61005.
    pub fn check_ticket(&self, appid: &str, ticket: Option<&str>, now: Instant) -> Result<(), i64> {
        let pushed = ticket
            .and_then(|t| self.platforms.get(appid)?.tickets.get(t))
            .ok_or(61006)?;
        if now.saturating_duration_since(*pushed) >= self.ticket_ttl {
            return Err(61005);
        }
        Ok(())
    }

    /// Issues a component_access_token (the caller checked secret and
    /// ticket).
    pub fn issue_component_token(
        &mut self,
        appid: &str,
        settings: TokenSettings,
        now: Instant,
    ) -> Option<Issued> {
        let platform = self.platforms.get_mut(appid)?;
        self.issued += 1;
        Some(issue(
            &mut self.component_tokens,
            &mut platform.tokens,
            appid,
            self.issued,
            settings,
            now,
        ))
    }

    /// What a presented component_access_token is worth; `Valid` carries
    /// the platform's appid.
    pub fn component_status(&self, token: &str, now: Instant) -> TokenStatus {
        self.component_tokens
            .get(token)
            .map_or(TokenStatus::Invalid, |r| r.status(now))
    }

    /// What a presented authorizer_access_token is worth; `Valid` carries
    /// the authorizer's appid.
    pub fn authorizer_status(&self, token: &str, now: Instant) -> TokenStatus {
        self.authorizer_tokens
            .get(token)
            .map_or(TokenStatus::Invalid, |r| r.status(now))
    }

    /// A new pre_auth_code of platform `appid`.
    pub fn create_pre_auth_code(&mut self, appid: &str, now: Instant) -> Option<String> {
        let platform = self.platforms.get_mut(appid)?;
        let code = format!("preauthcode@@@{}", random_string(64));
        platform
            .pre_auth_codes
            .insert(code.clone(), now + PRE_AUTH_CODE_TTL);
        Some(code)
    }

    /// What the account's confirmation on the authorization page does: uses
    /// up the pre_auth_code, records the grant and issues the authorization
    /// code. `func_ids` empty means the kind's usual permission sets.
    pub fn authorize(
        &mut self,
        appid: &str,
        grant: &Grant<'_>,
        now: Instant,
        unix: u64,
    ) -> Result<Granted, Refusal> {
        let Grant {
            pre_auth_code,
            authorizer_appid,
            kind,
            func_ids,
        } = *grant;
        let platform = self
            .platforms
            .get_mut(appid)
            .ok_or_else(|| Refusal::NotFound(format!("unknown component_appid {appid}")))?;
        let expires = platform
            .pre_auth_codes
            .remove(pre_auth_code)
            .ok_or_else(|| {
                Refusal::Invalid(format!(
                    "pre_auth_code {pre_auth_code:?} was not issued to {appid}, or is used"
                ))
            })?;
        if expires <= now {
            return Err(Refusal::Invalid("pre_auth_code expired".to_owned()));
        }
        if authorizer_appid.is_empty() {
            return Err(Refusal::Invalid("empty authorizer_appid".to_owned()));
        }
        let func_ids = if func_ids.is_empty() {
            kind.default_func_ids()
        } else {
            func_ids.to_vec()
        };
        let update = match platform.authorizers.get_mut(authorizer_appid) {
            Some(a) => a.authorize(kind, func_ids, unix),
            None => {
                self.authorizations += 1;
                let a = Authorizer::new(kind, func_ids, unix, self.authorizations);
                platform.authorizers.insert(authorizer_appid.to_owned(), a);
                false
            }
        };
        let auth_code = format!("queryauthcode@@@{}", random_string(64));
        platform.auth_codes.insert(
            auth_code.clone(),
            AuthCode {
                authorizer: authorizer_appid.to_owned(),
                expires_at: now + AUTH_CODE_TTL,
                used: false,
            },
        );
        Ok(Granted {
            auth_code,
            expires_in: AUTH_CODE_TTL.as_secs(),
            update,
        })
    }

    /// `api_query_auth`: exchanges an authorization code (61009 unknown,
    /// 61010 used or expired) for a new authorizer_access_token and the
    /// refresh token.
    pub fn query_auth(
        &mut self,
        appid: &str,
        code: &str,
        settings: TokenSettings,
        now: Instant,
    ) -> Result<QueryAuth, i64> {
        let platform = self.platforms.get_mut(appid).ok_or(61009)?;
        let entry = platform.auth_codes.get_mut(code).ok_or(61009)?;
        if entry.used || entry.expires_at <= now {
            return Err(61010);
        }
        entry.used = true;
        let authorizer_appid = entry.authorizer.clone();
        let authorizer = platform
            .authorizers
            .get_mut(&authorizer_appid)
            .filter(|a| a.authorized)
            .ok_or(61010)?;
        let refresh_token = authorizer.newest_refresh().ok_or(61010)?.to_owned();
        self.issued += 1;
        let token = issue(
            &mut self.authorizer_tokens,
            &mut authorizer.tokens,
            &authorizer_appid,
            self.issued,
            settings,
            now,
        );
        authorizer.coverage.issued(now, now + settings.ttl);
        Ok(QueryAuth {
            authorizer_appid,
            token,
            refresh_token,
            func_ids: authorizer.func_ids.clone(),
        })
    }

    /// `api_authorizer_token`: a new authorizer_access_token and the next
    /// refresh token; any refresh token that is not valid is 61023.
    pub fn refresh(
        &mut self,
        appid: &str,
        authorizer_appid: &str,
        refresh_token: &str,
        settings: TokenSettings,
        now: Instant,
    ) -> Result<(Issued, String), i64> {
        let authorizer = self
            .platforms
            .get_mut(appid)
            .and_then(|p| p.authorizers.get_mut(authorizer_appid))
            .ok_or(INVALID_REFRESH_TOKEN)?;
        let next = authorizer.rotate(refresh_token)?;
        self.issued += 1;
        let token = issue(
            &mut self.authorizer_tokens,
            &mut authorizer.tokens,
            authorizer_appid,
            self.issued,
            settings,
            now,
        );
        authorizer.coverage.issued(now, now + settings.ttl);
        Ok((token, next))
    }

    /// Revokes an authorization: its refresh tokens and authorizer tokens
    /// are invalid from `now` on, and its unused authorization codes expire.
    pub fn unauthorize(
        &mut self,
        appid: &str,
        authorizer_appid: &str,
        now: Instant,
    ) -> Result<(), Refusal> {
        let platform = self
            .platforms
            .get_mut(appid)
            .ok_or_else(|| Refusal::NotFound(format!("unknown component_appid {appid}")))?;
        let authorizer = platform
            .authorizers
            .get_mut(authorizer_appid)
            .filter(|a| a.authorized)
            .ok_or_else(|| {
                Refusal::Invalid(format!("{authorizer_appid} has not authorized {appid}"))
            })?;
        authorizer.unauthorize();
        for token in &authorizer.tokens {
            if let Some(r) = self.authorizer_tokens.get_mut(token) {
                r.revoke(now);
            }
        }
        for code in platform.auth_codes.values_mut() {
            if code.authorizer == authorizer_appid {
                code.expires_at = code.expires_at.min(now);
            }
        }
        Ok(())
    }

    /// An authorizer that has authorized the platform now; 61003 otherwise.
    pub fn authorizer(&self, appid: &str, authorizer_appid: &str) -> Result<&Authorizer, i64> {
        self.platforms
            .get(appid)
            .and_then(|p| p.authorizers.get(authorizer_appid))
            .filter(|a| a.authorized)
            .ok_or(NOT_AUTHORIZED)
    }

    /// As [`Self::authorizer`], to change it.
    pub fn authorizer_mut(
        &mut self,
        appid: &str,
        authorizer_appid: &str,
    ) -> Result<&mut Authorizer, i64> {
        self.platforms
            .get_mut(appid)
            .and_then(|p| p.authorizers.get_mut(authorizer_appid))
            .filter(|a| a.authorized)
            .ok_or(NOT_AUTHORIZED)
    }
}

mod controls;

#[cfg(test)]
mod tests;
