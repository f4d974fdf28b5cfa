//! From a body to a [`Message`]: the safety scan, then one serde pass into the typed shape.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::component::ComponentEvent;
use super::event::Event;

use super::scan::{json_depth, scan_xml, ParseLimits, TypeFields};
use super::unknown::{xml_fields, UnknownMessage};
use super::{Message, MessageError};

/// Deserializes the body into one typed shape.
pub(crate) trait Decode {
    /// Deserializes into `T`, or says why not.
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String>;
}

struct XmlDecoder<'a>(&'a str);

impl Decode for XmlDecoder<'_> {
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        quick_xml::de::from_str(self.0).map_err(|e| e.to_string())
    }
}

struct JsonDecoder<'a>(&'a Value);

impl Decode for JsonDecoder<'_> {
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        T::deserialize(self.0).map_err(|e| e.to_string())
    }
}

/// Applies the safety checks (DTD, entities, depth) to a body without typing it.
pub(crate) fn check_body(body: &str, limits: ParseLimits) -> Result<(), MessageError> {
    match super::BodyFormat::detect(body) {
        super::BodyFormat::Xml => scan_xml(body, limits).map(|_| ()),
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
    let types = scan_xml(xml, limits)?;
    let decoder = XmlDecoder(xml);
    match dispatch(&types, &decoder) {
        Some(result) => result.map_err(|message| field_error(&types, message)),
        None => {
            if types.msg_type.is_none() && types.info_type.is_none() {
                return Err(MessageError::MissingType);
            }
            let fields = xml_fields(xml).map_err(MessageError::Xml)?;
            Ok(unknown(types, fields, xml))
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
