//! Typed callback messages: what WeChat pushes to the developer's server.
//!
//! [`Message::from_xml`] and [`Message::from_json`] turn a (decrypted) body into a
//! [`Message`]: ordinary messages, [`Event`]s, open-platform [`ComponentEvent`]s,
//! and [`UnknownMessage`] for anything not typed here (never an error). Passive
//! replies are built with [`Reply`].
//!
//! Parsing is serde + quick-xml (serde_json for JSON), after a first pass that
//! refuses DTDs, entity references other than the predefined ones, and nesting
//! deeper than [`ParseLimits::max_depth`].
//!
//! Docs: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html>,
//! <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html>,
//! <https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html>.

#[macro_use]
mod macros;

mod component;
mod decode;
mod error;
pub mod event;
mod flat;
mod format;
pub(crate) mod lenient;
mod normal;
mod parse;
mod reply;
mod scan;
mod unknown;

pub use component::{
    AuthorizationEvent, ComponentEvent, ComponentVerifyTicket, FastRegisterEvent, FastRegisterInfo,
};
pub use error::MessageError;
pub use event::Event;
pub use format::BodyFormat;
pub use normal::{
    DeviceMessage, ImageMessage, LinkMessage, LocationMessage, MiniProgramPageMessage, TextMessage,
    VideoMessage, VoiceMessage,
};
pub use reply::{Article, Music, Reply, ReplyTo, Video};
pub use scan::ParseLimits;
pub use unknown::UnknownMessage;

pub(crate) use parse::check_body;

/// The header every Official Account / mini-program push carries.
// `from_user_name` is WeChat's `FromUserName`, not a conversion.
#[allow(clippy::wrong_self_convention)]
pub trait Header {
    /// `ToUserName`: the receiving account (original id `gh_...`, or appid / corpid).
    fn to_user_name(&self) -> &str;
    /// `FromUserName`: the sender's openid.
    fn from_user_name(&self) -> &str;
    /// `CreateTime`: Unix time in seconds.
    fn create_time(&self) -> u64;
}

/// A callback push, typed by its `MsgType` (and `Event`), or its `InfoType` for
/// open-platform pushes.
///
/// Marked `#[non_exhaustive]` so that new types can be added; a push of a type
/// not typed here is [`Message::Unknown`], with every field kept.
///
/// `Serialize` writes the payload's fields under their WeChat names (untagged),
/// e.g. to forward a push as JSON.
// One message is parsed per request: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Message {
    /// `MsgType=text`.
    Text(TextMessage),
    /// `MsgType=image`.
    Image(ImageMessage),
    /// `MsgType=voice`.
    Voice(VoiceMessage),
    /// `MsgType=video`.
    Video(VideoMessage),
    /// `MsgType=shortvideo`.
    ShortVideo(VideoMessage),
    /// `MsgType=location`.
    Location(LocationMessage),
    /// `MsgType=link`.
    Link(LinkMessage),
    /// `MsgType=miniprogrampage` (mini-program customer service).
    MiniProgramPage(MiniProgramPageMessage),
    /// `MsgType=device_text` (WeChat hardware).
    DeviceText(DeviceMessage),
    /// `MsgType=device_event` (WeChat hardware).
    DeviceEvent(DeviceMessage),
    /// `MsgType=event`.
    Event(Event),
    /// An open-platform push (`InfoType`, no `MsgType`).
    Component(ComponentEvent),
    /// Any other push, with every field kept.
    Unknown(UnknownMessage),
}

impl Message {
    /// Parses an XML push with the default [`ParseLimits`].
    ///
    /// Errors: [`MessageError::Xml`], [`MessageError::DtdForbidden`],
    /// [`MessageError::EntityForbidden`], [`MessageError::TooDeep`],
    /// [`MessageError::MissingType`], and [`MessageError::Field`] when a typed
    /// push has a field of the wrong shape. An unknown type is not an error.
    pub fn from_xml(xml: &str) -> Result<Message, MessageError> {
        parse::parse_xml(xml, ParseLimits::default())
    }

    /// Parses a JSON push (mini programs in JSON mode) with the default [`ParseLimits`].
    ///
    /// Numbers may come as numbers or strings. Errors: as [`from_xml`](Self::from_xml),
    /// with [`MessageError::Json`] for malformed JSON.
    pub fn from_json(json: &str) -> Result<Message, MessageError> {
        parse::parse_json(json, ParseLimits::default())
    }

    /// Parses `body` in the given format with the given limits.
    pub fn parse(
        body: &str,
        format: BodyFormat,
        limits: ParseLimits,
    ) -> Result<Message, MessageError> {
        match format {
            BodyFormat::Xml => parse::parse_xml(body, limits),
            BodyFormat::Json => parse::parse_json(body, limits),
        }
    }

