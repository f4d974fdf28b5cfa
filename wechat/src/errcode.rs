//! WeChat's global return codes, from `api-specs/errcodes.toml`.
//!
//! Source: <https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html>.

use crate::api::errcode_table::ERRCODES;

/// What the global return-code table says of an errcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrcodeInfo {
    /// The errcode.
    pub code: i64,
    /// A snake_case name, e.g. `invalid_credential` for 40001.
    pub name: &'static str,
    /// One line of meaning.
    pub meaning: &'static str,
}

/// The table entry of `code`, if the table has it.
pub fn describe(code: i64) -> Option<ErrcodeInfo> {
    ERRCODES
        .binary_search_by_key(&code, |(c, _, _)| *c)
        .ok()
        .map(|i| ErrcodeInfo {
            code,
            name: ERRCODES[i].1,
            meaning: ERRCODES[i].2,
        })
}
