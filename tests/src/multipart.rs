//! Reading `multipart/form-data` upload bodies, with WeChat's errcodes for
//! what is wrong with them.

use std::collections::HashMap;

use axum::body::Bytes;

/// A file part of an upload.
#[derive(Clone, Debug, PartialEq)]
pub struct FilePart {
    /// The file name of the part's `Content-Disposition`.
    pub filename: String,
    /// The part's `Content-Type` (`application/octet-stream` if absent).
    pub content_type: String,
    /// The bytes.
    pub bytes: Bytes,
}

/// The parts of an upload: text fields and files, by field name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Form {
    /// Text fields (parts without a file name).
    pub fields: HashMap<String, String>,
    /// File parts.
    pub files: HashMap<String, FilePart>,
}

/// Reads a multipart body. A content type that is not `multipart/form-data`
/// with a boundary, or a body that does not parse, is 41005 (media data
/// missing), as WeChat answers an upload without a readable file.
pub async fn parse(content_type: Option<&str>, body: Bytes) -> Result<Form, i64> {
    let boundary = content_type
        .and_then(|ct| multer::parse_boundary(ct).ok())
        .ok_or(41005)?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut form = Form::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| 41005)? {
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        let filename = field.file_name().map(str::to_owned);
        let content_type = field
            .content_type()
            .map_or("application/octet-stream".to_owned(), ToString::to_string);
        let bytes = field.bytes().await.map_err(|_| 41005)?;
        match filename {
            Some(filename) => {
                form.files.insert(
                    name,
                    FilePart {
                        filename,
                        content_type,
                        bytes,
                    },
                );
            }
            None => {
                let text = String::from_utf8(bytes.to_vec()).map_err(|_| 47001)?;
                form.fields.insert(name, text);
            }
        }
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[(&str, Option<&str>, &str)]) -> Bytes {
        let mut s = String::new();
        for (name, filename, value) in parts {
            s.push_str("--XyZ\r\n");
            match filename {
                Some(f) => s.push_str(&format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: image/png\r\n\r\n"
                )),
                None => s.push_str(&format!(
                    "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                )),
            }
            s.push_str(value);
            s.push_str("\r\n");
        }
        s.push_str("--XyZ--\r\n");
        Bytes::from(s)
    }

    #[tokio::test]
    async fn reads_fields_and_files() {
        let b = body(&[
            ("media", Some("a.png"), "PNGDATA"),
            ("description", None, "{\"title\":\"t\"}"),
        ]);
        let form = parse(Some("multipart/form-data; boundary=XyZ"), b)
            .await
            .unwrap();
        let media = &form.files["media"];
        assert_eq!(media.filename, "a.png");
        assert_eq!(media.content_type, "image/png");
        assert_eq!(&media.bytes[..], b"PNGDATA");
        assert_eq!(form.fields["description"], "{\"title\":\"t\"}");
    }

    #[tokio::test]
    async fn refuses_what_is_not_multipart() {
        assert_eq!(parse(None, Bytes::new()).await, Err(41005));
        assert_eq!(
            parse(Some("application/json"), Bytes::from("{}")).await,
            Err(41005)
        );
        assert_eq!(
            parse(
                Some("multipart/form-data; boundary=XyZ"),
                Bytes::from("garbage")
            )
            .await,
            Err(41005)
        );
    }
}