    /// The header, for every push but open-platform and unknown ones.
    pub fn header(&self) -> Option<&dyn Header> {
        Some(match self {
            Message::Text(m) => m,
            Message::Image(m) => m,
            Message::Voice(m) => m,
            Message::Video(m) | Message::ShortVideo(m) => m,
            Message::Location(m) => m,
            Message::Link(m) => m,
            Message::MiniProgramPage(m) => m,
            Message::DeviceText(m) | Message::DeviceEvent(m) => m,
            Message::Event(e) => e.header(),
            Message::Component(_) | Message::Unknown(_) => return None,
        })
    }

    /// `MsgType` as the docs spell it (`"event"` for events), `None` for open-platform pushes.
    pub fn msg_type(&self) -> Option<&str> {
        Some(match self {
            Message::Text(_) => "text",
            Message::Image(_) => "image",
            Message::Voice(_) => "voice",
            Message::Video(_) => "video",
            Message::ShortVideo(_) => "shortvideo",
            Message::Location(_) => "location",
            Message::Link(_) => "link",
            Message::MiniProgramPage(_) => "miniprogrampage",
            Message::DeviceText(_) => "device_text",
            Message::DeviceEvent(_) => "device_event",
            Message::Event(_) => "event",
            Message::Component(_) => return None,
            Message::Unknown(u) => return u.msg_type.as_deref(),
        })
    }

    /// `Event`, for events (typed or unknown).
    pub fn event_name(&self) -> Option<&str> {
        match self {
            Message::Event(e) => Some(e.name()),
            Message::Unknown(u) => u.event.as_deref(),
            _ => None,
        }
    }

    /// `InfoType`, for open-platform pushes (typed or unknown).
    pub fn info_type(&self) -> Option<&str> {
        match self {
            Message::Component(c) => Some(c.info_type()),
            Message::Unknown(u) => u.info_type.as_deref(),
            _ => None,
        }
    }

    /// `ToUserName`, or `AppId` for open-platform pushes.
    pub fn to_user_name(&self) -> Option<&str> {
        match self {
            Message::Component(c) => Some(c.app_id()),
            Message::Unknown(u) => u
                .fields
                .get("ToUserName")
                .or_else(|| u.fields.get("AppId"))
                .and_then(|v| v.as_str()),
            _ => self.header().map(|h| h.to_user_name()),
        }
    }

    /// `FromUserName` (the user's openid), when the push has one.
    #[allow(clippy::wrong_self_convention)]
    pub fn from_user_name(&self) -> Option<&str> {
        match self {
            Message::Unknown(u) => u.fields.get("FromUserName").and_then(|v| v.as_str()),
            _ => self.header().map(|h| h.from_user_name()),
        }
    }

    /// `CreateTime` in Unix seconds, when the push has one.
    pub fn create_time(&self) -> Option<u64> {
        match self {
            Message::Component(c) => Some(c.create_time()),
            Message::Unknown(u) => u.field("CreateTime")?.parse().ok(),
            _ => self.header().map(|h| h.create_time()),
        }
    }

    /// `MsgId` of an ordinary message (events have none).
    pub fn msg_id(&self) -> Option<u64> {
        match self {
            Message::Text(m) => Some(m.msg_id),
            Message::Image(m) => Some(m.msg_id),
            Message::Voice(m) => Some(m.msg_id),
            Message::Video(m) | Message::ShortVideo(m) => Some(m.msg_id),
            Message::Location(m) => Some(m.msg_id),
            Message::Link(m) => Some(m.msg_id),
            Message::MiniProgramPage(m) => Some(m.msg_id),
            Message::DeviceText(m) | Message::DeviceEvent(m) => Some(m.msg_id),
            Message::Unknown(u) if u.event.is_none() => u
                .field("MsgId")
                .or_else(|| u.field("MsgID"))
                .and_then(|v| v.parse().ok()),
            _ => None,
        }
    }

    /// The key WeChat's retries of this push share, as the docs advise:
    /// `MsgId` for messages, `FromUserName + CreateTime` for events (plus the
    /// event name), and `AppId + CreateTime + InfoType` for open-platform pushes.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html>
    pub fn dedup_key(&self) -> String {
        if let Some(id) = self.msg_id().filter(|id| *id != 0) {
            return format!("msg:{}:{id}", self.to_user_name().unwrap_or(""));
        }
        format!(
            "evt:{}:{}:{}:{}",
            self.to_user_name().unwrap_or(""),
            self.from_user_name().unwrap_or(""),
            self.create_time().unwrap_or(0),
            self.event_name().or(self.info_type()).unwrap_or(""),
        )
    }
}
