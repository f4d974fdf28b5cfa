//! The checks of `hub.toml`: what parses, what each problem says and where.

use super::*;
use crate::hub::config_values::key_secret_var;

const MINIMAL: &str = r#"
listen = "127.0.0.1:4000"
api_base = "https://api.weixin.qq.com"
[store]
kind = "file"
path = "./wechat-hub-data"
[[app]]
appid = "wx1"
secret = "s1"
[[key]]
name = "shop-backend"
secret = "k1"
appids = ["wx1"]
"#;

fn parse(text: &str) -> Result<HubConfig, ConfigError> {
    HubConfig::parse_with_env(text, "hub.toml", |_| None)
}

#[test]
fn the_minimal_config_parses() {
    let c = parse(MINIMAL).unwrap();
    assert_eq!(c.listen().port(), 4000);
    assert_eq!(c.appids().collect::<Vec<_>>(), ["wx1"]);
    assert!(matches!(c.store(), StoreConfig::File { .. }));
    assert!(!format!("{c:?}").contains("s1\""));
    assert!(!format!("{c:?}").contains("k1"));
}

#[test]
fn environment_variables_override_secrets() {
    let text = MINIMAL.replace("secret = \"s1\"\n", "");
    let c = HubConfig::parse_with_env(&text, "hub.toml", |v| {
        (v == "WECHAT_HUB_SECRET_WX1").then(|| "from-env".to_owned())
    })
    .unwrap();
    assert_eq!(c.apps[0].secret.expose(), "from-env");
    assert_eq!(
        key_secret_var("shop-backend"),
        "WECHAT_HUB_KEY_SHOP_BACKEND"
    );
}

#[test]
fn each_problem_is_one_line() {
    let text = r#"
listen = "nowhere"
api_base = "ftp://x"
[[app]]
appid = "wx1"
[[app]]
appid = "wx1"
secret = "s"
[[key]]
name = "k"
secret = "k"
appids = ["wx9"]
"#;
    let e = parse(text).unwrap_err();
    let all = e.to_string();
    assert_eq!(e.problems.len(), 5, "{all}");
    assert!(e.problems.iter().all(|p| !p.contains('\n')));
    assert!(all.contains("listen = \"nowhere\""), "{all}");
    assert!(all.contains("api_base"), "{all}");
    assert!(all.contains("app wx1: no secret"), "{all}");
    assert!(all.contains("already [[app]] #1"), "{all}");
    assert!(all.contains("wx9 is not an [[app]]"), "{all}");
}

#[test]
fn unknown_keys_are_located() {
    let text = MINIMAL.replace("secret = \"s1\"", "secrte = \"s1\"");
    let e = parse(&text).unwrap_err();
    assert_eq!(e.problems.len(), 2, "{e}");
    assert!(
        e.problems[0]
            .starts_with("hub.toml:9:1: unknown field `secrte`, expected `appid` or `secret`"),
        "{e}"
    );
    // With `secrte` set aside, the app has no secret: said at its [[app]].
    assert!(
        e.problems[1].starts_with("hub.toml:7:1: app wx1: no secret"),
        "{e}"
    );
}

#[test]
fn every_problem_is_reported_at_once_at_its_position() {
    let text = r#"
listen = "nowhere"
thread = 4
[refresh]
margin_secs = "soon"
[[app]]
appid = "wx1"
secrte = "s"
[[key]]
name = "k"
secret = "k"
appids = ["wx9"]
[storage]
kind = "file"
"#;
    let e = parse(text).unwrap_err();
    let all = e.to_string();
    for expected in [
        "hub.toml:3:1: unknown field `thread`",
        "hub.toml:5:15: invalid type: string \"soon\", expected u64",
        "hub.toml:8:1: unknown field `secrte`",
        "hub.toml:13:2: unknown field `storage`",
        "hub.toml:2:1: listen = \"nowhere\": not an address",
        "hub.toml:6:1: app wx1: no secret",
        "hub.toml:12:11: key k: appid wx9 is not an [[app]] of this hub",
    ] {
        assert!(
            e.problems.iter().any(|p| p.starts_with(expected)),
            "{expected:?} not in:\n{all}"
        );
    }
    assert_eq!(e.problems.len(), 7, "{all}");
    // `[storage]`'s own settings were set aside with it: no `kind` problem.
    assert!(!all.contains("`kind`"), "{all}");
}

