//! The simulated permanent-material library behind `batchget_material`,
//! `get_material` and `get_materialcount`.
//!
//! The library holds 5 images, 2 videos, 1 voice and 3 news items, with ids
//! `SIM_IMAGE_MEDIA_0`, `SIM_VIDEO_MEDIA_1`, `SIM_NEWS_MEDIA_2` and so on.

use axum::body::Bytes;
use serde_json::{json, Value};

use super::{Answer, Call};

/// Each kind of material and how many the library holds.
const LIBRARY: [(&str, u64); 4] = [("image", 5), ("video", 2), ("voice", 1), ("news", 3)];

/// `update_time` of the first item; later items are an hour apart.
const EPOCH: u64 = 1_700_000_000;

/// Largest page `batchget_material` returns.
const MAX_COUNT: u64 = 20;

/// The media_id of item `index` of a kind.
pub fn media_id(kind: &str, index: u64) -> String {
    format!("SIM_{}_MEDIA_{index}", kind.to_ascii_uppercase())
}

fn size(kind: &str) -> Option<u64> {
    LIBRARY.iter().find(|(k, _)| *k == kind).map(|(_, n)| *n)
}

/// The kind and index of a library media_id.
fn parse_id(id: &str) -> Option<(&'static str, u64)> {
    let rest = id.strip_prefix("SIM_")?;
    let (kind, index) = rest.split_once("_MEDIA_")?;
    let index: u64 = index.parse().ok()?;
    let (kind, n) = LIBRARY.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind))?;
    (index < *n).then_some((*kind, index))
}

fn update_time(index: u64) -> u64 {
    EPOCH + index * 3600
}

fn article(index: u64) -> Value {
    json!({
        "title": format!("Simulated article {index}"),
        "thumb_media_id": media_id("image", 0),
        "show_cover_pic": 1,
        "author": "wechat-sim",
        "digest": format!("Digest of simulated article {index}"),
        "content": format!("<p>Body of simulated article {index}.</p>"),
        "url": format!("http://mp.weixin.qq.com/s?__biz=MzSimulator==&mid=26500000{index:02}&idx=1&sn=sim#rd"),
        "content_source_url": "",
        "need_open_comment": 0,
        "only_fans_can_comment": 0,
    })
}

fn item(kind: &str, index: u64) -> Value {
    let id = media_id(kind, index);
    let time = update_time(index);
    if kind == "news" {
        json!({
            "media_id": id,
            "content": {
                "news_item": [article(index)],
                "create_time": time,
                "update_time": time,
            },
            "update_time": time,
        })
    } else {
        let ext = match kind {
            "image" => "jpg",
            "video" => "mp4",
            _ => "mp3",
        };
        json!({
            "media_id": id,
            "name": format!("{kind}_{index}.{ext}"),
            "update_time": time,
            "url": format!("http://mmbiz.qpic.cn/mmbiz_{ext}/{id}/0"),
        })
    }
}

/// `POST /cgi-bin/material/batchget_material` `{"type","offset","count"}`.
pub fn batchget(call: &Call<'_>) -> Answer {
    let Some((kind, total)) = call
        .str_field("type")
        .and_then(|k| LIBRARY.iter().find(|(name, _)| *name == k))
        .copied()
    else {
        return Answer::Error(40004);
    };
    let offset = call.u64_field("offset").unwrap_or(0);
    let count = call
        .u64_field("count")
        .unwrap_or(MAX_COUNT)
        .clamp(1, MAX_COUNT);
    let items: Vec<Value> = (offset..total)
        .take(usize::try_from(count).unwrap_or(usize::MAX))
        .map(|i| item(kind, i))
        .collect();
    Answer::Json(json!({
        "total_count": total,
        "item_count": items.len(),
        "item": items,
    }))
}

