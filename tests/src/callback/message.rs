//! The messages and events a callback URL receives, in the plaintext XML WeChat
//! sends: an account's user messages and events (to its 服务器地址), and a
//! third-party platform's pushes (to its 授权事件接收URL).
//!
//! Docs: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html>,
//! <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/authorize_event.html>

use serde::{Deserialize, Serialize};

use crate::component::push::{self as component_push, Event};

/// How long a pushed `authorized` event's `AuthorizationCode` is valid, seconds.
const AUTH_CODE_TTL_SECS: u64 = 3600;

/// One message or event to push, as `{"type": "text", "content": "hello"}` in JSON, or
/// as the `wechat-sim push` subcommand `text hello`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, clap::Subcommand)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CallbackMessage {
    /// A user's text message (`MsgType` `text`).
    Text {
        /// `Content`.
        content: String,
    },
    /// A user followed the account (`Event` `subscribe`).
    Subscribe,
    /// A user unfollowed it (`Event` `unsubscribe`).
    Unsubscribe,
    /// A menu button of type `click` (`Event` `CLICK`).
    Click {
        /// The button's `key` (`EventKey`).
        key: String,
    },
    /// A menu button of type `view` (`Event` `VIEW`).
    View {
        /// The page opened (`EventKey`).
        url: String,
    },
    /// A follower scanned a parametric QR code (`Event` `SCAN`).
    Scan {
        /// The code's scene value (`EventKey`).
        scene: String,
        /// The code's `Ticket`.
        ticket: String,
    },
    /// A follower's position (`Event` `LOCATION`), degrees; `precision` in metres.
    #[command(allow_negative_numbers = true)]
    Location {
        /// `Latitude`.
        latitude: f64,
        /// `Longitude`.
        longitude: f64,
        /// `Precision`.
        #[serde(default)]
        #[arg(long, default_value_t = 0.0)]
        precision: f64,
    },
    /// A platform's `component_verify_ticket` (`InfoType`; needs the EncodingAESKey).
    #[command(name = "ticket")]
    ComponentVerifyTicket {
        /// `ComponentVerifyTicket`.
        ticket: String,
    },
    /// An account authorized the platform (`InfoType` `authorized`; needs the
    /// EncodingAESKey).
    Authorized {
        /// `AuthorizerAppid`.
        authorizer_appid: String,
        /// `AuthorizationCode`.
        #[arg(long, default_value = "queryauthcode@@@wechat-sim")]
        auth_code: String,
    },
    /// An account revoked its authorization (`InfoType` `unauthorized`; needs the
    /// EncodingAESKey).
    Unauthorized {
        /// `AuthorizerAppid`.
        authorizer_appid: String,
    },
}

/// Who a user message is between: the account's original id (`gh_…`,
/// `ToUserName`) and the user's openid (`FromUserName`, also the URL's `openid`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Parties {
    /// `ToUserName`: the account's original id.
    pub to_user: String,
    /// `FromUserName`: the user's openid.
    pub from_user: String,
}

impl Default for Parties {
    /// The ids of the official documentation's examples.
    fn default() -> Self {
        Parties {
            to_user: "gh_3dfda90e39d6".to_owned(),
            from_user: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M".to_owned(),
        }
    }
}

impl CallbackMessage {
    /// A third-party platform's push (with the platform's appid in `AppId`, and
    /// always encrypted), not a user's message.
    pub fn is_platform_push(&self) -> bool {
        matches!(
            self,
            CallbackMessage::ComponentVerifyTicket { .. }
                | CallbackMessage::Authorized { .. }
                | CallbackMessage::Unauthorized { .. }
        )
    }

    /// The plaintext XML of this message to `appid` (the platform's appid for a
    /// platform push), created at `create_time` (Unix seconds), with `msg_id`
    /// for a text message.
    pub fn plaintext(
        &self,
        appid: &str,
        parties: &Parties,
        create_time: u64,
        msg_id: u64,
    ) -> String {
        if let Some(event) = self.platform_event(create_time) {
            return component_push::plaintext(appid, create_time, &event);
        }
        let mut xml = String::from("<xml>");
        xml.push_str(&cdata("ToUserName", &parties.to_user));
        xml.push_str(&cdata("FromUserName", &parties.from_user));
        xml.push_str(&format!("<CreateTime>{create_time}</CreateTime>"));
        match self {
            CallbackMessage::Text { content } => {
                xml.push_str(&cdata("MsgType", "text"));
                xml.push_str(&cdata("Content", content));
                xml.push_str(&format!("<MsgId>{msg_id}</MsgId>"));
            }
            CallbackMessage::Subscribe => xml.push_str(&event("subscribe")),
            CallbackMessage::Unsubscribe => xml.push_str(&event("unsubscribe")),
            CallbackMessage::Click { key } => {
                xml.push_str(&event("CLICK"));
                xml.push_str(&cdata("EventKey", key));
            }
            CallbackMessage::View { url } => {
                xml.push_str(&event("VIEW"));
                xml.push_str(&cdata("EventKey", url));
            }
            CallbackMessage::Scan { scene, ticket } => {
                xml.push_str(&event("SCAN"));
                xml.push_str(&cdata("EventKey", scene));
                xml.push_str(&cdata("Ticket", ticket));
            }
            CallbackMessage::Location {
                latitude,
                longitude,
                precision,
            } => {
                xml.push_str(&event("LOCATION"));
                xml.push_str(&format!(
                    "<Latitude>{latitude}</Latitude><Longitude>{longitude}</Longitude>\
                     <Precision>{precision}</Precision>"
                ));
            }
            CallbackMessage::ComponentVerifyTicket { .. }
            | CallbackMessage::Authorized { .. }
            | CallbackMessage::Unauthorized { .. } => {}
        }
        xml.push_str("</xml>");
        xml
    }

