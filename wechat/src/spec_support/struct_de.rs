//! How generated structs deserialize: one generic visitor in the runtime, and per struct
//! only a table of its wire names and two small functions (read a field, finish).
//!
//! `#[derive(Deserialize)]` would write a field enum, an identifier visitor, a sequence
//! visitor and a map visitor into every one of the hundreds of generated structs; type
//! and borrow checking that code was the largest part of the `wechat` crate's build.
//! Here the loop over the map is written (and checked) once. What it accepts matches
//! the derive for the structs the generator emits: fields by wire name, unknown fields
//! ignored, `duplicate field` and `missing field` errors as serde words them, optional
//! fields `None` when missing or `null`. A JSON array in place of an object (which the
//! derive accepts and WeChat never sends) is an `invalid type` error.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A struct emitted by the spec generator, as its deserializer sees it.
pub trait SpecStruct: Sized {
    /// The struct's name, for `expected struct …` in errors.
    const NAME: &'static str;
    /// The fields' wire names, in declaration order; a field's index is its position.
    const FIELDS: &'static [&'static str];
    /// One `Option` per field, filled while the map is read.
    type Slots;

    /// Every slot empty.
    fn slots() -> Self::Slots;

    /// Reads the value of field `index` from `map` into its slot.
    ///
    /// # Errors
    /// The value's own error, or `duplicate field` when the slot is already filled.
    fn read<'de, M: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        map: &mut M,
    ) -> Result<(), M::Error>;

    /// The struct from its slots.
    ///
    /// # Errors
    /// `missing field` for an empty slot of a required field.
    fn finish<E: de::Error>(slots: Self::Slots) -> Result<Self, E>;
}

/// `Deserialize::deserialize` of every generated struct.
///
/// # Errors
/// The deserializer's errors, and those of [`SpecStruct::read`] and
/// [`SpecStruct::finish`].
pub fn deserialize_struct<'de, T: SpecStruct, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

/// Fills `slot` from the map's next value.
///
/// # Errors
/// The value's error, or `duplicate field` naming `name`.
pub fn slot<'de, M: MapAccess<'de>, V: de::Deserialize<'de>>(
    slot: &mut Option<V>,
    name: &'static str,
    map: &mut M,
) -> Result<(), M::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required field.
///
/// # Errors
/// `missing field` naming `name` when the map did not have it.
pub fn required<V, E: de::Error>(slot: Option<V>, name: &'static str) -> Result<V, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: SpecStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::slots();
        while let Some(key) = map.next_key_seed(FieldIndex(T::FIELDS))? {
            match key {
                Some(index) => T::read(&mut slots, index, &mut map)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        T::finish(slots)
    }
}

/// A map key as the index of a field name, `None` for a name the struct does not have.
struct FieldIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|f| *f == name))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|f| f.as_bytes() == name))
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Self::Value, E> {
        Ok(usize::try_from(index).ok().filter(|i| *i < self.0.len()))
    }
}
