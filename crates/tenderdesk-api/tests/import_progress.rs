//! An import tells how far it has read, record by record, so the window can show a progress bar:
//! the counts only grow and end at every record and every byte of the file.

mod support;

use support::{open, open_at};
use tenderdesk_api::dataset_io::{ImportProgress, PROGRESS_EVERY};
use tenderdesk_api::ErrorCode;
use tenderdesk_domain::fixtures;

/// A generated county large enough to report many times.
fn county() -> Vec<u8> {
    let mut out = Vec::new();
    let shape = tenderdesk_synth::Shape::of(tenderdesk_synth::Scale::Small);
    tenderdesk_synth::write(&shape, 7, &mut out).unwrap();
    out
}

#[test]
fn progress_grows_record_by_record_and_ends_at_the_whole_file() {
    let (_dir, api) = open();
    let bytes = county();
    let mut seen: Vec<ImportProgress> = Vec::new();

    let summary = api.import_bytes_with_progress(&bytes, "county", &mut |p| seen.push(p)).unwrap();

    assert!(summary.records as u64 > 3 * PROGRESS_EVERY, "a file long enough to report several times");
    let last = *seen.last().expect("progress was reported");
    assert_eq!(last.records, summary.records as u64, "the last report counts every record");
    assert_eq!((last.bytes_read, last.bytes_total), (bytes.len() as u64, bytes.len() as u64));
    assert_eq!(last.percent(), 100);
    // One report every PROGRESS_EVERY records, then the last.
    assert_eq!(seen.len() as u64, summary.records as u64 / PROGRESS_EVERY + 1);
    for pair in seen.windows(2) {
        assert!(pair[1].records > pair[0].records, "records grow: {pair:?}");
        assert!(pair[1].bytes_read > pair[0].bytes_read, "bytes read grow: {pair:?}");
    }
    for p in &seen[..seen.len() - 1] {
        assert_eq!(p.records % PROGRESS_EVERY, 0, "{p:?}");
        assert!(p.bytes_read > 0 && p.bytes_read < p.bytes_total, "part of the file: {p:?}");
        assert!(p.percent() < 100, "{p:?}");
    }
    // The bytes said read are where the record after the counted ones starts: a record begins there.
    let first = seen[0];
    let at = first.bytes_read as usize;
    let before = &bytes[..at];
    assert!(before.ends_with(b"\"") && before[..at - 1].trim_ascii_end().ends_with(b"{"), "a record starts there");
}

#[test]
fn the_same_file_imports_the_same_with_or_without_progress() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (open_at(a.path()), open_at(b.path()));
    let bytes = county();
    let plain = a.import_bytes(&bytes, "county").unwrap();
    let tracked = b.import_bytes_with_progress(&bytes, "county", &mut |_| {}).unwrap();
    assert_eq!(plain, tracked);
    assert_eq!(
        a.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap(),
        b.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap()
    );
}

#[test]
fn a_refused_file_reports_no_end_and_stores_nothing() {
    let (_dir, api) = open();
    let mut bytes = county();
    // Cut the file short after several reports' worth of records.
    bytes.truncate(bytes.len() / 2);
    let mut seen: Vec<ImportProgress> = Vec::new();

    let e = api.import_bytes_with_progress(&bytes, "county", &mut |p| seen.push(p)).unwrap_err();

    assert_eq!(e.code(), ErrorCode::Malformed, "{e}");
    assert!(e.to_string().contains("cut short"), "{e}");
    assert!(!seen.is_empty(), "records were read before the cut");
    assert!(seen.iter().all(|p| p.bytes_read < p.bytes_total), "never said to be whole: {seen:?}");
    assert!(api.is_empty().unwrap(), "nothing stored");
}

#[test]
fn a_small_file_reports_once_at_the_end() {
    let (_dir, api) = open();
    let mut seen = Vec::new();
    let summary =
        api.import_bytes_with_progress(fixtures::SMALL_JSON.as_bytes(), "fixture", &mut |p| seen.push(p)).unwrap();
    let total = fixtures::SMALL_JSON.len() as u64;
    assert_eq!(seen, vec![ImportProgress { records: summary.records as u64, bytes_read: total, bytes_total: total }]);
}
