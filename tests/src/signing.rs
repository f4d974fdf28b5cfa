//! The signatures of signed endpoints, checked as WeChat checks them: `signature`
//! (HMAC-SHA256 of the body with the user's latest session_key), `sig_method`, and
//! `pay_sig` (HMAC-SHA256 of `path&body` with the app's virtual-payment AppKey). Which
//! endpoints carry which comes from their specs (`sign = [...]`, table written by
//! `build.rs`). Written apart from the SDK's signing, on the same RustCrypto crates.

use std::collections::HashMap;

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::state::{lock, Shared};

/// `(path, signature, sig_method, pay_sig)` of every signed endpoint.
static SIGNED: &[(&str, bool, bool, bool)] = include!(concat!(env!("OUT_DIR"), "/signed.rs"));

/// The errcode of a wrong user-storage signature (`invalid signature`).
const INVALID_SIGNATURE: i64 = 87009;
/// The errcode of a wrong virtual-payment signature (签名校验失败).
const XPAY_SIGNATURE_FAILED: i64 = 268490003;

fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `path` is a signed endpoint.
#[cfg(test)]
pub fn is_signed(path: &str) -> bool {
    SIGNED.iter().any(|e| e.0 == path)
}

/// Checks the signatures `path` carries, if it is a signed endpoint: `Err(errcode)`
/// when one is missing or wrong.
pub fn check(
    shared: &Shared,
    appid: &str,
    path: &str,
    query: &HashMap<String, String>,
    body: &[u8],
) -> Result<(), i64> {
    let Some(&(_, signature, sig_method, pay_sig)) = SIGNED.iter().find(|e| e.0 == path) else {
        return Ok(());
    };
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let refused = if pay_sig {
        XPAY_SIGNATURE_FAILED
    } else {
        INVALID_SIGNATURE
    };
    if pay_sig {
        let sandbox = json
            .as_ref()
            .and_then(|v| v.get("env"))
            .and_then(Value::as_i64)
            == Some(1);
        let key = shared
            .xpay_app_keys
            .get(&(appid.to_owned(), sandbox))
            .ok_or(XPAY_SIGNATURE_FAILED)?;
        let mut message = format!("{path}&").into_bytes();
        message.extend_from_slice(body);
        if query.get("pay_sig") != Some(&hmac_hex(key.as_bytes(), &message)) {
            return Err(XPAY_SIGNATURE_FAILED);
        }
    }
    if signature {
        let openid = query
            .get("openid")
            .cloned()
            .or_else(|| {
                json.as_ref()
                    .and_then(|v| v.get("openid"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .ok_or(40003)?;
        let key = lock(&shared.sns)
            .session_key(appid, &openid)
            .map(str::to_owned)
            .ok_or(refused)?;
        if query.get("signature") != Some(&hmac_hex(key.as_bytes(), body)) {
            return Err(refused);
        }
        if sig_method && query.get("sig_method").map(String::as_str) != Some("hmac_sha256") {
            return Err(refused);
        }
    }
    Ok(())
}
