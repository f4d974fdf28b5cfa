//! The signatures some endpoints carry in their query, computed over the exact JSON
//! body sent (`sign = [...]` in a spec):
//!
//! - `signature` = hex(HMAC-SHA256(key = the user's `session_key`, as given by
//!   `code2session`, message = the body)), and `sig_method=hmac_sha256` where the
//!   endpoint asks for it (user storage:
//!   <https://developers.weixin.qq.com/miniprogram/dev/server/API/storage/api_setuserstorage.html>);
//! - `pay_sig` = hex(HMAC-SHA256(key = the virtual-payment AppKey, message = path +
//!   `&` + body)), the path without its query (virtual payment, 虚拟支付:
//!   <https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/industry/virtual-payment.html>).
//!   The AppKey is the production one, or the sandbox one when the body says
//!   `"env": 1`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{Error, Result, Secret};

/// What a signed call needs besides its request: generated code builds it from the
/// spec's `sign` list.
#[derive(Clone, Copy, Debug)]
pub struct Signing<'a> {
    /// The user's `session_key`, for `signature`; `None` when the endpoint has none.
    pub session_key: Option<&'a Secret>,
    /// Whether `sig_method=hmac_sha256` goes beside `signature`.
    pub sig_method: bool,
    /// Whether `pay_sig` is added.
    pub pay_sig: bool,
}

/// A client's virtual-payment AppKeys (the Mini Program admin console's 虚拟支付 →
/// 基础配置), one per environment.
#[derive(Clone, Default)]
pub(crate) struct XpayKeys {
    /// The production AppKey (`env` 0).
    pub(crate) production: Option<Secret>,
    /// The sandbox AppKey (`env` 1).
    pub(crate) sandbox: Option<Secret>,
}

impl std::fmt::Debug for XpayKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XpayKeys")
            .field("production", &self.production)
            .field("sandbox", &self.sandbox)
            .finish()
    }
}

/// hex(HMAC-SHA256(key, message)), lowercase.
pub(crate) fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The query pairs of `signing` for a call of `path` with `body`.
///
/// # Errors
/// [`Error::Config`] when `pay_sig` is asked for and the client has no AppKey for the
/// body's `env`.
pub(crate) fn query_pairs(
    id: &str,
    path: &str,
    body: &[u8],
    signing: &Signing<'_>,
    keys: &XpayKeys,
) -> Result<Vec<(&'static str, String)>> {
    let mut pairs = Vec::new();
    if signing.pay_sig {
        let sandbox = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("env").and_then(serde_json::Value::as_i64))
            == Some(1);
        let (key, which, setter) = if sandbox {
            (&keys.sandbox, "sandbox", "xpay_sandbox_app_key")
        } else {
            (&keys.production, "production", "xpay_app_key")
        };
        let key = key.as_ref().ok_or_else(|| {
            Error::config(format!(
                "{id} is signed with the virtual-payment AppKey (pay_sig), and this client has no {which} AppKey: set ClientBuilder::{setter} (the admin console's 虚拟支付 → 基础配置)"
            ))
        })?;
        let mut message = Vec::with_capacity(path.len() + 1 + body.len());
        message.extend_from_slice(path.as_bytes());
        message.push(b'&');
        message.extend_from_slice(body);
        pairs.push((
            "pay_sig",
            hmac_sha256_hex(key.expose().as_bytes(), &message),
        ));
    }
    if let Some(session_key) = signing.session_key {
        pairs.push((
            "signature",
            hmac_sha256_hex(session_key.expose().as_bytes(), body),
        ));
        if signing.sig_method {
            pairs.push(("sig_method", "hmac_sha256".to_owned()));
        }
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of the virtual-payment page (签名详解, its Python script):
    /// AppKey `12345`, session_key `9hAb/NEYUlkaMBEsmFgzig==`, this body and path.
    const BODY: &str = r#"{"openid": "xxx", "user_ip": "127.0.0.1", "env": 0}"#;

    fn keys() -> XpayKeys {
        XpayKeys {
            production: Some(Secret::from("12345")),
            sandbox: None,
        }
    }

    #[test]
    fn pay_sig_and_signature_match_the_official_example() {
        let session_key = Secret::from("9hAb/NEYUlkaMBEsmFgzig==");
        let signing = Signing {
            session_key: Some(&session_key),
            sig_method: false,
            pay_sig: true,
        };
        let pairs = query_pairs(
            "xpay.query_user_balance",
            "/xpay/query_user_balance",
            BODY.as_bytes(),
            &signing,
            &keys(),
        )
        .unwrap();
        assert_eq!(
            pairs,
            [
                (
                    "pay_sig",
                    "c37809f27c6d7fd1837ad2500a04512b66b34fd793a39a385fade56dca89a4b5".to_owned()
                ),
                (
                    "signature",
                    "089d9e8dc5d308977360c4b79ec600a93d736802802a807d634192328032f6c7".to_owned()
                ),
            ]
        );
    }

    /// The mini-game page's example (虚拟支付签名): `/wxa/game/getbalance`.
    #[test]
    fn the_mini_game_example_matches_too() {
        let body = r#"{"offer_id": "12345678", "openid": "oUrsfxxxxxxxxxx", "ts": 1668136271, "zone_id": "1", "env": 0}"#;
        let mut message = b"/wxa/game/getbalance&".to_vec();
        message.extend_from_slice(body.as_bytes());
        assert_eq!(
            hmac_sha256_hex(b"12345", &message),
            "11bac6388871d29c055c7d16fbe42e8d646855b666faf89b15c815218b1b23bd"
        );
        assert_eq!(
            hmac_sha256_hex(b"9hAb/NEYUlkaMBEsmFgzig==", body.as_bytes()),
            "42fe1d3341fb1c8bd6f5014ba735ab04eacc80a2deb3ab4669eab4700b5b6729"
        );
    }

    #[test]
    fn sig_method_goes_beside_signature() {
        let session_key = Secret::from("k");
        let signing = Signing {
            session_key: Some(&session_key),
            sig_method: true,
            pay_sig: false,
        };
        let pairs = query_pairs(
            "s",
            "/wxa/set_user_storage",
            b"{}",
            &signing,
            &XpayKeys::default(),
        )
        .unwrap();
        assert_eq!(pairs[0].0, "signature");
        assert_eq!(pairs[1], ("sig_method", "hmac_sha256".to_owned()));
    }

    #[test]
    fn a_missing_app_key_is_a_config_error_naming_the_setter() {
        let signing = Signing {
            session_key: None,
            sig_method: false,
            pay_sig: true,
        };
        let err = query_pairs(
            "xpay.query_order",
            "/xpay/query_order",
            br#"{"env":1}"#,
            &signing,
            &keys(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains("xpay_sandbox_app_key"), "{err}");
        // The production key is used for env 0 and when env is absent.
        let pairs = query_pairs(
            "xpay.query_order",
            "/xpay/query_order",
            b"{}",
            &signing,
            &keys(),
        )
        .unwrap();
        assert_eq!(pairs[0].0, "pay_sig");
    }
}
