//! Who may read which app's tokens: `Authorization: Bearer <key secret>`, or an
//! unauthenticated caller from an admitted address range.
//!
//! Key secrets are compared as SHA-256 digests in constant time, against every key,
//! so that neither the length nor the first differing byte of a guess shows in the
//! response time.

use std::net::IpAddr;

use axum::http::HeaderValue;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::config::HubConfig;
use super::config_access::Appids;

struct Key {
    name: String,
    digest: [u8; 32],
    appids: Appids,
}

/// Why a request is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// 401: no key, or a key the hub does not know.
    Unauthenticated(&'static str),
    /// 403: the key (or address range) may not read this appid.
    Forbidden,
}

/// The hub's keys and address ranges.
pub(crate) struct Auth {
    keys: Vec<Key>,
    unauthenticated: Option<(Vec<ipnet::IpNet>, Appids)>,
}

fn digest(secret: &[u8]) -> [u8; 32] {
    Sha256::digest(secret).into()
}

/// The secret of `Authorization: Bearer <secret>` (scheme case-insensitive).
fn bearer(value: &HeaderValue) -> Option<&[u8]> {
    let bytes = value.as_bytes();
    let (scheme, rest) = bytes.split_at(bytes.len().min(7));
    if !scheme.eq_ignore_ascii_case(b"bearer ") {
        return None;
    }
    let secret = rest.trim_ascii();
    (!secret.is_empty()).then_some(secret)
}

impl Auth {
    pub(crate) fn new(config: &HubConfig) -> Auth {
        Auth {
            keys: config
                .keys
                .iter()
                .map(|k| Key {
                    name: k.name.clone(),
                    digest: digest(k.secret.expose().as_bytes()),
                    appids: k.appids.clone(),
                })
                .collect(),
            unauthenticated: config
                .unauthenticated
                .as_ref()
                .map(|u| (u.from.clone(), u.appids.clone())),
        }
    }

    /// The name of the key this `Authorization` header presents, if the hub knows it:
    /// what a log line may say of the caller (never the secret).
    pub(crate) fn key_name(&self, authorization: Option<&HeaderValue>) -> Option<&str> {
        let presented = digest(bearer(authorization?)?);
        let mut found = None;
        for key in &self.keys {
            if bool::from(key.digest.ct_eq(&presented)) {
                found = Some(key.name.as_str());
            }
        }
        found
    }

    /// Admits a request for `appid` with this `Authorization` header from `peer`;
    /// returns the key's name (`None` for an admitted unauthenticated caller).
    pub(crate) fn check(
        &self,
        authorization: Option<&HeaderValue>,
        peer: Option<IpAddr>,
        appid: &str,
    ) -> Result<Option<&str>, Refusal> {
        let Some(value) = authorization else {
            return self.check_unauthenticated(peer, appid);
        };
        let secret = bearer(value).ok_or(Refusal::Unauthenticated(
            "Authorization must be `Bearer <key secret>`",
        ))?;
        let presented = digest(secret);
        let mut found: Option<&Key> = None;
        for key in &self.keys {
            if bool::from(key.digest.ct_eq(&presented)) {
                found = Some(key);
            }
        }
        let key = found.ok_or(Refusal::Unauthenticated("unknown key"))?;
        if key.appids.allows(appid) {
            Ok(Some(&key.name))
        } else {
            Err(Refusal::Forbidden)
        }
    }

    fn check_unauthenticated(
        &self,
        peer: Option<IpAddr>,
        appid: &str,
    ) -> Result<Option<&str>, Refusal> {
        const MISSING: Refusal =
            Refusal::Unauthenticated("missing `Authorization: Bearer <key secret>`");
        let Some((ranges, appids)) = &self.unauthenticated else {
            return Err(MISSING);
        };
        let Some(peer) = peer.map(canonical) else {
            return Err(MISSING);
        };
        if !ranges.iter().any(|r| r.contains(&peer)) {
            return Err(MISSING);
        }
        if appids.allows(appid) {
            Ok(None)
        } else {
            Err(Refusal::Forbidden)
        }
    }
}

/// An IPv4 address mapped into IPv6 (`::ffff:a.b.c.d`) as the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth() -> Auth {
        let config = HubConfig::parse_with_env(
            r#"
[[app]]
appid = "wxA"
secret = "a"
[[app]]
appid = "wxB"
secret = "b"
[[key]]
name = "only-a"
secret = "key-a"
appids = ["wxA"]
[[key]]
name = "all"
secret = "key-all"
appids = ["*"]
[unauthenticated]
from = ["10.1.0.0/16"]
appids = ["wxB"]
"#,
            "hub.toml",
            |_| None,
        )
        .unwrap();
        Auth::new(&config)
    }

    fn headers(value: &str) -> Option<HeaderValue> {
        Some(HeaderValue::from_str(value).unwrap())
    }

    #[test]
    fn keys_and_their_appids() {
        let a = auth();
        let local = Some(IpAddr::from([127, 0, 0, 1]));
        assert_eq!(
            a.check(headers("Bearer key-a").as_ref(), local, "wxA"),
            Ok(Some("only-a"))
        );
        assert_eq!(
            a.check(headers("bearer key-all").as_ref(), local, "wxB"),
            Ok(Some("all"))
        );
        assert_eq!(
            a.check(headers("Bearer key-a").as_ref(), local, "wxB"),
            Err(Refusal::Forbidden)
        );
        assert!(matches!(
            a.check(headers("Bearer key-").as_ref(), local, "wxA"),
            Err(Refusal::Unauthenticated(_))
        ));
        assert!(matches!(
            a.check(headers("Basic a2V5LWE=").as_ref(), local, "wxA"),
            Err(Refusal::Unauthenticated(_))
        ));
        assert!(matches!(
            a.check(None, local, "wxA"),
            Err(Refusal::Unauthenticated(_))
        ));
    }

    #[test]
    fn unauthenticated_ranges() {
        let a = auth();
        let inside = Some(IpAddr::from([10, 1, 2, 3]));
        let mapped = Some("::ffff:10.1.2.3".parse().unwrap());
        assert_eq!(a.check(None, inside, "wxB"), Ok(None));
        assert_eq!(a.check(None, mapped, "wxB"), Ok(None));
        assert_eq!(a.check(None, inside, "wxA"), Err(Refusal::Forbidden));
        assert!(matches!(
            a.check(None, Some(IpAddr::from([10, 2, 0, 1])), "wxB"),
            Err(Refusal::Unauthenticated(_))
        ));
        // A wrong key from inside the range is still refused.
        assert!(matches!(
            a.check(headers("Bearer nope").as_ref(), inside, "wxB"),
            Err(Refusal::Unauthenticated(_))
        ));
    }
}
