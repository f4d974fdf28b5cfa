//! The typed read of a body that passed the safety scan: one [`Decode`] trait, and its
//! XML (flat read first, quick-xml otherwise) and JSON implementations. The message
//! shapes (`event`, `component`) decode through it; `parse` picks the shape.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::scan::FlatField;

/// Deserializes the body into one typed shape.
pub(crate) trait Decode {
    /// Deserializes into `T`, or says why not.
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String>;
}

/// An XML body, with the fields the scan pass kept when it is flat.
pub(crate) struct XmlDecoder<'a> {
    /// The body.
    pub(crate) xml: &'a str,
    /// The fields of a flat body, from the scan pass.
    pub(crate) flat: Option<&'a [FlatField<'a>]>,
}

impl Decode for XmlDecoder<'_> {
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        if let Some(fields) = self.flat {
            if let Ok(value) = super::flat::read(fields) {
                return Ok(value);
            }
        }
        // Not flat, or a shape (or an error) the flat read leaves to quick-xml.
        quick_xml::de::from_str(self.xml).map_err(|e| e.to_string())
    }
}

/// A JSON body, parsed.
pub(crate) struct JsonDecoder<'a>(pub(crate) &'a Value);

impl Decode for JsonDecoder<'_> {
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        T::deserialize(self.0).map_err(|e| e.to_string())
    }
}
