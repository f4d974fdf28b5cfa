//! Slow and idle clients cannot hold the hub: half-sent heads, trickled bodies, idle
//! keep-alive connections and connection floods are cut off by the `[server]` limits,
//! and `/healthz` keeps answering.

#![cfg(feature = "hub")]

mod hub_common;

use std::time::Duration;

use hub_common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{timeout, Instant};

/// Short limits, so that the tests wait fractions of a second.
const LIMITS: &str = "[server]\nheader_timeout_secs = 0.3\nbody_timeout_secs = 0.3\nmax_body_bytes = 1024\nmax_connections = 16\n";
/// Far longer than any limit above: a connection still open by then was not cut off.
const BOUND: Duration = Duration::from_secs(5);

async fn connect(hub: &TestHub) -> TcpStream {
    TcpStream::connect(hub.url.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Reads until the hub closes the connection; what it sent.
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    timeout(BOUND, stream.read_to_end(&mut out))
        .await
        .expect("the hub closes the connection")
        .ok();
    String::from_utf8_lossy(&out).into_owned()
}

async fn healthz_answers(hub: &TestHub) -> bool {
    let probe = async {
        let mut s = connect(hub).await;
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        read_to_close(&mut s).await.starts_with("HTTP/1.1 200")
    };
    timeout(BOUND, probe).await.unwrap_or(false)
}

#[tokio::test]
async fn a_half_sent_head_is_cut_off() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, LIMITS)).await;
    let mut s = connect(&hub).await;
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: hub\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let answer = read_to_close(&mut s).await;
    assert!(!answer.contains("200 OK"), "{answer}");
    assert!(started.elapsed() < BOUND);
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, LIMITS)).await;
    let mut s = connect(&hub).await;
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: hub\r\n\r\n")
        .await
        .unwrap();
    let answer = read_to_close(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_trickled_body_is_refused_with_408() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, LIMITS)).await;
    let mut s = connect(&hub).await;
    s.write_all(
        format!(
            "POST /refresh/access_token HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {KEY}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{{"
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    // One byte every 100 ms: never idle long, never done in time.
    let (mut read, mut write) = s.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if write.write_all(b" ").await.is_err() {
                break;
            }
        }
    });
    let mut answer = Vec::new();
    let _ = timeout(BOUND, read.read_to_end(&mut answer)).await;
    trickle.abort();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"errcode\":408"), "{answer}");
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, LIMITS)).await;
    let (status, body) = post(
        &hub,
        "/refresh/access_token",
        Some(KEY),
        serde_json::json!({"appid": APPID, "access_token": "x".repeat(4096)}),
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["errcode"], 413);
}

#[tokio::test]
async fn a_flood_of_stalled_connections_does_not_stop_healthz() {
    let sim = sim().await;
    let hub = TestHub::start(&config(&sim, LIMITS)).await;
    // Twice the connection bound, each with a head it never finishes.
    let mut stalled = Vec::new();
    for _ in 0..32 {
        let mut s = connect(&hub).await;
        let _ = s.write_all(b"GET /healthz HTTP/1.1\r\n").await;
        stalled.push(s);
    }
    assert!(
        healthz_answers(&hub).await,
        "/healthz answers during the flood"
    );
    drop(stalled);
}
