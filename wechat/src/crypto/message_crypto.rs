//! [`MessageCrypto`]: one app's Token + EncodingAESKey + receiver id.

use std::fmt;

use super::aes_cbc::AesCbcKey;
use super::envelope::{EncryptedEnvelope, EncryptedReply};
use super::signature::{hex_to_string, sha1_sorted_hex, signature_matches};
use super::CryptoError;
use crate::{Error, Secret};

/// Signs, checks, encrypts and decrypts callback messages for one receiver.
///
/// Built from the three values of the callback settings: the Token, the
/// 43-character EncodingAESKey and the receiver id (the appid of an Official
/// Account or mini program, the `component_appid` of a third-party platform, or
/// a WeCom corpid / suite id). `Debug` shows the receiver id only; the Token and
/// the key are redacted. Cheap to clone (the AES key schedule is computed once).
///
/// Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Technical_Plan.html>
#[derive(Clone)]
pub struct MessageCrypto {
    token: Secret,
    key: AesCbcKey,
    appid: String,
}

impl fmt::Debug for MessageCrypto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageCrypto")
            .field("token", &self.token)
            .field("encoding_aes_key", &Secret::default())
            .field("appid", &self.appid)
            .finish()
    }
}

impl MessageCrypto {
    /// Creates the crypto for one receiver.
    ///
    /// - `token`: the callback Token (any string WeChat accepted).
    /// - `encoding_aes_key`: 43 characters from `[a-zA-Z0-9]`; the AES key is
    ///   `base64_decode(encoding_aes_key + "=")`, 32 bytes.
    /// - `appid`: the receiver id the plaintexts must end with.
    ///
    /// Errors: [`Error::Crypto`] with [`CryptoError::InvalidEncodingAesKey`].
    pub fn new(token: &str, encoding_aes_key: &str, appid: &str) -> Result<MessageCrypto, Error> {
        Ok(MessageCrypto {
            token: Secret::new(token),
            key: AesCbcKey::from_encoding_aes_key(encoding_aes_key)?,
            appid: appid.to_owned(),
        })
    }

    /// The receiver id (appid / component_appid / corpid) this instance checks.
    pub fn appid(&self) -> &str {
        &self.appid
    }

    /// Checks a plaintext-mode URL `signature` (`sha1(sort(token, timestamp, nonce))`)
    /// with this instance's Token. See [`check_signature`](super::check_signature).
    pub fn check_signature(&self, signature: &str, timestamp: &str, nonce: &str) -> bool {
        super::check_signature(self.token.expose(), signature, timestamp, nonce)
    }

    /// `msg_signature` = lowercase hex `sha1(sort(token, timestamp, nonce, encrypt))`.
    pub fn msg_signature(&self, timestamp: &str, nonce: &str, encrypt: &str) -> String {
        hex_to_string(&sha1_sorted_hex(&mut [
            self.token.expose(),
            timestamp,
            nonce,
            encrypt,
        ]))
    }

    fn verify_msg_signature(
        &self,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
        encrypt: &str,
    ) -> Result<(), CryptoError> {
        let expected = sha1_sorted_hex(&mut [self.token.expose(), timestamp, nonce, encrypt]);
        if signature_matches(&expected, msg_signature) {
            Ok(())
        } else {
            Err(CryptoError::SignatureMismatch)
        }
    }

    /// Answers the encrypted URL check (WeCom, and open-platform style
    /// `GET ?msg_signature&timestamp&nonce&echostr`): verifies `msg_signature`
    /// over the `echostr` ciphertext and returns the decrypted echo, which is
    /// the response body to send.
    ///
    /// `echostr` must be URL-decoded already. Errors: as [`decrypt`](Self::decrypt).
    /// Doc: <https://developer.work.weixin.qq.com/document/path/91116>
    pub fn verify_url(
        &self,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
        echostr: &str,
    ) -> Result<String, Error> {
        self.decrypt(msg_signature, timestamp, nonce, echostr)
    }

