//! [`CallbackApp`]: one receiver's callback settings, with key rotation.

use std::fmt;

use crate::crypto::MessageCrypto;
use crate::{Error, Secret};

/// One Token (+ EncodingAESKey) the app accepts.
#[derive(Clone)]
pub(crate) struct CallbackKey {
    pub(crate) token: Secret,
    pub(crate) crypto: Option<MessageCrypto>,
}

impl fmt::Debug for CallbackKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackKey")
            .field("token", &self.token)
            .field("encrypted", &self.crypto.is_some())
            .finish()
    }
}

/// The callback settings of one receiver (an Official Account, a mini program,
/// a third-party platform, or a WeCom app): its id, Token and EncodingAESKey.
///
/// During a key change, add the previous Token / EncodingAESKey with
/// [`with_previous_key`](Self::with_previous_key): requests signed or encrypted
/// with either are accepted, and the reply is encrypted with the key that worked.
/// `Debug` shows no secret.
/// Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Technical_Plan.html>
#[derive(Debug, Clone)]
pub struct CallbackApp {
    pub(crate) appid: String,
    pub(crate) original_id: Option<String>,
    pub(crate) keys: Vec<CallbackKey>,
    pub(crate) require_encryption: bool,
}

impl CallbackApp {
    /// An app in plaintext mode: only the Token is needed.
    pub fn plaintext(appid: &str, token: &str) -> CallbackApp {
        CallbackApp {
            appid: appid.to_owned(),
            original_id: None,
            keys: vec![CallbackKey {
                token: Secret::new(token),
                crypto: None,
            }],
            require_encryption: false,
        }
    }

    /// An app in compatible or safe mode. `appid` is the receiver id the
    /// plaintexts end with (appid, component_appid or corpid).
    ///
    /// Errors: [`Error::Crypto`] when the EncodingAESKey is not 43 base64 characters.
    pub fn encrypted(
        appid: &str,
        token: &str,
        encoding_aes_key: &str,
    ) -> Result<CallbackApp, Error> {
        Ok(CallbackApp {
            appid: appid.to_owned(),
            original_id: None,
            keys: vec![CallbackKey {
                token: Secret::new(token),
                crypto: Some(MessageCrypto::new(token, encoding_aes_key, appid)?),
            }],
            require_encryption: false,
        })
    }

    /// Also accepts the previous Token and (optionally) EncodingAESKey, tried
    /// after the current ones. Errors as [`encrypted`](Self::encrypted).
    pub fn with_previous_key(
        mut self,
        token: &str,
        encoding_aes_key: Option<&str>,
    ) -> Result<CallbackApp, Error> {
        let crypto = match encoding_aes_key {
            Some(key) => Some(MessageCrypto::new(token, key, &self.appid)?),
            None => None,
        };
        self.keys.push(CallbackKey {
            token: Secret::new(token),
            crypto,
        });
        Ok(self)
    }

    /// The account's original id (`gh_...`), the `ToUserName` of its pushes:
    /// used to pick the app when one URL serves several.
    pub fn with_original_id(mut self, original_id: &str) -> CallbackApp {
        self.original_id = Some(original_id.to_owned());
        self
    }

    /// Safe mode: refuse plaintext requests (default: accept them).
    pub fn require_encryption(mut self, require: bool) -> CallbackApp {
        self.require_encryption = require;
        self
    }

    /// The receiver id.
    pub fn appid(&self) -> &str {
        &self.appid
    }

    /// Whether `name` (a `ToUserName` or `AppId`) designates this app.
    pub(crate) fn answers_to(&self, name: &str) -> bool {
        name == self.appid || self.original_id.as_deref() == Some(name)
    }
}
