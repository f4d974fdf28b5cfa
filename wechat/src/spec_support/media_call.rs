//! The generic steps around [`Client::execute`] for uploads and binary answers.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::client::decode::{decode, excerpt};
use crate::client::payload::{Answer, Payload};
use crate::client::Client;
use crate::media::form::MultipartBody;
use crate::media::{FileOr, MediaFile};
use crate::spec_support::client_call::encode;
use crate::spec_support::endpoint::Endpoint;
use crate::spec_support::request::{ApiRequest, Query};
use crate::{Error, Result};

/// Calls `ep` with `req` as a `multipart/form-data` body and decodes the JSON answer
/// as `T`. Fields marked as files become file parts; the other body fields become text
/// parts (strings as they are, other values as JSON text); query fields stay in the URL.
pub async fn call_multipart<R, T>(client: &Client, ep: &'static Endpoint, req: &R) -> Result<T>
where
    R: ApiRequest + ?Sized,
    T: DeserializeOwned,
{
    let mut query = Query::default();
    req.write_query(&mut query);
    let fields = serde_json::to_value(req)
        .map_err(|e| Error::config(format!("{}: cannot encode the request: {e}", ep.id)))?;
    let mut texts = Vec::new();
    if let serde_json::Value::Object(map) = fields {
        for (name, value) in map {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::String(s) => texts.push((name, s)),
                other => texts.push((name, other.to_string())),
            }
        }
    }
    let files = req
        .file_parts()
        .into_iter()
        .map(|(name, f)| (name, f.clone()))
        .collect();
    let payload = Payload::Multipart(Arc::new(MultipartBody { texts, files }));
    let answer = client.execute(ep, &query.0, &payload).await?;
    if answer.is_file() {
        return Err(unexpected_file(ep, &answer));
    }
    decode(ep, &answer.body)
}

/// Calls `ep` with `req` as a `multipart/form-data` body (as [`call_multipart`]); its
/// answer carries only `errcode` / `errmsg`.
pub async fn call_multipart_unit<R>(client: &Client, ep: &'static Endpoint, req: &R) -> Result<()>
where
    R: ApiRequest + ?Sized,
{
    call_multipart::<R, serde::de::IgnoredAny>(client, ep, req)
        .await
        .map(drop)
}

/// Calls `ep`, whose answer is a file; a JSON answer without a non-zero `errcode`
/// is an [`Error::Decode`].
pub async fn call_binary<R>(client: &Client, ep: &'static Endpoint, req: &R) -> Result<MediaFile>
where
    R: ApiRequest + ?Sized,
{
    let (query, payload) = encode(ep, req)?;
    let answer = client.execute(ep, &query, &payload).await?;
    if answer.is_file() {
        return Ok(media_file(answer));
    }
    Err(Error::Decode {
        endpoint: ep.id,
        path: ".".into(),
        message: "expected a file, WeChat answered a JSON document".into(),
        body_excerpt: excerpt(&answer.body),
    })
}

/// Calls `ep`, whose answer is a file or a JSON document of type `T`.
pub async fn call_binary_or_json<R, T>(
    client: &Client,
    ep: &'static Endpoint,
    req: &R,
) -> Result<FileOr<T>>
where
    R: ApiRequest + ?Sized,
    T: DeserializeOwned,
{
    let (query, payload) = encode(ep, req)?;
    let answer = client.execute(ep, &query, &payload).await?;
    if answer.is_file() {
        return Ok(FileOr::File(media_file(answer)));
    }
    decode(ep, &answer.body).map(FileOr::Json)
}

fn media_file(answer: Answer) -> MediaFile {
    let filename = answer.filename();
    MediaFile {
        content_type: answer
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned(),
        filename,
        bytes: answer.body,
    }
}

fn unexpected_file(ep: &'static Endpoint, answer: &Answer) -> Error {
    Error::Decode {
        endpoint: ep.id,
        path: ".".into(),
        message: format!(
            "expected a JSON document, WeChat answered a file ({}, {} bytes)",
            answer.content_type().unwrap_or("no content type"),
            answer.body.len()
        ),
        body_excerpt: String::new(),
    }
}
