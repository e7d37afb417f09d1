//! Import, export, backup and restore through native dialogs opened here, never by the page;
//! long work reports progress through a channel and runs off the main thread.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tenderdesk_api::backup::{self, NotReplaced};
use tenderdesk_api::dataset_io::ImportProgress;
use tenderdesk_api::screens::files::{FileOutcome, Progress};
use tenderdesk_api::ErrorDto;

use super::{run, Shared};
use crate::dialogs::{self, DialogSeam, LAST_OPENED};

const JSON: dialogs::Filter = ("TenderDesk data set (JSON)", &["json"]);
const BACKUP: dialogs::Filter = ("TenderDesk backup", &["tdbackup", "backup"]);

fn step(channel: &Channel<Progress>, done: u32, total: u32, message: impl Into<String>) {
    // A window that went away cannot be told; the work carries on regardless.
    let _ = channel.send(Progress { done, total, message: message.into() });
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
}

/// Asks for a data set file, then adds every record of it (or none), reporting the records and
/// the share of the file read as it goes, a few times a second at most.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_dataset(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    let seam = seam.inner().clone();
    run(&api, move |api| {
        let Some(path) = dialogs::open_file(&app, &seam, "Import a data set", JSON) else {
            return Ok(FileOutcome::cancelled());
        };
        step(&on_progress, 0, 100, format!("Reading {}…", file_name(&path)));
        let bytes = std::fs::read(&path).map_err(|e| tenderdesk_api::ApiError::ReadFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let mut last_sent: Option<Instant> = None;
        let mut report = |p: ImportProgress| {
            let whole = p.bytes_read >= p.bytes_total;
            if whole || last_sent.is_none_or(|at| at.elapsed() >= PROGRESS_INTERVAL) {
                last_sent = Some(Instant::now());
                let message = format!(
                    "{} records read ({} of {})",
                    thousands(p.records),
                    human_bytes(p.bytes_read as usize),
                    human_bytes(p.bytes_total as usize)
                );
                step(&on_progress, p.percent(), 100, message);
            }
        };
        let summary = api.import_bytes_with_progress(&bytes, &path.display().to_string(), &mut report)?;
        Ok(FileOutcome::done(
            &path,
            format!("Imported {} records from {}.", thousands(summary.records as u64), file_name(&path)),
        ))
    })
    .await
}

/// The least time between two progress reports: a few a second are enough for a progress bar.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);

/// 12408 → "12,408".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", n.div_ceil(1024))
    }
}

/// Asks where to save, then writes the whole store as a data set (sealed prices withheld unless
/// `include_sealed`).
#[tauri::command(rename_all = "snake_case")]
pub async fn export_dataset(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    include_sealed: bool,
) -> Result<FileOutcome, ErrorDto> {
    let seam = seam.inner().clone();
    run(&api, move |api| {
        let suggested = format!("tenderdesk-{}.json", super::today());
        let Some(path) = dialogs::save_file(&app, &seam, "Export the data set", &suggested, JSON) else {
            return Ok(FileOutcome::cancelled());
        };
        let bytes = api.export_file_with(&path, tenderdesk_api::ExportScope::including_sealed(include_sealed))?;
        Ok(FileOutcome::done(&path, format!("Exported the data set ({}) to {}.", human_bytes(bytes), file_name(&path))))
    })
    .await
}

/// Asks where to save, then writes a backup of the whole store.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_store(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
) -> Result<FileOutcome, ErrorDto> {
    let seam = seam.inner().clone();
    run(&api, move |api| {
        let suggested = format!("tenderdesk-{}.tdbackup", super::today());
        let Some(path) = dialogs::save_file(&app, &seam, "Back up the store", &suggested, BACKUP) else {
            return Ok(FileOutcome::cancelled());
        };
        let s = api.backup(&path)?;
        Ok(FileOutcome::done(&path, format!("Backed up {} entries to {}.", s.entries, file_name(&path))))
    })
    .await
}

/// Asks for a backup, restores it into a new folder beside the store's and checks it; only if it
/// is sound, puts it in place of the data in use, which is kept aside in a folder beside it
/// (`<folder>-before-restore-<UTC time>`), never deleted. Any failure leaves the data in use as it
/// was, and open. The page asks the officer to confirm before calling this.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    let seam = seam.inner().clone();
    let store = Arc::clone(&api);
    tauri::async_runtime::spawn_blocking(move || {
        let Some(path) = dialogs::open_file(&app, &seam, "Restore a backup", BACKUP) else {
            return Ok(FileOutcome::cancelled());
        };
        step(&on_progress, 0, 3, format!("Restoring {} into a new folder and checking it…", file_name(&path)));
        // The data in use stays open (and usable) while the backup is restored beside it.
        let staged = store.with(|api| api.stage_restore(&path))?;
        step(
            &on_progress,
            2,
            3,
            format!(
                "{} entries restored and checked; putting them in place of your data…",
                thousands(staged.report.copied.entries as u64)
            ),
        );
        let (kept_aside, entries) = store.replace(|current| match backup::replace_store(current, staged) {
            Ok(r) => (Some(r.api), Ok((r.kept_aside, r.report.copied.entries as u64))),
            Err(not) => {
                let NotReplaced { api, error } = *not;
                (api, Err(error.to_dto()))
            }
        })??;
        step(&on_progress, 3, 3, "Done.");
        Ok(FileOutcome::done(
            &path,
            format!(
                "Restored {} entries from {}; every record and the audit chain check out. \
                 The data that was here before is kept in {}.",
                thousands(entries),
                file_name(&path),
                kept_aside.display()
            ),
        ))
    })
    .await
    .map_err(|e| super::internal(format!("the restore stopped unexpectedly: {e}")))?
}

/// The folder the data is kept in, for the page to say where (a restore keeps the data in use
/// aside in a folder beside it).
#[tauri::command(rename_all = "snake_case")]
pub async fn data_folder(api: Shared<'_>) -> Result<String, ErrorDto> {
    run(&api, |api| Ok(api.data_dir().display().to_string())).await
}

/// Test-only (`TENDERDESK_E2E_DIALOG_DIR` set): the last file the app would have opened.
#[tauri::command(rename_all = "snake_case")]
pub fn last_opened_path(seam: State<'_, DialogSeam>) -> Result<Option<String>, ErrorDto> {
    if seam.dir.is_none() {
        return Err(super::internal("last_opened_path is only available in the end-to-end test mode"));
    }
    Ok(LAST_OPENED.lock().map(|l| l.clone()).unwrap_or(None))
}
