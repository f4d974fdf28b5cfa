//! Success bodies that depend on the request: echoes, paging, issued ids and
//! the little state some endpoints keep. Endpoints not listed here answer
//! their template from `bodies/` unchanged.

pub mod material;
pub mod media;
pub mod misc;
pub mod shorten;
pub mod users;
pub mod wxacode;

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use rand::distr::{Alphanumeric, SampleString};
use serde_json::{json, Value};

use crate::multipart::Form;
use crate::state::{lock, Shared};

/// One API call that passed the token and fault checks.
#[derive(Debug)]
pub struct Call<'a> {
    /// URL path.
    pub path: &'a str,
    /// The app the access_token belongs to.
    pub appid: &'a str,
    /// Query parameters (first value of each name).
    pub query: &'a HashMap<String, String>,
    /// The JSON body, when one was sent and parsed.
    pub body: Option<&'a Value>,
    /// The parts of a multipart upload.
    pub form: Option<&'a Form>,
    /// The body as sent (a raw body's bytes).
    pub raw: &'a [u8],
    /// The `Host` the request was sent to, for URLs that point back here.
    pub host: &'a str,
}

impl Call<'_> {
    /// A string field of the JSON body.
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.body?.get(key)?.as_str()
    }

    /// A non-negative integer field of the JSON body (numbers or digit strings).
    pub fn u64_field(&self, key: &str) -> Option<u64> {
        let v = self.body?.get(key)?;
        v.as_u64().or_else(|| v.as_str()?.parse().ok())
    }
}

/// What an endpoint answers.
#[derive(Debug, PartialEq)]
pub enum Answer {
    /// A JSON body.
    Json(Value),
    /// A file download.
    File {
        /// Its content type.
        content_type: String,
        /// Its name in `Content-disposition`.
        filename: String,
        /// Its bytes.
        bytes: Bytes,
    },
    /// An image without `Content-disposition` (mini-program codes).
    Image {
        /// Its content type.
        content_type: String,
        /// Its bytes.
        bytes: Bytes,
    },
    /// A WeChat error code.
    Error(i64),
}

/// The success answer for `call`, built from the endpoint's `template`.
pub fn answer(shared: &Shared, call: &Call<'_>, template: Value) -> Answer {
    match call.path {
        "/cgi-bin/ticket/getticket" => misc::ticket(call, template),
        "/cgi-bin/qrcode/create" => misc::qrcode(call, template),
        "/cgi-bin/media/uploadnews" => misc::uploadnews(template),
        "/cgi-bin/message/template/send" => misc::template_send(template),
        "/wxa/generatescheme" => misc::generatescheme(template),
        "/cgi-bin/clear_quota" => misc::clear_quota(shared, call, template),
        "/cgi-bin/openapi/quota/get" => misc::quota(shared, call, template),
        "/cgi-bin/openapi/rid/get" => misc::rid(call, template),
        "/cgi-bin/media/voice/translatecontent" => misc::translate(call),
        "/cgi-bin/shorten/gen" => shorten::generate(shared, call, template),
        "/cgi-bin/shorten/fetch" => shorten::fetch(shared, call, template),
        "/cgi-bin/material/batchget_material" => material::batchget(call),
        "/cgi-bin/material/get_material" => {
            media::get_material(shared, call).unwrap_or_else(|| material::get(call))
        }
        "/cgi-bin/media/upload" => media::upload(shared, call),
        "/cgi-bin/media/uploadimg" => media::uploadimg(shared, call),
        "/cgi-bin/media/get" => media::get(shared, call),
        "/cgi-bin/media/get/jssdk" => media::get_jssdk(call),
        "/customservice/kfaccount/uploadheadimg" | "/shakearound/material/add" => {
            media::upload_with_file(call, "media", template)
        }
        "/card/invoice/platform/setpdf" => media::upload_with_file(call, "pdf", template),
        "/cgi-bin/material/add_material" => media::add_material(shared, call),
        "/wxa/getwxacode" => wxacode::getwxacode(call),
        "/wxa/getwxacodeunlimit" => wxacode::getwxacodeunlimit(call),
        "/cgi-bin/wxaapp/createwxaqrcode" => wxacode::createwxaqrcode(call),
        "/wxa/business/getuserphonenumber" => phone_number(shared, call, template),
        "/cgi-bin/material/get_materialcount" => material::count(),
        "/cgi-bin/user/get" => users::followers(call),
        "/cgi-bin/user/info" => users::info(call, template),
        "/cgi-bin/user/info/batchget" => users::batch_info(call, template),
        "/cgi-bin/user/tag/get" => users::tag_members(call),
        "/cgi-bin/tags/members/getblacklist" => users::blacklist(call),
        "/cgi-bin/tags/create" => users::create_tag(call, template),
        _ => Answer::Json(template),
    }
}

