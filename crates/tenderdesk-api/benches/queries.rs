//! What an officer waits for on a decade of a large county (or the small set), side by side with
//! SQLite answering the same question in the same run: opening the store, the dashboard's alerts,
//! one round's result, the list screens, coverage, rates and spend of one arrangement, export,
//! backup and restore, and `verify`. Prints a table; figures go in docs/PERFORMANCE.md by hand.
//!
//! Run: `TENDERDESK_BENCH_SCALE=large TENDERDESK_BENCH_DIR=/some/folder cargo bench -p
//! tenderdesk-api --bench queries` (manual, not in CI). The folder keeps the prepared store
//! (`store/`) and SQLite database (`sqlite.db`) between runs: the first run generates the data set
//! and imports it into both (minutes on the large set); later runs only query. Without
//! `TENDERDESK_BENCH_DIR` a temporary folder is used. `TENDERDESK_BENCH_ONLY=open,alerts,…` runs
//! only the sections named (open, alerts, round, lists, market, export, backup, verify).
//! `TENDERDESK_BENCH_SQLITE=0` leaves SQLite out (no database prepared, no SQLite rows), for a
//! folder holding only a copy of a prepared store. `TENDERDESK_BENCH_WRITE=1` also times what
//! follows one audited write: the next alerts, and opening the store again after it.
//!
//! SQLite holds one table per kind: id, key (unique), the round and the arrangement the record
//! refers to (indexed), its title, and the record as JSON. Each SQLite row decodes the records as
//! the store does and calls the same pure function (evaluation, market rules), so the difference
//! is what the storage costs or saves.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use tenderdesk_api::{dataset_io, Api, OpenOptions};
use tenderdesk_domain::*;
use tenderdesk_synth::{Scale, Shape};

mod common;
use common::{machine, once, open, show, size};

/// The median of `n` runs after one warm-up (which is also shown: the first call fills any cache).
fn median<T>(what: &str, n: usize, mut f: impl FnMut() -> T) {
    let started = Instant::now();
    std::hint::black_box(f());
    let first = started.elapsed();
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(f());
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "| {what} | {} (min {}, max {}, {n} runs; first call {}) |",
        show(times[n / 2]),
        show(times[0]),
        show(times[n - 1]),
        show(first)
    );
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// What the run was asked for, from the environment (see the module's comment).
struct Run {
    scale: Scale,
    shape: Shape,
    /// The sections named in `TENDERDESK_BENCH_ONLY`; empty: all.
    only: String,
    /// The folder keeping the prepared store and database.
    base: PathBuf,
    store_dir: PathBuf,
    db: PathBuf,
    sqlite: bool,
    /// Also time what follows one audited write.
    after_write: bool,
    /// The round, arrangement and lot asked about, and the date.
    round: String,
    arrangement: String,
    lot: String,
    as_of: NaiveDate,
}

impl Run {
    fn from_env(temp: &Path) -> Run {
        let scale: Scale =
            std::env::var("TENDERDESK_BENCH_SCALE").unwrap_or_else(|_| "small".into()).parse().expect("small or large");
        let base: PathBuf = std::env::var_os("TENDERDESK_BENCH_DIR").map(Into::into).unwrap_or_else(|| temp.to_owned());
        let shape = Shape::of(scale);
        Run {
            scale,
            only: std::env::var("TENDERDESK_BENCH_ONLY").unwrap_or_default(),
            store_dir: base.join("store"),
            db: base.join("sqlite.db"),
            base,
            sqlite: std::env::var("TENDERDESK_BENCH_SQLITE").map_or(true, |v| v != "0"),
            after_write: std::env::var_os("TENDERDESK_BENCH_WRITE").is_some(),
            round: format!("RND-{:04}", shape.rounds / 2),
            arrangement: format!("ARR-{:03}", shape.arrangements / 2),
            lot: format!("LOT-{:03}-01", shape.arrangements / 2),
            as_of: date("2025-06-01"),
            shape,
        }
    }

    fn runs(&self, section: &str) -> bool {
        self.only.is_empty() || self.only.split(',').any(|s| s.trim() == section)
    }

