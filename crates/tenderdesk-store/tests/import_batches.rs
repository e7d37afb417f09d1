//! A whole import is written in batches, not one transaction; cut off part-way (as by a crash), it
//! is undone when the store is next opened, leaving the store exactly as it was before.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use support::{open_at, provider};
use tenderdesk_domain::{fixtures, Key, Kind, Provider};
use tenderdesk_store::{ChangeSet, Store};

/// Every tree's entries by name.
type Snapshot = BTreeMap<String, Vec<(Vec<u8>, Vec<u8>)>>;

/// Every tree's every entry: records, indexes, audit log and meta (counters, audit head).
fn snapshot(store: &Store) -> Snapshot {
    let mut names: Vec<String> = Kind::ALL.iter().map(|k| format!("record/{}", k.plural())).collect();
    names.extend(
        ["index/key", "index/natural", "index/referenced_by", "index/audit_by_record", "audit", "meta"]
            .into_iter()
            .chain(["pack/records", "pack/index"])
            .map(String::from),
    );
    names
        .into_iter()
        .map(|name| {
            let tree = store.raw_tree(&name).unwrap();
            let entries = tree.iter().map(|e| e.unwrap()).map(|(k, v)| (k.to_vec(), v.to_vec())).collect();
            (name, entries)
        })
        .collect()
}

/// A store that is not empty and whose provider counter has moved past a deleted record.
fn store_with_history(dir: &Path) -> Store {
    let store = open_at(dir);
    store.insert(provider("PRV-Z1")).unwrap();
    store.insert(provider("PRV-Z2")).unwrap();
    store.delete(Kind::Providers, &Key::parse("PRV-Z2").unwrap()).unwrap();
    store
}

#[test]
fn an_import_cut_off_after_some_batches_is_undone_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let before;
    let export_before;
    {
        let store = store_with_history(dir.path());
        before = snapshot(&store);
        export_before = store.export().unwrap();
        store.set_import_batching_for_tests(2, Some(3));
        let err = store.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap_err();
        assert!(err.to_string().contains("stopped part-way"), "{err}");
        // As a crash would leave it: the marker, and some of the records' packs, which no read
        // sees until the import's last transaction registers them.
        assert!(store.import_in_progress().unwrap());
        assert!(store.raw_tree("pack/records").unwrap().len() > 1, "some batches were written before the stop");
        let seen: usize = Kind::ALL.iter().map(|k| store.count(*k).unwrap()).sum();
        assert_eq!(seen, 1, "only the provider from before the import is seen");
        assert_ne!(snapshot(&store), before);
    }
    let store = open_at(dir.path());
    assert!(!store.import_in_progress().unwrap());
    assert_eq!(store.export().unwrap(), export_before);
    assert_eq!(snapshot(&store), before, "every tree, counters and audit log included, is as before the import");
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);

    // The same import now goes through, numbering on from where the store stood.
    store.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap();
    assert!(!store.import_in_progress().unwrap());
    let (id, _) = store.get_by_key::<Provider>(fixtures::small().providers[0].key.as_str()).unwrap().unwrap();
    assert_eq!(id, 3, "ids 1 and 2 were used before the import");
    assert!(store.verify().unwrap().is_ok());
    assert_eq!(store.audit_log().unwrap().len(), 4);
}

#[test]
fn an_import_cut_off_before_any_batch_or_after_the_last_is_undone_too() {
    // Stopped before the first batch; and with every record written in one batch but the audit
    // entry, counters and marker removal not.
    for (batch, stop) in [(7, 0), (1_000_000, 1)] {
        let dir = tempfile::tempdir().unwrap();
        let before;
        {
            let store = store_with_history(dir.path());
            before = snapshot(&store);
            store.set_import_batching_for_tests(batch, Some(stop));
            assert!(store.apply(ChangeSet::import(fixtures::small(), "fixture")).is_err());
            assert!(store.import_in_progress().unwrap());
        }
        let store = open_at(dir.path());
        assert_eq!(snapshot(&store), before, "stopped after {stop} batches");
        assert!(store.verify().unwrap().is_ok());
    }
}

#[test]
fn a_completed_import_in_many_small_batches_leaves_no_marker_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open_at(dir.path());
        store.set_import_batching_for_tests(5, None);
        store.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap();
        assert!(!store.import_in_progress().unwrap());
        assert_eq!(store.export().unwrap(), fixtures::small());
    }
    // Reopening finds nothing to undo.
    let store = open_at(dir.path());
    assert!(!store.import_in_progress().unwrap());
    assert_eq!(store.export().unwrap(), fixtures::small());
    assert_eq!(store.audit_log().unwrap().len(), 1);
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn a_batched_import_stores_the_same_as_one_batch() {
    let one = tempfile::tempdir().unwrap();
    let many = tempfile::tempdir().unwrap();
    let a = open_at(one.path());
    let b = open_at(many.path());
    b.set_import_batching_for_tests(3, None);
    a.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap();
    b.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap();
    let strip = |mut s: Snapshot| {
        // The audit entry carries the time and so its hash; a batch ends the packs being filled,
        // so the packs are cut differently. Everything else must match.
        s.remove("audit");
        s.remove("meta");
        s.remove("pack/records");
        s
    };
    assert_eq!(strip(snapshot(&a)), strip(snapshot(&b)));
    assert!(b.raw_tree("pack/records").unwrap().len() > a.raw_tree("pack/records").unwrap().len());
    assert_eq!(a.export().unwrap(), b.export().unwrap());
    assert!(b.verify().unwrap().is_ok());
}

#[test]
fn a_refused_import_writes_no_marker() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let before = snapshot(&store);
    let mut ds = fixtures::small();
    ds.providers.push(provider("PRV-Z1"));
    assert!(store.apply(ChangeSet::import(ds, "fixture")).is_err());
    assert!(!store.import_in_progress().unwrap());
    assert_eq!(snapshot(&store), before);
}
