//! The encrypted envelope: reading `Encrypt` out of a request body and writing
//! the `Encrypt` / `MsgSignature` / `TimeStamp` / `Nonce` reply.
//!
//! Doc: <https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html>

use quick_xml::events::{BytesCData, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use serde::Deserialize;

use super::CryptoError;
use crate::message::BodyFormat;

/// The fields of an encrypted request body that matter before decryption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedEnvelope {
    /// The base64 `Encrypt` value.
    pub encrypt: String,
    /// `ToUserName` (an account's original id `gh_...`, or a corpid), when present.
    pub to_user_name: Option<String>,
    /// `AppId` (open-platform pushes), when present.
    pub app_id: Option<String>,
    /// Whether the body was XML or JSON.
    pub format: BodyFormat,
}

#[derive(Deserialize)]
struct XmlEnvelope {
    #[serde(rename = "Encrypt")]
    encrypt: Option<String>,
    #[serde(rename = "ToUserName")]
    to_user_name: Option<String>,
    #[serde(rename = "AppId")]
    app_id: Option<String>,
}

#[derive(Deserialize)]
struct JsonEnvelope {
    #[serde(rename = "Encrypt", alias = "encrypt")]
    encrypt: Option<String>,
    #[serde(rename = "ToUserName", alias = "tousername")]
    to_user_name: Option<String>,
    #[serde(rename = "AppId", alias = "appid")]
    app_id: Option<String>,
}

impl EncryptedEnvelope {
    /// Reads an XML (`<xml><Encrypt>...`) or JSON (`{"Encrypt": ...}`, also the
    /// lowercase keys WeCom uses) envelope.
    ///
    /// Errors: [`CryptoError::Envelope`] when the body is not well-formed,
    /// [`CryptoError::MissingEncrypt`] when it has no non-empty `Encrypt`.
    /// XML DTDs are never processed (quick-xml does not expand custom entities).
    pub fn parse(body: &str) -> Result<Self, CryptoError> {
        let format = BodyFormat::detect(body);
        let (encrypt, to_user_name, app_id) = match format {
            BodyFormat::Xml => {
                let env: XmlEnvelope = quick_xml::de::from_str(body)
                    .map_err(|e| CryptoError::Envelope(e.to_string()))?;
                (env.encrypt, env.to_user_name, env.app_id)
            }
            BodyFormat::Json => {
                let env: JsonEnvelope =
                    serde_json::from_str(body).map_err(|e| CryptoError::Envelope(e.to_string()))?;
                (env.encrypt, env.to_user_name, env.app_id)
            }
        };
        match encrypt {
            Some(encrypt) if !encrypt.trim().is_empty() => Ok(Self {
                encrypt: encrypt.trim().to_owned(),
                to_user_name,
                app_id,
                format,
            }),
            _ => Err(CryptoError::MissingEncrypt),
        }
    }
}

/// An encrypted passive reply: the four fields WeChat expects back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedReply {
    /// base64 ciphertext of the reply.
    pub encrypt: String,
    /// `sha1(sort(token, timestamp, nonce, encrypt))`, lowercase hex.
    pub msg_signature: String,
    /// Unix time in seconds.
    pub timestamp: i64,
    /// The nonce (usually the request's).
    pub nonce: String,
}

impl EncryptedReply {
    /// The XML envelope, laid out as the official samples and wechatpy write it:
    /// `<xml>\n<Encrypt><![CDATA[..]]></Encrypt>\n<MsgSignature>..\n<TimeStamp>..\n<Nonce>..\n</xml>`.
    pub fn to_xml(&self) -> String {
        let mut writer = Writer::new(Vec::with_capacity(self.encrypt.len() + 160));
        let timestamp = self.timestamp.to_string();
        let mut events = vec![Event::Start(BytesStart::new("xml"))];
        for (name, value, cdata) in [
            ("Encrypt", self.encrypt.as_str(), true),
            ("MsgSignature", self.msg_signature.as_str(), true),
            ("TimeStamp", timestamp.as_str(), false),
            ("Nonce", self.nonce.as_str(), true),
        ] {
            events.push(Event::Text(BytesText::from_escaped("\n")));
            events.push(Event::Start(BytesStart::new(name)));
            if cdata {
                events.extend(BytesCData::escaped(value).map(Event::CData));
            } else {
                events.push(Event::Text(BytesText::new(value)));
            }
            events.push(Event::End(BytesEnd::new(name)));
        }
        events.push(Event::Text(BytesText::from_escaped("\n")));
        events.push(Event::End(BytesEnd::new("xml")));
        for event in events {
            // Writing to a Vec cannot fail.
            let _ = writer.write_event(event);
        }
        String::from_utf8(writer.into_inner()).unwrap_or_default()
    }

    /// The JSON envelope for mini programs in JSON mode:
    /// `{"Encrypt": "..", "MsgSignature": "..", "TimeStamp": 1, "Nonce": ".."}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "Encrypt": self.encrypt,
            "MsgSignature": self.msg_signature,
            "TimeStamp": self.timestamp,
            "Nonce": self.nonce,
        })
        .to_string()
    }

    /// [`to_xml`](Self::to_xml) or [`to_json`](Self::to_json) by `format`.
    pub fn render(&self, format: BodyFormat) -> String {
        match format {
            BodyFormat::Xml => self.to_xml(),
            BodyFormat::Json => self.to_json(),
        }
    }
}
