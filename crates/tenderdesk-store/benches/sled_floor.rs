//! What sled 0.34 itself costs per entry written, with nothing of TenderDesk above it: the floor
//! under any import that gives each record its own sled entry.
//!
//! `cargo bench -p tenderdesk-store --bench sled_floor` inserts as many entries as the large
//! synthetic set has records (1,889,480; `TENDERDESK_FLOOR_ENTRIES` to change it), in key order,
//! into a new database, then flushes, three ways:
//! - one entry per record with an empty value (the least any index entry costs);
//! - one entry per record with a 313-byte value (the large set's mean record: 592 MB / 1.89 M);
//! - the same bytes packed 64 records to an entry (what a paged layout would write).
//!
//! It prints wall-clock and CPU time (user + system, from /proc/self/stat) and the CPU time per
//! entry. CPU time is the fair figure on a shared machine: wall clock counts other processes' turns.

use std::path::Path;
use std::time::Instant;

/// The large synthetic set's record count (`tenderdesk dev generate --scale large`, seed 1).
const LARGE_RECORDS: u64 = 1_889_480;
/// The large set's mean record size in bytes (592 MB of JSON over its records).
const MEAN_RECORD_BYTES: usize = 313;
const PACK: u64 = 64;

fn cpu_seconds() -> f64 {
    // Fields 14 and 15 of /proc/self/stat are utime and stime in clock ticks (100 a second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // After the name, field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
    (tick(11) + tick(12)) / 100.0
}

fn run(label: &str, dir: &Path, entries: u64, write: impl FnOnce(&sled::Tree)) {
    let _ = std::fs::remove_dir_all(dir);
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let db = sled::Config::new().path(dir).open().expect("a new sled database");
    let tree = db.open_tree("floor").expect("a tree");
    write(&tree);
    db.flush().expect("flush");
    let (wall, cpu) = (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    let size = db.size_on_disk().unwrap_or(0);
    drop(tree);
    drop(db);
    let reopen = Instant::now();
    let db = sled::open(dir).expect("reopen");
    let reopen = reopen.elapsed().as_secs_f64();
    drop(db);
    let _ = std::fs::remove_dir_all(dir);
    println!(
        "| {label} | {entries} | {wall:.1} s | {cpu:.1} s | {:.1} µs | {:.0} MB | {:.0} ms |",
        cpu * 1e6 / entries as f64,
        size as f64 / 1e6,
        reopen * 1e3
    );
}

fn main() {
    let records: u64 =
        std::env::var("TENDERDESK_FLOOR_ENTRIES").ok().and_then(|v| v.parse().ok()).unwrap_or(LARGE_RECORDS);
    let base = std::env::temp_dir().join(format!("tenderdesk-sled-floor-{}", std::process::id()));
    println!("sled 0.34 alone, {records} records, default config, keys in order, then flush\n");
    println!("| Written | Entries | Wall clock | CPU | CPU per entry | On disk | Reopen |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    run("one entry per record, empty value", &base.join("empty"), records, |t| {
        for i in 0..records {
            t.insert(i.to_be_bytes(), &[][..]).expect("insert");
        }
    });
    let value = vec![b'x'; MEAN_RECORD_BYTES];
    run("one entry per record, 313-byte value", &base.join("record"), records, |t| {
        for i in 0..records {
            t.insert(i.to_be_bytes(), &value[..]).expect("insert");
        }
    });
    let page = vec![b'x'; MEAN_RECORD_BYTES * PACK as usize];
    run("64 records packed per entry", &base.join("packed"), records / PACK, |t| {
        for i in 0..records / PACK {
            t.insert(i.to_be_bytes(), &page[..]).expect("insert");
        }
    });
    let _ = std::fs::remove_dir_all(&base);
}
