//! `push_struct!`: declares a typed push with the common header fields.

/// Declares a push struct: adds `ToUserName`, `FromUserName`, `CreateTime`,
/// derives `Deserialize` and `Default`, makes every listed field
/// `#[serde(default)]` (a missing element is its empty value, not an error),
/// and implements [`Header`](crate::message::Header).
macro_rules! push_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default, serde::Deserialize, serde::Serialize)]
        #[non_exhaustive]
        pub struct $name {
            /// `ToUserName`: the receiving account (original id `gh_...`, or appid).
            #[serde(rename = "ToUserName")]
            pub to_user_name: String,
            /// `FromUserName`: the sender's openid (or the system account for events).
            #[serde(rename = "FromUserName")]
            pub from_user_name: String,
            /// `CreateTime`: Unix time in seconds.
            #[serde(rename = "CreateTime", deserialize_with = "crate::message::lenient::required")]
            pub create_time: u64,
            $(
                $(#[$fmeta])*
                #[serde(default)]
                pub $field: $ty,
            )*
        }

        impl crate::message::Header for $name {
            fn to_user_name(&self) -> &str {
                &self.to_user_name
            }
            fn from_user_name(&self) -> &str {
                &self.from_user_name
            }
            fn create_time(&self) -> u64 {
                self.create_time
            }
        }
    };
}
