//! Files as use cases (`tenderdesk_api::files`): each report, the data set, the backup and the
//! restore go where the destination says, with the progress and the sentence the window shows;
//! a cancelled dialog does nothing; and the letters are all or none — a failure on the third of
//! five leaves no letter.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use tenderdesk_api::files::{
    thousands, Destination, FileFilter, GivenPaths, OpenStore, Progress, ReportKind, Shown, BACKUP, DATASET, PDF,
};
use tenderdesk_api::{Api, ApiError, ErrorCode};
use tenderdesk_domain::fixtures;

mod support;
use support::{demo, open_at};

/// The demo's awarded call-off: five bidders, so five letters.
const CALL_OFF: &str = "RND-CSF-L1-MC-2025-01";

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    n.sort();
    n
}

/// A stand-in for the window's dialogs: saves under the suggested name in `dir`, picks `dir` as
/// the folder, opens `dir/<open>`, and records what it was asked and what it showed.
struct Dialogs {
    dir: PathBuf,
    open: Option<String>,
    asked: RefCell<Vec<(String, String, FileFilter)>>,
    shown: RefCell<Vec<PathBuf>>,
}

impl Dialogs {
    fn in_folder(dir: &Path) -> Dialogs {
        Dialogs { dir: dir.to_owned(), open: None, asked: RefCell::default(), shown: RefCell::default() }
    }
}

impl Destination for Dialogs {
    fn save_file(&self, title: &str, suggested: &str, filter: FileFilter) -> Option<PathBuf> {
        self.asked.borrow_mut().push((title.to_owned(), suggested.to_owned(), filter));
        Some(self.dir.join(suggested))
    }

    fn folder(&self, title: &str) -> Option<PathBuf> {
        self.asked.borrow_mut().push((title.to_owned(), String::new(), PDF));
        Some(self.dir.clone())
    }

    fn open_file(&self, title: &str, filter: FileFilter) -> Option<PathBuf> {
        self.asked.borrow_mut().push((title.to_owned(), String::new(), filter));
        self.open.as_ref().map(|f| self.dir.join(f))
    }

    fn show(&self, path: &Path) -> Shown {
        self.shown.borrow_mut().push(path.to_owned());
        Shown::Opened
    }
}

/// The messages a use case sent to its progress sink.
fn messages(seen: &[Progress]) -> Vec<&str> {
    seen.iter().map(|p| p.message.as_str()).collect()
}

/// A folder standing where the third letter's file must go makes the third of five fail: the two
/// already renamed into place are taken away again and no temporary file is left.
#[test]
fn a_failure_on_the_third_of_five_letters_leaves_no_letter() {
    let (_d, api) = demo();
    let out = tempfile::tempdir().unwrap();
    let created = tenderdesk_api::reports::report_creation_time().unwrap();
    let mut letters: Vec<String> =
        api.report_letters(CALL_OFF, created).unwrap().into_iter().map(|l| l.file_name).collect();
    letters.sort();
    assert_eq!(letters.len(), 5, "{letters:?}");
    let third = out.path().join(&letters[2]);
    std::fs::create_dir(&third).unwrap();

    let dialogs = Dialogs::in_folder(out.path());
    let mut seen = Vec::new();
    let e =
        api.save_report(ReportKind::Letters { round: CALL_OFF.into() }, &dialogs, &mut |p| seen.push(p)).unwrap_err();

    assert!(matches!(e, ApiError::File(_)), "{e:?}");
    assert_eq!(e.code(), ErrorCode::Storage);
    let said = e.to_string();
    assert!(said.starts_with(&format!("cannot write {}: ", third.display())), "names the third letter: {said}");
    assert!(said.ends_with("; nothing was written"), "{said}");
    assert_eq!(names(out.path()), [letters[2].clone()], "no letter, no temporary file: only the folder in the way");
    assert!(dialogs.shown.borrow().is_empty(), "nothing is opened");
    assert_eq!(messages(&seen), ["Producing the letters…"], "never said to be done");

    // The same through the command line's destination (the folder given by --out-dir).
    let e =
        api.save_report(ReportKind::Letters { round: CALL_OFF.into() }, &GivenPaths::folder(out.path()), &mut |_| {});
    assert!(e.is_err());
    assert_eq!(names(out.path()), [letters[2].clone()]);
}

