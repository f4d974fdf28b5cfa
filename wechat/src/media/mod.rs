//! Files sent to WeChat and files it answers: multipart uploads and binary answers.
//!
//! - [`UploadFile`]: a file for an upload endpoint (`media/upload`,
//!   `material/add_material`, ...), read from a path (streamed: the file is never held
//!   in memory whole) or given as bytes, with its file name and content type.
//! - [`MediaFile`]: a file WeChat answered (`media/get`, `wxa/getwxacodeunlimit`, ...):
//!   its bytes, content type and file name.
//! - [`FileOr`]: the answer of endpoints that send a file for some media and a JSON
//!   document for others (`media/get` answers `{"video_url"}` for videos).
//!
//! A JSON `{"errcode":...}` body in place of a file is an [`Error::Api`](crate::Error::Api),
//! as for every other endpoint.
//!
//! Docs: <https://developers.weixin.qq.com/doc/service/api/material/temporary/api_uploadtempmedia>,
//! <https://developers.weixin.qq.com/doc/service/Asset_Management/Get_temporary_materials.html>.

pub(crate) mod form;

use std::fmt;
use std::path::{Path, PathBuf};

use bytes::Bytes;

/// A file to upload: a path (read as a stream when the request is sent) or bytes,
/// with the file name and content type the multipart part announces.
///
/// ```
/// use wechat::media::UploadFile;
///
/// let from_disk = UploadFile::path("./photo.jpg"); // filename "photo.jpg", image/jpeg
/// let in_memory = UploadFile::bytes(vec![0x89, b'P', b'N', b'G'], "code.png")
///     .content_type("image/png");
/// assert_eq!(from_disk.filename(), "photo.jpg");
/// assert_eq!(in_memory.mime(), "image/png");
/// ```
///
/// A path is opened when the request is sent, and again for a retry; a missing or
/// unreadable file is an [`Error::File`](crate::Error::File).
#[derive(Clone, PartialEq, Eq)]
pub struct UploadFile {
    pub(crate) source: FileSource,
    filename: String,
    content_type: String,
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum FileSource {
    Path(PathBuf),
    Bytes(Bytes),
}

impl UploadFile {
    /// A file on disk. The file name is the path's last component; the content type is
    /// guessed from its extension (`application/octet-stream` if unknown).
    pub fn path(path: impl Into<PathBuf>) -> UploadFile {
        let path = path.into();
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned());
        let content_type = guess(&path);
        UploadFile {
            source: FileSource::Path(path),
            filename,
            content_type,
        }
    }

    /// Bytes in memory, named `filename` (WeChat reads the type from the name's
    /// extension and the content type). The content type is guessed from `filename`.
    pub fn bytes(bytes: impl Into<Bytes>, filename: impl Into<String>) -> UploadFile {
        let filename = filename.into();
        let content_type = guess(Path::new(&filename));
        UploadFile {
            source: FileSource::Bytes(bytes.into()),
            filename,
            content_type,
        }
    }

    /// Replaces the file name sent in the part's `Content-Disposition`.
    pub fn filename_as(mut self, filename: impl Into<String>) -> UploadFile {
        self.filename = filename.into();
        self
    }

    /// Replaces the guessed content type, e.g. `"image/png"`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> UploadFile {
        self.content_type = content_type.into();
        self
    }

    /// The file name the upload announces.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The content type the upload announces.
    pub fn mime(&self) -> &str {
        &self.content_type
    }
}

fn guess(path: &Path) -> String {
    mime_guess::from_path(path)
        .first_or_octet_stream()
        .essence_str()
        .to_owned()
}

impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("UploadFile");
        match &self.source {
            FileSource::Path(p) => d.field("path", p),
            FileSource::Bytes(b) => d.field("bytes", &format_args!("<{} bytes>", b.len())),
        };
        d.field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A file WeChat answered: its bytes, as received in one buffer, and what the headers
/// say about it.
///
/// The answer is read whole (WeChat's media are at most 10 MB, QR codes a few KB):
/// the body has to be seen to tell a file from a JSON error, and a transport error
/// half-way is retried like any other call. Write it out with
/// [`MediaFile::save`].
#[derive(Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// The bytes.
    pub bytes: Bytes,
    /// `Content-Type`, e.g. `image/jpeg` (`application/octet-stream` if absent).
    pub content_type: String,
    /// The file name of `Content-Disposition: attachment; filename="..."`, if sent.
    pub filename: Option<String>,
}

impl MediaFile {
    /// Writes the bytes to `path` (created or truncated).
    ///
    /// # Errors
    /// [`Error::File`](crate::Error::File) when the file cannot be written.
    pub async fn save(&self, path: impl AsRef<Path>) -> crate::Result<()> {
        let path = path.as_ref();
        tokio::fs::write(path, &self.bytes)
            .await
            .map_err(|source| crate::Error::File {
                path: path.to_owned(),
                source,
            })
    }
}

impl fmt::Debug for MediaFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaFile")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("content_type", &self.content_type)
            .field("filename", &self.filename)
            .finish()
    }
}

/// The answer of an endpoint that sends a file for some media and a JSON document
/// for others.
#[derive(Clone, Debug, PartialEq)]
pub enum FileOr<T> {
    /// The file.
    File(MediaFile),
    /// The JSON document (e.g. `{"video_url"}` of a video in `media/get`).
    Json(T),
}

impl<T> FileOr<T> {
    /// The file, if the answer is one.
    pub fn file(self) -> Option<MediaFile> {
        match self {
            FileOr::File(f) => Some(f),
            FileOr::Json(_) => None,
        }
    }

    /// The JSON document, if the answer is one.
    pub fn json(self) -> Option<T> {
        match self {
            FileOr::File(_) => None,
            FileOr::Json(t) => Some(t),
        }
    }
}
