//! XML or JSON: how a callback body is encoded.

/// The encoding of a callback body.
///
/// Official Accounts, open-platform pushes and WeCom use XML; a mini program can
/// choose JSON in its message-push settings
/// (<https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyFormat {
    /// `<xml>...</xml>`.
    Xml,
    /// `{...}`.
    Json,
}

impl BodyFormat {
    /// Guesses the format from the first non-whitespace character: `{` is JSON, anything else XML.
    pub fn detect(body: &str) -> Self {
        match body.trim_start().as_bytes().first() {
            Some(b'{') => BodyFormat::Json,
            _ => BodyFormat::Xml,
        }
    }
}