/// `POST /wxa/business/getuserphonenumber` `{code}`: the number of a
/// phone code issued for this app; unknown 40029, used 40163.
fn phone_number(shared: &Shared, call: &Call<'_>, mut template: Value) -> Answer {
    let Some(code) = call.str_field("code") else {
        return Answer::Error(47001);
    };
    match lock(&shared.sns).take_phone(code, call.appid) {
        Ok((_openid, phone)) => {
            template["phone_info"] = json!({
                "phoneNumber": phone,
                "purePhoneNumber": phone,
                "countryCode": "86",
                "watermark": { "timestamp": unix_now(), "appid": call.appid },
            });
            Answer::Json(template)
        }
        Err(code) => Answer::Error(code),
    }
}

/// A random string of ASCII letters and digits.
pub fn random_string(len: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), len)
}

/// Seconds since the Unix epoch, for the timestamps in bodies.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Helpers for the endpoint unit tests.
#[cfg(test)]
pub mod testing {
    use super::*;

    /// Runs `f` on a call from app `appid` with this query and body.
    pub fn run_as(
        appid: &str,
        query: &[(&str, &str)],
        body: Option<Value>,
        f: impl FnOnce(&Call<'_>) -> Answer,
    ) -> Answer {
        let query: HashMap<String, String> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        f(&Call {
            path: "/",
            appid,
            query: &query,
            body: body.as_ref(),
            form: None,
            raw: b"",
            host: "127.0.0.1:1",
        })
    }

    /// Runs `f` on a multipart call from app `wxapp` with this query.
    pub fn run_form(
        query: &[(&str, &str)],
        form: &Form,
        f: impl FnOnce(&Call<'_>) -> Answer,
    ) -> Answer {
        let query: HashMap<String, String> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        f(&Call {
            path: "/",
            appid: "wxapp",
            query: &query,
            body: None,
            form: Some(form),
            raw: b"",
            host: "127.0.0.1:1",
        })
    }

    /// Runs `f` on a call from app `wxapp`.
    pub fn run(
        query: &[(&str, &str)],
        body: Option<Value>,
        f: impl FnOnce(&Call<'_>) -> Answer,
    ) -> Answer {
        run_as("wxapp", query, body, f)
    }

    /// The JSON of an answer; panics on anything else.
    pub fn json_of(answer: Answer) -> Value {
        match answer {
            Answer::Json(v) => v,
            other => panic!("expected JSON, got {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn call_fields() {
        let query = HashMap::new();
        let body = json!({"s": "x", "n": 3, "d": "7", "neg": -1});
        let call = Call {
            path: "/p",
            appid: "a",
            query: &query,
            body: Some(&body),
            form: None,
            raw: b"",
            host: "h",
        };
        assert_eq!(call.str_field("s"), Some("x"));
        assert_eq!(call.str_field("n"), None);
        assert_eq!(call.u64_field("n"), Some(3));
        assert_eq!(call.u64_field("d"), Some(7));
        assert_eq!(call.u64_field("neg"), None);
        assert_eq!(call.u64_field("missing"), None);
    }

    #[test]
    fn helpers() {
        let s = random_string(15);
        assert_eq!(s.len(), 15);
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric()));
        assert!(unix_now() > 1_600_000_000);
    }
}
