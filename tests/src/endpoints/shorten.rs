//! `/cgi-bin/shorten/gen` and `/cgi-bin/shorten/fetch`: long data stored
//! under a 15-character key, per app, until it expires.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{random_string, unix_now, Answer, Call};
use crate::state::{lock, Shared};
use crate::tokens::whole_secs;

/// Largest `long_data`, in bytes (4 KB).
const MAX_LONG_DATA: usize = 4 * 1024;

/// Longest and default lifetime of a key (30 days).
const MAX_SECONDS: u64 = 2_592_000;

#[derive(Debug)]
struct Entry {
    appid: String,
    long_data: String,
    create_time: u64,
    expires_at: Instant,
}

/// The stored keys.
#[derive(Debug, Default)]
pub struct ShortenStore {
    keys: HashMap<String, Entry>,
}

/// `POST /cgi-bin/shorten/gen` `{"long_data","expire_seconds"}`.
pub fn generate(shared: &Shared, call: &Call<'_>, mut template: Value) -> Answer {
    let Some(long_data) = call.str_field("long_data") else {
        return Answer::Error(47003);
    };
    if long_data.len() > MAX_LONG_DATA {
        return Answer::Error(9_410_010);
    }
    let seconds = call.u64_field("expire_seconds").unwrap_or(MAX_SECONDS);
    if seconds > MAX_SECONDS {
        return Answer::Error(9_410_011);
    }
    let key = random_string(15);
    lock(&shared.shorten).keys.insert(
        key.clone(),
        Entry {
            appid: call.appid.to_owned(),
            long_data: long_data.to_owned(),
            create_time: unix_now(),
            expires_at: Instant::now() + Duration::from_secs(seconds),
        },
    );
    template["short_key"] = json!(key);
    Answer::Json(template)
}

/// `POST /cgi-bin/shorten/fetch` `{"short_key"}`: 9410012 for keys that do
/// not exist, have expired or belong to another app.
pub fn fetch(shared: &Shared, call: &Call<'_>, mut template: Value) -> Answer {
    let Some(key) = call.str_field("short_key") else {
        return Answer::Error(47003);
    };
    let store = lock(&shared.shorten);
    let now = Instant::now();
    match store.keys.get(key) {
        Some(e) if e.appid == call.appid && e.expires_at > now => {
            template["long_data"] = json!(e.long_data);
            template["create_time"] = json!(e.create_time);
            template["expire_seconds"] = json!(whole_secs(e.expires_at - now));
            Answer::Json(template)
        }
        _ => Answer::Error(9_410_012),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SimConfig;
    use crate::endpoints::testing::run_as;

    fn run(
        shared: &Shared,
        appid: &str,
        body: Value,
        f: fn(&Shared, &Call<'_>, Value) -> Answer,
    ) -> Answer {
        run_as(appid, &[], Some(body), |call| {
            f(shared, call, json!({"errcode": 0, "errmsg": "ok"}))
        })
    }

    #[test]
    fn round_trip_per_app() {
        let shared = Shared::new(&SimConfig::default()).unwrap();
        let Answer::Json(v) = run(
            &shared,
            "a",
            json!({"long_data": "loooong", "expire_seconds": 86400}),
            generate,
        ) else {
            panic!("gen failed")
        };
        let key = v["short_key"].as_str().unwrap().to_owned();
        assert_eq!(key.len(), 15);
        let Answer::Json(v) = run(&shared, "a", json!({ "short_key": key }), fetch) else {
            panic!("fetch failed")
        };
        assert_eq!(v["long_data"], "loooong");
        assert_eq!(v["expire_seconds"], 86400);
        assert_eq!(
            run(&shared, "b", json!({ "short_key": key }), fetch),
            Answer::Error(9_410_012)
        );
        assert_eq!(
            run(&shared, "a", json!({"short_key": "nope"}), fetch),
            Answer::Error(9_410_012)
        );
    }

    #[test]
    fn limits() {
        let shared = Shared::new(&SimConfig::default()).unwrap();
        assert_eq!(run(&shared, "a", json!({}), generate), Answer::Error(47003));
        let big = "x".repeat(MAX_LONG_DATA + 1);
        assert_eq!(
            run(&shared, "a", json!({ "long_data": big }), generate),
            Answer::Error(9_410_010)
        );
        assert_eq!(
            run(
                &shared,
                "a",
                json!({"long_data": "x", "expire_seconds": MAX_SECONDS + 1}),
                generate
            ),
            Answer::Error(9_410_011)
        );
    }
}
