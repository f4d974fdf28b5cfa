//! Endpoints that echo the request or issue fresh ids: tickets, QR codes,
//! news uploads, template messages, schemes, quota queries and rids.

use serde_json::{json, Value};

use super::{random_string, unix_now, Answer, Call};
use crate::state::{lock, Shared};

/// Longest lifetime of a temporary QR code (30 days).
const MAX_QR_SECONDS: u64 = 2_592_000;

/// `GET /cgi-bin/ticket/getticket?type=jsapi|wx_card` (default jsapi): a
/// fresh ticket valid 7200 s.
pub fn ticket(call: &Call<'_>, mut template: Value) -> Answer {
    let kind = call.query.get("type").map_or("jsapi", String::as_str);
    if kind != "jsapi" && kind != "wx_card" {
        return Answer::Error(40097);
    }
    template["ticket"] = json!(random_string(86));
    template["expires_in"] = json!(7200);
    Answer::Json(template)
}

/// `POST /cgi-bin/qrcode/create`: temporary codes echo `expire_seconds`
/// (default 60, at most 30 days); permanent codes have none.
pub fn qrcode(call: &Call<'_>, mut template: Value) -> Answer {
    template["ticket"] = json!(format!("gQ{}==", random_string(94)));
    template["url"] = json!(format!("http://weixin.qq.com/q/{}", random_string(22)));
    match call.str_field("action_name") {
        Some("QR_LIMIT_SCENE" | "QR_LIMIT_STR_SCENE") => {
            if let Some(obj) = template.as_object_mut() {
                obj.remove("expire_seconds");
            }
        }
        _ => {
            let secs = call
                .u64_field("expire_seconds")
                .unwrap_or(60)
                .min(MAX_QR_SECONDS);
            template["expire_seconds"] = json!(secs);
        }
    }
    Answer::Json(template)
}

/// `POST /cgi-bin/media/uploadnews`: a new media_id created now.
pub fn uploadnews(mut template: Value) -> Answer {
    template["media_id"] = json!(random_string(64));
    template["created_at"] = json!(unix_now());
    Answer::Json(template)
}

/// `POST /cgi-bin/message/template/send`: a new msgid.
pub fn template_send(mut template: Value) -> Answer {
    template["msgid"] = json!(rand::random_range(1_000_000_000_u64..10_000_000_000));
    Answer::Json(template)
}

/// `POST /wxa/generatescheme`: a new openlink.
pub fn generatescheme(mut template: Value) -> Answer {
    template["openlink"] = json!(format!("weixin://dl/business/?t={}", random_string(11)));
    Answer::Json(template)
}

/// `POST /cgi-bin/clear_quota` `{"appid"}`: the appid must be the token's
/// own (40013 otherwise); clears the app's `force_refresh` quota.
pub fn clear_quota(shared: &Shared, call: &Call<'_>, template: Value) -> Answer {
    match call.str_field("appid") {
        None | Some("") => Answer::Error(41002),
        Some(appid) if appid != call.appid => Answer::Error(40013),
        Some(appid) => {
            lock(&shared.tokens).clear_quota(appid);
            Answer::Json(template)
        }
    }
}

/// Documented daily limit of an API, for `openapi/quota/get`.
fn daily_limit(cgi_path: &str) -> u64 {
    match cgi_path {
        "/cgi-bin/token" => 2_000,
        "/cgi-bin/stable_token" => 500_000,
        _ => 100_000,
    }
}

/// `POST /cgi-bin/openapi/quota/get` `{"cgi_path"}`: `used` is what the
/// simulator counted on that path.
pub fn quota(shared: &Shared, call: &Call<'_>, mut template: Value) -> Answer {
    let Some(path) = call.str_field("cgi_path").filter(|p| p.starts_with('/')) else {
        return Answer::Error(76021);
    };
    let used = lock(&shared.stats).calls(path);
    let limit = daily_limit(path);
    template["quota"] = json!({
        "daily_limit": limit,
        "used": used,
        "remain": limit.saturating_sub(used),
    });
    Answer::Json(template)
}

/// `POST /cgi-bin/openapi/rid/get` `{"rid"}`.
pub fn rid(call: &Call<'_>, mut template: Value) -> Answer {
    if call.str_field("rid").is_none_or(str::is_empty) {
        return Answer::Error(76002);
    }
    template["request"]["invoke_time"] = json!(unix_now().saturating_sub(60));
    Answer::Json(template)
}

