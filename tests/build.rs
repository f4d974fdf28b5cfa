//! Turns the JSON files under `bodies/` into the simulator's built-in table.
//!
//! `bodies/get/NAME.json` is an endpoint that answers any method;
//! `bodies/post/NAME.json` one that requires POST with a JSON body;
//! `bodies/multipart/NAME.json` an upload (POST with a multipart body). `NAME` is
//! the URL path with `/` written as `__` and the leading `/` dropped, e.g.
//! `cgi-bin__menu__get`. Adding an endpoint is adding a file.
//!
//! Every other endpoint of `../api-specs` gets a synthesized answer with every field
//! its spec declares (`build/endpoints.rs`), and the smoke test that calls every endpoint
//! once through a typed client is generated here too (`smoke_calls.rs`).

#[path = "build/endpoints.rs"]
mod endpoints;

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use wechat_codegen::spec::names::is_keyword;

fn main() {
    println!("cargo:rerun-if-changed=bodies");
    println!("cargo:rerun-if-changed=../api-specs");
    let spec_endpoints = endpoints::read(Path::new("../api-specs"));
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
    let mut synthesized: Vec<(&str, &str, String)> = spec_endpoints
        .iter()
        .filter(|e| e.token != "none" && !entries.iter().any(|(p, _, _)| *p == e.path))
        .map(|e| {
            let verb = if e.raw_body {
                "Verb::Raw"
            } else if e.method == "POST" {
                "Verb::PostJson"
            } else {
                "Verb::Any"
            };
            (e.path.as_str(), verb, e.response.to_string())
        })
        .collect();
    synthesized.sort();
    synthesized.dedup_by(|a, b| a.0 == b.0);
    // Endpoints sharing a path that tell themselves apart by an `action`-like field:
    // each one's answer, picked by that field (`bodies::pick`).
    let mut shared_paths = String::from("&[\n");
    for e in &spec_endpoints {
        let Some((field, value)) = &e.discriminator else {
            continue;
        };
        let shares = spec_endpoints.iter().filter(|o| o.path == e.path).count() > 1;
        let hand_written = entries.iter().any(|(p, _, _)| *p == e.path);
        if shares && !hand_written && e.token != "none" {
            writeln!(
                shared_paths,
                "    ({:?}, {field:?}, {value:?}, {:?}),",
                e.path,
                e.response.to_string()
            )
            .expect("writing to a String");
        }
    }
    shared_paths.push_str("]\n");
    out.push_str("]\n");
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR is set by cargo");
    fs::write(Path::new(&out_dir).join("builtin.rs"), out).expect("writing the built-in table");
    let mut table = String::from("&[\n");
    for (path, verb, body) in &synthesized {
        writeln!(table, "    ({path:?}, {verb}, {body:?}),").expect("writing to a String");
    }
    table.push_str("]\n");
    fs::write(Path::new(&out_dir).join("synthesized.rs"), table)
        .expect("writing the synthesized table");
    fs::write(Path::new(&out_dir).join("shared_paths.rs"), shared_paths)
        .expect("writing the shared-path table");
    // The paths of a platform's own endpoints, with the query parameter their
    // component_access_token travels in, and whether an endpoint taking an access_token
    // (an app's or an authorizer's) shares the path.
    let mut platform_paths: Vec<(&str, &str, bool)> = spec_endpoints
        .iter()
        .filter(|e| e.token == "component_access_token")
        .map(|e| {
            let shared = spec_endpoints
                .iter()
                .any(|o| o.path == e.path && o.token == "access_token");
            (e.path.as_str(), e.token_param.as_str(), shared)
        })
        .collect();
    platform_paths.sort();
    platform_paths.dedup();
    let mut table = String::from("&[\n");
    for (path, param, shared) in &platform_paths {
        writeln!(table, "    ({path:?}, {param:?}, {shared}),").expect("writing to a String");
    }
    table.push_str("]\n");
    fs::write(Path::new(&out_dir).join("platform_paths.rs"), table)
        .expect("writing the platform-path table");
    write_smoke_calls(&spec_endpoints);
    write_doc_examples(&spec_endpoints);
    write_component_bodies(&spec_endpoints);
    let mut signed = String::from("&[\n");
    for e in spec_endpoints
        .iter()
        .filter(|e| e.sign != (false, false, false))
    {
        let (signature, sig_method, pay_sig) = e.sign;
        writeln!(
            signed,
            "    ({:?}, {signature}, {sig_method}, {pay_sig}),",
            e.path
        )
        .expect("writing to a String");
    }
    signed.push_str("]\n");
    fs::write(Path::new(&out_dir).join("signed.rs"), signed).expect("writing the signed table");
}

