//! Durability of the real binary under SIGKILL: an import killed at random points is stored whole
//! or not at all, a stream of single-record changes killed at random points keeps every change it
//! reported committed, and `verify` passes on the store after every kill.
//!
//! The kill points are random from a seed (`TENDERDESK_DURABILITY_SEED`, printed on failure), a
//! random delay for the import and a random number of reported changes for the stream. Nothing
//! here asserts on time.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use tenderdesk_api::{Api, OpenOptions};
use tenderdesk_domain::{Kind, Provider};
use tenderdesk_synth::Shape;

/// SplitMix64: the test's own seeded randomness.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("TENDERDESK_DURABILITY_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_123)
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    support::command(dir, args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs")
}

fn open(dir: &Path) -> Api {
    Api::open(OpenOptions { data_dir: Some(dir.to_owned()), actor: Some("durability check".into()) })
        .expect("the store opens after a kill")
}

fn assert_verifies(api: &Api, context: &str) {
    let report = api.verify().expect("verify runs");
    assert!(report.is_ok(), "{context}: verify found {:?}", report.problems);
}

/// A data set of about 1,500 records with every kind present: big enough that an import takes a
/// while, small enough for CI.
fn shape() -> Shape {
    Shape {
        providers: 40,
        arrangements: 2,
        lots_per_arrangement: 3,
        zones_per_lot: 4,
        admitted_per_lot: 12,
        rounds: 4,
        bids_per_round: 10,
        evaluators_per_round: 3,
        questions: 6,
        contracts: 60,
        years: 2,
    }
}

#[test]
fn an_import_killed_at_random_points_is_stored_whole_or_not_at_all() {
    let seed = seed();
    let mut rng = Rng(seed);
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("data.json");
    let counts = tenderdesk_synth::write(&shape(), 11, std::fs::File::create(&file).unwrap()).unwrap();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let file = file.to_str().unwrap().to_owned();

    // One import run to the end, to know the span over which to spread the kills.
    let whole = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let status = spawn(whole.path(), &["import", &file]).wait().unwrap();
    assert!(status.success());
    let span = started.elapsed().as_micros() as u64;

    let (mut none, mut all) = (0, 0);
    for kill in 0..12 {
        let context = format!("seed {seed}, kill {kill}");
        let dir = tempfile::tempdir().unwrap();
        let mut child = spawn(dir.path(), &["import", &file]);
        std::thread::sleep(Duration::from_micros(rng.below(span)));
        let _ = child.kill(); // SIGKILL; it may have finished already
        child.wait().unwrap();

        let api = open(dir.path());
        let stored: usize = Kind::ALL.iter().map(|k| api.store().count(*k).unwrap()).sum();
        let imports = api.audit_log().unwrap().len();
        if stored == 0 {
            assert_eq!(imports, 0, "{context}: an audit entry without its records");
            none += 1;
            if kill % 3 == 0 {
                // The store is still usable: the same import now goes through.
                api.import_file(Path::new(&file)).unwrap();
                assert_verifies(&api, &context);
            }
        } else {
            assert_eq!(stored, total, "{context}: half an import is stored");
            for (kind, n) in &counts {
                assert_eq!(api.store().count(*kind).unwrap(), *n, "{context}: {kind}");
            }
            assert_eq!(imports, 1, "{context}");
            all += 1;
        }
        assert_verifies(&api, &context);
    }
    eprintln!("seed {seed}: {none} kills left nothing, {all} left the whole import");
}

#[test]
fn an_edit_stream_killed_at_random_points_keeps_every_committed_change() {
    let seed = seed();
    let mut rng = Rng(seed ^ 0x5EED);
    let dir = tempfile::tempdir().unwrap();
    // A data set imported first, so that the renames of its providers are written over the
    // import's packs, as later edits of a real store are.
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("county.json");
    tenderdesk_api::dev::generate(&shape(), seed, &file).unwrap();
    open(dir.path()).import_file(&file).unwrap();
    let mut inserted = Vec::new();
    let mut renamed = Vec::new();
    for kill in 0..15 {
        let context = format!("seed {seed}, kill {kill}");
        let prefix = format!("PRV-K{kill}");
        let mut child = spawn(dir.path(), &["dev", "churn", "--prefix", &prefix, "--count", "100000"]);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let wanted = 1 + rng.below(30);
        let mut reported = Vec::new();
        for _ in 0..wanted {
            match lines.next() {
                Some(line) => reported.push(line.unwrap()),
                None => break,
            }
        }
        let _ = child.kill();
        child.wait().unwrap();
        // Whatever it printed before it died was committed too.
        reported.extend(lines.map_while(Result::ok));
        assert!(!reported.is_empty(), "{context}: the stream reported nothing");
        for line in reported {
            match line.split_once(' ').map(|(_, rest)| rest.split_once(' ')) {
                Some(Some(("insert", key))) => inserted.push(key.to_owned()),
                Some(Some(("rename", key))) => renamed.push(key.to_owned()),
                _ => panic!("{context}: unexpected output {line:?}"),
            }
        }

        let api = open(dir.path());
        for key in &inserted {
            assert!(api.store().get_by_key::<Provider>(key).unwrap().is_some(), "{context}: {key} was lost");
        }
        for key in &renamed {
            let (_, p) = api.store().get_by_key::<Provider>(key).unwrap().expect("renamed provider");
            assert!(p.legal_name.ends_with(" (renamed)"), "{context}: the rename of {key} was lost");
        }
        // Every change is one audit entry: nothing beyond what was committed, at most the one
        // change in flight when the kill came.
        // The import is the first audit entry.
        let audit = api.audit_log().unwrap().len() - 1;
        let reported = inserted.len() + renamed.len();
        assert!(audit == reported || audit == reported + 1, "{context}: {audit} audit entries for {reported} changes");
        assert_verifies(&api, &context);
        if audit == reported + 1 {
            // The change in flight was committed before the kill: count it so the next round agrees.
            let last = api.audit_log().unwrap().pop().unwrap();
            match last.action {
                tenderdesk_api::Action::Create => inserted.push(last.key.unwrap()),
                _ => renamed.push(last.key.unwrap()),
            }
        }
    }
}
