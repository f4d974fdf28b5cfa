//! What a call sends (a JSON body, a multipart form, nothing) and what it gets back
//! (the body and the headers that tell a file from a JSON answer).

use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::media::form::{MultipartBody, RawBody};

/// The body of a request. Cheap to clone: a retry sends it again.
#[derive(Clone, Debug)]
pub(crate) enum Payload {
    /// No body.
    Empty,
    /// A JSON body.
    Json(Bytes),
    /// A `multipart/form-data` body, built again (files reopened) for each attempt.
    Multipart(Arc<MultipartBody>),
    /// A file as the whole body, built again (the file reopened) for each attempt.
    Raw(Arc<RawBody>),
}

/// An accepted answer.
#[derive(Debug)]
pub(crate) struct Answer {
    /// The body.
    pub(crate) body: Bytes,
    /// The response headers (moved out of the response, not copied).
    pub(crate) headers: HeaderMap,
}

impl Answer {
    /// `Content-Type`, if sent (and readable as text).
    pub(crate) fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// `Content-Disposition`, if sent (and readable as text).
    pub(crate) fn disposition(&self) -> Option<&str> {
        self.headers.get(CONTENT_DISPOSITION)?.to_str().ok()
    }

    /// Whether the answer is a file rather than a JSON document: it has a
    /// `Content-Disposition`, or a content type that is neither JSON nor text.
    ///
    /// WeChat sends its JSON answers as `application/json` or `text/plain`, and media
    /// as `image/*`, `audio/*`, `video/*` or `application/octet-stream` with a
    /// `Content-disposition: attachment; filename="..."`.
    pub(crate) fn is_file(&self) -> bool {
        if self.disposition().is_some() {
            return true;
        }
        match self.content_type() {
            None => false,
            Some(ct) if ct.starts_with("application/json") || ct.starts_with("text/") => false,
            Some(ct) => {
                let is_text = ct.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("text/"));
                let is_json = ct
                    .as_bytes()
                    .windows(4)
                    .any(|w| w.eq_ignore_ascii_case(b"json"));
                !(is_json || is_text)
            }
        }
    }

    /// The file name of `Content-Disposition: attachment; filename="name"`, if any.
    pub(crate) fn filename(&self) -> Option<String> {
        let d = self.disposition()?;
        d.split(';').find_map(|part| {
            let (key, value) = part.trim().split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case("filename")
                .then(|| value.trim().trim_matches('"').to_owned())
                .filter(|v| !v.is_empty())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(ct: Option<&str>, disposition: Option<&str>) -> Answer {
        let mut headers = HeaderMap::new();
        if let Some(ct) = ct {
            headers.insert(CONTENT_TYPE, ct.parse().unwrap());
        }
        if let Some(d) = disposition {
            headers.insert(CONTENT_DISPOSITION, d.parse().unwrap());
        }
        Answer {
            body: Bytes::new(),
            headers,
        }
    }

    #[test]
    fn tells_files_from_json() {
        assert!(!answer(Some("application/json; encoding=utf-8"), None).is_file());
        assert!(!answer(Some("text/plain"), None).is_file());
        assert!(!answer(Some("Application/JSON"), None).is_file());
        assert!(!answer(Some("TEXT/html"), None).is_file());
        assert!(answer(Some("application/octet-stream"), None).is_file());
        assert!(!answer(None, None).is_file());
        assert!(answer(Some("image/jpeg"), None).is_file());
        assert!(answer(Some("text/plain"), Some("attachment; filename=\"a.txt\"")).is_file());
    }

    #[test]
    fn reads_the_file_name() {
        let a = answer(None, Some("attachment; filename=\"photo 1.jpg\""));
        assert_eq!(a.filename().as_deref(), Some("photo 1.jpg"));
        assert_eq!(answer(None, Some("attachment")).filename(), None);
        assert_eq!(
            answer(None, Some("attachment; FILENAME=x.png"))
                .filename()
                .as_deref(),
            Some("x.png")
        );
    }
}
