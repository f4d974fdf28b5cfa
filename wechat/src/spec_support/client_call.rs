//! The two small generic steps around [`Client::execute`]: encode a typed request,
//! decode a typed answer.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::client::decode::decode;
use crate::client::payload::Payload;
use crate::client::Client;
use crate::spec_support::endpoint::{Endpoint, HttpMethod};
use crate::spec_support::request::{ApiRequest, Query};
use crate::spec_support::signing::{self, Signing};
use crate::{Error, Result};

/// Query pairs and the body (JSON, or none) of a request.
pub(crate) type Encoded = (Vec<(&'static str, String)>, Payload);

pub(crate) fn encode<R: ApiRequest + ?Sized>(ep: &'static Endpoint, req: &R) -> Result<Encoded> {
    let mut query = Query::default();
    req.write_query(&mut query);
    let payload = match ep.method {
        HttpMethod::Get => Payload::Empty,
        HttpMethod::Post => Payload::Json(
            serde_json::to_vec(req)
                .map(Bytes::from)
                .map_err(|e| Error::config(format!("{}: cannot encode the request: {e}", ep.id)))?,
        ),
    };
    Ok((query.0, payload))
}

/// Calls `ep` and decodes its answer as `T`.
pub async fn call_json<R, T>(client: &Client, ep: &'static Endpoint, req: &R) -> Result<T>
where
    R: ApiRequest + ?Sized,
    T: DeserializeOwned,
{
    let (query, payload) = encode(ep, req)?;
    let answer = client.execute(ep, &query, &payload).await?;
    decode(ep, &answer.body)
}

/// Calls `ep`, whose answer carries only `errcode` / `errmsg`.
pub async fn call_unit<R: ApiRequest + ?Sized>(
    client: &Client,
    ep: &'static Endpoint,
    req: &R,
) -> Result<()> {
    let (query, payload) = encode(ep, req)?;
    client.execute(ep, &query, &payload).await.map(drop)
}

/// [`encode`], then the signatures of `signing` over the body, added to the query.
fn encode_signed<R: ApiRequest + ?Sized>(
    client: &Client,
    ep: &'static Endpoint,
    req: &R,
    signing: &Signing<'_>,
) -> Result<Encoded> {
    let (mut query, payload) = encode(ep, req)?;
    let body: &[u8] = match &payload {
        Payload::Json(bytes) => bytes,
        _ => b"",
    };
    query.extend(signing::query_pairs(
        ep.id,
        ep.path,
        body,
        signing,
        client.xpay_keys(),
    )?);
    Ok((query, payload))
}

/// Calls the signed endpoint `ep` and decodes its answer as `T`: the signatures are
/// computed once over the body, which a retry sends again unchanged.
pub async fn call_signed_json<R, T>(
    client: &Client,
    ep: &'static Endpoint,
    req: &R,
    signing: Signing<'_>,
) -> Result<T>
where
    R: ApiRequest + ?Sized,
    T: DeserializeOwned,
{
    let (query, payload) = encode_signed(client, ep, req, &signing)?;
    let answer = client.execute(ep, &query, &payload).await?;
    decode(ep, &answer.body)
}

/// Calls the signed endpoint `ep`, whose answer carries only `errcode` / `errmsg`.
pub async fn call_signed_unit<R: ApiRequest + ?Sized>(
    client: &Client,
    ep: &'static Endpoint,
    req: &R,
    signing: Signing<'_>,
) -> Result<()> {
    let (query, payload) = encode_signed(client, ep, req, &signing)?;
    client.execute(ep, &query, &payload).await.map(drop)
}

/// Calls `ep` with `query` as its only parameters (no body) and decodes its answer as
/// `T`: the hand-typed calls whose query carries the app secret or a user's token
/// (OAuth, `jscode2session`).
pub(crate) async fn call_query<T: DeserializeOwned>(
    client: &Client,
    ep: &'static Endpoint,
    query: &[(&'static str, String)],
) -> Result<T> {
    let answer = client.execute(ep, query, &Payload::Empty).await?;
    decode(ep, &answer.body)
}
