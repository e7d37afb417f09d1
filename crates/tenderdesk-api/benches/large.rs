//! A decade of a large county (or the small set): generate it, then time what an officer waits
//! for, side by side with the floor (serde_json parsing the file alone) and with SQLite doing the
//! same import and queries. Prints a table; figures go in docs/PERFORMANCE.md by hand.
//!
//! Run: `TENDERDESK_BENCH_SCALE=large cargo bench -p tenderdesk-api --bench large` (manual, not
//! in CI: about 10 GB of disk and several minutes). `TENDERDESK_BENCH_DIR` keeps the files
//! (default: a temporary folder).

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection};
use tenderdesk_api::dataset_io;
use tenderdesk_domain::*;
use tenderdesk_synth::{Scale, Shape};

mod common;
use common::{machine, once, open, show, size};

/// The median of `n` runs (after one warm-up), with the fastest and slowest.
fn median<T>(what: &str, n: usize, mut f: impl FnMut() -> T) {
    std::hint::black_box(f());
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(f());
            started.elapsed()
        })
        .collect();
    times.sort();
    println!("| {what} | {} (min {}, max {}, {n} runs) |", show(times[n / 2]), show(times[0]), show(times[n - 1]));
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (cargo test's listing) does nothing.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let scale: Scale = std::env::var("TENDERDESK_BENCH_SCALE").unwrap_or_else(|_| "small".into()).parse().unwrap();
    let temp = tempfile::tempdir().expect("temp dir");
    let base = std::env::var_os("TENDERDESK_BENCH_DIR").map(Into::into).unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&base).unwrap();
    machine();
    println!("Scale: {scale:?}\n\n| What | Time |\n|---|---|");

    let file = base.join(format!("{scale:?}.json").to_lowercase());
    let counts = once("generate the data set (streamed to the file)", || {
        tenderdesk_api::dev::generate(&Shape::of(scale), 1, &file).expect("generate")
    });
    let records: usize = counts.iter().map(|(_, n)| n).sum();
    let bytes = std::fs::read(&file).unwrap();
    println!("| (file: {records} records, {}) | |", size(&file));

    let ds = once("parse the file alone: serde_json into the records (the floor for import)", || {
        dataset_io::parse(&bytes, "bench").expect("parse")
    });

    // --- TenderDesk (sled) ------------------------------------------------------------------
    let store_dir = base.join("store");
    let _ = std::fs::remove_dir_all(&store_dir);
    once("sled: import the whole file into an empty store (parse, check, write, flush)", || {
        open(&store_dir).import_bytes(&bytes, "bench").expect("import")
    });
    println!("| (store: {}) | |", size(&store_dir));
    median("sled: open the store", 9, || drop(open(&store_dir)));
    let api = open(&store_dir);
    let round = format!("RND-{:04}", Shape::of(scale).rounds / 2);
    median("sled: arrangements screen (`arrangement_summaries`)", 9, || api.arrangement_summaries().unwrap());
    median("sled: list providers", 9, || api.list(Kind::Providers).unwrap());
    median("sled: list contracts", 9, || api.list(Kind::Contracts).unwrap());
    median("sled: one round's bids (`referring::<Submission>`)", 21, || {
        api.store().referring::<Submission>(Kind::Rounds, &round).unwrap()
    });
    median("sled: one round's marks (`referring::<Mark>`)", 21, || {
        api.store().referring::<Mark>(Kind::Rounds, &round).unwrap()
    });
    median("sled: show one round with its history", 21, || api.show(Kind::Rounds, &round).unwrap());
    let exported = once("sled: export the whole store as the dataset document", || {
        api.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap()
    });
    assert_eq!(exported.as_bytes(), bytes.as_slice(), "export gives the generated file back");
    drop(exported);
    let backup = base.join("store.tdbackup");
    once("sled: backup (every tree, checksummed)", || api.backup(&backup).unwrap());
    println!("| (backup: {}) | |", size(&backup));
    // The original goes before the restore, to keep the disk needed at a store and a backup.
    drop(api);
    let _ = std::fs::remove_dir_all(&store_dir);
    let restored_dir = base.join("restored");
    let _ = std::fs::remove_dir_all(&restored_dir);
    let restored = open(&restored_dir);
    once("sled: restore into an empty store (checksum, copy, flush)", || {
        restored.store().restore_from(&backup).unwrap()
    });
    if scale == Scale::Small {
        once("sled: verify the restored store", || assert!(restored.verify().unwrap().is_ok()));
    }
    drop(restored);
    let _ = std::fs::remove_dir_all(&restored_dir);
    let _ = std::fs::remove_file(&backup);

    // --- SQLite -----------------------------------------------------------------------------
    let db = base.join("sqlite.db");
    let _ = std::fs::remove_file(&db);
    once("SQLite: import (parse the file, then insert every record as JSON in one transaction)", || {
        let ds = dataset_io::parse(&bytes, "bench").expect("parse");
        sqlite_import(&db, &ds)
    });
    drop(ds);
    let _ = std::fs::remove_file(&file);
    println!("| (SQLite file: {}) | |", size(&db));
    median("SQLite: open the database", 9, || Connection::open(&db).unwrap());
    let conn = Connection::open(&db).unwrap();
    median("SQLite: list providers", 9, || sqlite_list::<Provider>(&conn, "providers"));
    median("SQLite: list contracts", 9, || sqlite_list::<Contract>(&conn, "contracts"));
    median("SQLite: one round's marks (indexed `round` column)", 21, || {
        let mut st = conn.prepare_cached("SELECT json FROM marks WHERE round = ?1 ORDER BY id").unwrap();
        let rows = st.query_map(params![round], |r| r.get::<_, String>(0)).unwrap();
        rows.map(|j| serde_json::from_str::<Mark>(&j.unwrap()).unwrap()).collect::<Vec<_>>()
    });
    let _ = std::fs::remove_file(&db);
}

/// One table per kind: id, key (unique), the round where the record has one (indexed), JSON.
fn sqlite_import(path: &Path, ds: &Dataset) {
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;").unwrap();
    let tx = conn.transaction().unwrap();
    struct V<'a>(&'a rusqlite::Transaction<'a>, &'a Dataset);
    impl KindVisitor for V<'_> {
        fn visit<T: Listed>(&mut self) {
            let t = T::KIND.plural();
            self.0
                .execute_batch(&format!(
                    "CREATE TABLE {t} (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, round TEXT, json TEXT NOT NULL);
                     CREATE INDEX {t}_round ON {t}(round);"
                ))
                .unwrap();
            let mut st = self.0.prepare(&format!("INSERT INTO {t} (key, round, json) VALUES (?1, ?2, ?3)")).unwrap();
            for r in T::list(self.1) {
                let json = serde_json::to_string(r).unwrap();
                let round = r.references().into_iter().find(|x| x.kind == Kind::Rounds).map(|x| x.key.to_string());
                st.execute(params![r.key().as_str(), round, json]).unwrap();
            }
        }
    }
    visit_kinds(&mut V(&tx, ds));
    tx.commit().unwrap();
}

fn sqlite_list<T: Record>(conn: &Connection, table: &str) -> Vec<(i64, String, String)> {
    let mut st = conn.prepare_cached(&format!("SELECT id, json FROM {table} ORDER BY id")).unwrap();
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))).unwrap();
    rows.map(|row| {
        let (id, json) = row.unwrap();
        let r: T = serde_json::from_str(&json).unwrap();
        (id, r.key().to_string(), r.title())
    })
    .collect()
}
