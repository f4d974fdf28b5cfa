//! Typed decoding of answers, with errors that name the endpoint and the field.

use serde::de::DeserializeOwned;

use crate::spec_support::endpoint::Endpoint;
use crate::{Error, Result};

/// Keys whose values are masked in body excerpts.
const SENSITIVE_KEYS: &[&str] = &[
    "access_token",
    "authorizer_access_token",
    "authorizer_refresh_token",
    "component_access_token",
    "component_verify_ticket",
    "pre_auth_code",
    "refresh_token",
    "secret",
    "appsecret",
    "session_key",
    "ticket",
];

/// The longest excerpt kept in an error, in bytes.
const EXCERPT_MAX: usize = 512;

/// Decodes `body` as `T`; on failure, an [`Error::Decode`] with the field path.
pub(crate) fn decode<T: DeserializeOwned>(ep: &'static Endpoint, body: &[u8]) -> Result<T> {
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    // Decode again, slower, to learn the path of the field that failed.
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
        endpoint: ep.id,
        path: e.path().to_string(),
        message: e.inner().to_string(),
        body_excerpt: excerpt(body),
    })
}

/// The start of a body for an error message, with token-like values masked.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut v) => {
            mask(&mut v);
            v.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    if text.len() <= EXCERPT_MAX {
        return text;
    }
    let mut end = EXCERPT_MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &text[..end], body.len())
}

fn mask(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if SENSITIVE_KEYS.contains(&k.as_str()) {
                    *v = serde_json::Value::String("<redacted>".into());
                } else {
                    mask(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_mask_tokens_and_stay_short() {
        let e = excerpt(
            br#"{"access_token":"SECRET-TOKEN","nested":{"ticket":"T-1"},"expires_in":7200}"#,
        );
        assert!(!e.contains("SECRET-TOKEN") && !e.contains("T-1"), "{e}");
        assert!(e.contains("7200"));
        let long = format!("{{\"x\":\"{}\"}}", "é".repeat(1000));
        let e = excerpt(long.as_bytes());
        assert!(e.len() < 600 && e.ends_with("bytes)"), "{e}");
        assert_eq!(
            excerpt(b"<html>bad gateway</html>"),
            "<html>bad gateway</html>"
        );
    }
}
