//! What WeChat POSTs to a platform's 授权事件接收URL: the
//! `component_verify_ticket` and the authorization events, encrypted, with
//! the signatures in the query. Every push and its outcome is recorded.
//!
//! `POST {url}?signature=&timestamp=&nonce=&encrypt_type=aes&msg_signature=`
//! with `<xml><AppId>…</AppId><Encrypt>…</Encrypt></xml>`; the receiver is
//! expected to answer `success`.
//!
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html>

use std::sync::Mutex;
use std::time::Duration;

use crate::callback::crypto::PushCrypto;
use crate::callback::message::cdata;
use crate::callback::send::{post_signed, Sealing};
use crate::endpoints::unix_now;
use crate::state::lock;

/// How long a push waits for the receiver.
pub const PUSH_TIMEOUT: Duration = Duration::from_secs(5);

/// The longest part of a receiver's answer kept in the record.
const REPLY_KEPT: usize = 200;

/// One push's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// `InfoType` `component_verify_ticket`.
    Ticket {
        /// The ticket.
        ticket: String,
    },
    /// `InfoType` `authorized`, or `updateauthorized` when `update`.
    Authorized {
        /// The account that authorized.
        authorizer_appid: String,
        /// Its authorization code.
        auth_code: String,
        /// When the code expires, Unix seconds.
        expired_time: u64,
        /// The pre_auth_code the authorization page was opened with.
        pre_auth_code: String,
        /// A change of a standing authorization.
        update: bool,
    },
    /// `InfoType` `unauthorized`.
    Unauthorized {
        /// The account that revoked its authorization.
        authorizer_appid: String,
    },
}

impl Event {
    /// The push's `InfoType`.
    pub fn info_type(&self) -> &'static str {
        match self {
            Event::Ticket { .. } => "component_verify_ticket",
            Event::Authorized { update: false, .. } => "authorized",
            Event::Authorized { update: true, .. } => "updateauthorized",
            Event::Unauthorized { .. } => "unauthorized",
        }
    }
}

/// The decrypted XML of a push from platform `component_appid`.
pub fn plaintext(component_appid: &str, create_time: u64, event: &Event) -> String {
    let mut xml = String::from("<xml>");
    xml.push_str(&cdata("AppId", component_appid));
    xml.push_str(&format!("<CreateTime>{create_time}</CreateTime>"));
    xml.push_str(&cdata("InfoType", event.info_type()));
    match event {
        Event::Ticket { ticket } => xml.push_str(&cdata("ComponentVerifyTicket", ticket)),
        Event::Authorized {
            authorizer_appid,
            auth_code,
            expired_time,
            pre_auth_code,
            ..
        } => {
            xml.push_str(&cdata("AuthorizerAppid", authorizer_appid));
            xml.push_str(&cdata("AuthorizationCode", auth_code));
            xml.push_str(&format!(
                "<AuthorizationCodeExpiredTime>{expired_time}</AuthorizationCodeExpiredTime>"
            ));
            xml.push_str(&cdata("PreAuthCode", pre_auth_code));
        }
        Event::Unauthorized { authorizer_appid } => {
            xml.push_str(&cdata("AuthorizerAppid", authorizer_appid));
        }
    }
    xml.push_str("</xml>");
    xml
}

/// How a push went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushStatus {
    /// The platform has no events URL: nothing was sent.
    NoUrl,
    /// The receiver answered with this HTTP status.
    Answered(u16),
    /// The push did not get an answer (connection refused, timeout, ...).
    Failed(String),
}

/// One push, as recorded by the simulator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushRecord {
    /// The platform pushed for.
    pub component_appid: String,
    /// Its `InfoType`.
    pub info_type: String,
    /// The URL pushed to, without the signature query.
    pub url: String,
    /// How it went.
    pub status: PushStatus,
    /// The start of the receiver's answer (`success` is expected), when it
    /// answered.
    pub reply: Option<String>,
}

/// Sends pushes and keeps their records.
#[derive(Debug)]
pub struct Pusher {
    client: Result<reqwest::Client, String>,
    log: Mutex<Vec<PushRecord>>,
}

impl Default for Pusher {
    fn default() -> Self {
        // Pushes go to the receiver itself, never through a proxy of the
        // environment.
        let client = reqwest::Client::builder()
            .timeout(PUSH_TIMEOUT)
            .no_proxy()
            .build()
            .map_err(|e| format!("no HTTP client for pushes: {e}"));
        Pusher {
            client,
            log: Mutex::new(Vec::new()),
        }
    }
}

