//! What the benchmarks share: the binary's allocator, opening a store, timing a step and printing
//! it as a table row, sizes on disk and the machine measured on.
//!
//! Each benchmark is its own crate and uses only some of these, hence `allow(dead_code)`.
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use tenderdesk_api::{Api, OpenOptions};

/// The binary's allocator (src-tauri/main.rs), so that TenderDesk is measured as it runs; SQLite
/// allocates through it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub fn open(dir: &Path) -> Api {
    Api::open(OpenOptions { data_dir: Some(dir.to_owned()), actor: Some("bench".into()) }).expect("open the store")
}

pub fn once<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    println!("| {what} | {} |", show(started.elapsed()));
    out
}

pub fn show(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1_000.0 {
        format!("{us:.0} µs")
    } else if us < 1_000_000.0 {
        format!("{:.1} ms", us / 1e3)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

pub fn size(path: &Path) -> String {
    fn walk(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| {
                        let p = e.path();
                        if p.is_dir() {
                            walk(&p)
                        } else {
                            e.metadata().map(|m| m.len()).unwrap_or(0)
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    let bytes: u64 = if path.is_dir() { walk(path) } else { std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) };
    format!("{:.0} MB", bytes as f64 / 1e6)
}

pub fn machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned()))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    println!("Machine: {cores} cores, {cpu}, {mem} RAM");
}
