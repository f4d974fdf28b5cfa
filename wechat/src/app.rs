//! Scenarios and app types: what every client, platform and hub entry is told about
//! its app. The typed clients of each app type are in `client/app_clients.rs`.

/// Where tokens come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// This process holds the app secret and gets tokens from WeChat (中控 / central node).
    Hub,
    /// This process gets tokens from a hub over HTTP.
    Client,
}

/// Which kind of WeChat app a client is for; it decides which API groups it has.
///
/// Serializes as `"official_account"` / `"mini_program"` (the spelling of the spec
/// files and of `app_type` in the macro).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppType {
    /// 公众号 (Official Account).
    OfficialAccount,
    /// 小程序 (Mini Program).
    MiniProgram,
}
