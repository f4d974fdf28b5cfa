//! What a call sends (a JSON body, a multipart form, nothing) and what it gets back
//! (the body and the headers that tell a file from a JSON answer).

use std::sync::Arc;

use bytes::Bytes;

use crate::media::form::MultipartBody;

/// The body of a request. Cheap to clone: a retry sends it again.
#[derive(Clone, Debug)]
pub(crate) enum Payload {
    /// No body.
    Empty,
    /// A JSON body.
    Json(Bytes),
    /// A `multipart/form-data` body, built again (files reopened) for each attempt.
    Multipart(Arc<MultipartBody>),
}

/// An accepted answer.
#[derive(Debug)]
pub(crate) struct Answer {
    /// The body.
    pub(crate) body: Bytes,
    /// `Content-Type`, if sent.
    pub(crate) content_type: Option<String>,
    /// `Content-Disposition`, if sent.
    pub(crate) disposition: Option<String>,
}

impl Answer {
    /// Whether the answer is a file rather than a JSON document: it has a
    /// `Content-Disposition`, or a content type that is neither JSON nor text.
    ///
    /// WeChat sends its JSON answers as `application/json` or `text/plain`, and media
    /// as `image/*`, `audio/*`, `video/*` or `application/octet-stream` with a
    /// `Content-disposition: attachment; filename="..."`.
    pub(crate) fn is_file(&self) -> bool {
        if self.disposition.is_some() {
            return true;
        }
        match self.content_type.as_deref() {
            None => false,
            Some(ct) => {
                let ct = ct.to_ascii_lowercase();
                !(ct.contains("json") || ct.starts_with("text/"))
            }
        }
    }

    /// The file name of `Content-Disposition: attachment; filename="name"`, if any.
    pub(crate) fn filename(&self) -> Option<String> {
        let d = self.disposition.as_deref()?;
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
        Answer {
            body: Bytes::new(),
            content_type: ct.map(str::to_owned),
            disposition: disposition.map(str::to_owned),
        }
    }

    #[test]
    fn tells_files_from_json() {
        assert!(!answer(Some("application/json; encoding=utf-8"), None).is_file());
        assert!(!answer(Some("text/plain"), None).is_file());
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
