//! Import speed and memory on a synthetic data set: the import beside its floor, serde_json
//! parsing the same file alone into the records. Prints a table; figures go in
//! docs/PERFORMANCE.md by hand.
//!
//! Run: `TENDERDESK_BENCH_SCALE=small|large cargo bench -p tenderdesk-api --bench import` (manual,
//! not in CI). `TENDERDESK_BENCH_DIR` keeps the files (default: a temporary folder) and reuses a
//! file generated there before; `TENDERDESK_BENCH_RUNS` sets the runs per figure (default 5 for
//! small, 1 for large). `TENDERDESK_BENCH_IMPORT_ONLY=1` imports once and nothing else, so that
//! `/usr/bin/time -v` on the bench binary gives the import's peak memory.

use std::path::Path;
use std::time::{Duration, Instant};

use tenderdesk_api::dataset_io;
use tenderdesk_synth::{Scale, Shape};

mod common;
use common::open;

/// The median of `n` runs, with the fastest and slowest; `prepare` runs untimed before each.
fn median(what: &str, n: usize, mut prepare: impl FnMut(), mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            prepare();
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    let mid = times[n / 2];
    println!("| {what} | {} (min {}, max {}, {n} runs) |", show(mid), show(times[0]), show(times[n - 1]));
    mid
}

fn show(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 1_000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1e3)
    }
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (cargo test's listing) does nothing.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let scale: Scale = std::env::var("TENDERDESK_BENCH_SCALE").unwrap_or_else(|_| "small".into()).parse().unwrap();
    let runs: usize = std::env::var("TENDERDESK_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(if scale == Scale::Small { 5 } else { 1 });
    let import_only = std::env::var_os("TENDERDESK_BENCH_IMPORT_ONLY").is_some();
    let temp = tempfile::tempdir().expect("temp dir");
    let base = std::env::var_os("TENDERDESK_BENCH_DIR").map(Into::into).unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&base).unwrap();
    let file = base.join(format!("{scale:?}.json").to_lowercase());
    if !file.exists() {
        tenderdesk_api::dev::generate(&Shape::of(scale), 1, &file).expect("generate");
    }
    let store_dir = base.join("import-store");
    let empty_store = || fresh(&store_dir);

    if import_only {
        empty_store();
        let started = Instant::now();
        let summary = open(&store_dir).import_file(&file).expect("import");
        println!("imported {} records in {}", summary.records, show(started.elapsed()));
        empty_store();
        return;
    }

    let bytes = std::fs::read(&file).unwrap();
    println!("Scale: {scale:?}, {} MB of JSON\n\n| What | Time |\n|---|---|", bytes.len() / 1_000_000);
    let parse = median(
        "parse the file alone (serde_json into the records: the floor)",
        runs,
        || {},
        || {
            std::hint::black_box(dataset_io::parse(&bytes, "bench").expect("parse"));
        },
    );
    let import = median("import into an empty store (read, check, write, flush)", runs, empty_store, || {
        open(&store_dir).import_bytes(&bytes, "bench").expect("import");
    });
    sled_alone(&base, &store_dir, &bytes, runs);
    println!(
        "\nImport takes {:.1} times as long as parsing alone ({:.0} MB/s against {:.0} MB/s); the target is at most 3.",
        import.as_secs_f64() / parse.as_secs_f64(),
        bytes.len() as f64 / 1e6 / import.as_secs_f64(),
        bytes.len() as f64 / 1e6 / parse.as_secs_f64()
    );
}

/// Removes a store folder, so the next open makes a new store.
fn fresh(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

/// What the store itself costs: as many entries as the import wrote (its packs of records and
/// chunks of index entries, and any loose records), 18-byte keys in key order and empty values,
/// inserted into one fresh sled tree — no parsing, no checks, no compression.
fn sled_alone(base: &Path, store_dir: &Path, bytes: &[u8], runs: usize) {
    fresh(store_dir);
    let entries = entries_written(store_dir, bytes);
    fresh(store_dir);
    let sled_dir = base.join("sled-alone");
    let keys: Vec<[u8; 18]> = (0..entries as u64)
        .map(|i| {
            let mut k = [0u8; 18];
            k[10..18].copy_from_slice(&i.to_be_bytes());
            k
        })
        .collect();
    median(
        &format!("sled alone, in a new store: {entries} inserts (as many entries as the import writes), in key order, then flush"),
        runs,
        || fresh(&sled_dir),
        || {
            let api = open(&sled_dir);
            let tree = api.store().raw_tree("bench/alone").expect("a tree");
            for k in &keys {
                tree.insert(k, &[]).expect("insert");
            }
            api.store().flush().expect("flush");
        },
    );
    fresh(&sled_dir);
}

/// How many entries an import of `bytes` into an empty store writes, over its record, index and
/// pack trees.
fn entries_written(store_dir: &Path, bytes: &[u8]) -> usize {
    let api = open(store_dir);
    api.import_bytes(bytes, "bench").expect("import");
    let store = api.store();
    let mut names: Vec<String> =
        tenderdesk_domain::Kind::ALL.iter().map(|k| format!("record/{}", k.plural())).collect();
    names.extend(
        ["index/key", "index/natural", "index/referenced_by", "index/audit_by_record", "pack/records", "pack/index"]
            .map(String::from),
    );
    names.iter().map(|n| store.raw_tree(n).map(|t| t.len()).unwrap_or(0)).sum()
}
