//! Peak memory of a 10 MiB upload from disk: the file is streamed, so the client's
//! memory grows by far less than the file's size.
//!
//! The simulator runs as its own process (the `wechat-sim` binary), so that only the
//! client's allocations are in this process. Two measures: a counting global allocator
//! (peak live heap bytes during the upload, exact) and the kernel's peak resident set
//! (`VmHWM` of `/proc/self/status`, Linux only). This binary holds a single test so that
//! nothing else runs beside it.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{download_video, pattern_byte, write_pattern, TestApp, SECRET};
use wechat::api::media::{MediaType, UploadRequest};
use wechat::media::UploadFile;

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded to the system allocator with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded to the system allocator; the caller upholds its contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const FILE_SIZE: usize = 10 * 1024 * 1024;

/// `VmHWM` (peak resident set) in KiB, where the kernel reports it.
fn vm_hwm_kib() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Kills the simulator when the test ends, even on failure.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_10_mib_upload_streams_from_disk() {
    let mut sim = Running(
        Command::new(env!("CARGO_BIN_EXE_wechat-sim"))
            .args(["--listen", "127.0.0.1:0", "--app"])
            .arg(format!("{}:{SECRET}", TestApp::APPID))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the simulator starts"),
    );
    let stdout = sim.0.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .trim_end()
        .strip_prefix("listening on ")
        .expect("address line")
        .to_owned();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.mp4");
    write_pattern(&path, FILE_SIZE);

    let app = TestApp::builder()
        .secret(SECRET)
        .api_base(url)
        .build()
        .unwrap();
    // Warm up: token, connection pool, TLS-free HTTP client, a small multipart upload.
    app.media()
        .upload(&UploadRequest {
            r#type: MediaType::Image,
            media: UploadFile::bytes(vec![1u8; 1024], "warm.png"),
        })
        .await
        .unwrap();

    let hwm_before = vm_hwm_kib();
    let live_before = LIVE.load(Ordering::Relaxed);
    PEAK.store(live_before, Ordering::Relaxed);

    let up = app
        .media()
        .upload(&UploadRequest {
            r#type: MediaType::Video,
            media: UploadFile::path(&path),
        })
        .await
        .unwrap();

    let heap_growth = PEAK.load(Ordering::Relaxed) - live_before;
    let hwm_after = vm_hwm_kib();
    let rss_growth_kib = hwm_before.zip(hwm_after).map(|(b, a)| a.saturating_sub(b));
    eprintln!(
        "10 MiB upload from disk: peak heap growth {} KiB; peak RSS growth {} KiB",
        heap_growth / 1024,
        rss_growth_kib.map_or("n/a".to_owned(), |k| k.to_string())
    );
    assert!(
        heap_growth < FILE_SIZE / 8,
        "peak heap grew by {heap_growth} bytes for a {FILE_SIZE}-byte file"
    );
    if let Some(kib) = rss_growth_kib {
        assert!(kib * 1024 < FILE_SIZE / 4, "peak RSS grew by {kib} KiB");
    }

    // And it arrived whole.
    let body = download_video(&app, up.media_id.unwrap()).await;
    assert_eq!(body.len(), FILE_SIZE);
    assert!(body.iter().enumerate().all(|(i, b)| *b == pattern_byte(i)));
}
