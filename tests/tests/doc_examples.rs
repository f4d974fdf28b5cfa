//! The example in each built-in method's rustdoc, compiled and called.
//!
//! The examples are generated with the methods (`wechat-codegen`, `gen/example.rs`) and
//! are not doctests: one doctest per endpoint would be one compiled crate per endpoint.
//! `tests/build.rs` writes each as a function from the same generator, so this target
//! fails to build when an example stops compiling, and the test below runs every
//! example the simulator answers by default: the request an example builds is one
//! WeChat's shape accepts and its answer decodes.

// The examples of a third-party platform, of uploads and of credentials other than
// `access_token` are only compiled.
#![allow(deprecated, dead_code)]

use wechat::{MiniProgram, OfficialAccount};
use wechat_sim::{SimConfig, Simulator};

mod examples {
    /// One example's call.
    pub type Call<'a> =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), wechat::Error>> + 'a>>;

    include!(concat!(env!("OUT_DIR"), "/doc_examples.rs"));
}

/// Examples the simulator refuses, and why: the placeholders are not the values WeChat
/// checks (an appid, a code, a key it issued). Each must fail
/// with what it says, so that a change to the simulator or to the examples shows here.
const REFUSED: &[(&str, &str)] = &[
    ("access.clear_quota", "40013"),
    ("access.get_quota", "76021"),
    ("phone_number.getuserphonenumber", "40029"),
    ("shorten.fetch", "9410012"),
];

const OA: &str = "wx5d0c0e0a0a0a0a01";
const MP: &str = "wx5d0c0e0m0m0m0m02";

#[tokio::test]
async fn every_example_the_simulator_answers_succeeds() {
    let sim = Simulator::start(
        SimConfig::default()
            .app(OA, "oa-secret")
            .app(MP, "mp-secret"),
    )
    .await
    .unwrap();
    let oa = OfficialAccount::builder(OA)
        .secret("oa-secret")
        .api_base(sim.url())
        .build()
        .unwrap();
    let mp = MiniProgram::builder(MP)
        .secret("mp-secret")
        .api_base(sim.url())
        .build()
        .unwrap();
    let calls = examples::every_example(&oa, &mp);
    assert!(calls.len() > 400, "{} examples called", calls.len());
    let mut failed = Vec::new();
    for (id, call) in calls {
        let result = call.await;
        match (REFUSED.iter().find(|(refused, _)| *refused == id), result) {
            (None, Ok(())) => {}
            (None, Err(e)) => failed.push(format!("{id}: {e}")),
            (Some((_, why)), Err(e)) if e.to_string().contains(why) => {}
            (Some((_, why)), Err(e)) => failed.push(format!("{id}: {e}; expected {why}")),
            (Some(_), Ok(())) => failed.push(format!("{id}: succeeds; take it off REFUSED")),
        }
    }
    assert!(
        failed.is_empty(),
        "{} examples failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
