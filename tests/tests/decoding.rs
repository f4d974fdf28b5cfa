//! Typed decoding: unknown fields are ignored; wrong types name the endpoint and field.

mod common;

use common::{app, sim};
use serde_json::json;
use wechat::Error;

#[tokio::test]
async fn an_unknown_response_field_is_ignored() {
    let sim = sim().await;
    sim.set_body(
        "GET",
        "/cgi-bin/getcallbackip",
        json!({"ip_list": ["101.226.103.0/25"], "added_later": {"x": 1}}),
    );
    let app = app(&sim);
    let ips = app.access().getcallbackip().await.unwrap();
    assert_eq!(ips.ip_list, vec!["101.226.103.0/25".to_owned()]);
}

#[tokio::test]
async fn a_wrong_type_is_a_decode_error_naming_endpoint_and_field() {
    let sim = sim().await;
    sim.set_body(
        "POST",
        "/cgi-bin/material/batchget_material",
        json!({"total_count": 1, "item_count": 1, "item": [{"media_id": 42, "name": "a.jpg", "update_time": 1, "url": "u"}]}),
    );
    let app = app(&sim);
    let req = wechat::api::material::BatchgetRequest {
        r#type: wechat::api::material::MaterialType::Image,
        offset: 0,
        count: 1,
    };
    let err = app.material().batchget(&req).await.unwrap_err();
    match &err {
        Error::Decode {
            endpoint,
            path,
            message,
            body_excerpt,
        } => {
            assert_eq!(*endpoint, "material.batchget");
            assert_eq!(path, "item[0].media_id");
            assert!(message.contains("invalid type: integer `42`"), "{message}");
            assert!(body_excerpt.contains("a.jpg"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(
        shown.contains("material.batchget") && shown.contains("item[0].media_id"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_missing_required_field_is_a_decode_error_naming_it() {
    let sim = sim().await;
    sim.set_body(
        "GET",
        "/cgi-bin/material/get_materialcount",
        json!({"voice_count": 1, "video_count": 2, "image_count": 3}),
    );
    let app = app(&sim);
    let err = app.material().get_materialcount().await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { endpoint: "material.get_materialcount", message, .. } if message.contains("missing field `news_count`")),
        "{err:?}"
    );
}
