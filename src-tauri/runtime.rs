//! How a command runs: off the main thread (so the window never freezes), on the open store, its
//! error turned into the window's `ErrorDto`.

use std::sync::Arc;

use tauri::ipc::Channel;
use tauri::State;
use tenderdesk_api::files::{FileOutcome, Finished, OpenStore, Progress};
use tenderdesk_api::{Api, ErrorCode, ErrorDto};

/// The open store, shared by the commands.
pub type Shared<'a> = State<'a, Arc<OpenStore>>;

/// Runs `work` on the open store, on a blocking thread.
pub async fn run<T: Send + 'static>(
    store: &Shared<'_>,
    work: impl FnOnce(&Api) -> tenderdesk_api::Result<T> + Send + 'static,
) -> Result<T, ErrorDto> {
    on_store(store, move |store| store.with(work)).await
}

/// As [`run`], for a file use case: the window receives its outcome.
pub async fn run_file<T: Send + 'static>(
    store: &Shared<'_>,
    work: impl FnOnce(&Api) -> tenderdesk_api::Result<Finished<T>> + Send + 'static,
) -> Result<FileOutcome, ErrorDto> {
    run(store, move |api| work(api).map(FileOutcome::from)).await
}

/// Runs `work` with the holder of the open store itself (a restore swaps the store), on a
/// blocking thread.
pub async fn on_store<T: Send + 'static>(
    store: &Shared<'_>,
    work: impl FnOnce(&OpenStore) -> tenderdesk_api::Result<T> + Send + 'static,
) -> Result<T, ErrorDto> {
    let store = Arc::clone(store);
    tauri::async_runtime::spawn_blocking(move || work(&store).map_err(|e| e.to_dto()))
        .await
        .map_err(|e| internal(format!("the work stopped unexpectedly: {e}")))?
}

/// The progress of a use case, sent to the page through its channel. A window that went away
/// cannot be told; the work carries on regardless.
pub fn to_window(channel: &Channel<Progress>) -> impl FnMut(Progress) + '_ {
    move |p| {
        let _ = channel.send(p);
    }
}

/// An error that is not the API's (a thread or a dialog failing).
pub fn internal(message: impl Into<String>) -> ErrorDto {
    ErrorDto { code: ErrorCode::Storage, message: message.into(), field: None, problems: Vec::new() }
}

/// Today in the UK, the default "as at" date.
pub fn today() -> chrono::NaiveDate {
    tenderdesk_api::market::today()
}
