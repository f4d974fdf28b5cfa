//! Resident memory of a third-party platform's authorizer clients: 100,000
//! `platform.official_account(..)` clients (no token held yet), VmRSS before and after.
//! BENCHMARKS.md has the figures.
//!
//! ```text
//! cargo bench -p wechat --bench authorizer_client_memory [-- COUNT]
//! ```

use wechat::component::Platform;
use wechat::store::MemoryStore;

/// VmRSS of this process, in MiB (Linux).
fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let platform = Platform::builder("wxc0000000000000001")
        .component_secret("memory-bench")
        .api_base("http://127.0.0.1:9")
        .store(MemoryStore::new())
        .durable_store(MemoryStore::new())
        .build()
        .expect("a platform on memory stores builds");
    let (Some(before), mut clients) = (rss_mib(), Vec::with_capacity(count)) else {
        eprintln!("authorizer_client_memory: no /proc/self/status here");
        return;
    };
    for i in 0..count {
        clients.push(platform.official_account(&format!("wxa{i:015}")));
    }
    let after = rss_mib().unwrap_or(before);
    println!(
        "authorizer_client_memory: {count} authorizer clients: {:.1} MiB, {:.0} bytes each",
        after - before,
        (after - before) * 1_048_576.0 / count.max(1) as f64
    );
}
