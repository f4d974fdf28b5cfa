//! WeChat's error codes and the `errmsg` WeChat sends with each.

use serde_json::{json, Value};

/// Known codes and their `errmsg`, worded as WeChat answers them.
const MESSAGES: &[(i64, &str)] = &[
    (-1, "system error"),
    (0, "ok"),
    (
        40001,
        "invalid credential, access_token is invalid or not latest",
    ),
    (40002, "invalid grant_type"),
    (40003, "invalid openid"),
    (40004, "invalid media type"),
    (40005, "invalid file type"),
    (40006, "invalid meida size"),
    (40007, "invalid media_id"),
    (40013, "invalid appid"),
    (40014, "invalid access_token"),
    (40029, "invalid code"),
    (40030, "invalid refresh_token"),
    (40097, "invalid args"),
    (40125, "invalid appsecret"),
    (40129, "invalid scene"),
    (
        40159,
        "invalid length for path, or the data is not json string",
    ),
    (40163, "code been used"),
    (40164, "invalid ip, not in whitelist"),
    (40170, "args count exceed count limit"),
    (41001, "access_token missing"),
    (41002, "appid missing"),
    (41004, "appsecret missing"),
    (41005, "media data missing"),
    (41008, "missing code"),
    (41030, "invalid page"),
    (42001, "access_token expired"),
    (43002, "require POST method"),
    (44002, "empty post data"),
    (45009, "reach max api daily quota limit"),
    (
        45011,
        "api minute-quota reach limit  mustslower  retry next minute",
    ),
    (47001, "data format error"),
    (47003, "argument invalid!"),
    (48001, "api unauthorized"),
    (48006, "forbid to clear quota because of reaching the limit"),
    (61003, "component is not authorized by this account"),
    (61005, "component ticket is expired"),
    (61006, "component ticket is invalid"),
    (61009, "code is invalid"),
    (61010, "code is expired"),
    (61011, "invalid component"),
    (61023, "refresh_token is invalid"),
    (
        61024,
        "must use api(api_component_token) to get token for component acct",
    ),
    (76001, "rid not found"),
    (76002, "rid is error"),
    (76021, "cgi_path not found, please check"),
    (87009, "invalid signature"),
    (268490003, "签名校验失败"),
    (9410010, "long_data too long"),
    (9410011, "expire_seconds too large"),
    (9410012, "short_key not found or expired"),
];

/// The `errmsg` WeChat sends with `code`; a neutral text for unknown codes.
pub fn errmsg(code: i64) -> &'static str {
    MESSAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
        .unwrap_or("simulated error")
}

/// The JSON body `{"errcode":code,"errmsg":...}`.
pub fn error_body(code: i64) -> Value {
    json!({ "errcode": code, "errmsg": errmsg(code) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_have_wechat_wording() {
        assert_eq!(
            errmsg(40001),
            "invalid credential, access_token is invalid or not latest"
        );
        assert_eq!(errmsg(42001), "access_token expired");
        assert_eq!(errmsg(41001), "access_token missing");
        assert_eq!(errmsg(45009), "reach max api daily quota limit");
    }

    #[test]
    fn unknown_code_still_answers() {
        assert_eq!(errmsg(12345), "simulated error");
        assert_eq!(
            error_body(12345),
            json!({"errcode": 12345, "errmsg": "simulated error"})
        );
    }

    #[test]
    fn table_has_no_duplicates() {
        let mut codes: Vec<i64> = MESSAGES.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), MESSAGES.len());
    }
}
