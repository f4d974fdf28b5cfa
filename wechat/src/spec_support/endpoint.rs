//! What generated code says about an endpoint.

/// HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET: every request field is a query parameter.
    Get,
    /// POST: the request is a JSON body (fields marked `in = "query"` excepted).
    Post,
}

/// The credential an endpoint needs, appended as a query parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// `access_token`, managed by the token core.
    AccessToken,
    /// `component_access_token` of a third-party platform, sent as
    /// `component_access_token=` (the `/cgi-bin/component/...` endpoints).
    ComponentAccessToken,
    /// The same `component_access_token`, sent in a parameter named `access_token=`,
    /// as the pages of the platform's code templates and cloud development
    /// (`/wxa/gettemplatelist`, `/componenttcb/...`) ask.
    ComponentAccessTokenAsAccessToken,
    /// No credential (token endpoints, for instance).
    None,
}

/// A static description of one endpoint; generated code makes one per method.
#[derive(Debug)]
pub struct Endpoint {
    /// `group.name`, used in errors and tracing.
    pub id: &'static str,
    /// The group, e.g. `material`.
    pub group: &'static str,
    /// The method name, e.g. `batchget`.
    pub name: &'static str,
    /// GET or POST.
    pub method: HttpMethod,
    /// The URL path, e.g. `/cgi-bin/material/batchget_material`.
    pub path: &'static str,
    /// Which token it takes.
    pub credential: Credential,
}