#[test]
fn the_letters_go_into_the_folder_chosen_and_the_first_is_shown() {
    let (_d, api) = demo();
    let out = tempfile::tempdir().unwrap();
    let dialogs = Dialogs::in_folder(out.path());
    let mut seen = Vec::new();
    let saved =
        api.save_report(ReportKind::Letters { round: CALL_OFF.into() }, &dialogs, &mut |p| seen.push(p)).unwrap();
    let written = saved.detail.unwrap();
    assert_eq!(written.len(), 5);
    assert_eq!(names(out.path()).len(), 5);
    assert!(written.iter().all(|w| w.bytes == std::fs::metadata(&w.path).unwrap().len()));
    assert_eq!(saved.outcome.message, format!("Saved 5 letters to {}.", out.path().display()));
    assert_eq!(saved.outcome.files.len(), 5);
    assert_eq!(dialogs.shown.borrow().as_slice(), [written[0].path.clone()]);
    assert_eq!(dialogs.asked.borrow()[0].0, "Choose a folder for the letters");
    assert_eq!(messages(&seen), ["Producing the letters…", "Done."]);
}

#[test]
fn a_report_is_saved_under_the_suggested_name_shown_and_said_in_a_sentence() {
    let (_d, api) = demo();
    let out = tempfile::tempdir().unwrap();
    let dialogs = Dialogs::in_folder(out.path());
    let mut seen = Vec::new();
    let as_of = "2026-11-23".parse().unwrap();
    let saved = api.save_report(ReportKind::Foi { as_of: Some(as_of) }, &dialogs, &mut |p| seen.push(p)).unwrap();

    let path = out.path().join("foi-pack-2026-11-23.pdf");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-1."));
    assert_eq!(names(out.path()), ["foi-pack-2026-11-23.pdf"], "no temporary file left");
    let kb = bytes.len().div_ceil(1024);
    assert_eq!(saved.outcome.message, format!("Saved foi-pack-2026-11-23.pdf ({kb} KB) and opened it."));
    assert_eq!(saved.outcome.path, Some(path.display().to_string()));
    assert_eq!(dialogs.asked.borrow()[0], ("Save the FOI pack".into(), "foi-pack-2026-11-23.pdf".into(), PDF));
    assert_eq!(dialogs.shown.borrow().as_slice(), [path]);
    assert_eq!(messages(&seen), ["Producing the report…", "Choosing where to save it…", "Opening it…", "Done."]);
}

#[test]
fn the_committee_form_is_checked_before_anything_is_asked() {
    let (_d, api) = demo();
    let out = tempfile::tempdir().unwrap();
    let dialogs = Dialogs::in_folder(out.path());
    let form = tenderdesk_api::forms::reports::CommitteeReportForm {
        arrangement: "ARR-HC-FW-2025".into(),
        meeting_date: "2026-11-23".into(),
        committee: " ".into(),
        ..Default::default()
    };
    let e = api.save_report(ReportKind::CommitteeForm(form), &dialogs, &mut |_| {}).unwrap_err();
    assert_eq!(e.to_dto().field.as_deref(), Some("arrangements/ARR-HC-FW-2025/committee"), "{e}");
    assert!(dialogs.asked.borrow().is_empty(), "no dialog for a refused form");
    assert!(names(out.path()).is_empty());
}

#[test]
fn a_cancelled_dialog_does_nothing() {
    let (_d, api) = demo();
    let nowhere = GivenPaths::default();
    let saved = api.save_report(ReportKind::Matrix { round: CALL_OFF.into() }, &nowhere, &mut |_| {}).unwrap();
    assert!(!saved.outcome.done && saved.detail.is_none());
    assert_eq!(saved.outcome.message, "Cancelled: nothing was done.");
    let letters = api.save_report(ReportKind::Letters { round: CALL_OFF.into() }, &nowhere, &mut |_| {}).unwrap();
    assert!(letters.detail.is_none());
    assert!(api.import_dataset_from(&nowhere, &mut |_| {}).unwrap().detail.is_none());
    assert!(api
        .export_dataset_to(tenderdesk_api::ExportScope::SealedWithheld, &nowhere, &mut |_| {})
        .unwrap()
        .detail
        .is_none());
    assert!(api.backup_to(&nowhere, &mut |_| {}).unwrap().detail.is_none());
}