    /// The simulator's platform event of a platform push.
    fn platform_event(&self, create_time: u64) -> Option<Event> {
        Some(match self {
            CallbackMessage::ComponentVerifyTicket { ticket } => Event::Ticket {
                ticket: ticket.clone(),
            },
            CallbackMessage::Authorized {
                authorizer_appid,
                auth_code,
            } => Event::Authorized {
                authorizer_appid: authorizer_appid.clone(),
                auth_code: auth_code.clone(),
                expired_time: create_time + AUTH_CODE_TTL_SECS,
                pre_auth_code: "preauthcode@@@wechat-sim".to_owned(),
                update: false,
            },
            CallbackMessage::Unauthorized { authorizer_appid } => Event::Unauthorized {
                authorizer_appid: authorizer_appid.clone(),
            },
            _ => return None,
        })
    }
}

/// `<MsgType>event</MsgType><Event>name</Event>`.
fn event(name: &str) -> String {
    format!("{}{}", cdata("MsgType", "event"), cdata("Event", name))
}

/// `<Name><![CDATA[value]]></Name>`; a `]]>` inside the value is split across two
/// sections.
pub fn cdata(name: &str, value: &str) -> String {
    let value = value.replace("]]>", "]]]]><![CDATA[>");
    format!("<{name}><![CDATA[{value}]]></{name}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(message: &CallbackMessage) -> String {
        message.plaintext("wxapp", &Parties::default(), 1348831860, 1234567890123456)
    }

    #[test]
    fn a_text_message_has_the_documented_fields() {
        let text = CallbackMessage::Text {
            content: "this is a test".into(),
        };
        assert_eq!(
            plain(&text),
            "<xml><ToUserName><![CDATA[gh_3dfda90e39d6]]></ToUserName>\
             <FromUserName><![CDATA[o6_bmjrPTlm6_2sgVt7hMZOPfL2M]]></FromUserName>\
             <CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType>\
             <Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId></xml>"
        );
    }

    #[test]
    fn events_carry_their_event_name_and_keys() {
        let cases = [
            (
                CallbackMessage::Subscribe,
                vec!["<Event><![CDATA[subscribe]]></Event>"],
            ),
            (
                CallbackMessage::Click {
                    key: "V1001".into(),
                },
                vec![
                    "<Event><![CDATA[CLICK]]></Event>",
                    "<EventKey><![CDATA[V1001]]></EventKey>",
                ],
            ),
            (
                CallbackMessage::Scan {
                    scene: "123".into(),
                    ticket: "TICKET".into(),
                },
                vec![
                    "<Event><![CDATA[SCAN]]></Event>",
                    "<Ticket><![CDATA[TICKET]]></Ticket>",
                ],
            ),
            (
                CallbackMessage::Location {
                    latitude: 23.137466,
                    longitude: 113.352425,
                    precision: 119.385040,
                },
                vec![
                    "<Latitude>23.137466</Latitude>",
                    "<Precision>119.38504</Precision>",
                ],
            ),
        ];
        for (message, parts) in cases {
            let xml = plain(&message);
            assert!(
                xml.contains("<MsgType><![CDATA[event]]></MsgType>"),
                "{xml}"
            );
            assert!(!xml.contains("MsgId"), "{xml}");
            for part in parts {
                assert!(xml.contains(part), "{part} not in {xml}");
            }
        }
    }

    #[test]
    fn platform_pushes_are_the_platforms_xml() {
        let ticket = CallbackMessage::ComponentVerifyTicket {
            ticket: "ticket@@@x".into(),
        };
        assert!(ticket.is_platform_push());
        let xml = plain(&ticket);
        assert!(
            xml.starts_with("<xml><AppId><![CDATA[wxapp]]></AppId>"),
            "{xml}"
        );
        assert!(
            xml.contains("<ComponentVerifyTicket><![CDATA[ticket@@@x]]>"),
            "{xml}"
        );
        let authorized = CallbackMessage::Authorized {
            authorizer_appid: "wxa".into(),
            auth_code: "queryauthcode@@@y".into(),
        };
        let xml = plain(&authorized);
        assert!(
            xml.contains("<AuthorizationCodeExpiredTime>1348835460<"),
            "{xml}"
        );
        assert!(!CallbackMessage::Subscribe.is_platform_push());
    }

    #[test]
    fn messages_read_from_json_by_type() {
        let m: CallbackMessage =
            serde_json::from_str(r#"{"type":"text","content":"hello"}"#).unwrap();
        assert_eq!(
            m,
            CallbackMessage::Text {
                content: "hello".into()
            }
        );
        let m: CallbackMessage =
            serde_json::from_str(r#"{"type":"location","latitude":1.5,"longitude":2}"#).unwrap();
        assert!(matches!(m, CallbackMessage::Location { precision, .. } if precision == 0.0));
        assert!(serde_json::from_str::<CallbackMessage>(r#"{"type":"nope"}"#).is_err());
    }

    #[test]
    fn cdata_survives_its_terminator() {
        assert_eq!(cdata("A", "x]]>y"), "<A><![CDATA[x]]]]><![CDATA[>y]]></A>");
    }
}
