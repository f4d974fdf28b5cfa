//! Uploads and downloads: temporary media (`media/upload`, `media/get`),
//! article images (`media/uploadimg`) and permanent materials
//! (`material/add_material`, and `material/get_material` for what was
//! uploaded). Uploaded bytes are kept per media_id and served back.

use std::collections::HashMap;

use axum::body::Bytes;
use serde_json::{json, Value};

use super::{random_string, unix_now, Answer, Call};
use crate::multipart::FilePart;
use crate::state::{lock, Shared};

/// A kind of media: its size limit and accepted extensions, for temporary
/// and for permanent uploads.
struct Kind {
    name: &'static str,
    max_bytes: usize,
    temporary: &'static [&'static str],
    permanent: &'static [&'static str],
}

const MB: usize = 1024 * 1024;

/// Limits and types as the upload docs give them.
const KINDS: &[Kind] = &[
    Kind {
        name: "image",
        max_bytes: 10 * MB,
        temporary: &["png", "jpeg", "jpg", "gif"],
        permanent: &["bmp", "png", "jpeg", "jpg", "gif"],
    },
    Kind {
        name: "voice",
        max_bytes: 2 * MB,
        temporary: &["amr", "mp3"],
        permanent: &["mp3", "wma", "wav", "amr"],
    },
    Kind {
        name: "video",
        max_bytes: 10 * MB,
        temporary: &["mp4"],
        permanent: &["mp4"],
    },
    Kind {
        name: "thumb",
        max_bytes: 64 * 1024,
        temporary: &["jpg", "jpeg"],
        permanent: &["jpg", "jpeg"],
    },
];

/// Largest article image of `media/uploadimg`.
const UPLOADIMG_MAX: usize = MB;

/// One uploaded file.
#[derive(Clone, Debug)]
pub struct StoredMedia {
    /// `image`, `voice`, `video` or `thumb`.
    pub kind: &'static str,
    /// The file as uploaded.
    pub file: FilePart,
    /// Whether it is a permanent material.
    pub permanent: bool,
    /// A permanent video's `{"title","introduction"}`.
    pub description: Option<Value>,
}

/// Uploaded files by media_id.
#[derive(Debug, Default)]
pub struct MediaStore {
    items: HashMap<String, StoredMedia>,
}

impl MediaStore {
    /// The file of `media_id`, if any.
    pub fn get(&self, media_id: &str) -> Option<&StoredMedia> {
        self.items.get(media_id)
    }
}

