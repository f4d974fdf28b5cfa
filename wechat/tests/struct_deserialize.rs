//! Generated structs deserialize through the runtime's one struct visitor, not through
//! `#[derive(Deserialize)]`. These tests hold the two equal: the same JSON gives the same
//! value, or an error with the same message, for a generated struct and a hand-written
//! mirror of it that derives `Deserialize`.

use std::fmt::Debug;

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use wechat::api::card_membercard::PayGiftMchFailure;
use wechat::api::material::{MaterialItem, MaterialList};

/// Mirrors of the generated structs, with the same names (which errors quote), read by
/// `#[derive(Deserialize)]`.
mod derived {
    use serde::Deserialize;

    /// `MaterialList` as `#[derive(Deserialize)]` would read it.
    #[derive(Debug, Deserialize)]
    pub struct MaterialList {
        pub total_count: u32,
        pub item_count: u32,
        pub item: Vec<MaterialItem>,
    }

    #[derive(Debug, Deserialize)]
    pub struct MaterialItem {
        pub media_id: String,
        pub update_time: i64,
        /// Only ever absent or `null` in these inputs.
        #[serde(default)]
        pub content: Option<serde_json::Value>,
        #[serde(default)]
        pub name: Option<String>,
        #[serde(default)]
        pub url: Option<String>,
    }

    /// `PayGiftMchFailure` (renamed fields) as `#[derive(Deserialize)]` would read it.
    #[derive(Debug, Deserialize)]
    pub struct PayGiftMchFailure {
        pub mchid: String,
        #[serde(rename = "errcode", default)]
        pub error_code: Option<i64>,
        #[serde(rename = "errmsg", default)]
        pub error_message: Option<String>,
        #[serde(default)]
        pub occupy_rule_id: Option<u64>,
        #[serde(default)]
        pub occupy_appid: Option<String>,
    }
}

fn same_item(a: &MaterialItem, b: &derived::MaterialItem) -> bool {
    a.media_id == b.media_id
        && a.update_time == b.update_time
        && a.content.is_none()
        && b.content.is_none()
        && a.name == b.name
        && a.url == b.url
}

fn same_list(a: &MaterialList, b: &derived::MaterialList) -> bool {
    a.total_count == b.total_count
        && a.item_count == b.item_count
        && a.item.len() == b.item.len()
        && a.item.iter().zip(&b.item).all(|(a, b)| same_item(a, b))
}

fn same_failure(a: &PayGiftMchFailure, b: &derived::PayGiftMchFailure) -> bool {
    a.mchid == b.mchid
        && a.error_code == b.error_code
        && a.error_message == b.error_message
        && a.occupy_rule_id == b.occupy_rule_id
        && a.occupy_appid == b.occupy_appid
}

/// Both reads of `json`, generated `G` and derived `D`: equal values (by `same`), or
/// errors with equal messages.
fn check<G, D>(json: &str, same: fn(&G, &D) -> bool)
where
    G: DeserializeOwned + Debug,
    D: DeserializeOwned + Debug,
{
    let ours = serde_json::from_str::<G>(json);
    let derived = serde_json::from_str::<D>(json);
    match (&ours, &derived) {
        (Ok(a), Ok(b)) => assert!(same(a, b), "{json}: {a:?} vs {b:?}"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{json}"),
        _ => panic!("{json}: generated {ours:?}, derived {derived:?}"),
    }
}

fn check_list(json: &str) {
    check(json, same_list);
}

fn check_failure(json: &str) {
    check(json, same_failure);
}

#[test]
fn a_complete_answer_reads_the_same() {
    check_list(
        r#"{"total_count": 2, "item_count": 1,
            "item": [{"media_id": "m1", "update_time": 1700000000, "name": "a.jpg", "url": "http://x"}]}"#,
    );
    let list: MaterialList = serde_json::from_str(
        r#"{"total_count": 2, "item_count": 1, "item": [{"media_id": "m1", "update_time": 7}]}"#,
    )
    .unwrap();
    assert_eq!(list.item[0].media_id, "m1");
    assert_eq!(list.item[0].name, None);
}

#[test]
fn unknown_fields_are_ignored_whatever_their_shape() {
    check_list(
        r#"{"new": {"deep": [1, {"x": null}]}, "total_count": 0, "item_count": 0, "item": [], "more": "yes"}"#,
    );
}

