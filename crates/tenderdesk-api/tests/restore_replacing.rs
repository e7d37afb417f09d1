//! Restoring a backup in place of the data in use: the data is replaced, what was there is kept
//! aside in a folder beside it; a damaged, cut short or wrong file is refused with a message that
//! says why, and the store in use is unchanged and still usable.

mod support;

use std::path::{Path, PathBuf};

use support::open_at;
use tenderdesk_api::backup::{restore_replacing, NotReplaced, Replaced};
use tenderdesk_api::{Api, ErrorCode};
use tenderdesk_domain::{fixtures, Kind};

/// One arrangement more than the fixture has, as a data set.
const EXTRA: &str = r#"{
  "format": "tenderdesk-dataset",
  "format_version": 1,
  "arrangements": [{
    "key": "ARR-AFTER-BACKUP",
    "title": "Added after the backup",
    "kind": "spot_contract",
    "regime": "procurement_act2023",
    "services": ["extra_care"],
    "term": { "start": "2026-01-05", "initial_end": "2028-01-04" },
    "call_off": "spot_purchase"
  }]
}"#;

/// A store holding the fixture, backed up, then given one arrangement more; and the backup.
struct Setup {
    _root: tempfile::TempDir,
    store: PathBuf,
    backup: PathBuf,
}

fn setup() -> Setup {
    let root = tempfile::tempdir().unwrap();
    let store = root.path().join("data");
    let backup = root.path().join("before.tdbackup");
    let api = open_at(&store);
    api.import_bytes(fixtures::SMALL_JSON.as_bytes(), "fixture").unwrap();
    api.backup(&backup).unwrap();
    api.import_bytes(EXTRA.as_bytes(), "extra").unwrap();
    Setup { _root: root, store, backup }
}

fn arrangement_keys(api: &Api) -> Vec<String> {
    api.list_records(Kind::Arrangements).unwrap().iter().map(|a| a["key"].as_str().unwrap().to_owned()).collect()
}

/// The folders beside the store's (the store's own excluded).
fn siblings(store: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(store.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir() && e.path() != store)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn refused(outcome: Result<Replaced, Box<NotReplaced>>) -> NotReplaced {
    match outcome {
        Ok(r) => panic!("the restore should have been refused, but replaced the store, keeping {:?}", r.kept_aside),
        Err(e) => *e,
    }
}

#[test]
fn a_restore_replaces_the_data_and_keeps_the_old_folder_beside_it() {
    let s = setup();
    let current = open_at(&s.store);
    let before = arrangement_keys(&current);
    assert!(before.contains(&"ARR-AFTER-BACKUP".to_owned()));
    let with_extra = current.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap();

    let replaced = restore_replacing(current, &s.backup).unwrap();

    // The store in use now holds what the backup held: the arrangement added since is gone.
    assert_eq!(replaced.api.data_dir(), s.store.as_path());
    let after = arrangement_keys(&replaced.api);
    assert!(!after.contains(&"ARR-AFTER-BACKUP".to_owned()), "{after:?}");
    assert_eq!(after.len(), before.len() - 1);
    assert!(replaced.report.verify.is_ok(), "{:?}", replaced.report.verify.problems);
    assert!(replaced.api.verify().unwrap().is_ok());

    // The data that was there is kept, whole, beside it; nothing else is left behind.
    let aside = replaced.kept_aside.clone();
    let name = aside.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("data-before-restore-") && name.ends_with('Z'), "{name}");
    assert_eq!(aside.parent(), s.store.parent());
    assert_eq!(siblings(&s.store), vec![name]);
    drop(replaced);
    let kept = open_at(&aside);
    assert_eq!(
        kept.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap(),
        with_extra,
        "the kept-aside store is the store as it was"
    );

    // The restored store is the one the app opens from now on, and takes writes.
    let reopened = open_at(&s.store);
    reopened.import_bytes(EXTRA.as_bytes(), "extra again").unwrap();
    assert!(arrangement_keys(&reopened).contains(&"ARR-AFTER-BACKUP".to_owned()));
}

/// A refused restore: the store in use is the same and still takes writes, and no folder is left.
fn assert_unchanged_and_usable(not: NotReplaced, store: &Path, before: &str) {
    let api = not.api.expect("the store in use is still open");
    assert_eq!(api.data_dir(), store);
    assert_eq!(
        api.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap(),
        before,
        "the store in use is unchanged"
    );
    assert_eq!(siblings(store), Vec::<String>::new(), "no restored or kept-aside folder is left behind");
    let more = EXTRA.replace("ARR-AFTER-BACKUP", "ARR-AFTER-REFUSAL");
    api.import_bytes(more.as_bytes(), "after the refusal").unwrap();
    assert!(arrangement_keys(&api).contains(&"ARR-AFTER-REFUSAL".to_owned()));
}

#[test]
fn a_damaged_backup_is_refused_and_the_store_is_unchanged() {
    let s = setup();
    let mut bytes = std::fs::read(&s.backup).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&s.backup, &bytes).unwrap();
    let current = open_at(&s.store);
    let before = current.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap();

    let not = refused(restore_replacing(current, &s.backup));

    let message = not.error.to_string();
    assert!(message.contains("is not a usable TenderDesk backup"), "{message}");
    assert!(message.contains("checksum does not match"), "{message}");
    assert_eq!(not.error.code(), ErrorCode::Storage);
    assert_unchanged_and_usable(not, &s.store, &before);
}

#[test]
fn a_backup_cut_short_is_refused_and_the_store_is_unchanged() {
    let s = setup();
    let bytes = std::fs::read(&s.backup).unwrap();
    std::fs::write(&s.backup, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let current = open_at(&s.store);
    let before = current.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap();

    let not = refused(restore_replacing(current, &s.backup));

    let message = not.error.to_string();
    assert!(message.contains("is not a usable TenderDesk backup"), "{message}");
    assert_unchanged_and_usable(not, &s.store, &before);
}

#[test]
fn a_file_that_is_not_a_backup_is_refused_and_the_store_is_unchanged() {
    let s = setup();
    // A data set is a TenderDesk file, but not a backup.
    std::fs::write(&s.backup, fixtures::SMALL_JSON).unwrap();
    let current = open_at(&s.store);
    let before = current.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap();

    let not = refused(restore_replacing(current, &s.backup));

    let message = not.error.to_string();
    assert!(message.contains(&s.backup.display().to_string()), "names the file: {message}");
    assert!(message.contains("is not a usable TenderDesk backup"), "{message}");
    assert_unchanged_and_usable(not, &s.store, &before);
}

#[test]
fn a_missing_file_is_refused_and_the_store_is_unchanged() {
    let s = setup();
    let current = open_at(&s.store);
    let before = current.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap();
    let missing = s.backup.with_file_name("no-such.tdbackup");

    let not = refused(restore_replacing(current, &missing));

    assert!(not.error.to_string().contains("no-such.tdbackup"), "{}", not.error);
    assert_unchanged_and_usable(not, &s.store, &before);
}
