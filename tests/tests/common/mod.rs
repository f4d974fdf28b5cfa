//! What the integration tests share: a simulator with one app, and a client of it.

#![allow(dead_code, unused_imports)]

use std::time::Duration;

use serde_json::Value;
use wechat::wechat_client;
pub use wechat_sim::{Fault, SimConfig, Simulator};

pub const SECRET: &str = "test-secret-4f1c2a7d9e";

/// The app of the tests (its appid is `TestApp::APPID`).
#[wechat_client(appid = "wx1a2b3c4d5e6f7a8b", scenario = "hub")]
pub struct TestApp;

/// A simulator that knows `TestApp`.
pub async fn sim() -> Simulator {
    sim_with(SimConfig::default()).await
}

pub async fn sim_with(config: SimConfig) -> Simulator {
    Simulator::start(config.app(TestApp::APPID, SECRET))
        .await
        .expect("simulator starts")
}

/// A builder for `TestApp` against `sim`, with no jitter and short retry delays.
pub fn builder(sim: &Simulator) -> wechat::ClientBuilder<TestApp> {
    TestApp::builder()
        .secret(SECRET)
        .api_base(sim.url())
        .refresh_jitter(Duration::ZERO)
        .retry_delay(Duration::from_millis(5))
        .timeout(Duration::from_secs(5))
}

pub fn app(sim: &Simulator) -> TestApp {
    builder(sim).build().expect("client builds")
}

/// `len` bytes of the test files' pattern, which a truncation or reordering would change.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(pattern_byte).collect()
}

/// Byte `i` of the pattern.
pub fn pattern_byte(i: usize) -> u8 {
    (i * 31 % 251) as u8
}

/// Writes `len` bytes of the pattern to `path`, 64 KiB at a time, so that making a
/// large file does not raise the peak memory of a test that measures it.
pub fn write_pattern(path: &std::path::Path, len: usize) {
    use std::io::Write as _;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("a file"));
    let mut chunk = Vec::with_capacity(64 * 1024);
    for start in (0..len).step_by(64 * 1024) {
        chunk.clear();
        chunk.extend((start..len.min(start + 64 * 1024)).map(pattern_byte));
        f.write_all(&chunk).expect("written");
    }
    f.flush().expect("flushed");
}

/// The bytes of the video `media_id` as a user gets them: `media/get` answers its
/// `video_url`, which serves the file.
pub async fn download_video(app: &TestApp, media_id: String) -> Vec<u8> {
    use wechat::api::media::GetRequest;
    use wechat::media::FileOr;
    let got = app.media().get(&GetRequest { media_id }).await.unwrap();
    let FileOr::Json(answer) = got else {
        panic!("a video answers JSON, got {got:?}")
    };
    reqwest::get(&answer.video_url)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

/// Whether every field of `ours` (a decoded answer, encoded again) is in `theirs` (the
/// answer as sent) with the same value, numbers compared as numbers; `ours` leaves out
/// what the typed response does not declare.
pub fn agrees(ours: &Value, theirs: &Value) -> Result<(), String> {
    match (ours, theirs) {
        // An endpoint that answers only errcode / errmsg decodes to `()`.
        (Value::Null, Value::Object(b)) if b.keys().all(|k| k == "errcode" || k == "errmsg") => {
            Ok(())
        }
        (Value::Object(a), Value::Object(b)) => a.iter().try_for_each(|(k, v)| match b.get(k) {
            Some(w) => agrees(v, w).map_err(|e| format!("{k}.{e}")),
            None if v.is_null() => Ok(()),
            None => Err(format!("{k}: not in the answer")),
        }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (v, w))| agrees(v, w).map_err(|e| format!("[{i}]{e}"))),
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!(": ours {a}, theirs {b}")),
    }
}
