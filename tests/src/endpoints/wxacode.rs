//! Mini-program codes: `wxa/getwxacode`, `wxa/getwxacodeunlimit` and
//! `cgi-bin/wxaapp/createwxaqrcode` answer an image's bytes
//! (`Content-Type: image/jpeg`, or `image/png` with `is_hyaline`), or JSON
//! `{errcode, errmsg}` for a request they refuse.
//!
//! The bytes are a small JPEG- or PNG-framed placeholder that carries the
//! request's `scene` / `path` as text, so a test can tell which code it got;
//! they are not a decodable picture.

use axum::body::Bytes;

use super::{Answer, Call};

/// Characters a `scene` may hold (besides ASCII letters and digits).
const SCENE_PUNCTUATION: &str = "!#$&'()*+,/:;=?@-._~";

/// Checks the options the three endpoints share: `width` 280..=1280 and
/// `env_version` release / trial / develop (40097 otherwise).
fn check_common(call: &Call<'_>) -> Result<(), i64> {
    let body = call.body.ok_or(47001)?;
    if let Some(w) = body.get("width") {
        let ok = w.as_u64().is_some_and(|w| (280..=1280).contains(&w));
        if !ok {
            return Err(40097);
        }
    }
    if let Some(v) = body.get("env_version") {
        if !matches!(v.as_str(), Some("release" | "trial" | "develop")) {
            return Err(40097);
        }
    }
    Ok(())
}

fn image(call: &Call<'_>, label: &str) -> Answer {
    let hyaline = call
        .body
        .and_then(|b| b.get("is_hyaline"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let (content_type, mut bytes): (&str, Vec<u8>) = if hyaline {
        ("image/png", b"\x89PNG\r\n\x1a\n".to_vec())
    } else {
        ("image/jpeg", vec![0xFF, 0xD8, 0xFF, 0xE0])
    };
    bytes.extend_from_slice(format!("wechat-sim code: {label}").as_bytes());
    if !hyaline {
        bytes.extend_from_slice(&[0xFF, 0xD9]);
    }
    Answer::Image {
        content_type: content_type.to_owned(),
        bytes: Bytes::from(bytes),
    }
}

/// `POST /wxa/getwxacode` `{path, ...}`: `path` missing, empty or over 1024
/// characters is 40159.
pub fn getwxacode(call: &Call<'_>) -> Answer {
    if let Err(code) = check_common(call) {
        return Answer::Error(code);
    }
    match call.str_field("path") {
        Some(p) if !p.is_empty() && p.chars().count() <= 1024 => image(call, p),
        _ => Answer::Error(40159),
    }
}

/// `POST /cgi-bin/wxaapp/createwxaqrcode` `{path, width?}`: `path` missing,
/// empty or over 128 characters is 40159.
pub fn createwxaqrcode(call: &Call<'_>) -> Answer {
    if let Err(code) = check_common(call) {
        return Answer::Error(code);
    }
    match call.str_field("path") {
        Some(p) if !p.is_empty() && p.chars().count() <= 128 => image(call, p),
        _ => Answer::Error(40159),
    }
}

/// `POST /wxa/getwxacodeunlimit` `{scene, page?, ...}`: a `scene` that is
/// missing, empty, over 32 characters or holds other characters is 40129; a
/// `page` with a leading `/` or a query is 41030.
pub fn getwxacodeunlimit(call: &Call<'_>) -> Answer {
    if let Err(code) = check_common(call) {
        return Answer::Error(code);
    }
    let scene_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 32
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || SCENE_PUNCTUATION.contains(c))
    };
    let Some(scene) = call.str_field("scene").filter(|s| scene_ok(s)) else {
        return Answer::Error(40129);
    };
    if let Some(page) = call.str_field("page") {
        if page.starts_with('/') || page.contains('?') {
            return Answer::Error(41030);
        }
    }
    image(call, scene)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::testing::run;
    use serde_json::json;

    #[test]
    fn codes_are_images_and_bad_requests_errcodes() {
        let a = run(&[], Some(json!({"scene": "id=7"})), getwxacodeunlimit);
        assert!(
            matches!(&a, Answer::Image { content_type, bytes } if content_type == "image/jpeg" && bytes.starts_with(&[0xFF, 0xD8]))
        );
        let a = run(
            &[],
            Some(json!({"scene": "a", "is_hyaline": true})),
            getwxacodeunlimit,
        );
        assert!(matches!(&a, Answer::Image { content_type, .. } if content_type == "image/png"));
        let long = "x".repeat(33);
        for (body, code) in [
            (json!({"scene": long}), 40129),
            (json!({"scene": "a b"}), 40129),
            (json!({}), 40129),
            (json!({"scene": "a", "page": "/pages/index"}), 41030),
            (json!({"scene": "a", "width": 100}), 40097),
            (json!({"scene": "a", "env_version": "beta"}), 40097),
        ] {
            assert_eq!(run(&[], Some(body), getwxacodeunlimit), Answer::Error(code));
        }
        assert_eq!(run(&[], Some(json!({})), getwxacode), Answer::Error(40159));
        assert_eq!(
            run(&[], Some(json!({"path": "p".repeat(129)})), createwxaqrcode),
            Answer::Error(40159)
        );
        assert!(matches!(
            run(&[], Some(json!({"path": "pages/a?x=1"})), getwxacode),
            Answer::Image { .. }
        ));
    }
}