fn extension(filename: &str) -> String {
    filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The file part `name` of a multipart call; 41005 (media data missing) without it.
fn file_part<'a>(call: &'a Call<'_>, name: &str) -> Result<&'a FilePart, i64> {
    call.form.and_then(|f| f.files.get(name)).ok_or(41005)
}

/// The `media` file part, checked against the kind's types and size:
/// missing 41005, wrong type 40005, empty or too large 40006.
fn checked_file<'a>(call: &'a Call<'_>, exts: &[&str], max: usize) -> Result<&'a FilePart, i64> {
    let file = file_part(call, "media")?;
    if !exts.contains(&extension(&file.filename).as_str()) {
        return Err(40005);
    }
    if file.bytes.is_empty() || file.bytes.len() > max {
        return Err(40006);
    }
    Ok(file)
}

fn kind_of(call: &Call<'_>) -> Result<&'static Kind, i64> {
    let name = call.query.get("type").ok_or(40004)?;
    KINDS.iter().find(|k| k.name == name).ok_or(40004)
}

/// `POST /cgi-bin/media/upload?type=` (multipart, file field `media`):
/// `{type, media_id, created_at}` (`thumb_media_id` for thumbs).
pub fn upload(shared: &Shared, call: &Call<'_>) -> Answer {
    let result = kind_of(call).and_then(|kind| {
        checked_file(call, kind.temporary, kind.max_bytes).map(|file| (kind, file))
    });
    let (kind, file) = match result {
        Ok(x) => x,
        Err(code) => return Answer::Error(code),
    };
    let id = random_string(64);
    lock(&shared.media).items.insert(
        id.clone(),
        StoredMedia {
            kind: kind.name,
            file: file.clone(),
            permanent: false,
            description: None,
        },
    );
    let id_key = if kind.name == "thumb" {
        "thumb_media_id"
    } else {
        "media_id"
    };
    Answer::Json(json!({ "type": kind.name, id_key: id, "created_at": unix_now() }))
}

/// `POST /cgi-bin/media/uploadimg` (multipart, JPG or PNG up to 1 MB): `{url}`.
pub fn uploadimg(shared: &Shared, call: &Call<'_>) -> Answer {
    let file = match checked_file(call, &["jpg", "jpeg", "png"], UPLOADIMG_MAX) {
        Ok(f) => f,
        Err(code) => return Answer::Error(code),
    };
    let id = random_string(32);
    lock(&shared.media).items.insert(
        id.clone(),
        StoredMedia {
            kind: "image",
            file: file.clone(),
            permanent: true,
            description: None,
        },
    );
    Answer::Json(json!({ "url": format!("http://mmbiz.qpic.cn/sim_mmbiz/{id}/0") }))
}

/// `POST /cgi-bin/material/add_material?type=` (multipart): `{media_id}`,
/// plus `url` for images. Videos need the form field `description` holding
/// `{"title","introduction"}` (47001 when missing or not that JSON).
pub fn add_material(shared: &Shared, call: &Call<'_>) -> Answer {
    let result = kind_of(call).and_then(|kind| {
        checked_file(call, kind.permanent, kind.max_bytes).map(|file| (kind, file))
    });
    let (kind, file) = match result {
        Ok(x) => x,
        Err(code) => return Answer::Error(code),
    };
    let description = if kind.name == "video" {
        let parsed = call
            .form
            .and_then(|f| f.fields.get("description"))
            .and_then(|d| serde_json::from_str::<Value>(d).ok())
            .filter(|d| d["title"].is_string() && d["introduction"].is_string());
        match parsed {
            Some(d) => Some(d),
            None => return Answer::Error(47001),
        }
    } else {
        None
    };
    let id = random_string(43);
    lock(&shared.media).items.insert(
        id.clone(),
        StoredMedia {
            kind: kind.name,
            file: file.clone(),
            permanent: true,
            description,
        },
    );
    let mut answer = json!({ "media_id": id });
    if kind.name == "image" {
        answer["url"] = json!(format!("http://mmbiz.qpic.cn/sim_mmbiz/{id}/0"));
    }
    Answer::Json(answer)
}

/// Where the simulator serves an uploaded video's bytes.
fn download_url(call: &Call<'_>, id: &str) -> String {
    format!("http://{}/sim/download/{id}", call.host)
}

fn file_answer(item: &StoredMedia) -> Answer {
    Answer::File {
        content_type: item.file.content_type.clone(),
        filename: item.file.filename.clone(),
        bytes: item.file.bytes.clone(),
    }
}

/// `GET /cgi-bin/media/get?media_id=`: the file with its content type and
/// name; for videos `{"video_url"}`; 40007 for unknown (or permanent) ids.
pub fn get(shared: &Shared, call: &Call<'_>) -> Answer {
    let Some(id) = call.query.get("media_id") else {
        return Answer::Error(40007);
    };
    let media = lock(&shared.media);
    match media.get(id).filter(|m| !m.permanent) {
        None => Answer::Error(40007),
        Some(m) if m.kind == "video" => {
            Answer::Json(json!({ "video_url": download_url(call, id) }))
        }
        Some(m) => file_answer(m),
    }
}

/// `GET /cgi-bin/media/get/jssdk?media_id=`: the voice a page uploaded with the
/// JS-SDK's uploadVoice, as speex. The simulator has no JS-SDK side, so any
/// non-empty id answers a small speex file; a missing or empty one is 40007.
pub fn get_jssdk(call: &Call<'_>) -> Answer {
    match call.query.get("media_id") {
        Some(id) if !id.is_empty() => Answer::File {
            content_type: "voice/speex".into(),
            filename: format!("{id}.speex"),
            bytes: Bytes::from_static(b"Speex   1.2 simulated voice"),
        },
        _ => Answer::Error(40007),
    }
}

/// An upload that only acknowledges (or answers `template`) once its file part
/// `name` is there: 41005 (media data missing) without it.
pub fn upload_with_file(call: &Call<'_>, name: &str, template: Value) -> Answer {
    match file_part(call, name) {
        Ok(_) => Answer::Json(template),
        Err(code) => Answer::Error(code),
    }
}

/// `POST /cgi-bin/material/get_material` for an uploaded permanent
/// material: the file, or for videos `{title, description, down_url}`.
/// `None` for ids that were not uploaded.
pub fn get_material(shared: &Shared, call: &Call<'_>) -> Option<Answer> {
    let id = call.str_field("media_id")?;
    let media = lock(&shared.media);
    let m = media.get(id).filter(|m| m.permanent)?;
    Some(if m.kind == "video" {
        let d = m.description.clone().unwrap_or_default();
        Answer::Json(json!({
            "title": d["title"],
            "description": d["introduction"],
            "down_url": download_url(call, id),
        }))
    } else {
        file_answer(m)
    })
}

/// The bytes of an uploaded file, for `GET /sim/download/{media_id}`.
pub fn download(shared: &Shared, media_id: &str) -> Option<(String, Bytes)> {
    lock(&shared.media)
        .get(media_id)
        .map(|m| (m.file.content_type.clone(), m.file.bytes.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::endpoints::testing::{json_of, run_form};
    use crate::multipart::Form;

    fn form(filename: &str, bytes: &'static [u8], description: Option<&str>) -> Form {
        let mut f = Form::default();
        f.files.insert(
            "media".into(),
            FilePart {
                filename: filename.into(),
                content_type: "application/octet-stream".into(),
                bytes: Bytes::from_static(bytes),
            },
        );
        if let Some(d) = description {
            f.fields.insert("description".into(), d.into());
        }
        f
    }

    #[test]
    fn upload_checks_type_file_and_size_then_serves_the_bytes() {
        let shared = Shared::new(&SimConfig::default()).unwrap();
        let f = form("a.png", b"PNG", None);
        assert_eq!(
            run_form(&[], &f, |c| upload(&shared, c)),
            Answer::Error(40004)
        );
        assert_eq!(
            run_form(&[("type", "image")], &Form::default(), |c| upload(
                &shared, c
            )),
            Answer::Error(41005)
        );
        let gif_as_video = form("a.gif", b"GIF", None);
        assert_eq!(
            run_form(&[("type", "video")], &gif_as_video, |c| upload(&shared, c)),
            Answer::Error(40005)
        );
        let empty = form("a.png", b"", None);
        assert_eq!(
            run_form(&[("type", "image")], &empty, |c| upload(&shared, c)),
            Answer::Error(40006)
        );
        let v = json_of(run_form(&[("type", "image")], &f, |c| upload(&shared, c)));
        assert_eq!(v["type"], "image");
        let id = v["media_id"].as_str().unwrap().to_owned();
        let got = run_form(&[("media_id", &id)], &Form::default(), |c| get(&shared, c));
        assert!(matches!(got, Answer::File { bytes, .. } if &bytes[..] == b"PNG"));
        let thumb = form("t.jpg", b"JPG", None);
        let v = json_of(run_form(&[("type", "thumb")], &thumb, |c| {
            upload(&shared, c)
        }));
        assert!(v["thumb_media_id"].is_string() && v.get("media_id").is_none());
    }

    #[test]
    fn videos_answer_a_url_and_permanent_videos_need_a_description() {
        let shared = Shared::new(&SimConfig::default()).unwrap();
        let video = form("v.mp4", b"MP4", None);
        let v = json_of(run_form(&[("type", "video")], &video, |c| {
            upload(&shared, c)
        }));
        let id = v["media_id"].as_str().unwrap().to_owned();
        let v = json_of(run_form(&[("media_id", &id)], &Form::default(), |c| {
            get(&shared, c)
        }));
        assert!(v["video_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/sim/download/{id}")));
        assert_eq!(
            run_form(&[("type", "video")], &video, |c| add_material(&shared, c)),
            Answer::Error(47001)
        );
        let described = form("v.mp4", b"MP4", Some(r#"{"title":"T","introduction":"I"}"#));
        let v = json_of(run_form(&[("type", "video")], &described, |c| {
            add_material(&shared, c)
        }));
        assert!(v.get("url").is_none());
        assert_eq!(
            run_form(
                &[("media_id", v["media_id"].as_str().unwrap())],
                &Form::default(),
                |c| get(&shared, c)
            ),
            Answer::Error(40007),
            "media/get serves temporary media only"
        );
    }

    #[test]
    fn acknowledging_uploads_need_their_file_part() {
        let template = json!({"errcode": 0, "errmsg": "ok", "s_media_id": "1"});
        let media = form("avatar.jpg", b"JPG", None);
        assert_eq!(
            json_of(run_form(&[], &media, |c| upload_with_file(
                c,
                "media",
                template.clone()
            ))),
            template
        );
        assert_eq!(
            run_form(&[], &media, |c| upload_with_file(
                c,
                "pdf",
                template.clone()
            )),
            Answer::Error(41005),
            "the file is in `media`, not in `pdf`"
        );
    }

    #[test]
    fn hd_voice_answers_speex_for_any_id_and_40007_for_none() {
        let Answer::File {
            content_type,
            filename,
            ..
        } = run_form(&[("media_id", "abc")], &Form::default(), get_jssdk)
        else {
            panic!("a file")
        };
        assert_eq!(
            (content_type.as_str(), filename.as_str()),
            ("voice/speex", "abc.speex")
        );
        assert_eq!(
            run_form(&[], &Form::default(), get_jssdk),
            Answer::Error(40007)
        );
    }
}
