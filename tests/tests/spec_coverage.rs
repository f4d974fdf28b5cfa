//! `spec-coverage` holds what `coverage-exceptions.toml` calls complete: a row of a
//! complete area or group that is neither covered nor excepted fails the run (exit 1),
//! as does a `complete` entry naming nothing in the catalogue.

use std::path::Path;
use std::process::Command;

const CATALOGUE: &str =
    "area\tgroup\thttp_method\tpath\ttoken\tresponse_kind\ttitle\tdoc_url\tsources\n\
mini_program\twxa.generatescheme\tPOST\t/wxa/generatescheme\taccess_token\tjson\tt\t\t\n\
mini_program\twxa.generatescheme\tPOST\t/wxa/not_specced\taccess_token\tjson\tt\t\t\n";

/// Runs spec-coverage on a spec directory holding the real `url_scheme` group and
/// `exceptions` as its `coverage-exceptions.toml`: (exit code, stderr).
fn run(exceptions: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(specs.join("mini_program")).unwrap();
    let group =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-specs/mini_program/url_scheme.toml");
    std::fs::copy(group, specs.join("mini_program/url_scheme.toml")).unwrap();
    std::fs::write(specs.join("coverage-exceptions.toml"), exceptions).unwrap();
    let catalogue = dir.path().join("endpoints.tsv");
    std::fs::write(&catalogue, CATALOGUE).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_spec-coverage"))
        .arg(&catalogue)
        .arg("--specs")
        .arg(&specs)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_row_of_a_complete_group_fails() {
    let (code, stderr) = run("complete = [\"mini_program/wxa.generatescheme\"]\n");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("POST /wxa/not_specced"), "{stderr}");
    assert!(!stderr.contains("/wxa/generatescheme "), "{stderr}");
}

#[test]
fn an_excepted_row_keeps_the_group_complete() {
    let (code, stderr) = run(
        "complete = [\"mini_program\"]\n\n[[skip]]\npath = \"/wxa/not_specced\"\nreason = \"withdrawn\"\n",
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_group_not_held_complete_may_have_gaps() {
    let (code, stderr) = run("");
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_complete_entry_naming_nothing_fails() {
    let (code, stderr) = run("complete = [\"mini_program/wxa.generatescheme\", \"mini_program/typo\"]\n\n[[skip]]\npath = \"/wxa/not_specced\"\nreason = \"withdrawn\"\n");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("`mini_program/typo`"), "{stderr}");
}
