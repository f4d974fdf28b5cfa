use super::load_dir;
use crate::spec::{App, BodyKind, Location, Response, Scalar, TypeExpr, TypeKind};

fn write(dir: &std::path::Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("wechat-codegen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const GOOD: &str = r#"
group = "material"
title = "Materials"

[[endpoint]]
name = "batchget"
title = "List"
method = "POST"
path = "/cgi-bin/material/batchget_material"
doc = "https://developers.weixin.qq.com/x"
request = { type = "MaterialType", offset = "u32", count = "u32" }
response = "MaterialList"

[[endpoint]]
name = "get"
title = "Get"
method = "GET"
path = "/cgi-bin/x/get"
doc = "https://developers.weixin.qq.com/y"
request = { openid = "string", lang = "string?" }

[types.MaterialType]
enum = ["image", "news"]

[types.MaterialList]
fields.total_count = "u32"
fields.item = { type = "[Item]?", doc = "items" }

[types.Item]
fields.media_id = "string"
fields.type = "string"
"#;

#[test]
fn a_good_file_loads_with_locations_and_inline_types() {
    let dir = tempdir("good");
    write(&dir, "official_account/material.toml", GOOD);
    let (set, diags) = load_dir(&dir, "specs");
    assert!(diags.is_empty(), "{diags:?}");
    let g = &set.groups[0];
    assert_eq!(g.apps, vec![App::OfficialAccount]);
    assert_eq!(g.endpoints[0].request.as_deref(), Some("BatchgetRequest"));
    assert!(matches!(&g.endpoints[0].response, Response::Named(n) if n == "MaterialList"));
    assert!(matches!(g.endpoints[1].response, Response::Unit));
    let get_req = g.types.iter().find(|t| t.name == "GetRequest").unwrap();
    let TypeKind::Struct(fields) = &get_req.kind else {
        panic!()
    };
    assert!(
        fields.iter().all(|f| f.location == Location::Query),
        "GET requests go in the query"
    );
    let item = g.types.iter().find(|t| t.name == "Item").unwrap();
    let TypeKind::Struct(fields) = &item.kind else {
        panic!()
    };
    assert_eq!(fields[1].rust, "type");
}

#[test]
fn every_mistake_is_reported_with_file_line_and_column() {
    let dir = tempdir("bad");
    write(
        &dir,
        "a.toml",
        r#"group = "a"
title = "A"

[[endpoint]]
name = "BadName"
title = "x"
method = "PUT"
path = "no-slash"
doc = "https://x"
response = "Missing"
"#,
    );
    write(&dir, "b.toml", "group = \"b\"\ntitle = \"B\"\n[[endpoint]]\nname = \"x\"\ntitle = \"x\"\nmethod = \"GET\"\npath = \"/x\"\nunknown_key = 1\n");
    let (_, diags) = load_dir(&dir, "specs");
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    let has = |needle: &str| text.iter().any(|d| d.contains(needle));
    assert!(
        has("specs/a.toml:5:8: endpoint name `BadName` must be a snake_case identifier"),
        "{text:#?}"
    );
    assert!(has("specs/a.toml:7:10: method `PUT`"), "{text:#?}");
    assert!(has("specs/a.toml:8:8: path `no-slash`"), "{text:#?}");
    assert!(has("specs/a.toml:") && has("`Missing`"), "{text:#?}");
    assert!(
        has("specs/b.toml:8:1: unknown field `unknown_key`"),
        "{text:#?}"
    );
}

#[test]
fn unknown_types_bad_fields_and_duplicate_groups_are_reported() {
    let dir = tempdir("refs");
    let file = |group: &str| {
        format!(
            r#"group = "{group}"
title = "T"
[[endpoint]]
name = "x"
title = "x"
method = "POST"
path = "/x"
doc = "https://x"
request = "Req"
[types.Req]
fields.a = "Nope"
fields.b = "u128"
fields.c = {{ type = "[string]", in = "query" }}
"#
        )
    };
    write(&dir, "one.toml", &file("dup"));
    write(&dir, "two.toml", &file("dup"));
    let (_, diags) = load_dir(&dir, "specs");
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    let has = |needle: &str| text.iter().any(|d| d.contains(needle));
    assert!(has("unknown type `Nope`"), "{text:#?}");
    assert!(
        has("specs/one.toml:12:12: field `b`: unknown type `u128`"),
        "{text:#?}"
    );
    assert!(
        has("`Req.c` is a query parameter and must be a scalar or an enum"),
        "{text:#?}"
    );
    assert!(
        has("specs/two.toml:1:9: group `dup` is already defined at specs/one.toml:1:9"),
        "{text:#?}"
    );
}

#[test]
fn a_missing_doc_url_is_an_error() {
    let dir = tempdir("nodoc");
    write(&dir, "a.toml", "group = \"a\"\ntitle = \"A\"\n[[endpoint]]\nname = \"x\"\ntitle = \"x\"\nmethod = \"GET\"\npath = \"/x\"\n");
    let (_, diags) = load_dir(&dir, "specs");
    assert!(
        diags.iter().any(|d| d.message.contains("has no `doc` URL")),
        "{diags:?}"
    );
}

#[test]
fn the_builtin_specs_load_cleanly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../api-specs");
    let (set, diags) = load_dir(&dir, "api-specs");
    assert!(diags.is_empty(), "{diags:#?}");
    assert!(set.groups.iter().any(|g| g.name == "menu"));
    assert!(set.errcodes.iter().any(|e| e.code == 40001));
}

const MEDIA: &str = r#"
group = "media"
title = "Media"

[[endpoint]]
name = "upload"
title = "Upload"
method = "POST"
path = "/cgi-bin/media/upload"
body = "multipart"
doc = "https://developers.weixin.qq.com/u"
request = { type = { type = "string", in = "query" }, media = "file", description = "Description?" }
response = { media_id = "string" }

[[endpoint]]
name = "get"
title = "Get"
method = "GET"
path = "/cgi-bin/media/get"
binary = true
doc = "https://developers.weixin.qq.com/g"
request = { media_id = "string" }
response = { video_url = "string" }

[[endpoint]]
name = "code"
title = "Code"
method = "POST"
path = "/wxa/getwxacode"
binary = true
doc = "https://developers.weixin.qq.com/c"
request = { path = "string" }

[types.Description]
fields.title = "string"
"#;

#[test]
fn uploads_and_binary_answers_load() {
    let dir = tempdir("media");
    write(&dir, "official_account/media.toml", MEDIA);
    let (set, diags) = load_dir(&dir, "specs");
    assert!(diags.is_empty(), "{diags:?}");
    let g = &set.groups[0];
    let [upload, get, code] = &g.endpoints[..] else {
        panic!("three endpoints")
    };
    assert_eq!(upload.body, BodyKind::Multipart);
    assert!(!upload.binary);
    assert_eq!(get.body, BodyKind::Json);
    assert!(get.binary && matches!(&get.response, Response::Named(n) if n == "GetResponse"));
    assert!(code.binary && matches!(code.response, Response::Unit));
    let req = g.types.iter().find(|t| t.name == "UploadRequest").unwrap();
    let TypeKind::Struct(fields) = &req.kind else {
        panic!()
    };
    assert_eq!(fields[0].location, Location::Query);
    assert_eq!(fields[1].ty, TypeExpr::Scalar(Scalar::File));
    assert_eq!(fields[2].location, Location::Body);
}

#[test]
fn misplaced_files_and_bad_upload_settings_are_reported() {
    let dir = tempdir("badmedia");
    write(
        &dir,
        "m.toml",
        r#"group = "m"
title = "M"

[[endpoint]]
name = "json_with_file"
title = "x"
method = "POST"
path = "/a"
doc = "https://x"
request = { media = "file" }

[[endpoint]]
name = "get_upload"
title = "x"
method = "GET"
path = "/b"
body = "multipart"
binary = true
doc = "https://x"
request = { media = "file" }

[[endpoint]]
name = "no_file"
title = "x"
method = "POST"
path = "/c"
body = "multipart"
doc = "https://x"
request = { name = "string" }

[[endpoint]]
name = "files_list"
title = "x"
method = "POST"
path = "/d"
body = "multipart"
doc = "https://x"
request = { media = "[file]" }

[[endpoint]]
name = "bad_body"
title = "x"
method = "POST"
path = "/e"
body = "xml"
doc = "https://x"
"#,
    );
    write(&dir, "shared.toml", "[types.Shared]\nfields.f = \"file\"\n");
    let (_, diags) = load_dir(&dir, "specs");
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    let has = |needle: &str| text.iter().any(|d| d.contains(needle));
    assert!(
        has("`JsonWithFileRequest.media` is a file: only the request of a `body = \"multipart\"` endpoint may hold files"),
        "{text:#?}"
    );
    assert!(
        has("specs/m.toml:17:8: endpoint `get_upload`: a multipart upload is a POST"),
        "{text:#?}"
    );
    assert!(
        has("endpoint `get_upload`: an upload answers JSON"),
        "{text:#?}"
    );
    assert!(
        has("`NoFileRequest` is the request of a multipart upload but has no `file` field"),
        "{text:#?}"
    );
    assert!(
        has("`FilesListRequest.media`: a file is a field of its own"),
        "{text:#?}"
    );
    assert!(
        has("specs/m.toml:45:8: body `xml`: expected \"json\", \"multipart\" or \"raw\""),
        "{text:#?}"
    );
    assert!(has("`Shared.f` is a file"), "{text:#?}");
}

#[test]
fn a_duplicate_endpoint_points_at_its_first_definition() {
    let dir = tempdir("dup-endpoint");
    let endpoint = |path: &str| {
        format!(
            "[[endpoint]]\nname = \"get\"\ntitle = \"Get\"\nmethod = \"GET\"\npath = \"{path}\"\ndoc = \"https://x\"\n"
        )
    };
    let text = format!(
        "group = \"g\"\ntitle = \"G\"\n{}{}",
        endpoint("/a"),
        endpoint("/b")
    );
    write(&dir, "g.toml", &text);
    let (set, diags) = load_dir(&dir, "specs");
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        ["specs/g.toml:10:8: endpoint `get` is defined twice in this group (first at specs/g.toml:4:8)"]
    );
    assert_eq!(set.groups[0].location, "specs/g.toml:1:9");
}

