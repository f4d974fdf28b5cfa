//! Signing and POSTing one callback the way WeChat does.
//!
//! `POST {url}?signature=&timestamp=&nonce=[&openid=][&encrypt_type=aes&msg_signature=]`
//! with the plaintext XML, or in safe mode (安全模式) with
//! `<xml><ToUserName>…</ToUserName><Encrypt>…</Encrypt></xml>` (`AppId` in place of
//! `ToUserName` for a platform's pushes).
//!
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html>

use rand::Rng;
use reqwest::Url;

use super::crypto::{url_signature, PushCrypto};
use super::message::cdata;
use crate::endpoints::unix_now;

/// How a callback's body is sealed.
#[derive(Clone, Copy, Debug)]
pub enum Sealing<'a> {
    /// Plaintext mode (明文模式): the XML as it is, signed with the Token.
    Plain {
        /// The callback settings' Token.
        token: &'a str,
    },
    /// Safe mode: encrypted, in an envelope holding `envelope_field`.
    Encrypted {
        /// The Token, EncodingAESKey and receiver appid.
        crypto: &'a PushCrypto,
        /// `("ToUserName", original id)` or `("AppId", component_appid)`.
        envelope_field: (&'a str, &'a str),
    },
}

/// The receiver's answer to one callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body, whole.
    pub body: String,
}

/// Parses a callback URL: `http` or `https` only.
pub fn check_url(url: &str) -> Result<Url, String> {
    let parsed = Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    match parsed.scheme() {
        "http" | "https" => Ok(parsed),
        other => Err(format!(
            "{url:?}: expected an http or https URL, not {other}"
        )),
    }
}

/// Signs `xml` (sealed as `sealing` says), POSTs it to `url` with `openid` in the
/// query when given, and returns the answer. `Err` when the URL is not http(s) or
/// nothing answered.
pub async fn post_signed(
    client: &reqwest::Client,
    url: &str,
    sealing: Sealing<'_>,
    openid: Option<&str>,
    xml: &str,
) -> Result<Answer, String> {
    let mut target = check_url(url)?;
    let timestamp = unix_now().to_string();
    let nonce = rand::rng()
        .random_range(100_000_000u32..4_000_000_000)
        .to_string();
    let body = {
        let mut query = target.query_pairs_mut();
        match sealing {
            Sealing::Plain { token } => {
                query.append_pair("signature", &url_signature(token, &timestamp, &nonce));
                query.append_pair("timestamp", &timestamp);
                query.append_pair("nonce", &nonce);
                if let Some(openid) = openid {
                    query.append_pair("openid", openid);
                }
                xml.to_owned()
            }
            Sealing::Encrypted {
                crypto,
                envelope_field: (name, value),
            } => {
                let encrypt = crypto.encrypt(xml, &rand::random());
                query.append_pair("signature", &crypto.signature(&timestamp, &nonce));
                query.append_pair("timestamp", &timestamp);
                query.append_pair("nonce", &nonce);
                if let Some(openid) = openid {
                    query.append_pair("openid", openid);
                }
                query.append_pair("encrypt_type", "aes");
                query.append_pair(
                    "msg_signature",
                    &crypto.msg_signature(&timestamp, &nonce, &encrypt),
                );
                format!(
                    "<xml>{}{}</xml>",
                    cdata(name, value),
                    cdata("Encrypt", &encrypt)
                )
            }
        }
    };
    let answer = client
        .post(target)
        .header(reqwest::header::CONTENT_TYPE, "text/xml")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("POST to {url} failed: {e}"))?;
    let status = answer.status().as_u16();
    let body = answer
        .text()
        .await
        .map_err(|e| format!("the answer of {url} broke off: {e}"))?;
    Ok(Answer { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http() {
        assert!(check_url("http://127.0.0.1:1/events?x=1").is_ok());
        assert!(check_url("https://example.com/").is_ok());
        assert!(check_url("ftp://example.com/")
            .unwrap_err()
            .contains("http"));
        assert!(check_url("not a url").is_err());
    }
}
