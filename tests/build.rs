//! Turns the JSON files under `bodies/` into the simulator's built-in table.
//!
//! `bodies/get/NAME.json` is an endpoint that answers any method;
//! `bodies/post/NAME.json` one that requires POST with a JSON body;
//! `bodies/multipart/NAME.json` an upload (POST with a multipart body). `NAME` is
//! the URL path with `/` written as `__` and the leading `/` dropped, e.g.
//! `cgi-bin__menu__get`. Adding an endpoint is adding a file.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=bodies");
    let mut entries = Vec::new();
    for (dir, verb) in [
        ("get", "Verb::Any"),
        ("post", "Verb::PostJson"),
        ("multipart", "Verb::Multipart"),
    ] {
        let Ok(read) = fs::read_dir(Path::new("bodies").join(dir)) else {
            continue;
        };
        for entry in read.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = file.strip_suffix(".json") else {
                continue;
            };
            assert!(
                stem.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)),
                "bodies/{dir}/{file}: unexpected character in the name"
            );
            let path = format!("/{}", stem.replace("__", "/"));
            entries.push((path, verb, format!("bodies/{dir}/{file}")));
        }
    }
    entries.sort();
    let mut out = String::from("&[\n");
    for (path, verb, file) in &entries {
        writeln!(
            out,
            "    ({path:?}, {verb}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{file}\"))),"
        )
        .expect("writing to a String");
    }
    out.push_str("]\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join("builtin.rs");
    fs::write(dest, out).expect("writing the built-in table");
}
