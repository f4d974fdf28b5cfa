//! What generated code uses. Not a public API: it may change in any release.

pub use serde;
pub use serde_json;

pub use crate::client::AppClient;
pub use crate::component::PlatformClient;
pub use crate::spec_support::client_call::{
    call_json, call_signed_json, call_signed_unit, call_unit,
};
pub use crate::spec_support::endpoint::{Credential, Endpoint, HttpMethod};
pub use crate::spec_support::media_call::{
    call_binary, call_binary_or_json, call_multipart, call_multipart_unit,
};
pub use crate::spec_support::raw_call::{call_raw_json, call_raw_text, call_raw_unit, call_text};
pub use crate::spec_support::request::{ApiRequest, NoRequest, Query, QueryValue};
pub use crate::spec_support::signing::Signing;
pub use crate::{__int_enum as int_enum, __string_enum as string_enum};

/// What the accessor of a group of another app type returns (`app.url_scheme()` on an
/// Official Account client): nothing can be called on it. The accessor is deprecated,
/// with a note saying whose group it is and how to get it.
#[must_use = "this group is not on this client: see the deprecation note"]
pub struct GroupOfAnotherAppType(pub ());

/// What the accessor of a group returns in a build of `wechat` without the cargo feature
/// of the group's area (`app.url_scheme()` without `mini-program`): nothing can be
/// called on it. The accessor is deprecated, with a note naming the feature.
#[must_use = "this group is left out of this build: see the deprecation note"]
pub struct GroupOfADisabledArea(pub ());

/// How generated structs deserialize (see `struct_de.rs`).
pub mod de {
    pub use crate::spec_support::struct_de::{deserialize_struct, required, slot, SpecStruct};
    pub use serde::de::{Error, MapAccess};
}
