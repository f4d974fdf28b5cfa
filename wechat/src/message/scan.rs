//! A first pass over an XML body with quick-xml's reader: refuses DTDs, unknown
//! entities and deep nesting, reads the type fields (`MsgType`, `Event`, `InfoType`)
//! that choose the typed shape, and keeps the text of each child of the root, so that
//! a flat push (every push but a few events) is typed from this one pass.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
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

/// One child of the root and its text: text, CDATA and references joined as
/// quick-xml's deserializer joins them (nothing trimmed, comments left out).
pub(crate) type FlatField<'a> = (Cow<'a, str>, Cow<'a, str>);

/// What the scan found.
#[derive(Debug)]
pub(crate) struct Scan<'a> {
    /// The type fields.
    pub(crate) types: TypeFields,
    /// Every child of the root with its text, when the body is flat: the root and
    /// its children carry no attributes, no child has children of its own, no name
    /// repeats and the root holds no text of its own. `None` otherwise.
    pub(crate) flat: Option<Vec<FlatField<'a>>>,
}

/// The character of one of XML's five predefined entities (`lt`, `gt`, `amp`, `apos`,
/// `quot`); `None` for any other name.
pub(crate) fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// Checks the XML, reads its type fields and, for a flat body, the text of each field.
pub(crate) fn scan_xml(xml: &str, limits: ParseLimits) -> Result<Scan<'_>, MessageError> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    let mut types = TypeFields::default();
    let mut flat: Option<Vec<FlatField<'_>>> = Some(Vec::with_capacity(12));
    // The name and text of the open child of the root (its text includes any text of
    // its own children, as the type fields always have).
    let mut name: Cow<'_, str> = Cow::Borrowed("");
    let mut text: Cow<'_, str> = Cow::Borrowed("");
    let xml_err = |e: &dyn std::fmt::Display| MessageError::Xml(e.to_string());
    let too_deep = || MessageError::TooDeep {
        max: limits.max_depth,
    };
    loop {
        let event = reader.read_event().map_err(|e| xml_err(&e))?;
        match event {
            Event::DocType(_) => return Err(MessageError::DtdForbidden),
            Event::Start(start) => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(too_deep());
                }
                if depth > 2 || has_attributes(&start) {
                    flat = None;
                }
                if depth == 2 {
                    name = element_name(xml, &start);
                    text = Cow::Borrowed("");
                }
            }
            Event::Empty(start) => {
                if depth + 1 > limits.max_depth {
                    return Err(too_deep());
                }
                if depth != 1 || has_attributes(&start) {
                    flat = None;
                } else {
                    push_field(&mut flat, element_name(xml, &start), Cow::Borrowed(""));
                }
            }
            Event::End(_) => {
                if depth == 2 {
                    let value = std::mem::replace(&mut text, Cow::Borrowed(""));
                    record(&mut types, &name, &value);
                    let name = std::mem::replace(&mut name, Cow::Borrowed(""));
                    push_field(&mut flat, name, value);
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                let piece = text_of(xml, t.into_inner()).map_err(|e| xml_err(&e))?;
                if depth >= 2 {
                    append(&mut text, piece);
                } else if depth == 1 && !piece.trim().is_empty() {
                    flat = None;
                }
            }
            Event::CData(t) => {
                let piece = text_of(xml, t.into_inner()).map_err(|e| xml_err(&e))?;
                if depth >= 2 {
                    append(&mut text, piece);
                } else if depth == 1 {
                    flat = None;
                }
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().map_err(|e| xml_err(&e))?
                } else {
                    let name = r.decode().map_err(|e| xml_err(&e))?;
                    let Some(c) = predefined(&name) else {
                        return Err(MessageError::EntityForbidden(name.into_owned()));
                    };
                    Some(c)
                };
                if depth >= 2 {
                    if let Some(c) = c {
                        text.to_mut().push(c);
                    }
                } else if depth == 1 {
                    flat = None;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(MessageError::Xml("unexpected end of document".into()));
    }
    Ok(Scan { types, flat })
}

/// Appends a piece of text, borrowing while the text is one piece.
fn append<'a>(text: &mut Cow<'a, str>, piece: Cow<'a, str>) {
    if text.is_empty() {
        *text = piece;
    } else {
        text.to_mut().push_str(&piece);
    }
}

fn has_attributes(start: &BytesStart<'_>) -> bool {
    !start.attributes_raw().iter().all(u8::is_ascii_whitespace)
}