/// `POST /cgi-bin/media/voice/translatecontent?lfrom&lto`, the text as the raw body:
/// `from_content` is that text (47001 when it is not UTF-8, 44002 when empty),
/// `to_content` a stand-in translation naming the languages.
pub fn translate(call: &Call<'_>) -> Answer {
    let Ok(text) = std::str::from_utf8(call.raw) else {
        return Answer::Error(47001);
    };
    let lang = |k: &str| call.query.get(k).map_or("", String::as_str);
    Answer::Json(json!({
        "from_content": text,
        "to_content": format!("[{}→{}] {text}", lang("lfrom"), lang("lto")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::endpoints::testing::{json_of, run};

    #[test]
    fn ticket_types() {
        let t = json!({"errcode": 0, "errmsg": "ok", "ticket": "", "expires_in": 0});
        let v = json_of(run(&[("type", "wx_card")], None, |c| ticket(c, t.clone())));
        assert_eq!(v["expires_in"], 7200);
        assert_eq!(v["ticket"].as_str().unwrap().len(), 86);
        assert!(matches!(
            run(&[], None, |c| ticket(c, t.clone())),
            Answer::Json(_)
        ));
        assert_eq!(
            run(&[("type", "x")], None, |c| ticket(c, t.clone())),
            Answer::Error(40097)
        );
    }

    #[test]
    fn qrcode_expiry() {
        let t = json!({"ticket": "", "expire_seconds": 60, "url": ""});
        let temp = json!({"action_name": "QR_SCENE", "expire_seconds": 604800});
        let v = json_of(run(&[], Some(temp), |c| qrcode(c, t.clone())));
        assert_eq!(v["expire_seconds"], 604800);
        let perm = json!({"action_name": "QR_LIMIT_STR_SCENE"});
        let v = json_of(run(&[], Some(perm), |c| qrcode(c, t.clone())));
        assert!(v.get("expire_seconds").is_none());
        assert!(v["url"]
            .as_str()
            .unwrap()
            .starts_with("http://weixin.qq.com/q/"));
    }

    #[test]
    fn clear_quota_checks_appid() {
        let shared = Shared::new(&SimConfig::default().app("wxapp", "s")).unwrap();
        let ok = json!({"errcode": 0, "errmsg": "ok"});
        let run_with = |body| run(&[], Some(body), |c| clear_quota(&shared, c, ok.clone()));
        assert_eq!(
            run_with(json!({"appid": "wxapp"})),
            Answer::Json(ok.clone())
        );
        assert_eq!(run_with(json!({"appid": "other"})), Answer::Error(40013));
        assert_eq!(run_with(json!({})), Answer::Error(41002));
    }

    #[test]
    fn quota_reports_counted_calls() {
        let shared = Shared::new(&SimConfig::default()).unwrap();
        lock(&shared.stats).record("/cgi-bin/token");
        let t = json!({"errcode": 0, "errmsg": "ok", "quota": {}});
        let v = json_of(run(&[], Some(json!({"cgi_path": "/cgi-bin/token"})), |c| {
            quota(&shared, c, t.clone())
        }));
        assert_eq!(
            v["quota"],
            json!({"daily_limit": 2000, "used": 1, "remain": 1999})
        );
        assert_eq!(
            run(&[], Some(json!({"cgi_path": "cgi-bin/token"})), |c| {
                quota(&shared, c, t.clone())
            }),
            Answer::Error(76021)
        );
    }

    #[test]
    fn rid_needs_rid() {
        let t = json!({"request": {"invoke_time": 0}});
        assert_eq!(
            run(&[], Some(json!({})), |c| rid(c, t.clone())),
            Answer::Error(76002)
        );
        let v = json_of(run(&[], Some(json!({"rid": "x"})), |c| rid(c, t.clone())));
        assert!(v["request"]["invoke_time"].as_u64().unwrap() > 0);
    }

    #[test]
    fn fresh_ids() {
        let v = json_of(uploadnews(json!({"type": "news"})));
        assert_eq!(v["type"], "news");
        assert!(v["created_at"].as_u64().unwrap() > 0);
        let v = json_of(template_send(json!({"errcode": 0})));
        assert!(v["msgid"].as_u64().unwrap() >= 1_000_000_000);
        let v = json_of(generatescheme(json!({})));
        assert!(v["openlink"]
            .as_str()
            .unwrap()
            .starts_with("weixin://dl/business/?t="));
    }
}