    /// A contract in the middle of the set, for the timings after one write.
    fn contract(&self) -> String {
        format!("CON-{:05}", self.shape.contracts / 2)
    }
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (cargo test's listing) does nothing.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let temp = tempfile::tempdir().expect("temp dir");
    let run = Run::from_env(temp.path());
    std::fs::create_dir_all(&run.base).expect("bench folder");
    machine();
    println!("Scale: {:?}\n\n| What | Time |\n|---|---|", run.scale);
    prepare(&run);
    println!("| (store {}, SQLite {}) | |", size(&run.store_dir), size(&run.db));
    if run.runs("open") {
        open_section(&run);
    }
    let api = open_when_free(&run.store_dir);
    let conn = if run.sqlite { Some(Connection::open(&run.db).unwrap()) } else { None };
    if run.runs("alerts") {
        alerts_section(&run, &api, conn.as_ref());
    }
    if run.runs("round") {
        round_section(&run, &api, conn.as_ref());
    }
    let sections: [(&str, SqliteSection); 5] = [
        ("lists", lists_section),
        ("market", market_section),
        ("export", export_section),
        ("backup", backup_section),
        ("verify", verify_section),
    ];
    for (name, section) in sections {
        if run.runs(name) && with_sqlite(&conn, name) {
            section(&run, &api, conn.as_ref().expect("SQLite is open"));
        }
    }
}

/// A section that sets its figures beside SQLite's.
type SqliteSection = fn(&Run, &Api, &Connection);

/// Once per folder: the data set generated, then imported into the store and into SQLite.
fn prepare(run: &Run) {
    let file = run.base.join(format!("{:?}.json", run.scale).to_lowercase());
    let ready = run.store_dir.join("store").exists() && !open(&run.store_dir).is_empty().expect("read the store");
    if ready && (!run.sqlite || run.db.exists()) {
        return;
    }
    if !file.exists() {
        once("prepare: generate the data set", || {
            tenderdesk_api::dev::generate(&run.shape, 1, &file).expect("generate")
        });
    }
    let bytes = std::fs::read(&file).expect("read the data set");
    if !ready {
        let _ = std::fs::remove_dir_all(&run.store_dir);
        once("prepare: import into the sled store (see the import section for the figures)", || {
            open(&run.store_dir).import_bytes(&bytes, "bench").expect("import")
        });
    }
    if run.sqlite && !run.db.exists() {
        let ds = dataset_io::parse(&bytes, "bench").expect("parse");
        once("prepare: import into SQLite (one transaction)", || sqlite_import(&run.db, &ds));
    }
}

/// Opening the store (and, asked, after one audited write) and the database.
fn open_section(run: &Run) {
    // sled lets go of its files a moment after the last handle is dropped (its flusher
    // thread): wait for that outside the timing, then time the open alone.
    let mut times = Vec::new();
    for _ in 0..10 {
        loop {
            let started = Instant::now();
            match Api::open(OpenOptions { data_dir: Some(run.store_dir.clone()), actor: Some("bench".into()) }) {
                Ok(api) => {
                    times.push(started.elapsed());
                    drop(api);
                    break;
                }
                Err(e) if e.to_string().contains("lock") => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => panic!("open the store: {e}"),
            }
        }
    }
    let first = times.remove(0);
    times.sort();
    println!(
        "| sled: open the store | {} (min {}, max {}, 9 runs; first {}) |",
        show(times[4]),
        show(times[0]),
        show(times[8]),
        show(first)
    );
    if run.after_write {
        // One audited write (a contract written back unchanged), then the store closed: what
        // the next open replays.
        {
            let api = open_when_free(&run.store_dir);
            api.apply(unchanged_contract(&api, &run.contract())).unwrap();
        }
        let started_wait = Instant::now();
        let api = open_when_free(&run.store_dir);
        println!(
            "| sled: open the store after one audited write | {} (with waiting for the files) |",
            show(started_wait.elapsed())
        );
        drop(api);
    }
    if run.sqlite {
        median("SQLite: open the database and read its schema", 9, || {
            let c = Connection::open(&run.db).unwrap();
            c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).unwrap()
        });
    }
}

/// A contract written back unchanged: an audited update that changes nothing.
fn unchanged_contract(api: &Api, contract: &str) -> tenderdesk_api::Changes {
    let (_, c) = api.store().get_by_key::<Contract>(contract).unwrap().unwrap();
    let mut changes = tenderdesk_api::Changes::new();
    changes.update(c);
    changes
}

