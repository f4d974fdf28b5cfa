//! Mistakes in `#[wechat_client]` are compile errors that point at the mistake.
//! Each `ui/*.rs` has its expected compiler output in `ui/*.stderr`
//! (refresh them with `TRYBUILD=overwrite cargo test -p wechat --test compile_fail`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
