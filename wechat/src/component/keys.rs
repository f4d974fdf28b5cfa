//! The store keys of a platform's data, in one place.
//!
//! Hot tokens ([`Store`](crate::store::Store)) and durable records
//! ([`DurableStore`](crate::store::DurableStore)) have their own key spaces; none of
//! these can collide with a common app's keys (`access_token/{appid}`, ...).

/// `component_access_token/{component_appid}` (hot).
pub(crate) fn component_token(component_appid: &str) -> String {
    format!("component_access_token/{component_appid}")
}

/// `authorizer_access_token/{component_appid}/{authorizer_appid}` (hot).
pub(crate) fn authorizer_token(component_appid: &str, authorizer_appid: &str) -> String {
    format!("authorizer_access_token/{component_appid}/{authorizer_appid}")
}

/// What the JS-SDK ticket keys of an authorizer are made of: `{component}/{authorizer}`,
/// giving `jsapi_ticket/{component}/{authorizer}` (hot).
pub(crate) fn authorizer_ticket_id(component_appid: &str, authorizer_appid: &str) -> String {
    format!("{component_appid}/{authorizer_appid}")
}

/// `component_verify_ticket/{component_appid}` (durable).
pub(crate) fn ticket(component_appid: &str) -> String {
    format!("component_verify_ticket/{component_appid}")
}

/// `authorizer_refresh_token/{component_appid}/{authorizer_appid}` (durable).
pub(crate) fn refresh_token(component_appid: &str, authorizer_appid: &str) -> String {
    format!("authorizer_refresh_token/{component_appid}/{authorizer_appid}")
}

/// `authorizer/{component_appid}/{authorizer_appid}` (durable): a registry entry.
pub(crate) fn registry(component_appid: &str, authorizer_appid: &str) -> String {
    format!("{}{authorizer_appid}", registry_prefix(component_appid))
}

/// `authorizer/{component_appid}/`: the prefix of a platform's registry entries.
pub(crate) fn registry_prefix(component_appid: &str) -> String {
    format!("authorizer/{component_appid}/")
}
