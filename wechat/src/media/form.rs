//! The `multipart/form-data` body of an upload, and the raw body of a file sent as the
//! whole request, each built anew for every attempt.

use reqwest::multipart::{Form, Part};

use super::{FileSource, UploadFile};
use crate::{Error, Result};

/// The parts of an upload: text fields (strings as they are, other values as JSON)
/// and files.
#[derive(Debug)]
pub(crate) struct MultipartBody {
    pub(crate) texts: Vec<(String, String)>,
    pub(crate) files: Vec<(&'static str, UploadFile)>,
}

/// A raw body: the file is the whole request body, sent with its content type.
#[derive(Debug)]
pub(crate) struct RawBody {
    pub(crate) file: UploadFile,
}

impl RawBody {
    /// The body to send and its content type. A file given by path is opened now and
    /// streamed, with its length.
    ///
    /// # Errors
    /// [`Error::File`] when the file cannot be opened or its length read.
    pub(crate) async fn to_body(&self) -> Result<(reqwest::Body, String)> {
        let body = match &self.file.source {
            FileSource::Bytes(b) => reqwest::Body::from(b.clone()),
            FileSource::Path(path) => open_stream(path).await?.0,
        };
        Ok((body, self.file.mime().to_owned()))
    }
}

impl MultipartBody {
    /// The form to send. A file given by path is opened now and streamed: the request
    /// never holds the whole file in memory.
    ///
    /// # Errors
    /// [`Error::File`] when a file cannot be opened or its length read.
    pub(crate) async fn to_form(&self) -> Result<Form> {
        let mut form = Form::new();
        for (name, value) in &self.texts {
            form = form.text(name.clone(), value.clone());
        }
        for (name, file) in &self.files {
            let part = match &file.source {
                FileSource::Bytes(b) => Part::stream_with_length(b.clone(), b.len() as u64),
                FileSource::Path(path) => {
                    let (body, len) = open_stream(path).await?;
                    Part::stream_with_length(body, len)
                }
            };
            let part = part
                .file_name(file.filename().to_owned())
                .mime_str(file.mime())
                .map_err(|e| Error::InvalidArgument {
                    argument: "UploadFile::content_type",
                    reason: format!(
                        "`{}` (for `{}`) is not a MIME type: {e}",
                        file.mime(),
                        file.filename()
                    ),
                })?;
            form = form.part(*name, part);
        }
        Ok(form)
    }
}

/// The file at `path`, opened now, as a streamed body, with its length.
///
/// # Errors
/// [`Error::File`] when it cannot be opened or its length read.
async fn open_stream(path: &std::path::Path) -> Result<(reqwest::Body, u64)> {
    let io = |source| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let f = tokio::fs::File::open(path).await.map_err(io)?;
    let len = f.metadata().await.map_err(io)?.len();
    let stream = tokio_util::io::ReaderStream::new(f);
    Ok((reqwest::Body::wrap_stream(stream), len))
}
