//! Followers, user profiles, tag members and the blacklist.

use serde_json::{json, Value};

use super::{Answer, Call};

/// The simulated followers, in list order (the same ids as `bodies/`).
pub const FOLLOWERS: [&str; 3] = [
    "oSimu8jzPde0IgxLd6GncfBAepfJ",
    "oSimu8jzPdBd0Kh8oOOL8dKLzdoc",
    "oSimu8jzPdJ2isAjIhKtJ0RlgLKO",
];

/// One page of `list` after `after` (all of it for a missing or empty
/// cursor). WeChat's pages hold up to 10,000 ids, so this is always the rest
/// of the list; the page after the last id is empty with `next_openid` "".
fn page(list: &[&str], after: Option<&str>) -> Result<Value, i64> {
    let start = match after.filter(|s| !s.is_empty()) {
        None => 0,
        Some(cursor) => list.iter().position(|id| *id == cursor).ok_or(40003)? + 1,
    };
    let rest = &list[start..];
    Ok(match rest.last() {
        None => json!({ "count": 0, "next_openid": "" }),
        Some(last) => json!({
            "count": rest.len(),
            "data": { "openid": rest },
            "next_openid": last,
        }),
    })
}

fn with_total(page: Result<Value, i64>, total: usize) -> Answer {
    match page {
        Ok(mut v) => {
            v["total"] = json!(total);
            Answer::Json(v)
        }
        Err(code) => Answer::Error(code),
    }
}

/// `GET /cgi-bin/user/get?next_openid=`.
pub fn followers(call: &Call<'_>) -> Answer {
    let after = call.query.get("next_openid").map(String::as_str);
    with_total(page(&FOLLOWERS, after), FOLLOWERS.len())
}

/// `POST /cgi-bin/tags/members/getblacklist` `{"begin_openid"}`.
pub fn blacklist(call: &Call<'_>) -> Answer {
    let list = &FOLLOWERS[1..];
    with_total(page(list, call.str_field("begin_openid")), list.len())
}

/// `POST /cgi-bin/user/tag/get` `{"tagid","next_openid"}`.
pub fn tag_members(call: &Call<'_>) -> Answer {
    match page(&FOLLOWERS[..2], call.str_field("next_openid")) {
        Ok(v) => Answer::Json(v),
        Err(code) => Answer::Error(code),
    }
}

/// `GET /cgi-bin/user/info?openid=`: the template profile for that openid.
pub fn info(call: &Call<'_>, mut template: Value) -> Answer {
    match call.query.get("openid").filter(|s| !s.is_empty()) {
        None => Answer::Error(40003),
        Some(openid) => {
            template["openid"] = json!(openid);
            Answer::Json(template)
        }
    }
}

/// `POST /cgi-bin/user/info/batchget` `{"user_list":[{"openid","lang"}]}`.
pub fn batch_info(call: &Call<'_>, template: Value) -> Answer {
    let Some(list) = call.body.and_then(|b| b.get("user_list")?.as_array()) else {
        return Answer::Error(47001);
    };
    let profile = match crate::bodies::builtin("/cgi-bin/user/info") {
        Some((_, body)) => serde_json::from_str(body).unwrap_or_else(|_| json!({})),
        None => json!({}),
    };
    let mut infos = Vec::with_capacity(list.len());
    for entry in list {
        match entry.get("openid").and_then(Value::as_str) {
            Some(openid) if !openid.is_empty() => {
                let mut p = profile.clone();
                p["openid"] = json!(openid);
                infos.push(p);
            }
            _ => return Answer::Error(40003),
        }
    }
    let mut body = template;
    body["user_info_list"] = Value::Array(infos);
    Answer::Json(body)
}

/// `POST /cgi-bin/tags/create` `{"tag":{"name"}}`: echoes the name with a new id.
pub fn create_tag(call: &Call<'_>, mut template: Value) -> Answer {
    let Some(name) = call.body.and_then(|b| b.get("tag")?.get("name")?.as_str()) else {
        return Answer::Error(47001);
    };
    template["tag"]["name"] = json!(name);
    template["tag"]["id"] = json!(rand::random_range(100..10_000));
    Answer::Json(template)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::testing::{json_of, run};

    #[test]
    fn follower_paging() {
        let first = json_of(run(&[], None, followers));
        assert_eq!(first["total"], 3);
        assert_eq!(first["count"], 3);
        assert_eq!(first["next_openid"], FOLLOWERS[2]);
        let end = json_of(run(&[("next_openid", FOLLOWERS[2])], None, followers));
        assert_eq!(end["count"], 0);
        assert_eq!(end["next_openid"], "");
        assert!(end.get("data").is_none());
        let mid = json_of(run(&[("next_openid", FOLLOWERS[0])], None, followers));
        assert_eq!(mid["count"], 2);
        assert_eq!(
            run(&[("next_openid", "nobody")], None, followers),
            Answer::Error(40003)
        );
    }

    #[test]
    fn template_matches_first_page() {
        let (_, t) = crate::bodies::builtin("/cgi-bin/user/get").unwrap();
        let t: Value = serde_json::from_str(t).unwrap();
        assert_eq!(json_of(run(&[], None, followers)), t);
    }

    #[test]
    fn blacklist_and_tag_members() {
        let b = json_of(run(&[], Some(json!({"begin_openid": ""})), blacklist));
        assert_eq!(b["total"], 2);
        let t = json_of(run(&[], Some(json!({"tagid": 134})), tag_members));
        assert_eq!(t["count"], 2);
        assert!(t.get("total").is_none());
    }

    #[test]
    fn info_echoes_openid() {
        let v = json_of(run(&[("openid", "oX")], None, |c| {
            info(c, json!({"openid": "t", "subscribe": 1}))
        }));
        assert_eq!(v["openid"], "oX");
        assert_eq!(v["subscribe"], 1);
        assert_eq!(run(&[], None, |c| info(c, json!({}))), Answer::Error(40003));
    }

    #[test]
    fn batch_info_echoes_each() {
        let body = json!({"user_list": [{"openid": "o1", "lang": "zh_CN"}, {"openid": "o2"}]});
        let v = json_of(run(&[], Some(body), |c| {
            batch_info(c, json!({"user_info_list": []}))
        }));
        assert_eq!(v["user_info_list"][1]["openid"], "o2");
        assert_eq!(v["user_info_list"][0]["subscribe"], 1);
        assert_eq!(
            run(&[], Some(json!({})), |c| batch_info(c, json!({}))),
            Answer::Error(47001)
        );
    }

    #[test]
    fn create_tag_echoes_name() {
        let v = json_of(run(&[], Some(json!({"tag": {"name": "广东"}})), |c| {
            create_tag(c, json!({"tag": {"id": 1, "name": ""}}))
        }));
        assert_eq!(v["tag"]["name"], "广东");
        assert!(v["tag"]["id"].as_u64().unwrap() >= 100);
    }
}
