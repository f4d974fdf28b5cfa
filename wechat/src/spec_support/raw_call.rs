//! The call paths of a file sent as the whole request body (`body = "raw"`) and of
//! text answers (`response = "text"`).

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::client::decode::{decode, excerpt};
use crate::client::payload::{Answer, Payload};
use crate::client::Client;
use crate::media::form::RawBody;
use crate::spec_support::client_call::encode;
use crate::spec_support::endpoint::Endpoint;
use crate::spec_support::request::{ApiRequest, Query};
use crate::{Error, Result};

/// Sends `req`'s one file as the whole body (its other fields in the query).
async fn send_raw<R: ApiRequest + ?Sized>(
    client: &Client,
    ep: &'static Endpoint,
    req: &R,
) -> Result<Answer> {
    let mut query = Query::default();
    req.write_query(&mut query);
    let file = match req.file_parts().as_slice() {
        [(_, file)] => (*file).clone(),
        parts => {
            return Err(Error::config(format!(
                "{}: a raw body is one file, and the request has {}",
                ep.id,
                parts.len()
            )))
        }
    };
    let payload = Payload::Raw(Arc::new(RawBody { file }));
    client.execute(ep, &query.0, &payload).await
}

/// Calls `ep` with `req`'s file as the body and decodes the JSON answer as `T`.
pub async fn call_raw_json<R, T>(client: &Client, ep: &'static Endpoint, req: &R) -> Result<T>
where
    R: ApiRequest + ?Sized,
    T: DeserializeOwned,
{
    let answer = send_raw(client, ep, req).await?;
    decode(ep, &answer.body)
}

/// Calls `ep` with `req`'s file as the body; its answer carries only `errcode` /
/// `errmsg`.
pub async fn call_raw_unit<R: ApiRequest + ?Sized>(
    client: &Client,
    ep: &'static Endpoint,
    req: &R,
) -> Result<()> {
    send_raw(client, ep, req).await.map(drop)
}

/// Calls `ep` with `req`'s file as the body; its answer is text.
pub async fn call_raw_text<R: ApiRequest + ?Sized>(
    client: &Client,
    ep: &'static Endpoint,
    req: &R,
) -> Result<String> {
    let answer = send_raw(client, ep, req).await?;
    text(ep, answer)
}

/// Calls `ep` (a JSON request, or none) whose answer is text, such as a CSV bill. An
/// `errcode` answer is an [`Error::Api`] as for every call.
pub async fn call_text<R: ApiRequest + ?Sized>(
    client: &Client,
    ep: &'static Endpoint,
    req: &R,
) -> Result<String> {
    let (query, payload) = encode(ep, req)?;
    let answer = client.execute(ep, &query, &payload).await?;
    text(ep, answer)
}

/// The answer as UTF-8 text; [`Error::Decode`] when it is not.
fn text(ep: &'static Endpoint, answer: Answer) -> Result<String> {
    String::from_utf8(answer.body.to_vec()).map_err(|e| Error::Decode {
        endpoint: ep.id,
        path: ".".into(),
        message: format!("expected text, the answer is not UTF-8: {e}"),
        body_excerpt: excerpt(&answer.body),
    })
}
