//! Reading a receiver's reply as WeChat would: `success` or an empty body, a
//! passive reply (被动回复) in plaintext XML, or in safe mode
//! `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`, whose signature
//! is checked and whose `Encrypt` is decrypted.
//!
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html>

use serde::{Deserialize, Serialize};

use super::crypto::PushCrypto;

/// What a reply says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reply {
    /// `success` or an empty body: nothing is shown to the user.
    Empty,
    /// A passive reply: its plaintext XML (decrypted in safe mode).
    Message {
        /// The reply's XML.
        xml: String,
    },
    /// A reply WeChat would not accept, and why.
    Refused {
        /// What is wrong with it.
        problem: String,
    },
}

/// The encrypted reply's fields.
#[derive(Debug, Deserialize)]
struct EncryptedReply {
    #[serde(rename = "Encrypt")]
    encrypt: String,
    #[serde(rename = "MsgSignature")]
    msg_signature: String,
    #[serde(rename = "TimeStamp")]
    timestamp: String,
    #[serde(rename = "Nonce")]
    nonce: String,
}

/// Reads `body`, the answer to a callback sent in plaintext (`crypto` `None`)
/// or safe mode.
pub fn read(body: &str, crypto: Option<&PushCrypto>) -> Reply {
    let trimmed = body.trim();
    if trimmed.is_empty() || trimmed == "success" {
        return Reply::Empty;
    }
    if !trimmed.starts_with('<') {
        return Reply::Refused {
            problem: format!("the reply is neither `success`, empty nor XML: {trimmed:.80}"),
        };
    }
    let Some(crypto) = crypto else {
        return Reply::Message {
            xml: trimmed.to_owned(),
        };
    };
    match decrypt(trimmed, crypto) {
        Ok(xml) => Reply::Message { xml },
        Err(problem) => Reply::Refused { problem },
    }
}

fn decrypt(body: &str, crypto: &PushCrypto) -> Result<String, String> {
    let reply: EncryptedReply = quick_xml::de::from_str(body).map_err(|e| {
        format!("the callback is in safe mode, and the reply is not the encrypted XML (Encrypt, MsgSignature, TimeStamp, Nonce): {e}")
    })?;
    let expected = crypto.msg_signature(&reply.timestamp, &reply.nonce, &reply.encrypt);
    if expected != reply.msg_signature {
        return Err(format!(
            "the reply's MsgSignature {} is not the SHA-1 of the Token, TimeStamp, Nonce and Encrypt",
            reply.msg_signature
        ));
    }
    crypto
        .decrypt(&reply.encrypt)
        .map_err(|e| format!("the reply's Encrypt: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::callback::message::cdata;

    const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    fn encrypted(crypto: &PushCrypto, xml: &str, signature: Option<&str>) -> String {
        let encrypt = crypto.encrypt(xml, b"0123456789abcdef");
        let signed = crypto.msg_signature("1409304348", "xxxxxx", &encrypt);
        format!(
            "<xml>{}{}<TimeStamp>1409304348</TimeStamp>{}</xml>",
            cdata("Encrypt", &encrypt),
            cdata("MsgSignature", signature.unwrap_or(&signed)),
            cdata("Nonce", "xxxxxx")
        )
    }

    #[test]
    fn success_and_empty_bodies_show_nothing() {
        for body in ["", "success", " success\n"] {
            assert_eq!(read(body, None), Reply::Empty);
        }
    }

    #[test]
    fn encrypted_replies_are_checked_and_decrypted() {
        let crypto = PushCrypto::new("tok", KEY, "wxapp").unwrap();
        let xml = "<xml><Content><![CDATA[hi]]></Content></xml>";
        assert_eq!(
            read(&encrypted(&crypto, xml, None), Some(&crypto)),
            Reply::Message { xml: xml.into() }
        );
        let forged = read(&encrypted(&crypto, xml, Some("0000")), Some(&crypto));
        assert!(
            matches!(&forged, Reply::Refused { problem } if problem.contains("MsgSignature")),
            "{forged:?}"
        );
        let plain = read(xml, Some(&crypto));
        assert!(
            matches!(&plain, Reply::Refused { problem } if problem.contains("safe mode")),
            "{plain:?}"
        );
        let other = PushCrypto::new("tok", KEY, "wxother").unwrap();
        let wrong = read(&encrypted(&other, xml, None), Some(&crypto));
        assert!(
            matches!(&wrong, Reply::Refused { problem } if problem.contains("wxother")),
            "{wrong:?}"
        );
    }

    #[test]
    fn plaintext_replies_are_shown_as_they_are() {
        let xml = "<xml><MsgType><![CDATA[text]]></MsgType></xml>";
        assert_eq!(read(xml, None), Reply::Message { xml: xml.into() });
        assert!(matches!(read("oops", None), Reply::Refused { .. }));
    }
}