/// The dashboard's alerts: the first call, new dates, the same date, and after one write.
fn alerts_section(run: &Run, api: &Api, conn: Option<&Connection>) {
    let as_of = run.as_of;
    let asked = std::cell::Cell::new(0i64);
    let n = once("sled: dashboard alerts, first call after opening (the market's records read and kept)", || {
        api.alerts(as_of, 90).unwrap()
    })
    .len();
    median(
        &format!("sled: alerts as at {as_of}, 30 days (a new date each run: computed from the kept records)"),
        9,
        || {
            // A different day each run, so that none is answered from a kept result.
            asked.set(asked.get() + 1);
            api.alerts(as_of + chrono::Duration::days(asked.get()), 30).unwrap()
        },
    );
    median(&format!("sled: dashboard alerts as at {as_of}, 90 days ({n} alerts)"), 9, || {
        api.alerts(as_of, 90).unwrap()
    });
    if run.after_write {
        // A contract written back unchanged (an audited update): what the next dashboard costs.
        let contract = run.contract();
        let changes = unchanged_contract(api, &contract);
        once(&format!("sled: write contract {contract} back unchanged (one audited update)"), || {
            api.apply(changes).unwrap()
        });
        once("sled: dashboard alerts, first call after that change", || api.alerts(as_of, 90).unwrap());
    }
    if let Some(conn) = conn {
        median("SQLite: the same alerts (the tables read, the same rules)", 5, || {
            let ds = sqlite_dataset(conn, &["submissions", "marks", "evaluators"]);
            tenderdesk_market::alerts(&ds, as_of, 90)
        });
    }
}

/// One round's result, asked again and asked for the first time.
fn round_section(run: &Run, api: &Api, conn: Option<&Connection>) {
    let round = &run.round;
    median(&format!("sled: one round's result ({round}: 25 bids, 1,500 marks)"), 9, || {
        api.round_result(round).unwrap()
    });
    // Other rounds, each asked for the first time (nothing of theirs kept).
    let mut times = Vec::new();
    for n in 1..=9 {
        let other = format!("RND-{:04}", run.shape.rounds / 2 + n * 7);
        let started = Instant::now();
        std::hint::black_box(api.round_result(&other).unwrap());
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "| sled: a round's result asked for the first time (9 other rounds) | {} (min {}, max {}) |",
        show(times[4]),
        show(times[0]),
        show(times[8])
    );
    if let Some(conn) = conn {
        median("SQLite: the same result (indexed `round` column, the same evaluation)", 9, || {
            tenderdesk_evaluation::evaluate(&sqlite_round_records(conn, round)).unwrap()
        });
    }
}

/// The list screens: whole lists, a page at the end, a filtered page.
fn lists_section(_: &Run, api: &Api, conn: &Connection) {
    for (kind, table) in [(Kind::Providers, "providers"), (Kind::Contracts, "contracts"), (Kind::Rounds, "rounds")] {
        let n = api.list(kind).unwrap().len();
        median(&format!("sled: list {table} ({n}, whole list)"), 9, || api.list(kind).unwrap());
        median(&format!("SQLite: list {table} (key and title columns)"), 9, || sqlite_list(conn, table));
        let last = n.saturating_sub(50);
        median(&format!("sled: `list_page` of {table}, 50 lines at {last}"), 21, || {
            api.list_page(kind, last, 50, "").unwrap()
        });
        median(&format!("SQLite: 50 {table} at {last} (LIMIT/OFFSET)"), 21, || {
            let mut st = conn
                .prepare_cached(&format!("SELECT id, key, title FROM {table} ORDER BY id LIMIT 50 OFFSET ?1"))
                .unwrap();
            let rows = st
                .query_map(params![last as i64], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
                })
                .unwrap();
            rows.map(Result::unwrap).collect::<Vec<_>>()
        });
        median(&format!("sled: `list_page` of {table} filtered by \"care\" (first 50)"), 21, || {
            api.list_page(kind, 0, 50, "care").unwrap()
        });
        median(
            &format!("SQLite: {table} filtered by \"care\" (LIKE on key and title, count and first 50)"),
            21,
            || sqlite_filtered(conn, table),
        );
    }
}

/// The count and first 50 of a table whose key or title holds "care".
fn sqlite_filtered(conn: &Connection, table: &str) -> (i64, Vec<(i64, String, String)>) {
    let n: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM {table} WHERE key LIKE '%care%' OR title LIKE '%care%'"))
        .unwrap()
        .query_row([], |r| r.get(0))
        .unwrap();
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT id, key, title FROM {table} WHERE key LIKE '%care%' OR title LIKE '%care%' ORDER BY id LIMIT 50"
        ))
        .unwrap();
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))).unwrap();
    (n, rows.map(Result::unwrap).collect())
}

