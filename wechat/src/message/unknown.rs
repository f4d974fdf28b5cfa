//! [`UnknownMessage`]: a push of a type this SDK does not type, with every field kept.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::scan::predefined;

/// A push whose `MsgType` / `Event` / `InfoType` is not typed here.
///
/// Nothing is lost: [`fields`](Self::fields) holds every top-level field
/// (text as a JSON string; nested elements as objects; repeated elements as
/// arrays), and [`raw`](Self::raw) the body as received (decrypted).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct UnknownMessage {
    /// `MsgType`, when present.
    pub msg_type: Option<String>,
    /// `Event`, when present.
    pub event: Option<String>,
    /// `InfoType`, when present.
    pub info_type: Option<String>,
    /// Every field of the root element / object.
    pub fields: Map<String, Value>,
    /// The body as it was parsed.
    pub raw: String,
}

impl UnknownMessage {
    /// A top-level field as text, when it is text (or a JSON number / bool).
    pub fn field(&self, name: &str) -> Option<String> {
        match self.fields.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Builds the field tree of an XML document already checked by the scan pass.
pub(crate) fn xml_fields(xml: &str) -> Result<Map<String, Value>, String> {
    let mut reader = Reader::from_str(xml);
    // Stack of (element name, children, text) of the open elements.
    let mut stack: Vec<(String, Map<String, Value>, String)> = Vec::new();
    let mut root = Map::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                stack.push((name, Map::new(), String::new()));
            }
            Event::Empty(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                if let Some((_, children, _)) = stack.last_mut() {
                    insert(children, name, Value::String(String::new()));
                }
            }
            Event::Text(t) => {
                if let Some((_, _, text)) = stack.last_mut() {
                    text.push_str(&t.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::CData(t) => {
                if let Some((_, _, text)) = stack.last_mut() {
                    text.push_str(&t.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, text)) = stack.last_mut() {
                    if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                        text.push(c);
                    } else if let Some(c) = predefined(&r.decode().map_err(|e| e.to_string())?) {
                        text.push(c);
                    }
                }
            }
            Event::End(_) => {
                let Some((name, children, text)) = stack.pop() else {
                    break;
                };
                let value = if children.is_empty() {
                    Value::String(text.trim().to_owned())
                } else {
                    Value::Object(children)
                };
                match stack.last_mut() {
                    Some((_, parent, _)) => insert(parent, name, value),
                    None => {
                        if let Value::Object(children) = value {
                            root = children;
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(root)
}

/// Inserts a child; a repeated name turns the entry into an array.
fn insert(map: &mut Map<String, Value>, name: String, value: Value) {
    match map.get_mut(&name) {
        None => {
            map.insert(name, value);
        }
        Some(Value::Array(items)) => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
    }
}
