//! The pure parts of web pages and mini programs: every `jssdk`, `card_sign`,
//! `wxa_decrypt` and `wxa_signature` case of `../shared/vectors/crypto.json`; the
//! typed errors of tampered or mismatched user data; the OAuth2 authorize URL.
//!
//! The vectors live beside the repository (`../shared`); without them those tests say
//! so and pass, except under CI (`CI` set), where their absence is a failure.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::Value;
use wechat::crypto::{
    check_raw_data_signature, decrypt_user_data, decrypt_user_data_for_app, UserDataError,
};
use wechat::jssdk::{card_signature, signature};
use wechat::oauth::{authorize_url, Scope};
use wechat::Error;

fn cases(kind: &str) -> Vec<Value> {
    wechat_sim::crypto_cases(kind)
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` missing in {v}"))
}

#[test]
fn jssdk_cases() {
    for case in cases("jssdk") {
        let i = &case["inputs"];
        let ts: i64 = s(i, "timestamp").parse().unwrap();
        let expected = s(&case["expected"], "signature");
        let url = s(i, "url");
        assert_eq!(
            signature(s(i, "jsapi_ticket"), s(i, "noncestr"), ts, url),
            expected,
            "{}",
            case["id"]
        );
        // The fragment is not signed.
        let with_fragment = format!("{url}#section-2?x=1");
        assert_eq!(
            signature(s(i, "jsapi_ticket"), s(i, "noncestr"), ts, &with_fragment),
            expected,
            "{} with a fragment",
            case["id"]
        );
    }
}

#[test]
fn card_sign_cases() {
    for case in cases("card_sign") {
        let i = case["inputs"].as_object().unwrap();
        let values: Vec<&str> = i.values().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(
            card_signature(&values),
            s(&case["expected"], "signature"),
            "{}",
            case["id"]
        );
        let mut reversed = values.clone();
        reversed.reverse();
        assert_eq!(
            card_signature(&reversed),
            card_signature(&values),
            "order does not matter"
        );
    }
}

#[test]
fn wxa_signature_cases() {
    for case in cases("wxa_signature") {
        let i = &case["inputs"];
        let sig = s(&case["expected"], "signature");
        assert!(
            check_raw_data_signature(s(i, "raw_data"), s(i, "session_key"), sig),
            "{}",
            case["id"]
        );
        assert!(check_raw_data_signature(
            s(i, "raw_data"),
            s(i, "session_key"),
            &sig.to_uppercase()
        ));
        let tampered = s(i, "raw_data").replacen("zh_CN", "en", 1);
        assert!(!check_raw_data_signature(
            &tampered,
            s(i, "session_key"),
            sig
        ));
        assert!(!check_raw_data_signature(
            s(i, "raw_data"),
            s(i, "session_key"),
            &sig[..39]
        ));
    }
}

#[test]
fn wxa_decrypt_cases() {
    for case in cases("wxa_decrypt") {
        let i = &case["inputs"];
        let e = &case["expected"];
        let plain: Value = serde_json::from_str(s(e, "plaintext")).unwrap();
        let got =
            decrypt_user_data(s(i, "session_key"), s(i, "encrypted_data"), s(i, "iv")).unwrap();
        assert_eq!(got, plain, "{}", case["id"]);
        assert_eq!(got["openId"], s(e, "openId"));
        let checked = decrypt_user_data_for_app(
            s(i, "appid"),
            s(i, "session_key"),
            s(i, "encrypted_data"),
            s(i, "iv"),
        )
        .unwrap();
        assert_eq!(checked["watermark"]["appid"], s(e, "watermark_appid"));
    }
}

fn user_data_error(result: Result<Value, Error>) -> UserDataError {
    match result {
        Err(Error::UserData(e)) => e,
        other => panic!("expected Error::UserData, got {other:?}"),
    }
}

/// Flips one bit of the decoded ciphertext at `at`.
fn flip(encrypted: &str, at: usize) -> String {
    let mut bytes = STANDARD.decode(encrypted).unwrap();
    bytes[at] ^= 0x01;
    STANDARD.encode(bytes)
}

#[test]
fn tampered_data_wrong_iv_and_wrong_session_key_each_have_their_error() {
    for case in cases("wxa_decrypt") {
        let i = &case["inputs"];
        let (key, data, iv, appid) = (
            s(i, "session_key"),
            s(i, "encrypted_data"),
            s(i, "iv"),
            s(i, "appid"),
        );
        let len = STANDARD.decode(data).unwrap().len();

        // Altered in the middle: the block garbles, the padding still holds.
        assert_eq!(
            user_data_error(decrypt_user_data(key, &flip(data, len / 2), iv)),
            UserDataError::Corrupted
        );
        // Altered in the last block: the padding breaks.
        assert_eq!(
            user_data_error(decrypt_user_data(key, &flip(data, len - 1), iv)),
            UserDataError::SessionKeyMismatch
        );
        // Truncated to a whole number of blocks.
        let cut = STANDARD.encode(&STANDARD.decode(data).unwrap()[..len - 16]);
        assert!(matches!(
            user_data_error(decrypt_user_data(key, &cut, iv)),
            UserDataError::SessionKeyMismatch | UserDataError::Corrupted
        ));
        // Another iv of the right shape.
        let wrong_iv = STANDARD.encode([7u8; 16]);
        assert_eq!(
            user_data_error(decrypt_user_data(key, data, &wrong_iv)),
            UserDataError::IvMismatch
        );
        // Another session_key of the right shape.
        let wrong_key = STANDARD.encode([0x42u8; 16]);
        assert_eq!(
            user_data_error(decrypt_user_data(&wrong_key, data, iv)),
            UserDataError::SessionKeyMismatch
        );
        // Malformed arguments.
        assert!(matches!(
            user_data_error(decrypt_user_data("not base64!", data, iv)),
            UserDataError::InvalidSessionKey { .. }
        ));
        assert!(matches!(
            user_data_error(decrypt_user_data(&STANDARD.encode([1u8; 24]), data, iv)),
            UserDataError::InvalidSessionKey { .. }
        ));
        assert!(matches!(
            user_data_error(decrypt_user_data(key, data, "c2hvcnQ=")),
            UserDataError::InvalidIv { .. }
        ));
        assert!(matches!(
            user_data_error(decrypt_user_data(key, "%%%", iv)),
            UserDataError::InvalidEncryptedData { .. }
        ));
        assert!(matches!(
            user_data_error(decrypt_user_data(key, &STANDARD.encode([0u8; 20]), iv)),
            UserDataError::InvalidEncryptedData { .. }
        ));
        assert!(matches!(
            user_data_error(decrypt_user_data(key, "", iv)),
            UserDataError::InvalidEncryptedData { .. }
        ));
        // Another app's data.
        let err = user_data_error(decrypt_user_data_for_app(
            "wx0000000000000000",
            key,
            data,
            iv,
        ));
        assert_eq!(
            err,
            UserDataError::WatermarkMismatch {
                expected: "wx0000000000000000".into(),
                actual: appid.into()
            }
        );
        // No error shows the session_key.
        let shown = format!("{:?} {}", Error::from(err.clone()), Error::from(err));
        assert!(!shown.contains(key), "{shown}");
    }
}

#[test]
fn authorize_urls_keep_wechats_order_and_encode_the_redirect() {
    let url = authorize_url(
        "wx1234567890abcdef",
        "https://example.com/auth/done?next=/a b&x=1",
        Scope::UserInfo,
        "State123",
    )
    .unwrap();
    assert_eq!(
        url,
        "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1234567890abcdef\
         &redirect_uri=https%3A%2F%2Fexample.com%2Fauth%2Fdone%3Fnext%3D%2Fa+b%26x%3D1\
         &response_type=code&scope=snsapi_userinfo&state=State123#wechat_redirect"
    );
    let base = authorize_url("wxa", "http://127.0.0.1:8080/cb", Scope::Base, "").unwrap();
    assert!(
        base.contains("&scope=snsapi_base&state=#wechat_redirect"),
        "{base}"
    );
    let long = "a".repeat(128);
    assert!(authorize_url("wxa", "https://e.com/", Scope::Base, &long).is_ok());
}

#[test]
fn bad_authorize_arguments_are_typed_errors() {
    let arg = |r: Result<String, Error>| match r {
        Err(Error::InvalidArgument { argument, .. }) => argument,
        other => panic!("expected InvalidArgument, got {other:?}"),
    };
    assert_eq!(
        arg(authorize_url("wxa", "/relative", Scope::Base, "s")),
        "redirect_uri"
    );
    assert_eq!(
        arg(authorize_url("wxa", "ftp://e.com/", Scope::Base, "s")),
        "redirect_uri"
    );
    assert_eq!(
        arg(authorize_url("wxa", "https://e.com/", Scope::Base, "a&b")),
        "state"
    );
    assert_eq!(
        arg(authorize_url(
            "wxa",
            "https://e.com/",
            Scope::Base,
            &"a".repeat(129)
        )),
        "state"
    );
}