/// Coverage of one lot, rates and spend of one arrangement.
fn market_section(run: &Run, api: &Api, conn: &Connection) {
    let (as_of, lot, arrangement) = (run.as_of, &run.lot, &run.arrangement);
    median(&format!("sled: coverage of {lot} as at {as_of}"), 5, || api.coverage(as_of, Some(lot)).unwrap());
    median(&format!("sled: rates of {arrangement} as at {as_of}"), 5, || {
        api.rates(as_of, std::slice::from_ref(arrangement)).unwrap()
    });
    median(&format!("sled: spend of {arrangement} as at {as_of}"), 9, || {
        api.spend_summary(arrangement, Some(as_of)).unwrap()
    });
    median("SQLite: coverage of the same lot (tables read, the same rules)", 5, || {
        let ds = sqlite_dataset(conn, &["submissions", "marks", "moderated_marks", "evaluators"]);
        tenderdesk_market::coverage(&ds, as_of, Some(&Key::parse(lot).unwrap()))
    });
    median("SQLite: rates of the same arrangement", 5, || {
        let ds = sqlite_dataset(conn, &["submissions", "marks", "moderated_marks", "evaluators"]);
        tenderdesk_market::rates_report(&ds, as_of, Some(&[Key::parse(arrangement).unwrap()]))
    });
    median("SQLite: spend of the same arrangement (indexed `arrangement` column)", 9, || {
        let a: Arrangement = sqlite_one(conn, "arrangements", arrangement);
        let spend: Vec<SpendEntry> = sqlite_where(conn, "spend", "arrangement", arrangement);
        tenderdesk_market::spend_summary(&a, &spend, Some(as_of))
    });
}

/// The whole store exported as the dataset document.
fn export_section(_: &Run, api: &Api, conn: &Connection) {
    let json = once("sled: export the whole store as the dataset document", || {
        api.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap()
    });
    println!("| (export: {:.0} MB) | |", json.len() as f64 / 1e6);
    drop(json);
    let json = once("SQLite: export the same document (every table read, the same writer)", || {
        dataset_io::to_json(&sqlite_dataset(conn, &[]))
    });
    drop(json);
}

/// A backup and its restore into an empty store, beside SQLite's.
fn backup_section(run: &Run, api: &Api, conn: &Connection) {
    let base = &run.base;
    let backup = base.join("bench.tdbackup");
    once("sled: backup (every tree, checksummed)", || api.backup(&backup).unwrap());
    println!("| (backup: {}) | |", size(&backup));
    let restored_dir = base.join("restored");
    let _ = std::fs::remove_dir_all(&restored_dir);
    let restored = open(&restored_dir);
    once("sled: restore into an empty store (checksum, copy, flush)", || {
        restored.store().restore_from(&backup).unwrap()
    });
    drop(restored);
    let _ = std::fs::remove_dir_all(&restored_dir);
    let _ = std::fs::remove_file(&backup);
    let copy = base.join("bench-backup.db");
    let _ = std::fs::remove_file(&copy);
    once("SQLite: backup (`VACUUM INTO` a new file)", || {
        conn.execute("VACUUM INTO ?1", params![copy.to_string_lossy()]).unwrap()
    });
    let restored = base.join("bench-restored.db");
    once("SQLite: restore (copy the file, open it, check it)", || {
        std::fs::copy(&copy, &restored).unwrap();
        let c = Connection::open(&restored).unwrap();
        c.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)).unwrap()
    });
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_file(&restored);
}

/// `verify`, beside SQLite's integrity check.
fn verify_section(_: &Run, api: &Api, conn: &Connection) {
    let report = once("sled: verify (every record re-checked, indexes, audit chain)", || api.verify().unwrap());
    println!("| (verify: {} records, {} problems) | |", report.records, report.problems.len());
    once("SQLite: `PRAGMA integrity_check` (pages and indexes only, no record checks)", || {
        conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap()
    });
}

/// Whether SQLite is open for a section that sets its figures beside SQLite's; says so when not.
fn with_sqlite(conn: &Option<Connection>, section: &str) -> bool {
    if conn.is_none() {
        println!("| ({section}: left out, TENDERDESK_BENCH_SQLITE=0) | |");
    }
    conn.is_some()
}

