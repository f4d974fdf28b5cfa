//! Where success bodies come from: the built-in table generated from
//! `bodies/`, bodies set at run time, and an optional fixtures directory.

use std::path::Path;

/// What an endpoint requires of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    /// Any method; a body is optional.
    Any,
    /// POST with a JSON object body (43002 / 44002 / 47001 otherwise).
    PostJson,
    /// POST with a `multipart/form-data` body (43002 / 41005 otherwise).
    Multipart,
}

impl Verb {
    /// `"POST"` (any case) means [`Verb::PostJson`]; anything else [`Verb::Any`].
    pub fn from_method(method: &str) -> Verb {
        if method.eq_ignore_ascii_case("POST") {
            Verb::PostJson
        } else {
            Verb::Any
        }
    }
}

/// The built-in endpoints: path, verb, JSON template.
static BUILTIN: &[(&str, Verb, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The built-in endpoint for `path`, if any.
pub fn builtin(path: &str) -> Option<(Verb, &'static str)> {
    BUILTIN
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, verb, body)| (*verb, *body))
}

/// The endpoints with a built-in success body, as `(method, path)` sorted by
/// path. `"GET"` endpoints accept any method; `"POST"` ones require POST
/// with a JSON body (or, for uploads, a multipart body). The token endpoints are not listed: they are logic, not
/// bodies.
pub fn builtin_endpoints() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILTIN.iter().map(|(path, verb, _)| {
        let method = match verb {
            Verb::Any => "GET",
            Verb::PostJson | Verb::Multipart => "POST",
        };
        (method, *path)
    })
}

/// The fixture file name of a URL path: `/cgi-bin/menu/get` →
/// `cgi-bin__menu__get.json`. `None` for paths that cannot name a file.
pub fn fixture_name(path: &str) -> Option<String> {
    let stem = path.strip_prefix('/')?;
    let safe = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-.".contains(c))
        && !stem
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    safe.then(|| format!("{}.json", stem.replace('/', "__")))
}

/// The host directory real bodies are grouped under.
const HOST_DIR: &str = "api.weixin.qq.com";

/// Reads the fixture for `path` from `dir/api.weixin.qq.com/NAME` or
/// `dir/NAME`, byte for byte.
pub async fn read_fixture(dir: &Path, path: &str) -> Option<Vec<u8>> {
    let name = fixture_name(path)?;
    for candidate in [dir.join(HOST_DIR).join(&name), dir.join(&name)] {
        if let Ok(bytes) = tokio::fs::read(&candidate).await {
            return Some(bytes);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_body_is_a_json_object() {
        let mut count = 0;
        for (path, _, body) in BUILTIN {
            let value: serde_json::Value =
                serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(value.is_object(), "{path}");
            count += 1;
        }
        assert!(count >= 40, "only {count} built-in bodies");
    }

    #[test]
    fn builtin_lookup_and_verbs() {
        assert_eq!(builtin("/cgi-bin/menu/get").map(|b| b.0), Some(Verb::Any));
        assert_eq!(
            builtin("/cgi-bin/menu/create").map(|b| b.0),
            Some(Verb::PostJson)
        );
        assert_eq!(
            builtin("/wxa/generatescheme").map(|b| b.0),
            Some(Verb::PostJson)
        );
        assert!(builtin("/cgi-bin/nothing").is_none());
        assert!(builtin("/cgi-bin/token").is_none());
    }

    #[test]
    fn readme_lists_every_builtin_endpoint() {
        let readme = include_str!("../README.md");
        for (_, path) in builtin_endpoints() {
            assert!(
                readme.contains(&format!("`{path}`")),
                "README misses {path}"
            );
        }
    }

    #[test]
    fn fixture_names() {
        assert_eq!(
            fixture_name("/cgi-bin/menu/get").as_deref(),
            Some("cgi-bin__menu__get.json")
        );
        assert_eq!(fixture_name("/../etc/passwd"), None);
        assert_eq!(fixture_name("/a//b"), None);
        assert_eq!(fixture_name("/"), None);
        assert_eq!(fixture_name("/a\\b"), None);
    }

    #[test]
    fn verb_from_method() {
        assert_eq!(Verb::from_method("post"), Verb::PostJson);
        assert_eq!(Verb::from_method("GET"), Verb::Any);
    }

    #[tokio::test]
    async fn fixtures_are_read_from_host_dir_or_flat() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(HOST_DIR)).unwrap();
        std::fs::write(dir.path().join(HOST_DIR).join("a__b.json"), b"{\"x\":1}").unwrap();
        std::fs::write(dir.path().join("c.json"), b"{\"y\":2}").unwrap();
        assert_eq!(
            read_fixture(dir.path(), "/a/b").await.as_deref(),
            Some(&b"{\"x\":1}"[..])
        );
        assert_eq!(
            read_fixture(dir.path(), "/c").await.as_deref(),
            Some(&b"{\"y\":2}"[..])
        );
        assert_eq!(read_fixture(dir.path(), "/d").await, None);
    }
}
