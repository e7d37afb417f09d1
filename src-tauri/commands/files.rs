//! Import, export, backup and restore through native dialogs opened by the app, never by the
//! page; long work reports progress through a channel.

use tauri::ipc::Channel;
use tenderdesk_api::files::{ignore_progress, FileOutcome, Progress};
use tenderdesk_api::{ErrorDto, ExportScope};

use crate::dialogs::Dialogs;
use crate::runtime::{on_store, run, run_file, to_window, Shared};

/// Asks for a data set file, then adds every record of it (or none), with progress.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_dataset(
    api: Shared<'_>,
    dialogs: Dialogs,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    run_file(&api, move |api| api.import_dataset_from(&dialogs, &mut to_window(&on_progress))).await
}

/// Asks where to save, then writes the whole store as a data set (sealed prices withheld unless
/// `include_sealed`).
#[tauri::command(rename_all = "snake_case")]
pub async fn export_dataset(api: Shared<'_>, dialogs: Dialogs, include_sealed: bool) -> Result<FileOutcome, ErrorDto> {
    run_file(&api, move |api| {
        api.export_dataset_to(ExportScope::including_sealed(include_sealed), &dialogs, &mut ignore_progress)
    })
    .await
}

/// Asks where to save, then writes a backup of the whole store.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_store(api: Shared<'_>, dialogs: Dialogs) -> Result<FileOutcome, ErrorDto> {
    run_file(&api, move |api| api.backup_to(&dialogs, &mut ignore_progress)).await
}

/// Asks for a backup and restores it in place of the data in use, which is kept aside
/// (`OpenStore::restore_from`). The page asks the officer to confirm before calling this.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(
    api: Shared<'_>,
    dialogs: Dialogs,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    on_store(&api, move |store| store.restore_from(&dialogs, &mut to_window(&on_progress)).map(FileOutcome::from)).await
}

/// The folder the data is kept in, for the page to say where (a restore keeps the data in use
/// aside in a folder beside it).
#[tauri::command(rename_all = "snake_case")]
pub async fn data_folder(api: Shared<'_>) -> Result<String, ErrorDto> {
    run(&api, |api| api.data_folder()).await
}

/// Test-only (`TENDERDESK_E2E_DIALOG_DIR` set): the last file the app would have opened.
#[tauri::command(rename_all = "snake_case")]
pub fn last_opened_path(dialogs: Dialogs) -> Result<Option<String>, ErrorDto> {
    dialogs.last_opened()
}