/// The slice of `xml` that `bytes` is, when quick-xml's reader handed out a slice of
/// the document (as it does for a `&str` input): no copy, and no second UTF-8 check
/// (a slice of a `str` that starts and ends on character boundaries is UTF-8).
fn in_document<'a>(xml: &'a str, bytes: &[u8]) -> Option<&'a str> {
    let at = (bytes.as_ptr() as usize).checked_sub(xml.as_ptr() as usize)?;
    // Same address and length inside `xml`: the very same bytes.
    xml.get(at..at.checked_add(bytes.len())?)
}

/// A text or CDATA piece as a string, borrowed from the document when it can be.
fn text_of<'a>(xml: &'a str, bytes: Cow<'_, [u8]>) -> Result<Cow<'a, str>, std::str::Utf8Error> {
    if let Some(s) = in_document(xml, &bytes) {
        return Ok(Cow::Borrowed(s));
    }
    std::str::from_utf8(&bytes).map(|s| Cow::Owned(s.to_owned()))
}

/// The element's name, borrowed from the document when it can be.
fn element_name<'a>(xml: &'a str, start: &BytesStart<'_>) -> Cow<'a, str> {
    let name = start.name().into_inner();
    match in_document(xml, name) {
        Some(borrowed) => Cow::Borrowed(borrowed),
        None => Cow::Owned(String::from_utf8_lossy(name).into_owned()),
    }
}

/// Keeps a type field's trimmed value.
fn record(types: &mut TypeFields, name: &str, value: &str) {
    let slot = match name {
        "MsgType" => &mut types.msg_type,
        "Event" => &mut types.event,
        "InfoType" => &mut types.info_type,
        _ => return,
    };
    *slot = Some(value.trim().to_owned());
}

/// Adds a field to a flat body; a repeated name makes the body not flat.
fn push_field<'a>(flat: &mut Option<Vec<FlatField<'a>>>, name: Cow<'a, str>, value: Cow<'a, str>) {
    if let Some(fields) = flat {
        if fields.iter().any(|(n, _)| *n == name) {
            *flat = None;
        } else {
            fields.push((name, value));
        }
    }
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
        .unwrap()
        .types;
        assert_eq!(f.msg_type.as_deref(), Some("event"));
        assert_eq!(f.event.as_deref(), Some("SCAN"));
        assert_eq!(f.info_type, None);
    }

    #[test]
    fn refuses_dtd_entities_and_depth() {
        let lim = ParseLimits::default();
        assert_eq!(
            scan_xml("<!DOCTYPE x [<!ENTITY a \"b\">]><xml>&a;</xml>", lim).err(),
            Some(MessageError::DtdForbidden)
        );
        assert_eq!(
            scan_xml("<xml><a>&ext;</a></xml>", lim).err(),
            Some(MessageError::EntityForbidden("ext".into()))
        );
        assert!(scan_xml("<xml><a>&lt;&#65;</a></xml>", lim).is_ok());
        let deep = format!("{}{}", "<a>".repeat(17), "</a>".repeat(17));
        assert_eq!(
            scan_xml(&deep, lim).err(),
            Some(MessageError::TooDeep { max: 16 })
        );
    }

    fn flat(xml: &str) -> Option<Vec<(String, String)>> {
        let scan = scan_xml(xml, ParseLimits::default()).unwrap();
        scan.flat.map(|fields| {
            fields
                .into_iter()
                .map(|(n, v)| (n.into_owned(), v.into_owned()))
                .collect()
        })
    }

    fn pairs(p: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(
            p.iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn keeps_the_text_of_each_field_as_quick_xml_joins_it() {
        assert_eq!(
            flat("<xml>\n <A>  x  </A><B><![CDATA[ y ]]></B><C>a&amp;b &#65;<!-- no --> <![CDATA[c]]></C><D/><E></E></xml>"),
            pairs(&[("A", "  x  "), ("B", " y "), ("C", "a&b A c"), ("D", ""), ("E", "")])
        );
    }

    #[test]
    fn nested_repeated_attributed_or_mixed_bodies_are_not_flat() {
        assert_eq!(flat("<xml><A><B>1</B></A></xml>"), None);
        assert_eq!(flat("<xml><A>1</A><A>2</A></xml>"), None);
        assert_eq!(flat("<xml><A x=\"1\">1</A></xml>"), None);
        assert_eq!(flat("<xml><A x=\"1\"/></xml>"), None);
        assert_eq!(flat("<xml y=\"2\"><A>1</A></xml>"), None);
        assert_eq!(flat("<xml>text<A>1</A></xml>"), None);
        assert_eq!(flat("<xml><A>1</A>\n\t</xml>"), pairs(&[("A", "1")]));
    }
}
