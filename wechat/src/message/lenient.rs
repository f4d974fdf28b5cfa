//! Field deserializers that accept a value as text or as a JSON number.
//!
//! XML carries every value as text; JSON pushes send some numbers as numbers and
//! some as strings (`"CreateTime": "1610968440"` next to `"CreateTime": 1409659813`).
//! These helpers take either and parse with `FromStr`.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};

struct TextOrNumber<T>(PhantomData<T>);

impl<'de, T: FromStr> Visitor<'de> for TextOrNumber<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string holding one")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        v.parse()
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.visit_str(if v { "true" } else { "false" })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    // quick-xml hands an element to `deserialize_any` as a map whose text is under `$text`.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let text = element_text(map)?;
        self.visit_str(&text)
    }
}

/// The text of an XML element seen as a map (`$text` / `$value` entries), other entries skipped.
fn element_text<'de, A: de::MapAccess<'de>>(mut map: A) -> Result<String, A::Error> {
    let mut text = String::new();
    while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
        if key == "$text" || key == "$value" {
            text.push_str(&map.next_value::<std::borrow::Cow<'de, str>>()?);
        } else {
            map.next_value::<de::IgnoredAny>()?;
        }
    }
    Ok(text)
}

/// A required value; an empty text is an error.
pub(crate) fn required<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
{
    deserializer
        .deserialize_any(TextOrNumber::<T>(PhantomData))?
        .ok_or_else(|| de::Error::custom("empty value"))
}

/// An optional value; an empty text is `None`.
pub(crate) fn optional<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
{
    deserializer.deserialize_any(TextOrNumber::<T>(PhantomData))
}

/// A string that JSON may send as a number (`"AgentID": 218`).
pub(crate) fn string<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: Deserializer<'de>,
{
    struct Text;
    impl<'de> Visitor<'de> for Text {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_unit<E: de::Error>(self) -> Result<String, E> {
            Ok(String::new())
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
            element_text(map)
        }
    }
    deserializer.deserialize_any(Text)
}

/// An optional string that JSON may send as a number.
pub(crate) fn opt_string<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    string(deserializer).map(Some)
}