#[test]
fn signed_endpoints_load_and_bad_sign_lists_are_reported() {
    let dir = tempdir("sign");
    let endpoint = |name: &str, method: &str, sign: &str| {
        format!(
            "[[endpoint]]\nname = \"{name}\"\ntitle = \"T\"\nmethod = \"{method}\"\npath = \"/{name}\"\ndoc = \"https://x\"\nsign = {sign}\n"
        )
    };
    let text = format!(
        "group = \"g\"\ntitle = \"G\"\n{}{}{}{}",
        endpoint("storage", "POST", r#"["signature", "sig_method"]"#),
        endpoint("pay", "POST", r#"["pay_sig"]"#),
        endpoint("on_get", "GET", r#"["pay_sig"]"#),
        endpoint("odd", "POST", r#"["sig_method", "md5"]"#),
    );
    write(&dir, "g.toml", &text);
    let (set, diags) = load_dir(&dir, "specs");
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 3, "{text:#?}");
    assert!(
        text[0].contains("`on_get`: signatures are computed over a JSON body"),
        "{}",
        text[0]
    );
    assert!(text[1].contains("sign `md5`: expected"), "{}", text[1]);
    assert!(
        text[2].contains("`odd`: `sig_method` goes with `signature`"),
        "{}",
        text[2]
    );
    let sign = |name: &str| {
        set.groups[0]
            .endpoints
            .iter()
            .find(|e| e.name == name)
            .unwrap()
            .sign
    };
    let storage = sign("storage");
    assert!(storage.signature && storage.sig_method && !storage.pay_sig);
    let pay = sign("pay");
    assert!(pay.pay_sig && !pay.signature && !pay.sig_method);
}

#[test]
fn raw_bodies_text_answers_and_token_params_are_checked() {
    let dir = tempdir("raw");
    let text = r#"group = "g"
title = "G"

[[endpoint]]
name = "ok_raw"
title = "T"
method = "POST"
path = "/ok_raw"
doc = "https://x"
body = "raw"
request = { voice = "file", lang = "string?" }
response = "text"

[[endpoint]]
name = "two_files"
title = "T"
method = "POST"
path = "/two_files"
doc = "https://x"
body = "raw"
request = { a = "file", b = "file" }

[[endpoint]]
name = "renamed"
title = "T"
method = "POST"
path = "/renamed"
doc = "https://x"
token = "component_access_token"
token_param = "access_token"

[[endpoint]]
name = "bad_param"
title = "T"
method = "GET"
path = "/bad_param"
doc = "https://x"
token_param = "token"
"#;
    write(&dir, "g.toml", text);
    let (set, diags) = load_dir(&dir, "specs");
    let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 2, "{text:#?}");
    assert!(
        text[0].contains("`two_files`: a raw body is one `file` field"),
        "{}",
        text[0]
    );
    assert!(text[1].contains("token_param `token`"), "{}", text[1]);
    let ep = |name: &str| {
        set.groups[0]
            .endpoints
            .iter()
            .find(|e| e.name == name)
            .unwrap()
    };
    assert_eq!(ep("ok_raw").body, BodyKind::Raw);
    assert_eq!(ep("ok_raw").response, Response::Text);
    assert_eq!(
        ep("renamed").token,
        crate::spec::Credential::ComponentAccessTokenAsAccessToken
    );
    // The raw body's other fields travel in the query.
    let req = set.groups[0]
        .types
        .iter()
        .find(|t| t.name == "OkRawRequest")
        .unwrap();
    let TypeKind::Struct(fields) = &req.kind else {
        panic!()
    };
    assert_eq!(
        fields.iter().find(|f| f.wire == "lang").unwrap().location,
        Location::Query
    );
}