/// Every method's rustdoc example as a function, `<group>::<method>`, and
/// `every_example`, the calls of those the simulator can answer with its default
/// answers: the smoke test's endpoints (an upload's example names a file that is not
/// there; the examples take an Official Account or Mini Program client; a signed
/// endpoint's example signs with a placeholder session_key).
fn write_doc_examples(endpoints: &[endpoints::SpecEndpoint]) {
    let raw = |name: &str| {
        if is_keyword(name) {
            format!("r#{name}")
        } else {
            name.to_owned()
        }
    };
    let mut groups: Vec<&str> = endpoints.iter().map(|e| e.group.as_str()).collect();
    groups.sort();
    groups.dedup();
    let mut out = String::new();
    for group in &groups {
        writeln!(out, "pub mod {} {{", raw(group)).unwrap();
        for e in endpoints.iter().filter(|e| e.group == *group) {
            for line in e.example.function(&raw(&e.name)).lines() {
                writeln!(out, "    {line}").unwrap();
            }
        }
        out.push_str("}\n\n");
    }
    out.push_str(
        "/// The call of every example the simulator answers by default, with its endpoint,\n\
         /// not yet awaited. (Boxed: one `async fn` awaiting them all would be one state\n\
         /// machine of hundreds of states, slow to compile.)\n\
         pub fn every_example<'a>(\n    \
             oa: &'a wechat::OfficialAccount,\n    \
             mp: &'a wechat::MiniProgram,\n\
         ) -> Vec<(&'static str, Call<'a>)> {\n    \
             vec![\n",
    );
    for e in endpoints {
        let callable = e.token == "access_token"
            && !e.file_payload
            && e.sign == (false, false, false)
            && !e.apps.iter().any(|a| a == "component");
        if !callable {
            continue;
        }
        let client = if e.example.client == "wechat::MiniProgram" {
            "mp"
        } else {
            "oa"
        };
        writeln!(
            out,
            "        (\"{}.{}\", Box::pin({}::{}({client}))),",
            e.group,
            e.name,
            raw(&e.group),
            raw(&e.name)
        )
        .unwrap();
    }
    out.push_str("    ]\n}\n");
    let dest =
        Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join("doc_examples.rs");
    fs::write(dest, out).expect("writing the doc examples");
}

/// One `#[tokio::test]` per group, calling each of its endpoints once with a request
/// that has every field, the simulator answering with every field of the spec'd answer;
/// the answer must decode into the typed response.
fn write_smoke_calls(endpoints: &[endpoints::SpecEndpoint]) {
    let mut groups: Vec<&str> = endpoints.iter().map(|e| e.group.as_str()).collect();
    groups.sort();
    groups.dedup();
    let mut out = String::new();
    for group in groups {
        writeln!(
            out,
            "#[tokio::test]\n#[allow(deprecated)]\nasync fn {group}() {{"
        )
        .unwrap();
        let members: Vec<_> = endpoints.iter().filter(|e| e.group == group).collect();
        let uses = |app: &str| {
            members
                .iter()
                .any(|e| !e.file_payload && e.sign == (false, false, false) && caller(e) == app)
        };
        let (oa, mp, platform) = (
            if uses("oa") { "oa" } else { "_oa" },
            if uses("mp") { "mp" } else { "_mp" },
            if uses("platform") {
                "platform"
            } else {
                "_platform"
            },
        );
        let sim = if uses("oa") || uses("mp") || uses("platform") {
            "sim"
        } else {
            "_sim"
        };
        writeln!(
            out,
            "    let ({sim}, {oa}, {mp}, {platform}) = clients().await;"
        )
        .unwrap();
        let mut not_called = Vec::new();
        for e in members {
            let id = format!("{}.{}", e.group, e.name);
            if e.apps.iter().any(|a| a == "component") && caller(e) != "platform" {
                // The platform's authorization flow: answered by the simulator's own
                // logic, not by samples, so only its types meet the samples here.
                if let (Some(t), Some(r)) = (&e.request_type, &e.request) {
                    writeln!(
                        out,
                        "    decodes::<wechat::api::{t}>({id:?}, {:?});",
                        r.to_string()
                    )
                    .unwrap();
                }
                if let Some(t) = &e.response_type {
                    writeln!(
                        out,
                        "    decodes::<wechat::api::{t}>({id:?}, {:?});",
                        e.response.to_string()
                    )
                    .unwrap();
                }
                not_called.push(id);
                continue;
            }
            if e.file_payload {
                writeln!(
                    out,
                    "    // {id}: a file upload or download, covered by tests/tests/media.rs"
                )
                .unwrap();
                continue;
            }
            if e.sign != (false, false, false) {
                writeln!(
                    out,
                    "    // {id}: signed (signature or pay_sig), covered by tests/tests/signed_endpoints.rs"
                )
                .unwrap();
                continue;
            }
            let client = caller(e);
            if client.is_empty() {
                writeln!(
                    out,
                    "    // {id}: credential `{}`, covered by its own tests",
                    e.token
                )
                .unwrap();
                continue;
            }
            let method = if is_keyword(&e.name) {
                format!("r#{}", e.name)
            } else {
                e.name.clone()
            };
            let arg = match &e.request {
                Some(r) => format!("&req({:?})", r.to_string()),
                None => String::new(),
            };
            let answer = e.response.to_string();
            writeln!(
                out,
                "    sim.set_body({:?}, {:?}, body({answer:?}));",
                e.method, e.path
            )
            .unwrap();
            writeln!(
                out,
                "    check({id:?}, {client}.{group}().{method}({arg}).await);"
            )
            .unwrap();
        }
        if !not_called.is_empty() {
            writeln!(
                out,
                "    not_called({group:?}, {PLATFORM_REASON:?}, &{not_called:?});"
            )
            .unwrap();
        }
        out.push_str("}\n\n");
    }
    let dest =
        Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join("smoke_calls.rs");
    fs::write(dest, out).expect("writing the smoke calls");
}

