//! Backups restore to an identical store: the same records under the same ids, the same audit
//! log with its chain, and `verify` passes. A damaged or cut backup is refused before anything is
//! written, and a backup restores only into an empty store.

mod support;

use std::path::Path;

use support::open_at as open;
use tenderdesk_api::Api;
use tenderdesk_domain::Kind;
use tenderdesk_synth::Shape;

/// A few hundred records with every kind present.
fn tiny() -> Shape {
    Shape {
        providers: 12,
        arrangements: 1,
        lots_per_arrangement: 2,
        zones_per_lot: 3,
        admitted_per_lot: 8,
        rounds: 2,
        bids_per_round: 5,
        evaluators_per_round: 2,
        questions: 3,
        contracts: 20,
        years: 1,
    }
}

fn store_with_history(dir: &Path) -> Api {
    let api = open(dir);
    let mut file = Vec::new();
    tenderdesk_synth::write(&tiny(), 3, &mut file).unwrap();
    api.import_bytes(&file, "tiny.json").unwrap();
    api.churn("PRV-CHURN", 3, |_, _| {}).unwrap();
    api
}

#[test]
fn a_backup_restores_to_an_identical_store() {
    let (a, b, files) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let original = store_with_history(a.path());
    let backup = files.path().join("store.tdbackup");
    let written = original.backup(&backup).unwrap();
    assert!(written.entries > 0 && written.trees > 0);

    let restored = open(b.path());
    let report = restored.restore(&backup).unwrap();
    assert!(report.verify.is_ok(), "{:?}", report.verify.problems);
    assert_eq!(report.copied.entries, written.entries);
    assert_eq!(
        restored.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap(),
        original.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap()
    );
    assert_eq!(restored.audit_log().unwrap(), original.audit_log().unwrap());
    for kind in Kind::ALL {
        assert_eq!(restored.list(*kind).unwrap(), original.list(*kind).unwrap(), "{kind}");
    }
    // The restored store goes on as the original would: the next change chains on.
    restored.churn("PRV-AFTER", 1, |_, _| {}).unwrap();
    assert!(restored.verify().unwrap().is_ok());
}

#[test]
fn a_damaged_or_cut_backup_is_refused_and_nothing_is_written() {
    let (a, files) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let original = store_with_history(a.path());
    let backup = files.path().join("store.tdbackup");
    original.backup(&backup).unwrap();
    let bytes = std::fs::read(&backup).unwrap();

    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x20;
    let cut = bytes[..bytes.len() - 100].to_vec();
    for (name, content, needle) in [
        ("damaged", damaged, "its checksum does not match its contents"),
        ("cut", cut, "its checksum does not match its contents"),
        ("empty", Vec::new(), "it is too short"),
    ] {
        let path = files.path().join(name);
        std::fs::write(&path, content).unwrap();
        let target = tempfile::tempdir().unwrap();
        let api = open(target.path());
        let err = api.restore(&path).unwrap_err().to_string();
        assert!(err.contains("is not a usable TenderDesk backup") && err.contains(needle), "{name}: {err}");
        assert!(api.is_empty().unwrap() && api.audit_log().unwrap().is_empty(), "{name}: something was written");
    }
}

#[test]
fn a_backup_restores_only_into_an_empty_store() {
    let (a, files) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let original = store_with_history(a.path());
    let backup = files.path().join("store.tdbackup");
    original.backup(&backup).unwrap();
    let err = original.restore(&backup).unwrap_err().to_string();
    assert!(err.contains("restores only into an empty store"), "{err}");
}