    /// Decrypts an encrypted callback body.
    ///
    /// `body` is the POST body: the XML envelope `<xml><ToUserName/><Encrypt/></xml>`
    /// or the JSON one `{"ToUserName": "", "Encrypt": ""}`. The query's
    /// `msg_signature`, `timestamp` and `nonce` are checked first; then the
    /// ciphertext is decrypted, unpadded, and its receiver id compared with
    /// [`appid`](Self::appid). Returns the plaintext message (XML or JSON text).
    ///
    /// Errors ([`Error::Crypto`]): [`CryptoError::Envelope`], [`CryptoError::MissingEncrypt`],
    /// then those of [`decrypt`](Self::decrypt).
    pub fn decrypt_message(
        &self,
        body: &str,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
    ) -> Result<String, Error> {
        let envelope = EncryptedEnvelope::parse(body)?;
        self.decrypt(msg_signature, timestamp, nonce, &envelope.encrypt)
    }

    /// Verifies `msg_signature` over `encrypt`, then decrypts it (the core of
    /// [`decrypt_message`](Self::decrypt_message), without the envelope).
    ///
    /// Errors ([`Error::Crypto`]), in the order checked:
    /// [`CryptoError::SignatureMismatch`], [`CryptoError::Base64`],
    /// [`CryptoError::CiphertextLength`], [`CryptoError::Padding`],
    /// [`CryptoError::LengthPrefix`], [`CryptoError::AppIdMismatch`], [`CryptoError::NotUtf8`].
    pub fn decrypt(
        &self,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
        encrypt: &str,
    ) -> Result<String, Error> {
        self.verify_msg_signature(msg_signature, timestamp, nonce, encrypt)?;
        Ok(self.decrypt_unverified(encrypt)?)
    }

    /// Decrypts `encrypt` **without** checking any signature: for a caller that
    /// has verified `msg_signature` itself. Errors as [`decrypt`](Self::decrypt),
    /// less the signature check.
    pub fn decrypt_unverified(&self, encrypt: &str) -> Result<String, CryptoError> {
        let opened = self.key.open(encrypt)?;
        let (message, receiver) = opened.message.split_at(opened.receiver_at);
        if receiver != self.appid.as_bytes() {
            return Err(CryptoError::AppIdMismatch {
                expected: self.appid.clone(),
                actual: String::from_utf8_lossy(receiver).into_owned(),
            });
        }
        let len = message.len();
        let mut message = opened.message;
        message.truncate(len);
        String::from_utf8(message).map_err(|_| CryptoError::NotUtf8)
    }

    /// Encrypts a passive reply and returns the XML envelope
    /// (`Encrypt`, `MsgSignature`, `TimeStamp`, `Nonce`).
    ///
    /// - `reply`: the plaintext reply XML.
    /// - `nonce`: any string; echoing the request's nonce is usual.
    /// - `timestamp`: Unix time in seconds.
    ///
    /// The 16-byte random prefix comes from the thread-local CSPRNG.
    /// The `Result` is for forward compatibility; no error is returned today.
    pub fn encrypt_message(
        &self,
        reply: &str,
        nonce: &str,
        timestamp: i64,
    ) -> Result<String, Error> {
        Ok(self
            .encrypt_reply(reply, nonce, timestamp, &rand::random())
            .to_xml())
    }

    /// Like [`encrypt_message`](Self::encrypt_message) but with a caller-chosen
    /// 16-byte random prefix (deterministic output, for tests and vectors), and
    /// returning the fields rather than the XML.
    pub fn encrypt_reply(
        &self,
        reply: &str,
        nonce: &str,
        timestamp: i64,
        random: &[u8; 16],
    ) -> EncryptedReply {
        let encrypt = self.encrypt(reply, random);
        let msg_signature = self.msg_signature(&timestamp.to_string(), nonce, &encrypt);
        EncryptedReply {
            encrypt,
            msg_signature,
            timestamp,
            nonce: nonce.to_owned(),
        }
    }

    /// The base64 `Encrypt` value of `plaintext` with the given 16-byte random prefix.
    pub fn encrypt(&self, plaintext: &str, random: &[u8; 16]) -> String {
        self.key
            .seal(random, plaintext.as_bytes(), self.appid.as_bytes())
    }
}