impl Pusher {
    /// Encrypts `event` for platform `component_appid`, POSTs it to `url`
    /// (when there is one) and records the outcome.
    pub async fn deliver(
        &self,
        crypto: &PushCrypto,
        component_appid: &str,
        url: Option<&str>,
        event: &Event,
    ) -> PushStatus {
        let Some(url) = url else {
            self.record(component_appid, event, "", PushStatus::NoUrl, None);
            return PushStatus::NoUrl;
        };
        let xml = plaintext(component_appid, unix_now(), event);
        let (status, reply) = match self.send(crypto, component_appid, url, &xml).await {
            Ok((code, reply)) => (PushStatus::Answered(code), Some(reply)),
            Err(e) => (PushStatus::Failed(e), None),
        };
        self.record(component_appid, event, url, status.clone(), reply);
        status
    }

    async fn send(
        &self,
        crypto: &PushCrypto,
        component_appid: &str,
        url: &str,
        xml: &str,
    ) -> Result<(u16, String), String> {
        let client = self.client.as_ref().map_err(Clone::clone)?;
        let sealing = Sealing::Encrypted {
            crypto,
            envelope_field: ("AppId", component_appid),
        };
        let answer = post_signed(client, url, sealing, None, xml).await?;
        Ok((
            answer.status,
            answer.body.chars().take(REPLY_KEPT).collect(),
        ))
    }

    fn record(
        &self,
        component_appid: &str,
        event: &Event,
        url: &str,
        status: PushStatus,
        reply: Option<String>,
    ) {
        lock(&self.log).push(PushRecord {
            component_appid: component_appid.to_owned(),
            info_type: event.info_type().to_owned(),
            url: url.to_owned(),
            status,
            reply,
        });
    }

    /// Every push so far, oldest first.
    pub fn records(&self) -> Vec<PushRecord> {
        lock(&self.log).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaintexts_carry_the_documented_fields() {
        let ticket = Event::Ticket {
            ticket: "ticket@@@abc".into(),
        };
        assert_eq!(
            plaintext("wxc", 1413192605, &ticket),
            "<xml><AppId><![CDATA[wxc]]></AppId><CreateTime>1413192605</CreateTime>\
             <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
             <ComponentVerifyTicket><![CDATA[ticket@@@abc]]></ComponentVerifyTicket></xml>"
        );
        let update = Event::Authorized {
            authorizer_appid: "wxa".into(),
            auth_code: "queryauthcode@@@x".into(),
            expired_time: 1413196360,
            pre_auth_code: "preauthcode@@@y".into(),
            update: true,
        };
        let xml = plaintext("wxc", 1413192760, &update);
        assert!(xml.contains("<InfoType><![CDATA[updateauthorized]]></InfoType>"));
        assert!(xml.contains("<AuthorizerAppid><![CDATA[wxa]]></AuthorizerAppid>"));
        assert!(
            xml.contains("<AuthorizationCodeExpiredTime>1413196360</AuthorizationCodeExpiredTime>")
        );
        assert!(xml.contains("<PreAuthCode><![CDATA[preauthcode@@@y]]></PreAuthCode>"));
        let gone = Event::Unauthorized {
            authorizer_appid: "wxa".into(),
        };
        let xml = plaintext("wxc", 1, &gone);
        assert!(xml.contains("unauthorized") && !xml.contains("AuthorizationCode"));
    }

    #[tokio::test]
    async fn a_push_without_url_or_receiver_is_recorded() {
        let pusher = Pusher::default();
        let crypto =
            PushCrypto::new("t", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxc").unwrap();
        let event = Event::Unauthorized {
            authorizer_appid: "wxa".into(),
        };
        assert_eq!(
            pusher.deliver(&crypto, "wxc", None, &event).await,
            PushStatus::NoUrl
        );
        // A port that was free a moment ago: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/");
        let refused = pusher.deliver(&crypto, "wxc", Some(&url), &event).await;
        assert!(matches!(refused, PushStatus::Failed(_)), "{refused:?}");
        let records = pusher.records();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].info_type, "unauthorized");
        assert_eq!(records[1].url, url);
        assert_eq!(records[1].reply, None);
    }
}
