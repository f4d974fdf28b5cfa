//! One account's authorization of a platform: what kind of account it is,
//! the permission sets it granted, its refresh tokens and its options.
//!
//! Refresh tokens rotate: every `api_authorizer_token` answers a new one. The
//! token presented stays valid beside the new one until the new one is used,
//! so that a platform that lost the answer (a crash before saving it) can
//! still refresh with the token it has. Presenting the older of the two
//! again replaces the unused newer one. Unauthorization ends every refresh
//! token; an authorization after it starts a new chain.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::endpoints::random_string;

/// The errcode of a refresh token that is not (or no longer) valid.
pub const INVALID_REFRESH_TOKEN: i64 = 61023;

/// The kind of account that authorizes a platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthorizerType {
    /// An Official Account (`service_type_info.id` 2, a service account).
    OfficialAccount,
    /// A mini program (its `authorizer_info` carries `MiniProgramInfo`).
    MiniProgram,
}

impl AuthorizerType {
    /// `"official_account"` or `"mini_program"`.
    pub fn parse(name: &str) -> Option<AuthorizerType> {
        match name {
            "official_account" => Some(AuthorizerType::OfficialAccount),
            "mini_program" => Some(AuthorizerType::MiniProgram),
            _ => None,
        }
    }

    /// The permission sets granted when the authorization names none.
    pub fn default_func_ids(self) -> Vec<i64> {
        match self {
            AuthorizerType::OfficialAccount => vec![1, 2, 3, 4, 6, 7, 11, 15],
            AuthorizerType::MiniProgram => vec![17, 18, 19, 25, 30, 31, 36, 37, 40],
        }
    }
}

/// The options of `api_get_authorizer_option`, with the values each takes.
const OPTIONS: [(&str, &[&str]); 3] = [
    ("location_report", &["0", "1", "2"]),
    ("voice_recognize", &["0", "1"]),
    ("customer_service", &["0", "1"]),
];

/// The errcode for an option name or value the page does not list.
const INVALID_ARGS: i64 = 40097;

fn new_refresh_token() -> String {
    format!("refreshtoken@@@{}", random_string(43))
}

/// One authorizer of one platform.
#[derive(Debug)]
pub struct Authorizer {
    /// Official Account or mini program.
    pub kind: AuthorizerType,
    /// The permission sets granted (`funcscope_category.id`).
    pub func_ids: Vec<i64>,
    /// False after unauthorization (until it authorizes again).
    pub authorized: bool,
    /// Unix time of the last authorization.
    pub auth_time: u64,
    /// Order of first authorization, for `api_get_authorizer_list`.
    pub order: u64,
    /// Its authorizer_access_tokens, oldest first.
    pub tokens: Vec<String>,
    /// The valid refresh tokens, newest last (at most two).
    refresh: Vec<String>,
    options: BTreeMap<&'static str, String>,
    /// Whether the account always had a valid authorizer_access_token.
    pub coverage: Coverage,
}

/// Gaps in an authorizer's tokens: a lapse is a token that expired before the next one
/// was issued (a platform that renews in time never has one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// When the newest token issued expires; `None` before the first one.
    pub until: Option<Instant>,
    /// Tokens that expired before the next one was issued.
    pub lapses: u64,
    /// The longest of those gaps.
    pub longest: Duration,
}

impl Coverage {
    /// A token issued at `now`, valid until `expires`.
    pub fn issued(&mut self, now: Instant, expires: Instant) {
        if let Some(until) = self.until.filter(|u| now > *u) {
            self.lapses += 1;
            self.longest = self.longest.max(now - until);
        }
        self.until = Some(self.until.map_or(expires, |u| u.max(expires)));
    }
}

impl Authorizer {
    /// A new authorization, with a first refresh token.
    pub fn new(kind: AuthorizerType, func_ids: Vec<i64>, auth_time: u64, order: u64) -> Authorizer {
        Authorizer {
            kind,
            func_ids,
            authorized: true,
            auth_time,
            order,
            tokens: Vec::new(),
            refresh: vec![new_refresh_token()],
            options: OPTIONS.iter().map(|(n, _)| (*n, "0".to_owned())).collect(),
            coverage: Coverage::default(),
        }
    }

    /// Authorizes again. After an unauthorization this starts a new refresh
    /// chain; while still authorized it only updates the grant. Returns
    /// whether the account was authorized already (an `updateauthorized`).
    pub fn authorize(&mut self, kind: AuthorizerType, func_ids: Vec<i64>, auth_time: u64) -> bool {
        let update = self.authorized;
        self.kind = kind;
        self.func_ids = func_ids;
        if !update {
            self.authorized = true;
            self.auth_time = auth_time;
            self.refresh = vec![new_refresh_token()];
        }
        update
    }

