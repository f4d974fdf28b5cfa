//! What the platform reads and sets about its authorizers: account details,
//! the list of authorizations, the authorizer options, and `clear_quota`.
//! An account that is not authorizing the platform is 61003 ("component is
//! not authorized by this account").
//!
//! Docs: <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/authorization-management/getAuthorizerInfo.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/authorization-management/getAuthorizerList.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/en/Third-party_Platforms/api/api_get_authorizer_option.html>,
//! <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/openApi/clear_quota.html>

use serde_json::{json, Value};
use sha1::{Digest, Sha1};

use super::api::func_info;
use super::authorizer::{Authorizer, AuthorizerType};
use super::Request;
use crate::state::{lock, Shared};

/// Most authorizers one `api_get_authorizer_list` returns.
const LIST_MAX: u64 = 500;

/// The authorizer the body names (41002 when missing).
fn authorizer_appid<'a>(req: &'a Request<'_>) -> Result<&'a str, i64> {
    req.field("authorizer_appid")?
        .filter(|a| !a.is_empty())
        .ok_or(41002)
}

/// A stable original id (`gh_` and 12 hex digits) for an appid.
fn original_id(appid: &str) -> String {
    let digest = Sha1::digest(appid.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("gh_{hex}")
}

/// The `authorizer_info` of an account, with the fields of the official
/// page; mini programs add `MiniProgramInfo`.
fn account_details(appid: &str, a: &Authorizer) -> Value {
    let mut info = json!({
        "nick_name": format!("Simulated account {appid}"),
        "head_img": format!("http://wx.qlogo.cn/mmopen/sim/{appid}/0"),
        "service_type_info": { "id": 2 },
        "verify_type_info": { "id": 0 },
        "user_name": original_id(appid),
        "principal_name": "Simulated Company Ltd.",
        "alias": format!("sim_{appid}"),
        "business_info": {
            "open_store": 0, "open_scan": 0, "open_pay": 0, "open_card": 0, "open_shake": 0,
        },
        "qrcode_url": format!("http://mmbiz.qpic.cn/mmbiz_jpg/sim/{appid}/0"),
        "signature": "An account of the WeChat simulator.",
    });
    if a.kind == AuthorizerType::MiniProgram {
        info["service_type_info"] = json!({ "id": 0 });
        info["alias"] = json!("");
        info["MiniProgramInfo"] = json!({
            "network": {
                "RequestDomain": [],
                "WsRequestDomain": [],
                "UploadDomain": [],
                "DownloadDomain": [],
                "BizDomain": [],
                "UDPDomain": [],
            },
            "categories": [{ "first": "工具", "second": "效率" }],
            "visit_status": 0,
        });
    }
    info
}

/// `{component_appid, authorizer_appid}` → `{authorizer_info,
/// authorization_info}`.
pub fn info(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let appid = authorizer_appid(req)?;
    let platforms = lock(&shared.component);
    let a = platforms.authorizer(req.component_appid, appid)?;
    Ok(json!({
        "authorizer_info": account_details(appid, a),
        "authorization_info": {
            "authorizer_appid": appid,
            "authorizer_refresh_token": a.newest_refresh().unwrap_or_default(),
            "func_info": func_info(&a.func_ids),
        },
    }))
}

/// A non-negative integer field (numbers or digit strings); 47001 when of
/// another kind.
fn count_field(req: &Request<'_>, key: &str) -> Result<Option<u64>, i64> {
    match req.body.and_then(|b| b.get(key)) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .or_else(|| v.as_str()?.parse().ok())
            .map(Some)
            .ok_or(47001),
    }
}

/// `{component_appid, offset, count}` → `{total_count, list:
/// [{authorizer_appid, refresh_token, auth_time}]}` in the order of first
/// authorization. `count` over 500 is 40170; missing 47001.
pub fn list(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let offset = count_field(req, "offset")?.unwrap_or(0);
    let count = count_field(req, "count")?.ok_or(47001)?;
    if count > LIST_MAX {
        return Err(40170);
    }
    let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let (total, page) =
        lock(&shared.component).list(req.component_appid, to_usize(offset), to_usize(count));
    let list: Vec<Value> = page
        .into_iter()
        .map(|(appid, refresh, auth_time)| {
            json!({ "authorizer_appid": appid, "refresh_token": refresh, "auth_time": auth_time })
        })
        .collect();
    Ok(json!({ "total_count": total, "list": list }))
}

/// The option name of the body (40097 when missing).
fn option_name<'a>(req: &'a Request<'_>) -> Result<&'a str, i64> {
    req.field("option_name")?.ok_or(40097)
}

/// `{component_appid, authorizer_appid, option_name}` →
/// `{authorizer_appid, option_name, option_value}`; options are
/// `location_report` (0, 1, 2), `voice_recognize` and `customer_service`
/// (0, 1), all "0" at first; another name is 40097.
pub fn get_option(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let appid = authorizer_appid(req)?;
    let name = option_name(req)?;
    let platforms = lock(&shared.component);
    let value = platforms
        .authorizer(req.component_appid, appid)?
        .option(name)?;
    Ok(json!({ "authorizer_appid": appid, "option_name": name, "option_value": value }))
}

/// `{component_appid, authorizer_appid, option_name, option_value}` →
/// `{"errcode":0,"errmsg":"ok"}`; a value the option does not take is 40097.
pub fn set_option(shared: &Shared, req: &Request<'_>) -> Result<Value, i64> {
    let appid = authorizer_appid(req)?;
    let name = option_name(req)?;
    let value = req.field("option_value")?.ok_or(40097)?;
    lock(&shared.component)
        .authorizer_mut(req.component_appid, appid)?
        .set_option(name, value)?;
    Ok(json!({ "errcode": 0, "errmsg": "ok" }))
}

/// `{component_appid}` → `{"errcode":0,"errmsg":"ok"}` (the simulator keeps
/// no other quota of the platform's).
pub fn clear_quota(_shared: &Shared, _req: &Request<'_>) -> Result<Value, i64> {
    Ok(json!({ "errcode": 0, "errmsg": "ok" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_ids_are_stable() {
        let id = original_id("wxabc");
        assert_eq!(id, original_id("wxabc"));
        assert_ne!(id, original_id("wxabd"));
        assert!(id.starts_with("gh_") && id.len() == 15, "{id}");
    }

    #[test]
    fn mini_programs_carry_their_info() {
        let mp = Authorizer::new(AuthorizerType::MiniProgram, vec![], 0, 0);
        let oa = Authorizer::new(AuthorizerType::OfficialAccount, vec![], 0, 0);
        assert!(account_details("wxm", &mp).get("MiniProgramInfo").is_some());
        let oa = account_details("wxo", &oa);
        assert!(oa.get("MiniProgramInfo").is_none());
        assert_eq!(oa["service_type_info"]["id"], 2);
    }
}
