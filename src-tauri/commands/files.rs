//! Import, export, backup and restore through native dialogs opened here, never by the page;
//! long work reports progress through a channel and runs off the main thread.

use tauri::ipc::Channel;
use tauri::{AppHandle, State};
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

/// Asks for a data set file, then adds every record of it (or none), reporting each step.
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
        step(&on_progress, 0, 3, format!("Reading {}…", file_name(&path)));
        let bytes = std::fs::read(&path).map_err(|e| tenderdesk_api::ApiError::ReadFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        step(&on_progress, 1, 3, format!("Checking and storing {} of data…", human_bytes(bytes.len())));
        let summary = api.import_bytes(&bytes, &path.display().to_string())?;
        step(&on_progress, 3, 3, "Done.");
        Ok(FileOutcome::done(&path, format!("Imported {} records from {}.", summary.records, file_name(&path))))
    })
    .await
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
        let bytes = api.export_file_with(&path, include_sealed)?;
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

/// Asks for a backup, then restores it into this store, which must be empty; reports progress.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    let seam = seam.inner().clone();
    run(&api, move |api| {
        let Some(path) = dialogs::open_file(&app, &seam, "Restore a backup", BACKUP) else {
            return Ok(FileOutcome::cancelled());
        };
        step(&on_progress, 0, 2, format!("Restoring {}…", file_name(&path)));
        let r = api.restore(&path)?;
        step(&on_progress, 2, 2, "Done.");
        let checked = if r.verify.is_ok() {
            "every record and the audit chain check out".to_owned()
        } else {
            format!("{} problems found: {}", r.verify.problems.len(), r.verify.problems.join("; "))
        };
        Ok(FileOutcome::done(
            &path,
            format!("Restored {} entries from {}; {checked}.", r.copied.entries, file_name(&path)),
        ))
    })
    .await
}

/// Test-only (`TENDERDESK_E2E_DIALOG_DIR` set): the last file the app would have opened.
#[tauri::command(rename_all = "snake_case")]
pub fn last_opened_path(seam: State<'_, DialogSeam>) -> Result<Option<String>, ErrorDto> {
    if seam.dir.is_none() {
        return Err(super::internal("last_opened_path is only available in the end-to-end test mode"));
    }
    Ok(LAST_OPENED.lock().map(|l| l.clone()).unwrap_or(None))
}
