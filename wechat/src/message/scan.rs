//! A first pass over an XML body with quick-xml's reader: refuses DTDs, unknown
//! entities and deep nesting, and reads the type fields (`MsgType`, `Event`,
//! `InfoType`) that choose the typed shape for the serde pass.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::MessageError;

/// Limits applied while parsing a callback body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Deepest element nesting accepted, the root counting as 1 (default 16;
    /// the deepest documented push needs 5).
    pub max_depth: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits { max_depth: 16 }
    }
}

/// The type fields of a push, trimmed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct TypeFields {
    pub(crate) msg_type: Option<String>,
    pub(crate) event: Option<String>,
    pub(crate) info_type: Option<String>,
}

const PREDEFINED: [&str; 5] = ["lt", "gt", "amp", "apos", "quot"];

/// Checks the XML and reads its type fields.
pub(crate) fn scan_xml(xml: &str, limits: ParseLimits) -> Result<TypeFields, MessageError> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    let mut fields = TypeFields::default();
    // Which type field the current depth-2 element is, if any.
    let mut capturing: Option<usize> = None;
    let mut text = String::new();
    let xml_err = |e: &dyn std::fmt::Display| MessageError::Xml(e.to_string());
    loop {
        let event = reader.read_event().map_err(|e| xml_err(&e))?;
        match event {
            Event::DocType(_) => return Err(MessageError::DtdForbidden),
            Event::Start(start) => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(MessageError::TooDeep {
                        max: limits.max_depth,
                    });
                }
                if depth == 2 {
                    capturing = match start.name().as_ref() {
                        b"MsgType" => Some(0),
                        b"Event" => Some(1),
                        b"InfoType" => Some(2),
                        _ => None,
                    };
                    text.clear();
                }
            }
            Event::Empty(_) if depth + 1 > limits.max_depth => {
                return Err(MessageError::TooDeep {
                    max: limits.max_depth,
                });
            }
            Event::End(_) => {
                if depth == 2 {
                    if let Some(slot) = capturing.take() {
                        let value = Some(text.trim().to_owned());
                        match slot {
                            0 => fields.msg_type = value,
                            1 => fields.event = value,
                            _ => fields.info_type = value,
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) if capturing.is_some() => {
                text.push_str(&t.decode().map_err(|e| xml_err(&e))?);
            }
            Event::CData(t) if capturing.is_some() => {
                text.push_str(&t.decode().map_err(|e| xml_err(&e))?);
            }
            Event::GeneralRef(r) => {
                if r.is_char_ref() {
                    let c = r.resolve_char_ref().map_err(|e| xml_err(&e))?;
                    if let (Some(c), Some(_)) = (c, capturing) {
                        text.push(c);
                    }
                } else {
                    let name = r.decode().map_err(|e| xml_err(&e))?;
                    let Some(i) = PREDEFINED.iter().position(|p| *p == name) else {
                        return Err(MessageError::EntityForbidden(name.into_owned()));
                    };
                    if capturing.is_some() {
                        text.push(['<', '>', '&', '\'', '"'][i]);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(MessageError::Xml("unexpected end of document".into()));
    }
    Ok(fields)
}

/// Depth of a JSON value (a scalar is 0, `{}` is 1).
pub(crate) fn json_depth(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Array(items) => 1 + items.iter().map(json_depth).max().unwrap_or(0),
        serde_json::Value::Object(map) => 1 + map.values().map(json_depth).max().unwrap_or(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_type_fields() {
        let f = scan_xml(
            "<xml><MsgType>  <![CDATA[event]]></MsgType><Event>SCAN</Event></xml>",
            ParseLimits::default(),
        )
        .unwrap();
        assert_eq!(f.msg_type.as_deref(), Some("event"));
        assert_eq!(f.event.as_deref(), Some("SCAN"));
        assert_eq!(f.info_type, None);
    }

    #[test]
    fn refuses_dtd_entities_and_depth() {
        let lim = ParseLimits::default();
        assert_eq!(
            scan_xml("<!DOCTYPE x [<!ENTITY a \"b\">]><xml>&a;</xml>", lim),
            Err(MessageError::DtdForbidden)
        );
        assert_eq!(
            scan_xml("<xml><a>&ext;</a></xml>", lim),
            Err(MessageError::EntityForbidden("ext".into()))
        );
        assert!(scan_xml("<xml><a>&lt;&#65;</a></xml>", lim).is_ok());
        let deep = format!("{}{}", "<a>".repeat(17), "</a>".repeat(17));
        assert_eq!(scan_xml(&deep, lim), Err(MessageError::TooDeep { max: 16 }));
    }
}
