//! The import reads a file record by record and writes it in batches as it goes: whatever the
//! order of the file's lists, wherever in the file a problem or a cut lies, the store ends up with
//! the whole file or with nothing of it.

mod support;

use std::collections::BTreeMap;

use support::{open, open_at};
use tenderdesk_api::{Api, ErrorCode};
use tenderdesk_domain::{fixtures, Kind};

/// Every tree's entries by name, packed ones unpacked.
type Snapshot = BTreeMap<String, Vec<(Vec<u8>, Vec<u8>)>>;

fn snapshot(api: &Api) -> Snapshot {
    let mut names: Vec<String> = Kind::ALL.iter().map(|k| format!("record/{}", k.plural())).collect();
    names.extend(
        ["index/key", "index/natural", "index/referenced_by", "index/audit_by_record", "audit", "meta"]
            .map(String::from),
    );
    names
        .into_iter()
        .map(|name| {
            // As a store without packs would hold them: how the records were packed is not the
            // point here.
            let entries = api.store().logical_entries(&name).unwrap();
            (name, entries)
        })
        .collect()
}

/// The small fixture with its top-level fields in reverse order: every list now comes before the
/// lists it refers to (marks before bids before rounds…), and the format header comes last.
fn reversed() -> Vec<u8> {
    let v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(fixtures::SMALL_JSON).unwrap();
    let reversed: serde_json::Map<String, serde_json::Value> = v.into_iter().rev().collect();
    serde_json::to_vec_pretty(&reversed).unwrap()
}

#[test]
fn a_file_listing_records_before_those_they_refer_to_imports_the_same() {
    let canonical = tempfile::tempdir().unwrap();
    let unusual = tempfile::tempdir().unwrap();
    let a = open_at(canonical.path());
    let b = open_at(unusual.path());
    b.store().set_import_batching_for_tests(5, None);
    a.import_bytes(fixtures::SMALL_JSON.as_bytes(), "fixture").unwrap();
    let summary = b.import_bytes(&reversed(), "fixture").unwrap();
    assert_eq!(summary.records, fixtures::small().record_count());
    assert_eq!(
        b.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap(),
        a.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap()
    );
    let strip = |mut s: Snapshot| {
        // The audit entry carries the time, the file's hash and so its own hash.
        s.remove("audit");
        s.remove("meta");
        s
    };
    assert_eq!(strip(snapshot(&b)), strip(snapshot(&a)), "the same ids and index entries");
    let report = b.verify().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn export_import_export_is_byte_identical_through_many_small_batches() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let a = open_at(one.path());
    a.store().set_import_batching_for_tests(3, None);
    a.import_bytes(fixtures::SMALL_JSON.as_bytes(), "fixture").unwrap();
    let first = a.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap();
    let b = open_at(two.path());
    b.store().set_import_batching_for_tests(3, None);
    b.import_bytes(first.as_bytes(), "export").unwrap();
    assert_eq!(b.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap(), first);
}

#[test]
fn a_problem_found_after_batches_were_written_leaves_nothing_stored() {
    let (_dir, api) = open();
    let before = snapshot(&api);
    // The last spend entry refers to an arrangement that does not exist: it is read after every
    // other record, long after the first batches of 5 entries reached the store.
    let mut v: serde_json::Value = serde_json::from_str(fixtures::SMALL_JSON).unwrap();
    let spend = v["spend"].as_array_mut().unwrap();
    assert!(!spend.is_empty(), "the fixture has spend entries");
    spend.last_mut().unwrap()["arrangement"] = serde_json::Value::String("ARR-NOWHERE".into());
    let bytes = serde_json::to_vec(&v).unwrap();

    api.store().set_import_batching_for_tests(5, None);
    let err = api.import_bytes(&bytes, "late-problem.json").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    assert!(err.to_string().contains("ARR-NOWHERE"), "{err}");
    assert!(!api.store().import_in_progress().unwrap());
    assert_eq!(snapshot(&api), before, "every record, index entry, counter and audit entry as before");
    assert!(api.verify().unwrap().is_ok());
}

#[test]
fn a_file_cut_short_after_batches_were_written_leaves_nothing_stored() {
    let (_dir, api) = open();
    api.store().set_import_batching_for_tests(5, None);
    let text = fixtures::SMALL_JSON;
    let cut = &text.as_bytes()[..text.len() * 9 / 10];
    let err = api.import_bytes(cut, "cut.json").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Malformed, "{err}");
    assert!(err.to_string().contains("the file ends before the JSON document does"), "{err}");
    assert!(!api.store().import_in_progress().unwrap());
    assert!(api.is_empty().unwrap());
    assert!(api.audit_log().unwrap().is_empty());
    let counters =
        api.store().raw_tree("meta").unwrap().iter().filter(|e| e.as_ref().unwrap().0.starts_with(b"next_id/")).count();
    assert_eq!(counters, 0, "no id counter moved");
    // The whole file then goes through.
    api.import_bytes(text.as_bytes(), "whole.json").unwrap();
    assert!(api.verify().unwrap().is_ok());
}

/// The file is read on a second thread while the import checks and writes on the caller's: when
/// the store fails part-way, that failure is what the import reports — not a fault the reader
/// meets further on in the file — and the reader stops rather than waiting for a taker.
#[test]
fn a_store_failure_part_way_is_reported_rather_than_a_fault_later_in_the_file() {
    let (dir, api) = open();
    // A batch a record, and the second fails, as a full disk would.
    api.store().set_import_batching_for_tests(1, Some(1));
    let text = fixtures::SMALL_JSON;
    assert!(fixtures::small().record_count() > 2, "more records than the two batches");
    // Cut inside the last list, after the second record.
    let cut = &text.as_bytes()[..text.len() - 40];
    let err = api.import_bytes(cut, "cut.json").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Storage, "{err}");
    assert!(err.to_string().contains("stopped part-way"), "{err}");
    // Left as a crash would leave it; the next open undoes it.
    assert!(api.store().import_in_progress().unwrap());
    drop(api);
    let api = open_at(dir.path());
    assert!(!api.store().import_in_progress().unwrap());
    assert!(api.is_empty().unwrap());
    assert!(api.verify().unwrap().is_ok());
}