    /// Ends the authorization: no refresh token is valid any more. (The
    /// caller revokes the access tokens.)
    pub fn unauthorize(&mut self) {
        self.authorized = false;
        self.refresh.clear();
        self.coverage.until = None;
    }

    /// The valid refresh tokens, newest last.
    pub fn refresh_tokens(&self) -> &[String] {
        &self.refresh
    }

    /// The newest refresh token, while authorized.
    pub fn newest_refresh(&self) -> Option<&str> {
        self.refresh.last().map(String::as_str)
    }

    /// Uses `presented` for a refresh and returns the new refresh token; a
    /// token that is not valid is 61023.
    pub fn rotate(&mut self, presented: &str) -> Result<String, i64> {
        if !self.authorized || !self.refresh.iter().any(|t| t == presented) {
            return Err(INVALID_REFRESH_TOKEN);
        }
        // The presented token stays beside the new one; whatever else was
        // valid is superseded: the older token once its successor is used,
        // or an unused newer one when the older is presented again.
        let next = new_refresh_token();
        self.refresh = vec![presented.to_owned(), next.clone()];
        Ok(next)
    }

    /// The value of an option; an unknown name is 40097.
    pub fn option(&self, name: &str) -> Result<&str, i64> {
        self.options
            .get(name)
            .map(String::as_str)
            .ok_or(INVALID_ARGS)
    }

    /// Sets an option; an unknown name, or a value it does not take, is
    /// 40097.
    pub fn set_option(&mut self, name: &str, value: &str) -> Result<(), i64> {
        let (key, values) = OPTIONS
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or(INVALID_ARGS)?;
        if !values.contains(&value) {
            return Err(INVALID_ARGS);
        }
        self.options.insert(key, value.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> Authorizer {
        Authorizer::new(AuthorizerType::OfficialAccount, vec![1], 100, 0)
    }

    #[test]
    fn rotation_keeps_the_presented_token_until_its_successor_is_used() {
        let mut a = account();
        let r0 = a.newest_refresh().unwrap().to_owned();
        assert!(r0.starts_with("refreshtoken@@@"));
        let r1 = a.rotate(&r0).unwrap();
        assert_ne!(r1, r0);
        assert_eq!(a.refresh_tokens(), [r0.clone(), r1.clone()]);
        // The answer was lost: r0 still works, and replaces the unused r1.
        let r1b = a.rotate(&r0).unwrap();
        assert_eq!(a.rotate(&r1), Err(INVALID_REFRESH_TOKEN));
        // Using the new one ends the old one.
        let r2 = a.rotate(&r1b).unwrap();
        assert_eq!(a.rotate(&r0), Err(INVALID_REFRESH_TOKEN));
        assert_eq!(a.refresh_tokens(), [r1b, r2.clone()]);
        assert_eq!(a.newest_refresh(), Some(r2.as_str()));
        assert_eq!(a.rotate("made-up"), Err(INVALID_REFRESH_TOKEN));
    }

    #[test]
    fn unauthorization_ends_the_chain_and_reauthorization_starts_another() {
        let mut a = account();
        let r0 = a.newest_refresh().unwrap().to_owned();
        a.unauthorize();
        assert_eq!(a.rotate(&r0), Err(INVALID_REFRESH_TOKEN));
        assert_eq!(a.newest_refresh(), None);
        let update = a.authorize(AuthorizerType::MiniProgram, vec![18], 200);
        assert!(!update);
        assert_eq!(a.auth_time, 200);
        let fresh = a.newest_refresh().unwrap().to_owned();
        assert_ne!(fresh, r0);
        assert_eq!(a.rotate(&r0), Err(INVALID_REFRESH_TOKEN));
        // While authorized, another authorization is an update that keeps
        // the tokens.
        assert!(a.authorize(AuthorizerType::MiniProgram, vec![18, 19], 300));
        assert_eq!(a.newest_refresh(), Some(fresh.as_str()));
        assert_eq!(a.auth_time, 200);
        assert_eq!(a.func_ids, [18, 19]);
    }

    #[test]
    fn options_take_the_documented_values() {
        let mut a = account();
        assert_eq!(a.option("voice_recognize"), Ok("0"));
        a.set_option("location_report", "2").unwrap();
        assert_eq!(a.option("location_report"), Ok("2"));
        assert_eq!(a.set_option("voice_recognize", "2"), Err(40097));
        assert_eq!(a.set_option("nope", "1"), Err(40097));
        assert_eq!(a.option("nope"), Err(40097));
    }

    #[test]
    fn types_parse() {
        assert_eq!(
            AuthorizerType::parse("mini_program"),
            Some(AuthorizerType::MiniProgram)
        );
        assert_eq!(AuthorizerType::parse("oa"), None);
    }
}
