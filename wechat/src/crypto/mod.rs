//! Callback message signatures and encryption (the "safe mode" of WeChat message push).
//!
//! - [`check_signature`]: the URL `signature` of plaintext mode and of the GET handshake.
//! - [`MessageCrypto`]: `msg_signature`, AES-256-CBC with 32-byte PKCS#7 padding,
//!   the receiver-id check, and the encrypted reply envelope.
//! - [`decrypt_user_data`], [`decrypt_user_data_for_app`], [`check_raw_data_signature`]:
//!   mini-program user data (AES-128-CBC `encryptedData`, the `rawData` signature).
//!
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Technical_Plan.html>,
//! <https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html>,
//! <https://developer.work.weixin.qq.com/document/path/91144>.

mod aes_cbc;
mod envelope;
mod error;
mod message_crypto;
mod padding;
mod signature;
mod user_data;

pub use envelope::{EncryptedEnvelope, EncryptedReply};
pub use error::CryptoError;
pub use message_crypto::MessageCrypto;
pub use signature::check_signature;
pub(crate) use signature::signature_hex;
pub use user_data::{
    check_raw_data_signature, decrypt_user_data, decrypt_user_data_for_app, raw_data_signature,
    UserDataError,
};
