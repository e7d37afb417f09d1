//! The time from launch to the dashboard painted, and the memory then, for the window benchmark.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);

/// Call first thing in `main`'s window path.
pub fn mark_start() {
    let _ = STARTED.set(Instant::now());
}

/// The resident memory of this process in KiB, from /proc (Linux only).
pub fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// Writes `tenderdesk: window ready after N ms, RSS M KiB` to stderr, the first time only.
pub fn report_ready() {
    if REPORTED.swap(true, Ordering::SeqCst) {
        return;
    }
    let ms = STARTED.get().map(|s| s.elapsed().as_millis()).unwrap_or(0);
    let rss = rss_kib().map(|k| k.to_string()).unwrap_or_else(|| "unknown".into());
    eprintln!("tenderdesk: window ready after {ms} ms, RSS {rss} KiB");
}
