//! From a body to a [`Message`]: the safety scan, then the typed shape, read from the
//! fields the scan kept when the body is flat, or by quick-xml's deserializer otherwise.

use serde_json::Value;

use super::component::ComponentEvent;
use super::event::Event;

use super::decode::{Decode, JsonDecoder, XmlDecoder};
use super::scan::{json_depth, scan_xml, ParseLimits, TypeFields};
use super::unknown::{xml_fields, UnknownMessage};
use super::{Message, MessageError};

/// Applies the safety checks (DTD, entities, depth) to a body without typing it.
pub(crate) fn check_body(body: &str, limits: ParseLimits) -> Result<(), MessageError> {
    match super::BodyFormat::detect(body) {
        super::BodyFormat::Xml => scan_xml(body, limits).map(drop),
        super::BodyFormat::Json => {
            let value: Value =
                serde_json::from_str(body).map_err(|e| MessageError::Json(e.to_string()))?;
            if json_depth(&value) > limits.max_depth {
                return Err(MessageError::TooDeep {
                    max: limits.max_depth,
                });
            }
            Ok(())
        }
    }
}

/// Parses an XML push.
pub(crate) fn parse_xml(xml: &str, limits: ParseLimits) -> Result<Message, MessageError> {
    parse_xml_reading(xml, limits, true)
}

/// Parses an XML push, reading a flat body from the scan's fields when `flat_read`.
fn parse_xml_reading(
    xml: &str,
    limits: ParseLimits,
    flat_read: bool,
) -> Result<Message, MessageError> {
    let scan = scan_xml(xml, limits)?;
    let decoder = XmlDecoder {
        xml,
        flat: scan.flat.as_deref().filter(|_| flat_read),
    };
    let types = &scan.types;
    match dispatch(types, &decoder) {
        Some(result) => result.map_err(|message| field_error(types, message)),
        None => {
            if types.msg_type.is_none() && types.info_type.is_none() {
                return Err(MessageError::MissingType);
            }
            let fields = xml_fields(xml).map_err(MessageError::Xml)?;
            Ok(unknown(scan.types, fields, xml))
        }
    }
}