/// Why the smoke test does not call the platform's authorization flow.
const PLATFORM_REASON: &str = "the platform's authorization flow (component_verify_ticket, component_access_token, pre_auth_code, authorizers): answered by the simulator's own logic, called by wechat/tests/component_flow.rs and tests/tests/sim_component.rs; here only their request and answer types are checked against the spec samples";

/// The client of the smoke test that calls an endpoint: `oa` (an Official Account's
/// access_token, unless the group is for mini programs only), `mp`, `platform` (a
/// platform's own component_access_token, but not its authorization flow, the group
/// `component`), or empty for an endpoint no client here calls.
fn caller(e: &endpoints::SpecEndpoint) -> &'static str {
    match e.token.as_str() {
        "access_token" if e.apps.iter().any(|a| a == "official_account") => "oa",
        "access_token" => "mp",
        "component_access_token" if e.group != "component" => "platform",
        _ => "",
    }
}

/// For each example answer under `bodies/component/` (the endpoints the simulator does
/// not serve: a platform's own, with its component_access_token), a call decoding it
/// into the typed answer of the endpoint of its path: `decodes::<T>(file, text)`, or
/// `parses(file, text)` for an answer without a type; `UNMATCHED` lists the files no
/// endpoint's path names. A name may carry a variant before `.json`
/// (`cgi-bin__component__api_get_authorizer_info.mini_program.json`).
fn write_component_bodies(endpoints: &[endpoints::SpecEndpoint]) {
    println!("cargo:rerun-if-changed=bodies/component");
    let mut files: Vec<String> = fs::read_dir("bodies/component")
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|f| f.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("fn every_component_body() {\n");
    let mut unmatched = Vec::new();
    for file in &files {
        let stem = file.trim_end_matches(".json");
        // `PATH.VARIANT.json`: among the endpoints sharing PATH, the one named VARIANT
        // (or `VARIANT_...`, `..._VARIANT`); else, as for `PATH.json`, the first on PATH
        // (a variant of its answer, such as a Mini Program authorizer's).
        let (stem, variant) = stem.split_once('.').unwrap_or((stem, ""));
        let path = format!("/{}", stem.replace("__", "/"));
        let text = format!(
            "include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/bodies/component/{file}\"))"
        );
        let on_path = || endpoints.iter().filter(|e| e.path == path);
        let endpoint = if variant.is_empty() {
            on_path().next()
        } else {
            on_path()
                .find(|e| e.name == variant)
                .or_else(|| {
                    on_path().find(|e| {
                        e.name.starts_with(&format!("{variant}_"))
                            || e.name.ends_with(&format!("_{variant}"))
                    })
                })
                .or_else(|| on_path().next())
        };
        match endpoint {
            Some(e) => match &e.response_type {
                Some(t) => {
                    writeln!(out, "    decodes::<wechat::api::{t}>({file:?}, {text});").unwrap()
                }
                None => writeln!(out, "    parses({file:?}, {text});").unwrap(),
            },
            None => unmatched.push(file.clone()),
        }
    }
    out.push_str("}\n");
    writeln!(out, "const UNMATCHED: &[&str] = &{unmatched:?};").unwrap();
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set by cargo"))
        .join("component_bodies.rs");
    fs::write(dest, out).expect("writing the component bodies");
}
