//! What generated code uses. Not a public API: it may change in any release.

pub use serde;
pub use serde_json;

pub use crate::client::call::{call_json, call_unit};
pub use crate::client::AppClient;
pub use crate::component::PlatformClient;
pub use crate::endpoint::{Credential, Endpoint, HttpMethod};
pub use crate::media::call::{
    call_binary, call_binary_or_json, call_multipart, call_multipart_unit,
};
pub use crate::request::{ApiRequest, NoRequest, Query, QueryValue};
pub use crate::{__int_enum as int_enum, __string_enum as string_enum};

/// How generated structs deserialize (see `struct_de.rs`).
pub mod de {
    pub use crate::struct_de::{deserialize_struct, required, slot, SpecStruct};
    pub use serde::de::{Error, MapAccess};
}