/// Opens the store, waiting while sled lets go of the files of a store just dropped.
fn open_when_free(store_dir: &Path) -> Api {
    loop {
        match Api::open(OpenOptions { data_dir: Some(store_dir.to_owned()), actor: Some("bench".into()) }) {
            Ok(api) => break api,
            Err(e) if e.to_string().contains("lock") => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("open the store: {e}"),
        }
    }
}

/// One table per kind: id, key (unique), the round and arrangement it refers to, title, JSON.
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
                    "CREATE TABLE {t} (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, round TEXT, arrangement TEXT,
                        title TEXT NOT NULL, json TEXT NOT NULL);
                     CREATE INDEX {t}_round ON {t}(round);
                     CREATE INDEX {t}_arrangement ON {t}(arrangement);"
                ))
                .unwrap();
            let mut st = self
                .0
                .prepare(&format!("INSERT INTO {t} (key, round, arrangement, title, json) VALUES (?1, ?2, ?3, ?4, ?5)"))
                .unwrap();
            for r in T::list(self.1) {
                let json = serde_json::to_string(r).unwrap();
                let refs = r.references();
                let find = |k: Kind| refs.iter().find(|x| x.kind == k).map(|x| x.key.to_string());
                st.execute(params![r.key().as_str(), find(Kind::Rounds), find(Kind::Arrangements), r.title(), json])
                    .unwrap();
            }
        }
    }
    visit_kinds(&mut V(&tx, ds));
    tx.commit().unwrap();
}

fn sqlite_list(conn: &Connection, table: &str) -> Vec<(i64, String, String)> {
    let mut st = conn.prepare_cached(&format!("SELECT id, key, title FROM {table} ORDER BY id")).unwrap();
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

fn sqlite_all<T: Record>(conn: &Connection, table: &str) -> Vec<T> {
    let mut st = conn.prepare_cached(&format!("SELECT json FROM {table} ORDER BY id")).unwrap();
    let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|j| serde_json::from_str(&j.unwrap()).unwrap()).collect()
}

fn sqlite_where<T: Record>(conn: &Connection, table: &str, column: &str, value: &str) -> Vec<T> {
    let mut st = conn.prepare_cached(&format!("SELECT json FROM {table} WHERE {column} = ?1 ORDER BY id")).unwrap();
    let rows = st.query_map(params![value], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|j| serde_json::from_str(&j.unwrap()).unwrap()).collect()
}

fn sqlite_one<T: Record>(conn: &Connection, table: &str, key: &str) -> T {
    let json: String = conn
        .prepare_cached(&format!("SELECT json FROM {table} WHERE key = ?1"))
        .unwrap()
        .query_row(params![key], |r| r.get(0))
        .optional()
        .unwrap()
        .expect("the record is there");
    serde_json::from_str(&json).unwrap()
}

/// Every table read into a dataset, but for those named in `skip`.
fn sqlite_dataset(conn: &Connection, skip: &[&str]) -> Dataset {
    struct V<'a>(&'a Connection, &'a [&'a str], Dataset);
    impl KindVisitor for V<'_> {
        fn visit<T: Listed>(&mut self) {
            if !self.1.contains(&T::KIND.plural()) {
                for r in sqlite_all::<T>(self.0, T::KIND.plural()) {
                    T::push(&mut self.2, r);
                }
            }
        }
    }
    let mut v = V(conn, skip, Dataset::default());
    visit_kinds(&mut v);
    v.2
}

fn sqlite_round_records(conn: &Connection, round: &str) -> tenderdesk_evaluation::RoundRecords {
    let r: Round = sqlite_one(conn, "rounds", round);
    let submissions: Vec<Submission> = sqlite_where(conn, "submissions", "round", round);
    let mut provider_names = std::collections::BTreeMap::new();
    for s in &submissions {
        let p: Provider = sqlite_one(conn, "providers", s.bidder.as_str());
        provider_names.insert(s.bidder.clone(), p.title());
    }
    tenderdesk_evaluation::RoundRecords {
        lots: r.lots.iter().map(|l| sqlite_one(conn, "lots", l.as_str())).collect(),
        round: r,
        submissions,
        evaluators: sqlite_where(conn, "evaluators", "round", round),
        marks: sqlite_where(conn, "marks", "round", round),
        moderated: sqlite_where(conn, "moderated_marks", "round", round),
        provider_names,
    }
}
