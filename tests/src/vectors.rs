//! The shared test data beside the checkout (`../shared/vectors/`), for the tests that
//! read it.

use std::io::Write;
use std::path::PathBuf;

/// `../shared/vectors/{relative}` beside the checkout, when it is there.
///
/// The data is real test material from WeChat's documentation and other SDKs' suites;
/// it is not part of the repository. When it is missing the caller skips its checks,
/// and this says so on the terminal, one line per test, past the test harness's
/// output capture (a skipped test must not look like one that checked something).
/// Under CI (`CI` set) a missing directory is a failure instead.
///
/// # Panics
/// When the path is missing and `CI` is set.
pub fn shared_vectors(relative: &str) -> Option<PathBuf> {
    let path =
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/vectors")).join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "shared test vectors missing under CI: {}",
        path.display()
    );
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    // Straight to the process's stderr: `eprintln!` would be captured with the
    // output of a passing test and never shown.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test}: ../shared/vectors/{relative} is not beside the checkout (the project's shared test data; CI requires it)"
    );
    None
}

/// Every case of `kind` (`"msg_decrypt"`, `"jssdk"`, …) in
/// `../shared/vectors/crypto.json`, in file order; none when the vectors are not beside
/// the checkout (said as [`shared_vectors`] says it).
///
/// # Panics
/// When the file is there but unreadable, not JSON, or without a case of `kind`; and
/// as [`shared_vectors`].
pub fn crypto_cases(kind: &str) -> Vec<serde_json::Value> {
    let Some(path) = shared_vectors("crypto.json") else {
        return Vec::new();
    };
    let text = std::fs::read_to_string(&path).expect("crypto.json is readable");
    let all: serde_json::Value = serde_json::from_str(&text).expect("crypto.json is JSON");
    let cases: Vec<serde_json::Value> = all["cases"]
        .as_array()
        .expect("crypto.json has cases")
        .iter()
        .filter(|c| c["kind"] == kind)
        .cloned()
        .collect();
    assert!(!cases.is_empty(), "crypto.json has no {kind} case");
    cases
}
