//! Passive replies: what the server may answer to a push within 5 seconds.
//!
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html>

use quick_xml::events::{BytesCData, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{Message, MessageError};

/// Most articles a news reply may carry.
pub const MAX_ARTICLES: usize = 8;

/// A video reply's content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Video {
    /// `MediaId`: the uploaded video's media id.
    pub media_id: String,
    /// `Title`.
    pub title: String,
    /// `Description`.
    pub description: String,
}

/// A music reply's content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Music {
    /// `Title`.
    pub title: String,
    /// `Description`.
    pub description: String,
    /// `MusicUrl`: the music link.
    pub music_url: String,
    /// `HQMusicUrl`: the high-quality link, used on Wi-Fi.
    pub hq_music_url: String,
    /// `ThumbMediaId`: the cover's media id.
    pub thumb_media_id: String,
}

/// One article of a news reply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// `Title`.
    pub title: String,
    /// `Description`.
    pub description: String,
    /// `PicUrl`: the picture (large 360×200, small 200×200).
    pub pic_url: String,
    /// `Url`: where a tap leads.
    pub url: String,
}

/// A passive reply.
///
/// [`Reply::Success`] (the literal `success`) and [`Reply::Empty`] (a zero-length
/// body) tell WeChat that no reply will come: it then neither retries nor shows
/// the user an error. They are always sent unencrypted. Every other reply is
/// rendered as XML (or JSON for a JSON-mode mini program) and, when the request
/// was encrypted, encrypted by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reply {
    /// The body `success`.
    Success,
    /// An empty body.
    Empty,
    /// `MsgType=text`: `Content`.
    Text(String),
    /// `MsgType=image`: `Image.MediaId`.
    Image(String),
    /// `MsgType=voice`: `Voice.MediaId`.
    Voice(String),
    /// `MsgType=video`.
    Video(Video),
    /// `MsgType=music`.
    Music(Music),
    /// `MsgType=news`: 1 to 8 articles (checked when rendering).
    News(Vec<Article>),
    /// `MsgType=transfer_customer_service`: hand the message to customer service,
    /// optionally to one agent (`TransInfo.KfAccount`).
    TransferCustomerService(Option<String>),
}

/// Who a reply goes to: the request's sender and receiver, swapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTo {
    /// `ToUserName` of the reply: the user's openid (the request's `FromUserName`).
    pub to_user_name: String,
    /// `FromUserName` of the reply: the account (the request's `ToUserName`).
    pub from_user_name: String,
    /// `CreateTime`: Unix time in seconds.
    pub create_time: u64,
}

impl ReplyTo {
    /// The addressing of a reply to `message`, created at `create_time` (Unix seconds).
    pub fn answering(message: &Message, create_time: u64) -> ReplyTo {
        ReplyTo {
            to_user_name: message.from_user_name().unwrap_or_default().to_owned(),
            from_user_name: message.to_user_name().unwrap_or_default().to_owned(),
            create_time,
        }
    }
}

impl Reply {
    /// A text reply.
    pub fn text(content: impl Into<String>) -> Reply {
        Reply::Text(content.into())
    }

    /// A news reply; [`MessageError::ArticleCount`] unless there are 1 to 8 articles.
    pub fn news(articles: Vec<Article>) -> Result<Reply, MessageError> {
        check_articles(&articles)?;
        Ok(Reply::News(articles))
    }

    /// Whether this is [`Reply::Success`] or [`Reply::Empty`] (sent as is, never encrypted).
    pub fn is_acknowledgement(&self) -> bool {
        matches!(self, Reply::Success | Reply::Empty)
    }

