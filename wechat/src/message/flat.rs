//! A serde deserializer over the fields the scan pass kept from a flat XML push, so
//! that a typed push is read in that one pass instead of a second quick-xml pass.
//!
//! It gives each field's text as quick-xml's deserializer would: a string as is, a
//! number or `bool` parsed from the trimmed text, an option `Some` whenever the element
//! is present; to a self-describing read (`deserialize_any`, as the `lenient` readers
//! do) a text of only whitespace is empty, because quick-xml drops a blank text run
//! there (CDATA included: `<A> <![CDATA[]]> </A>`). WeChat wraps each value in CDATA with
//! nothing around it, so whitespace around or instead of a value is layout. What it cannot give (sequences, maps, nested structs) is an error, and
//! the caller then reads the body with quick-xml's deserializer instead, so a flat read
//! never decides anything that deserializer would decide otherwise.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::de::value::{Error, MapDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::scan::FlatField;

/// Deserializes `T` from the fields of a flat push: a map from field names to texts.
pub(crate) fn read<'de, T: de::Deserialize<'de>>(fields: &[FlatField<'de>]) -> Result<T, Error> {
    let entries = fields.iter().map(|(name, text)| (name.clone(), Text(text)));
    T::deserialize(MapDeserializer::new(entries))
}

/// A field's text.
struct Text<'a, 'de>(&'a Cow<'de, str>);

impl<'de> IntoDeserializer<'de, Error> for Text<'_, 'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl Text<'_, '_> {
    fn parse<T: FromStr>(&self, what: &'static str) -> Result<T, Error>
    where
        T::Err: fmt::Display,
    {
        self.0
            .trim()
            .parse()
            .map_err(|e| de::Error::custom(format!("{what} {:?}: {e}", self.0)))
    }
}

macro_rules! parse_number {
    ($($method:ident => $visit:ident: $ty:ty,)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                visitor.$visit(self.parse::<$ty>(stringify!($ty))?)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Text<'_, 'de> {
    type Error = Error;

    /// A self-describing read (the `lenient` field readers): a text of only whitespace
    /// is empty, as quick-xml's deserializer gives it (it hands such an element over as
    /// a map without `$text`).
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if is_blank(self.0) {
            return visitor.visit_borrowed_str("");
        }
        self.deserialize_str(visitor)
    }

    /// A string field: the text as it is, whitespace included, as quick-xml gives it.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_str(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    parse_number! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.trim() {
            "true" | "1" => visitor.visit_bool(true),
            "false" | "0" => visitor.visit_bool(false),
            _ => Err(de::Error::custom(format!("bool {:?}", self.0))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    /// Shapes a text cannot have: the caller falls back to quick-xml's deserializer.
    fn deserialize_seq<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(not_flat())
    }

    fn deserialize_map<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(not_flat())
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(not_flat())
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(not_flat())
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(not_flat())
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(not_flat())
    }

    fn deserialize_unit<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(not_flat())
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(not_flat())
    }

    forward_to_deserialize_any! {
        char bytes byte_buf identifier
    }
}

/// Whether a text holds nothing but XML whitespace (space, tab, CR, LF), as quick-xml
/// defines it.
fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn not_flat() -> Error {
    de::Error::custom("not a flat text field")
}