#[test]
fn an_import_reads_the_file_chosen_with_progress_and_says_how_many_records() {
    let dir = tempfile::tempdir().unwrap();
    let api = open_at(&dir.path().join("data"));
    let chosen = tempfile::tempdir().unwrap();
    std::fs::write(chosen.path().join("county.json"), fixtures::SMALL_JSON).unwrap();
    let dialogs = Dialogs { open: Some("county.json".into()), ..Dialogs::in_folder(chosen.path()) };
    let mut seen = Vec::new();
    let done = api.import_dataset_from(&dialogs, &mut |p| seen.push(p)).unwrap();
    let summary = done.detail.unwrap();
    assert!(summary.records > 0);
    assert_eq!(
        done.outcome.message,
        format!("Imported {} records from county.json.", thousands(summary.records as u64))
    );
    assert_eq!(dialogs.asked.borrow()[0], ("Import a data set".into(), String::new(), DATASET));
    assert_eq!(seen.first().map(|p| p.message.as_str()), Some("Reading county.json…"));
    let last = seen.last().unwrap();
    assert_eq!((last.done, last.total), (100, 100));
    assert!(
        last.message.starts_with(&format!("{} records read (", thousands(summary.records as u64))),
        "{}",
        last.message
    );
}

#[test]
fn a_missing_file_to_import_is_refused_naming_it() {
    let (_d, api) = demo();
    let e = api.import_dataset_from(&GivenPaths::file("/nonexistent-tenderdesk/county.json"), &mut |_| {}).unwrap_err();
    assert!(e.to_string().starts_with("cannot read /nonexistent-tenderdesk/county.json: "), "{e}");
}

/// Export and backup from one store, then a restore of the backup in place of the data in use
/// through the open store: the data in use is kept aside and the store open on the backup's.
#[test]
fn export_backup_and_restore_through_the_destination() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let api = open_at(&data);
    api.import_bytes(fixtures::SMALL_JSON.as_bytes(), "fixture").unwrap();
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let dialogs = Dialogs::in_folder(&out);

    let exported = api.export_dataset_to(tenderdesk_api::ExportScope::SealedWithheld, &dialogs, &mut |_| {}).unwrap();
    let written = exported.detail.unwrap();
    assert_eq!(std::fs::read_to_string(&written.path).unwrap(), api.export_json().unwrap());
    let name = written.path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("tenderdesk-") && name.ends_with(".json"), "{name}");
    assert!(exported.outcome.message.starts_with("Exported the data set ("), "{}", exported.outcome.message);
    assert!(exported.outcome.message.ends_with(&format!(" to {name}.")), "{}", exported.outcome.message);

    let backed_up = api.backup_to(&dialogs, &mut |_| {}).unwrap();
    let summary = backed_up.detail.unwrap();
    let backup = PathBuf::from(backed_up.outcome.path.clone().unwrap());
    assert!(backup.extension().is_some_and(|e| e == "tdbackup"));
    assert_eq!(dialogs.asked.borrow()[1].2, BACKUP);
    let backup_name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(backed_up.outcome.message, format!("Backed up {} entries to {backup_name}.", summary.entries));

    api.churn("AFTER-BACKUP", 1, |_, _| {}).unwrap();
    let store = OpenStore::new(api);
    let chosen = Dialogs { open: Some(backup_name.clone()), ..Dialogs::in_folder(&out) };
    let mut seen = Vec::new();
    let restored = store.restore_from(&chosen, &mut |p| seen.push(p)).unwrap();
    let r = restored.detail.unwrap();
    assert!(r.kept_aside.is_dir());
    assert!(restored.outcome.message.starts_with(&format!("Restored {} entries from {backup_name}; ", r.entries)));
    assert!(restored.outcome.message.ends_with(&format!("kept in {}.", r.kept_aside.display())));
    assert_eq!(messages(&seen).last(), Some(&"Done."));
    let providers = |api: &Api| -> Vec<String> {
        let all = api.list_records(tenderdesk_domain::Kind::Providers).unwrap();
        all.iter().map(|p| p["key"].as_str().unwrap().to_owned()).collect()
    };
    let now = store.with(|api| Ok(providers(api))).unwrap();
    assert!(!now.contains(&"AFTER-BACKUP-0".to_owned()), "the store open now holds the backup's data");
    assert!(providers(&open_at(&r.kept_aside)).contains(&"AFTER-BACKUP-0".to_owned()), "the data replaced is kept");
    let _ = std::fs::remove_dir_all(&r.kept_aside);
}