/// Parses a JSON push (mini programs in JSON mode, WeCom JSON callbacks).
pub(crate) fn parse_json(json: &str, limits: ParseLimits) -> Result<Message, MessageError> {
    let mut value: Value =
        serde_json::from_str(json).map_err(|e| MessageError::Json(e.to_string()))?;
    if json_depth(&value) > limits.max_depth {
        return Err(MessageError::TooDeep {
            max: limits.max_depth,
        });
    }
    let Value::Object(object) = &mut value else {
        return Err(MessageError::Json("the root is not an object".into()));
    };
    let text = |key: &str| match object.get(key) {
        Some(Value::String(s)) => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let types = TypeFields {
        msg_type: text("MsgType"),
        event: text("Event"),
        info_type: text("InfoType"),
    };
    wrap_subscribe_msg_list(&types, object);
    let decoder = JsonDecoder(&value);
    match dispatch(&types, &decoder) {
        Some(result) => result.map_err(|message| field_error(&types, message)),
        None => {
            if types.msg_type.is_none() && types.info_type.is_none() {
                return Err(MessageError::MissingType);
            }
            let Value::Object(fields) = value else {
                return Err(MessageError::Json("the root is not an object".into()));
            };
            Ok(unknown(types, fields, json))
        }
    }
}

/// JSON subscription-message events carry their templates as a top-level `List`
/// (an object or an array), where XML has `<SubscribeMsgPopupEvent><List>..`.
/// Moves `List` under the XML wrapper name, as an array, so one shape reads both.
fn wrap_subscribe_msg_list(types: &TypeFields, object: &mut serde_json::Map<String, Value>) {
    let Some(event) = types.event.as_deref() else {
        return;
    };
    let wrapper = match event {
        "subscribe_msg_popup_event" => "SubscribeMsgPopupEvent",
        "subscribe_msg_change_event" => "SubscribeMsgChangeEvent",
        "subscribe_msg_sent_event" => "SubscribeMsgSentEvent",
        _ => return,
    };
    if object.contains_key(wrapper) {
        return;
    }
    if let Some(list) = object.remove("List") {
        let list = match list {
            Value::Array(items) => items,
            other => vec![other],
        };
        let mut inner = serde_json::Map::new();
        inner.insert("List".into(), Value::Array(list));
        object.insert(wrapper.into(), Value::Object(inner));
    }
}

fn dispatch(types: &TypeFields, decoder: &impl Decode) -> Option<Result<Message, String>> {
    if let Some(info_type) = types.info_type.as_deref() {
        if types.msg_type.is_none() {
            return ComponentEvent::decode(info_type, decoder).map(|r| r.map(Message::Component));
        }
    }
    let msg_type = types.msg_type.as_deref()?;
    if msg_type.eq_ignore_ascii_case("event") {
        let event = types.event.as_deref()?;
        return Event::decode(event, decoder).map(|r| r.map(Message::Event));
    }
    Some(match msg_type.to_ascii_lowercase().as_str() {
        "text" => decoder.decode().map(Message::Text),
        "image" => decoder.decode().map(Message::Image),
        "voice" => decoder.decode().map(Message::Voice),
        "video" => decoder.decode().map(Message::Video),
        "shortvideo" => decoder.decode().map(Message::ShortVideo),
        "location" => decoder.decode().map(Message::Location),
        "link" => decoder.decode().map(Message::Link),
        "miniprogrampage" => decoder.decode().map(Message::MiniProgramPage),
        "device_text" => decoder.decode().map(Message::DeviceText),
        "device_event" => decoder.decode().map(Message::DeviceEvent),
        _ => return None,
    })
}

fn field_error(types: &TypeFields, message: String) -> MessageError {
    let kind = match (&types.msg_type, &types.event, &types.info_type) {
        (Some(m), Some(e), _) if m.eq_ignore_ascii_case("event") => format!("{m}/{e}"),
        (Some(m), _, _) => m.clone(),
        (None, _, Some(i)) => i.clone(),
        _ => String::new(),
    };
    MessageError::Field { kind, message }
}

fn unknown(types: TypeFields, fields: serde_json::Map<String, Value>, raw: &str) -> Message {
    Message::Unknown(UnknownMessage {
        msg_type: types.msg_type,
        event: types.event,
        info_type: types.info_type,
        fields,
        raw: raw.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    //! The flat read must type every body exactly as quick-xml's deserializer does.

    use super::*;
    use proptest::prelude::*;

    fn both_ways(xml: &str) -> (Result<Message, MessageError>, Result<Message, MessageError>) {
        let limits = ParseLimits::default();
        (
            parse_xml_reading(xml, limits, true),
            parse_xml_reading(xml, limits, false),
        )
    }

    /// Every XML sample in the shared vectors (when present beside the checkout).
    #[test]
    fn flat_read_equals_quick_xml_on_every_sample() {
        let Some(root) = wechat_sim::shared_vectors("messages") else {
            return;
        };
        let mut dirs = vec![root];
        let (mut checked, mut read_flat) = (0, 0);
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "xml") {
                    let xml = std::fs::read_to_string(&path).unwrap();
                    let (flat, plain) = both_ways(&xml);
                    assert_eq!(flat, plain, "{}", path.display());
                    checked += 1;
                    let scan = scan_xml(&xml, ParseLimits::default());
                    read_flat += usize::from(scan.is_ok_and(|s| s.flat.is_some()));
                }
            }
        }
        assert!(checked > 50, "only {checked} samples");
        assert!(
            read_flat > checked / 2,
            "only {read_flat} of {checked} samples are flat"
        );
    }

    #[test]
    fn flat_read_equals_quick_xml_on_edge_cases() {
        let head = "<ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName>";
        for body in [
            "<CreateTime> 12 </CreateTime><MsgType>text</MsgType><Content>  a &amp; b </Content><MsgId>1</MsgId>",
            "<CreateTime>12</CreateTime><MsgType>text</MsgType><Content><![CDATA[ x ]]> y <![CDATA[z]]></Content><MsgId> 9 </MsgId>",
            "<CreateTime>12</CreateTime><MsgType>text</MsgType><Content/><MsgId>1</MsgId><Idx></Idx>",
            "<CreateTime>12</CreateTime><MsgType>text</MsgType><Content>&#20320;&#x597D;</Content><MsgId>x</MsgId>",
            "<CreateTime>-1</CreateTime><MsgType>text</MsgType><Content>c</Content><MsgId>1</MsgId>",
            "<CreateTime>12</CreateTime><MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><Recognition></Recognition><MsgId>1</MsgId>",
            "<CreateTime>12</CreateTime><MsgType>location</MsgType><Location_X> 23.1 </Location_X><Location_Y>113</Location_Y><Scale>20</Scale><Label>L</Label><MsgId>1</MsgId>",
            "<CreateTime>12</CreateTime><MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_1</EventKey><Ticket>t</Ticket>",
            "<CreateTime>12</CreateTime><MsgType>event</MsgType><Event>LOCATION</Event><Latitude>1.5</Latitude><Longitude>x</Longitude><Precision>1</Precision>",
            "<CreateTime>12</CreateTime><MsgType>event</MsgType><Event>CLICK</Event><EventKey></EventKey>",
            "<CreateTime>12</CreateTime><MsgType>text</MsgType><Content>c</Content><MsgId>1</MsgId><MsgId>2</MsgId>",
            "<CreateTime>12</CreateTime><MsgType>text</MsgType><Content> c\n</Content><MsgId>1</MsgId>",
            "<CreateTime>12</CreateTime><MsgType>text</MsgType><Content a=\"1\">c</Content><MsgId>1</MsgId>",
            // Whitespace-only texts, whitespace around CDATA, empty and blank CDATA.
            "<CreateTime>12</CreateTime><MsgType>event</MsgType><Event>user_get_card</Event><UserCardCode> <![CDATA[]]> </UserCardCode>",
            "<CreateTime>12</CreateTime><MsgType>event</MsgType><Event>user_get_card</Event><UserCardCode>  </UserCardCode>",
            "<CreateTime>12</CreateTime><MsgType>event</MsgType><Event>user_get_card</Event><UserCardCode><![CDATA[ \t ]]></UserCardCode>",
            "<CreateTime>12</CreateTime><MsgType>event</MsgType><Event>user_get_card</Event><UserCardCode>\r\n<![CDATA[]]>\n</UserCardCode>",
            "<CreateTime>12</CreateTime><MsgType>event</MsgType><Event>user_get_card</Event><UserCardCode> <![CDATA[ c ]]> </UserCardCode>",
            "<CreateTime>12</CreateTime><MsgType>text</MsgType><Content><![CDATA[]]></Content><MsgId> </MsgId>",
            "<CreateTime>12</CreateTime><MsgType>text</MsgType><Content> </Content><MsgId>1</MsgId>",
        ] {
            let xml = format!("<xml>{head}{body}</xml>");
            let (flat, plain) = both_ways(&xml);
            assert_eq!(flat, plain, "{xml}");
        }
    }

    /// A field's text in one of the forms WeChat and others send.
    fn text() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            "[a-zA-Z0-9_]{0,8}",
            "[ \t\n]{0,2}-?[0-9]{1,20}[ \t\n]{0,2}",
            "[0-9]{1,3}\\.[0-9]{1,6}",
            Just(String::new()),
            Just("true".to_owned()),
        ];
        (word, 0..6usize).prop_map(|(w, form)| match form {
            0 => format!("<![CDATA[{w}]]>"),
            1 => format!("{w}&amp;{w}"),
            2 => format!(" <![CDATA[{w}]]> "),
            3 => format!("{w}&#65;"),
            _ => w,
        })
    }

    proptest! {
        #[test]
        fn flat_read_equals_quick_xml_on_generated_pushes(
            kind in prop::sample::select(vec![
                ("text", ""), ("image", ""), ("voice", ""), ("video", ""), ("shortvideo", ""),
                ("location", ""), ("link", ""), ("event", "subscribe"), ("event", "SCAN"),
                ("event", "CLICK"), ("event", "VIEW"), ("event", "LOCATION"),
                ("event", "TEMPLATESENDJOBFINISH"), ("event", "MASSSENDJOBFINISH"),
                ("event", "user_get_card"), ("event", "weapp_audit_success"),
            ]),
            fields in prop::collection::vec(
                (prop::sample::select(vec![
                    "ToUserName", "FromUserName", "CreateTime", "Content", "MsgId", "MsgID",
                    "PicUrl", "MediaId", "Format", "Recognition", "ThumbMediaId",
                    "Location_X", "Location_Y", "Scale", "Label", "Title", "Description",
                    "Url", "EventKey", "Ticket", "Latitude", "Longitude", "Precision",
                    "Status", "TotalCount", "FilterCount", "SentCount", "ErrorCount",
                    "CardId", "UserCardCode", "IsGiveByFriend", "SuccTime", "Idx",
                ]), text()),
                0..12,
            ),
            create_time in prop_oneof![Just("1409735668".to_owned()), text()],
        ) {
            let mut xml = String::from("<xml><ToUserName>gh_1</ToUserName><FromUserName> o1 </FromUserName>");
            xml.push_str(&format!("<CreateTime>{create_time}</CreateTime><MsgType>{}</MsgType>", kind.0));
            if !kind.1.is_empty() {
                xml.push_str(&format!("<Event>{}</Event>", kind.1));
            }
            for (name, value) in &fields {
                xml.push_str(&format!("<{name}>{value}</{name}>"));
            }
            xml.push_str("</xml>");
            let (flat, plain) = both_ways(&xml);
            prop_assert_eq!(flat, plain, "{}", xml);
        }
    }
}
