//! [`CallbackQuery`]: the query parameters WeChat adds to the callback URL.

use serde::Deserialize;

/// The callback URL's query parameters.
///
/// `signature`, `timestamp`, `nonce` always; `openid` on user messages;
/// `encrypt_type=aes` and `msg_signature` in compatible and safe mode;
/// `echostr` on the GET handshake. Values are URL-decoded.
/// Doc: <https://developers.weixin.qq.com/doc/oplatform/developers/dev/push/encryption.html>
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CallbackQuery {
    /// `signature`: `sha1(sort(token, timestamp, nonce))`.
    pub signature: Option<String>,
    /// `timestamp`: Unix time in seconds, as text.
    pub timestamp: Option<String>,
    /// `nonce`: a random string.
    pub nonce: Option<String>,
    /// `openid`: the sender, on user messages.
    pub openid: Option<String>,
    /// `encrypt_type`: `aes` when the body is encrypted (`raw` or absent otherwise).
    pub encrypt_type: Option<String>,
    /// `msg_signature`: `sha1(sort(token, timestamp, nonce, Encrypt))`.
    pub msg_signature: Option<String>,
    /// `echostr`: the GET handshake's challenge (ciphertext for encrypted URL checks).
    pub echostr: Option<String>,
}

impl CallbackQuery {
    /// Parses a raw query string (`a=1&b=2`, without the `?`), URL-decoding the values.
    /// Unknown parameters are ignored; the last of repeated ones wins.
    pub fn parse(query: &str) -> CallbackQuery {
        let mut q = CallbackQuery::default();
        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let slot = match key.as_ref() {
                "signature" => &mut q.signature,
                "timestamp" => &mut q.timestamp,
                "nonce" => &mut q.nonce,
                "openid" => &mut q.openid,
                "encrypt_type" => &mut q.encrypt_type,
                "msg_signature" => &mut q.msg_signature,
                "echostr" => &mut q.echostr,
                _ => continue,
            };
            *slot = Some(value.into_owned());
        }
        q
    }

    /// Whether `encrypt_type` says the body is encrypted (`aes`).
    pub fn is_encrypted(&self) -> bool {
        self.encrypt_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("aes"))
    }
}