#[test]
fn a_missing_required_field_names_it() {
    check_list(r#"{"total_count": 1, "item": []}"#);
    let err = serde_json::from_str::<MaterialList>(r#"{"total_count": 1, "item": []}"#)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("missing field `item_count`"), "{err}");
}

#[test]
fn a_duplicate_field_is_an_error_naming_it() {
    check_list(r#"{"total_count": 1, "total_count": 2, "item_count": 0, "item": []}"#);
    let err = serde_json::from_str::<MaterialList>(
        r#"{"total_count": 1, "total_count": 2, "item_count": 0, "item": []}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("duplicate field `total_count`"), "{err}");
}

#[test]
fn optional_fields_are_none_when_missing_or_null() {
    check_failure(r#"{"mchid": "1", "errcode": null, "errmsg": null}"#);
    let f: PayGiftMchFailure =
        serde_json::from_str(r#"{"mchid": "1", "errcode": null, "occupy_rule_id": 9}"#).unwrap();
    assert_eq!(
        (f.error_code, f.error_message, f.occupy_rule_id),
        (None, None, Some(9))
    );
}

#[test]
fn renamed_fields_are_read_by_their_wire_names_only() {
    check_failure(r#"{"mchid": "1", "errcode": 40001, "errmsg": "bad"}"#);
    // The Rust name is not a wire name: ignored, like any unknown field.
    check_failure(r#"{"mchid": "1", "error_code": 40001}"#);
    let f: PayGiftMchFailure =
        serde_json::from_str(r#"{"mchid": "1", "errcode": 40001, "errmsg": "bad"}"#).unwrap();
    assert_eq!(f.error_code, Some(40001));
    assert_eq!(f.error_message.as_deref(), Some("bad"));
}

#[test]
fn wrong_types_and_wrong_shapes_give_the_same_errors() {
    check_list(r#"{"total_count": "1", "item_count": 0, "item": []}"#);
    check_list(r#"{"total_count": -1, "item_count": 0, "item": []}"#);
    check_list(r#"{"total_count": 1, "item_count": 0, "item": [{"media_id": 5}]}"#);
    check_list(r#"{"total_count": 1, "item_count": 0, "item": {}}"#);
    check_list(r#""a string""#);
    check_list("null");
    check_list("{");
    check_failure(r#"{"mchid": "1", "errcode": 1.5}"#);
}

#[test]
fn the_decode_error_of_a_call_names_the_field_path() {
    // The path comes from serde_path_to_error wrapping the deserializer, as a call's
    // `Error::Decode` does.
    let json =
        r#"{"total_count": 1, "item_count": 1, "item": [{"media_id": "m", "update_time": "x"}]}"#;
    let mut de = serde_json::Deserializer::from_str(json);
    let err = serde_path_to_error::deserialize::<_, MaterialList>(&mut de).unwrap_err();
    assert_eq!(err.path().to_string(), "item[0].update_time");
}

/// A JSON value for one field: mostly of the right type, sometimes not.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<u32>().prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        3 => "[a-z0-9]{0,6}".prop_map(|s| format!("{s:?}")),
        1 => Just("null".to_owned()),
        1 => Just("true".to_owned()),
        1 => Just("1.5".to_owned()),
        1 => Just("[]".to_owned()),
        1 => Just("{}".to_owned()),
    ]
}

/// An object of known, renamed, Rust-named and unknown keys, repeats included.
fn object(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(keys), value()), 0..8).prop_map(|pairs| {
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
        format!("{{{}}}", body.join(", "))
    })
}

fn item() -> impl Strategy<Value = String> {
    object(&["media_id", "update_time", "name", "url", "other"])
}

proptest! {
    #[test]
    fn generated_and_derived_reads_agree_on_failures(json in object(&[
        "mchid", "errcode", "errmsg", "occupy_rule_id", "occupy_appid", "error_code", "x",
    ])) {
        check_failure(&json);
    }

    #[test]
    fn generated_and_derived_reads_agree_on_lists(
        head in object(&["total_count", "item_count", "zzz"]),
        items in prop::collection::vec(item(), 0..3),
        with_items in any::<bool>(),
    ) {
        let json = if with_items {
            let inner = head.trim_end_matches('}');
            let sep = if inner.len() > 1 { ", " } else { "" };
            format!("{inner}{sep}\"item\": [{}]}}", items.join(", "))
        } else {
            head
        };
        check_list(&json);
    }
}