#[test]
fn damaged_files_never_panic_and_every_problem_is_located() {
    let text = format!(
            "{MINIMAL}[refresh]\nmargin_secs = 60\n[unauthenticated]\nfrom = [\"10.0.0.0/8\"]\nappids = [\"wx1\"]\n"
        );
    let cuts: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    for &at in &cuts {
        for damage in ["", "x", "\"", "[", "= 1\n", "\n[[app]]\n"] {
            let (head, tail) = text.split_at(at);
            let tail = if damage.is_empty() {
                tail.get(1..).unwrap_or("")
            } else {
                tail
            };
            let damaged = format!("{head}{damage}{tail}");
            if let Err(e) = parse(&damaged) {
                assert!(!e.problems.is_empty());
                for p in &e.problems {
                    assert!(
                        p.starts_with("hub.toml:") && !p.contains('\n'),
                        "{p:?} of {damaged:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_syntax_error_is_the_one_problem_told() {
    let e = parse("listen = \"x\"\n[[app]\nappid = 1\n").unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    assert!(e.problems[0].starts_with("hub.toml:2:"), "{e}");
}

#[test]
fn positions_inside_multibyte_text_do_not_panic() {
    use crate::hub::config_problems::line_col;
    let text = "# 中控\nlisten = 中\n";
    for offset in 0..text.len() + 3 {
        let _ = line_col(text, offset);
    }
    assert_eq!(line_col(text, text.find("listen").unwrap()), (2, 1));
    assert!(parse(text).unwrap_err().problems[0].starts_with("hub.toml:2:"));
}

#[test]
fn cidrs_and_wildcards() {
    let text = format!(
        "{MINIMAL}\n[unauthenticated]\nfrom = [\"10.0.0.0/8\", \"127.0.0.1\"]\nappids = [\"*\"]\n"
    );
    let c = parse(&text).unwrap();
    let u = c.unauthenticated.unwrap();
    assert_eq!(u.from.len(), 2);
    assert_eq!(u.appids, Appids::All);
    let bad =
        format!("{MINIMAL}\n[unauthenticated]\nfrom = [\"10.0.0.0/99\"]\nappids = [\"wx1\"]\n");
    assert!(parse(&bad).unwrap_err().to_string().contains("10.0.0.0/99"));
}

#[test]
fn redis_needs_a_url() {
    let text = MINIMAL.replace(
        "kind = \"file\"\npath = \"./wechat-hub-data\"",
        "kind = \"redis\"",
    );
    let e = parse(&text).unwrap_err();
    assert!(e.to_string().contains("needs url"), "{e}");
}

#[test]
fn postgres_needs_a_postgres_url_and_stands_in_for_durable() {
    let with =
        |store: &str| MINIMAL.replace("kind = \"file\"\npath = \"./wechat-hub-data\"", store);
    let e = parse(&with("kind = \"postgres\"")).unwrap_err();
    assert!(e.to_string().contains("needs url"), "{e}");
    let e = parse(&with("kind = \"postgres\"\nurl = \"redis://127.0.0.1\"")).unwrap_err();
    assert!(e.to_string().contains("not a PostgreSQL URL"), "{e}");
    let e = parse(&with(
        "kind = \"postgres\"\nurl = \"postgres://h/db\"\nprefix = \"x\"",
    ))
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("prefix applies to kind = \"redis\" only"),
        "{e}"
    );
    let ok = with("kind = \"postgres\"\nurl = \"postgres://user:pw@h/db\"");
    if cfg!(feature = "postgres") {
        let c = parse(&ok).unwrap();
        assert!(matches!(c.store(), StoreConfig::Postgres { .. }));
        // The password stays out of Debug.
        assert!(!format!("{:?}", c.store()).contains("pw"));
    } else {
        let e = parse(&ok).unwrap_err();
        assert!(
            e.to_string().contains("without the `postgres` feature"),
            "{e}"
        );
    }
}