    /// The `MsgType` of the rendered reply, `None` for [`Reply::Success`] / [`Reply::Empty`].
    pub fn msg_type(&self) -> Option<&'static str> {
        Some(match self {
            Reply::Success | Reply::Empty => return None,
            Reply::Text(_) => "text",
            Reply::Image(_) => "image",
            Reply::Voice(_) => "voice",
            Reply::Video(_) => "video",
            Reply::Music(_) => "music",
            Reply::News(_) => "news",
            Reply::TransferCustomerService(_) => "transfer_customer_service",
        })
    }

    /// Renders the reply XML. `Ok(None)` for [`Reply::Success`] and [`Reply::Empty`]
    /// (see [`Reply::acknowledgement_body`]).
    ///
    /// Every text value is written as CDATA; a value holding `]]>` is split over
    /// several CDATA sections, so no content can break the XML.
    /// Errors: [`MessageError::ArticleCount`] for a news reply without 1 to 8 articles.
    pub fn to_xml(&self, to: &ReplyTo) -> Result<Option<String>, MessageError> {
        let Some(msg_type) = self.msg_type() else {
            return Ok(None);
        };
        if let Reply::News(articles) = self {
            check_articles(articles)?;
        }
        let mut w = XmlOut::default();
        w.start("xml");
        w.cdata("ToUserName", &to.to_user_name);
        w.cdata("FromUserName", &to.from_user_name);
        w.text("CreateTime", &to.create_time.to_string());
        w.cdata("MsgType", msg_type);
        match self {
            Reply::Success | Reply::Empty => {}
            Reply::Text(content) => w.cdata("Content", content),
            Reply::Image(media_id) => w.wrapped("Image", |w| w.cdata("MediaId", media_id)),
            Reply::Voice(media_id) => w.wrapped("Voice", |w| w.cdata("MediaId", media_id)),
            Reply::Video(v) => w.wrapped("Video", |w| {
                w.cdata("MediaId", &v.media_id);
                w.cdata("Title", &v.title);
                w.cdata("Description", &v.description);
            }),
            Reply::Music(m) => w.wrapped("Music", |w| {
                w.cdata("Title", &m.title);
                w.cdata("Description", &m.description);
                w.cdata("ThumbMediaId", &m.thumb_media_id);
                w.cdata("MusicUrl", &m.music_url);
                w.cdata("HQMusicUrl", &m.hq_music_url);
            }),
            Reply::News(articles) => {
                w.text("ArticleCount", &articles.len().to_string());
                w.wrapped("Articles", |w| {
                    for a in articles {
                        w.wrapped("item", |w| {
                            w.cdata("Title", &a.title);
                            w.cdata("Description", &a.description);
                            w.cdata("PicUrl", &a.pic_url);
                            w.cdata("Url", &a.url);
                        });
                    }
                });
            }
            Reply::TransferCustomerService(kf_account) => {
                if let Some(kf) = kf_account {
                    w.wrapped("TransInfo", |w| w.cdata("KfAccount", kf));
                }
            }
        }
        w.end("xml");
        Ok(Some(w.finish()))
    }

    /// Renders the reply as JSON (mini programs in JSON mode; only
    /// `transfer_customer_service` is meaningful there, but every kind renders).
    /// `Ok(None)` for [`Reply::Success`] / [`Reply::Empty`].
    pub fn to_json(&self, to: &ReplyTo) -> Result<Option<String>, MessageError> {
        use serde_json::json;
        let Some(msg_type) = self.msg_type() else {
            return Ok(None);
        };
        let mut v = json!({
            "ToUserName": to.to_user_name,
            "FromUserName": to.from_user_name,
            "CreateTime": to.create_time,
            "MsgType": msg_type,
        });
        let extra = match self {
            Reply::Success | Reply::Empty => json!({}),
            Reply::Text(c) => json!({ "Content": c }),
            Reply::Image(id) => json!({ "Image": { "MediaId": id } }),
            Reply::Voice(id) => json!({ "Voice": { "MediaId": id } }),
            Reply::Video(x) => {
                json!({ "Video": { "MediaId": x.media_id, "Title": x.title, "Description": x.description } })
            }
            Reply::Music(m) => json!({ "Music": {
                "Title": m.title, "Description": m.description, "MusicUrl": m.music_url,
                "HQMusicUrl": m.hq_music_url, "ThumbMediaId": m.thumb_media_id } }),
            Reply::News(articles) => {
                check_articles(articles)?;
                let items: Vec<_> = articles
                    .iter()
                    .map(|a| json!({ "Title": a.title, "Description": a.description, "PicUrl": a.pic_url, "Url": a.url }))
                    .collect();
                json!({ "ArticleCount": articles.len(), "Articles": items })
            }
            Reply::TransferCustomerService(Some(kf)) => json!({ "TransInfo": { "KfAccount": kf } }),
            Reply::TransferCustomerService(None) => json!({}),
        };
        if let (Some(obj), serde_json::Value::Object(extra)) = (v.as_object_mut(), extra) {
            obj.extend(extra);
        }
        Ok(Some(v.to_string()))
    }

    /// The body of [`Reply::Success`] (`"success"`) or [`Reply::Empty`] (`""`); `None` otherwise.
    pub fn acknowledgement_body(&self) -> Option<&'static str> {
        match self {
            Reply::Success => Some("success"),
            Reply::Empty => Some(""),
            _ => None,
        }
    }
}

fn check_articles(articles: &[Article]) -> Result<(), MessageError> {
    if articles.is_empty() || articles.len() > MAX_ARTICLES {
        return Err(MessageError::ArticleCount(articles.len()));
    }
    Ok(())
}

/// A thin helper over quick-xml's writer (writing to a `Vec` cannot fail).
struct XmlOut(Writer<Vec<u8>>);

impl Default for XmlOut {
    fn default() -> Self {
        XmlOut(Writer::new(Vec::with_capacity(256)))
    }
}

impl XmlOut {
    fn event(&mut self, event: Event<'_>) {
        // Writing into a Vec<u8> has no I/O error to report.
        let _ = self.0.write_event(event);
    }

    fn start(&mut self, name: &str) {
        self.event(Event::Start(BytesStart::new(name)));
    }

    fn end(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    fn cdata(&mut self, name: &str, value: &str) {
        self.start(name);
        for section in BytesCData::escaped(value) {
            self.event(Event::CData(section));
        }
        self.end(name);
    }

    fn text(&mut self, name: &str, value: &str) {
        self.start(name);
        self.event(Event::Text(BytesText::new(value)));
        self.end(name);
    }

    fn wrapped(&mut self, name: &str, inner: impl FnOnce(&mut Self)) {
        self.start(name);
        inner(self);
        self.end(name);
    }

    fn finish(self) -> String {
        // Only UTF-8 went in.
        String::from_utf8(self.0.into_inner()).unwrap_or_default()
    }
}