/// `POST /cgi-bin/material/get_material` `{"media_id"}`: JSON for news and
/// video, the file itself for images and voice, 40007 for unknown ids.
pub fn get(call: &Call<'_>) -> Answer {
    let Some((kind, index)) = call.str_field("media_id").and_then(parse_id) else {
        return Answer::Error(40007);
    };
    match kind {
        "news" => Answer::Json(json!({ "news_item": [article(index)] })),
        "video" => Answer::Json(json!({
            "title": format!("Simulated video {index}"),
            "description": format!("Description of simulated video {index}"),
            "down_url": format!("http://mpvideo.qpic.cn/{}.mp4", media_id(kind, index)),
        })),
        "image" => Answer::File {
            content_type: "image/jpeg".into(),
            filename: format!("{}.jpg", media_id(kind, index)),
            bytes: Bytes::from_static(&[
                0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0xFF, 0xD9,
            ]),
        },
        _ => Answer::File {
            content_type: "audio/mpeg".into(),
            filename: format!("{}.mp3", media_id(kind, index)),
            bytes: Bytes::from_static(b"ID3\x03\x00\x00\x00\x00\x00\x00"),
        },
    }
}

/// `GET /cgi-bin/material/get_materialcount`, consistent with the library.
pub fn count() -> Answer {
    let n = |kind| size(kind).unwrap_or(0);
    Answer::Json(json!({
        "voice_count": n("voice"),
        "video_count": n("video"),
        "image_count": n("image"),
        "news_count": n("news"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::testing::{json_of, run};

    fn call_with(body: Value, f: impl FnOnce(&Call<'_>) -> Answer) -> Answer {
        run(&[], Some(body), f)
    }

    #[test]
    fn batchget_pages_the_library() {
        let v = json_of(call_with(
            json!({"type": "image", "offset": 0, "count": 2}),
            batchget,
        ));
        assert_eq!(v["total_count"], 5);
        assert_eq!(v["item_count"], 2);
        assert_eq!(v["item"][1]["media_id"], "SIM_IMAGE_MEDIA_1");
        let v = json_of(call_with(
            json!({"type": "image", "offset": 4, "count": 20}),
            batchget,
        ));
        assert_eq!(v["item_count"], 1);
        let v = json_of(call_with(
            json!({"type": "image", "offset": 9, "count": 20}),
            batchget,
        ));
        assert_eq!(v["item_count"], 0);
        let v = json_of(call_with(json!({"type": "news"}), batchget));
        assert_eq!(v["item_count"], 3);
        assert_eq!(
            v["item"][0]["content"]["news_item"][0]["title"],
            "Simulated article 0"
        );
    }

    #[test]
    fn batchget_rejects_unknown_type() {
        assert_eq!(
            call_with(json!({"type": "gif"}), batchget),
            Answer::Error(40004)
        );
        assert_eq!(call_with(json!({}), batchget), Answer::Error(40004));
    }

    #[test]
    fn get_by_kind() {
        let v = json_of(call_with(json!({"media_id": "SIM_NEWS_MEDIA_2"}), get));
        assert!(v["news_item"].is_array());
        let v = json_of(call_with(json!({"media_id": "SIM_VIDEO_MEDIA_1"}), get));
        assert!(v["down_url"].is_string());
        assert!(matches!(
            call_with(json!({"media_id": "SIM_IMAGE_MEDIA_0"}), get),
            Answer::File { content_type, .. } if content_type == "image/jpeg"
        ));
        assert_eq!(
            call_with(json!({"media_id": "SIM_VIDEO_MEDIA_2"}), get),
            Answer::Error(40007)
        );
        assert_eq!(call_with(json!({}), get), Answer::Error(40007));
    }

    #[test]
    fn count_matches_template() {
        let (_, template) = crate::bodies::builtin("/cgi-bin/material/get_materialcount").unwrap();
        let template: Value = serde_json::from_str(template).unwrap();
        assert_eq!(json_of(count()), template);
    }
}
