//! Shared helpers of the callback tests: locating the shared test vectors.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/vectors` beside the workspace, or `None` (with a note) when it is
/// absent. When the environment variable `CI` is set its absence is a failure.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("shared test vectors not found at {}", dir.display());
    }
    eprintln!(
        "note: skipping, shared test vectors not found at {}",
        dir.display()
    );
    None
}

/// Reads and parses a JSON file under the vectors directory.
pub fn read_json(dir: &std::path::Path, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join(name)).expect("read vector file");
    serde_json::from_str(&text).expect("vector file is JSON")
}

/// A string input of a case.
pub fn s<'a>(value: &'a serde_json::Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string field {key}"))
}

/// The text with all whitespace removed (how WxJava compares reply renders).
pub fn strip_ws(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
