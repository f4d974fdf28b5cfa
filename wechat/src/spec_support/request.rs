//! Request parameters: the query string part and the body part.

use serde::Serialize;

use crate::Secret;

/// A typed request: serialized as the JSON body of a POST, and writing its query fields.
pub trait ApiRequest: Serialize + Sync {
    /// Appends the fields that travel in the URL query.
    fn write_query(&self, query: &mut Query);

    /// The file parts of a `multipart/form-data` upload: (field name, file). Empty for
    /// every request that is not an upload.
    fn file_parts(&self) -> Vec<(&'static str, &crate::media::UploadFile)> {
        Vec::new()
    }
}

/// The request of an endpoint that takes none: an empty JSON object for a POST.
#[derive(Debug, Serialize)]
pub struct NoRequest {}

impl ApiRequest for NoRequest {
    fn write_query(&self, _query: &mut Query) {}
}

/// Query parameters being built, in order.
#[derive(Debug, Default)]
pub struct Query(pub(crate) Vec<(&'static str, String)>);

impl Query {
    /// Adds `name=value`; an absent optional value adds nothing.
    pub fn push<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        if let Some(v) = value.query_value() {
            self.0.push((name, v));
        }
    }
}

/// A value that can be a query parameter.
pub trait QueryValue {
    /// The text of the value, or `None` to leave the parameter out.
    fn query_value(&self) -> Option<String>;
}

macro_rules! display_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn query_value(&self) -> Option<String> {
                Some(self.to_string())
            }
        }
    )*};
}

display_query_value!(String, str, bool, i8, i16, i32, i64, u8, u16, u32, u64, f64);

impl QueryValue for Secret {
    fn query_value(&self) -> Option<String> {
        Some(self.expose().to_owned())
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn query_value(&self) -> Option<String> {
        self.as_ref().and_then(QueryValue::query_value)
    }
}
