//! The forward-compatible enums of the specs, as two small `macro_rules!`.
//!
//! A value that WeChat adds after this SDK was built decodes as `Other(..)`, never as
//! an error, and encodes back as itself.

/// A string enum: `string_enum! { pub enum MaterialType { Image => "image", ... } }`.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident => $value:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                #[doc = concat!("`", $value, "`")]
                $variant,
            )*
            /// A value this version of the SDK does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as WeChat spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Other(s) => s.as_str(),
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $value => $name::$variant, )*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize>::deserialize(d)?;
                Ok($name::from(s.as_ref()))
            }
        }

        impl $crate::__private::QueryValue for $name {
            fn query_value(&self) -> Option<String> {
                Some(self.as_str().to_owned())
            }
        }
    };
}

/// An integer enum: `int_enum! { pub enum Sex { Unknown => 0, Male => 1 } }`.
#[doc(hidden)]
#[macro_export]
macro_rules! __int_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident => $value:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                #[doc = concat!("`", stringify!($value), "`")]
                $variant,
            )*
            /// A value this version of the SDK does not know, kept as sent.
            Other(i64),
        }

        impl $name {
            /// The value as WeChat sends it.
            pub fn value(&self) -> i64 {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Other(v) => *v,
                }
            }
        }

        impl ::core::convert::From<i64> for $name {
            fn from(v: i64) -> Self {
                match v {
                    $( $value => $name::$variant, )*
                    other => $name::Other(other),
                }
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                Ok($name::from(<i64 as $crate::__private::serde::Deserialize>::deserialize(d)?))
            }
        }

        impl $crate::__private::QueryValue for $name {
            fn query_value(&self) -> Option<String> {
                Some(self.value().to_string())
            }
        }
    };
}
