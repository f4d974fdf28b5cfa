//! Reading what a request carries: query parameters and JSON bodies, with
//! WeChat's errcodes for what is wrong with them.

use std::collections::HashMap;

use axum::extract::Query;
use axum::http::{Method, Uri};
use serde_json::Value;

use crate::bodies::Verb;

/// The query parameters of a URI; the first value of a repeated name wins.
/// An unreadable query counts as empty.
pub fn query(uri: &Uri) -> HashMap<String, String> {
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .unwrap_or_default();
    let mut map = HashMap::new();
    for (k, v) in pairs {
        map.entry(k).or_insert(v);
    }
    map
}

/// The JSON body an endpoint with `verb` receives. For [`Verb::PostJson`]:
/// another method is 43002, an empty body 44002, anything but a JSON object
/// 47001. For [`Verb::Any`] an unreadable body is simply absent.
pub fn json_body(verb: Verb, method: &Method, body: &[u8]) -> Result<Option<Value>, i64> {
    match verb {
        Verb::PostJson => {
            if method != Method::POST {
                return Err(43002);
            }
            if body.iter().all(u8::is_ascii_whitespace) {
                return Err(44002);
            }
            match serde_json::from_slice::<Value>(body) {
                Ok(v) if v.is_object() => Ok(Some(v)),
                _ => Err(47001),
            }
        }
        Verb::Any => Ok(serde_json::from_slice(body).ok()),
        Verb::Multipart if method != Method::POST => Err(43002),
        Verb::Multipart => Ok(None),
        Verb::Raw if method != Method::POST => Err(43002),
        Verb::Raw if body.is_empty() => Err(44002),
        Verb::Raw => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_first_value_wins() {
        let uri: Uri = "/p?a=1&b=x%20y&a=2".parse().unwrap();
        let q = query(&uri);
        assert_eq!(q["a"], "1");
        assert_eq!(q["b"], "x y");
        let none: Uri = "/p".parse().unwrap();
        assert!(query(&none).is_empty());
    }

    #[test]
    fn post_json_rules() {
        let post = Method::POST;
        assert_eq!(json_body(Verb::PostJson, &Method::GET, b"{}"), Err(43002));
        assert_eq!(json_body(Verb::PostJson, &post, b""), Err(44002));
        assert_eq!(json_body(Verb::PostJson, &post, b" \n"), Err(44002));
        assert_eq!(json_body(Verb::PostJson, &post, b"{bad"), Err(47001));
        assert_eq!(json_body(Verb::PostJson, &post, b"[1]"), Err(47001));
        assert_eq!(
            json_body(Verb::PostJson, &post, b"{\"a\":1}"),
            Ok(Some(serde_json::json!({"a": 1})))
        );
    }

    #[test]
    fn any_is_lenient() {
        assert_eq!(json_body(Verb::Any, &Method::GET, b""), Ok(None));
        assert_eq!(json_body(Verb::Any, &Method::POST, b"{bad"), Ok(None));
    }
}
