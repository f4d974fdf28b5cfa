//! Triggering a callback: one message or event built, signed, encrypted when
//! the target has an EncodingAESKey, POSTed to the target's URL, and its reply
//! read back, the way WeChat would; for trying a callback handler locally
//! (`wechat-sim push`, `POST /sim/push`, or [`trigger`] from a test).

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::crypto::PushCrypto;
use super::message::{CallbackMessage, Parties};
use super::reply::{self, Reply};
use super::send::{post_signed, Sealing};
use crate::endpoints::unix_now;

/// How long a triggered callback waits for the receiver (WeChat waits 5 s).
pub const TRIGGER_TIMEOUT: Duration = Duration::from_secs(5);

/// Where a callback goes and what it is signed and encrypted with. `Debug` shows
/// no Token or key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackTarget {
    /// The callback URL, `http://` or `https://`.
    pub url: String,
    /// The receiver's appid (a platform's `component_appid` for its pushes): the
    /// receiver id inside the ciphertext.
    pub appid: String,
    /// The callback settings' Token.
    pub token: String,
    /// The 43-character EncodingAESKey for safe mode; `None` for plaintext mode.
    #[serde(default)]
    pub encoding_aes_key: Option<String>,
    /// `ToUserName` and `FromUserName` of user messages.
    #[serde(flatten)]
    pub parties: Parties,
}

impl fmt::Debug for CallbackTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackTarget")
            .field("url", &self.url)
            .field("appid", &self.appid)
            .field("encrypted", &self.encoding_aes_key.is_some())
            .field("parties", &self.parties)
            .finish_non_exhaustive()
    }
}

/// How a triggered callback went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerOutcome {
    /// The plaintext XML sent (encrypted on the wire in safe mode).
    pub sent: String,
    /// The receiver's HTTP status.
    pub status: u16,
    /// The receiver's body, as it came.
    pub body: String,
    /// The reply, read as WeChat would (decrypted in safe mode).
    pub reply: Reply,
}

impl TriggerOutcome {
    /// A 2xx answer with a reply WeChat accepts.
    pub fn accepted(&self) -> bool {
        (200..300).contains(&self.status) && !matches!(self.reply, Reply::Refused { .. })
    }
}

/// Sends `message` to `target` and reads the reply. `Err` says what stopped it
/// before an answer: a bad URL or EncodingAESKey, a platform push without a key
/// (a platform's pushes are always encrypted), or no answer within 5 s.
pub async fn trigger(
    target: &CallbackTarget,
    message: &CallbackMessage,
) -> Result<TriggerOutcome, String> {
    let crypto = match &target.encoding_aes_key {
        Some(key) => Some(
            PushCrypto::new(&target.token, key, &target.appid)
                .map_err(|e| format!("the EncodingAESKey: {e}"))?,
        ),
        None if message.is_platform_push() => {
            return Err(
                "a third-party platform's pushes are always encrypted: give its EncodingAESKey"
                    .to_owned(),
            )
        }
        None => None,
    };
    let sent = message.plaintext(
        &target.appid,
        &target.parties,
        unix_now(),
        rand::random_range(1_000_000_000_000_000u64..10_000_000_000_000_000),
    );
    let (sealing, openid) = match &crypto {
        None => (
            Sealing::Plain {
                token: &target.token,
            },
            Some(target.parties.from_user.as_str()),
        ),
        Some(crypto) if message.is_platform_push() => (
            Sealing::Encrypted {
                crypto,
                envelope_field: ("AppId", &target.appid),
            },
            None,
        ),
        Some(crypto) => (
            Sealing::Encrypted {
                crypto,
                envelope_field: ("ToUserName", &target.parties.to_user),
            },
            Some(target.parties.from_user.as_str()),
        ),
    };
    let client = reqwest::Client::builder()
        .timeout(TRIGGER_TIMEOUT)
        .no_proxy()
        .build()
        .map_err(|e| format!("no HTTP client: {e}"))?;
    let answer = post_signed(&client, &target.url, sealing, openid, &sent).await?;
    let reply = reply::read(&answer.body, crypto.as_ref());
    Ok(TriggerOutcome {
        sent,
        status: answer.status,
        body: answer.body,
        reply,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(key: Option<&str>) -> CallbackTarget {
        CallbackTarget {
            url: "http://127.0.0.1:1/wechat".into(),
            appid: "wxapp".into(),
            token: "the-token".into(),
            encoding_aes_key: key.map(str::to_owned),
            parties: Parties::default(),
        }
    }

    #[tokio::test]
    async fn mistakes_are_told_before_anything_is_sent() {
        let ticket = CallbackMessage::ComponentVerifyTicket { ticket: "t".into() };
        let err = trigger(&target(None), &ticket).await.unwrap_err();
        assert!(err.contains("always encrypted"), "{err}");
        let err = trigger(&target(Some("short")), &CallbackMessage::Subscribe)
            .await
            .unwrap_err();
        assert!(err.contains("43"), "{err}");
        let mut ftp = target(None);
        ftp.url = "ftp://x/".into();
        let err = trigger(&ftp, &CallbackMessage::Subscribe)
            .await
            .unwrap_err();
        assert!(err.contains("http"), "{err}");
    }

    #[test]
    fn debug_shows_no_secret() {
        let shown = format!(
            "{:?}",
            target(Some("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"))
        );
        assert!(
            !shown.contains("the-token") && !shown.contains("abcdefg"),
            "{shown}"
        );
        assert!(shown.contains("wxapp"), "{shown}");
    }

    #[test]
    fn targets_read_from_json_with_default_parties() {
        let t: CallbackTarget = serde_json::from_str(
            r#"{"url":"http://127.0.0.1:8080/wechat","appid":"wx1","token":"t"}"#,
        )
        .unwrap();
        assert_eq!(t.encoding_aes_key, None);
        assert_eq!(t.parties, Parties::default());
    }
}
