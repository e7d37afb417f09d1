//! The window's commands, one file per screen, each a one-line delegation to `tenderdesk_api::Api`
//! run off the main thread (`run`), so the window never freezes.
//!
//! Every command is named in `COMMANDS` (which `build.rs` also reads, generating each one's
//! `allow-…` permission) and granted in `capabilities/main-window.json`; a test checks the three
//! agree. Arguments are snake_case on the JavaScript side too (`rename_all = "snake_case"`).

pub mod arrangements;
pub mod contracts;
pub mod dashboard;
pub mod files;
pub mod market;
pub mod reports;
pub mod rounds;
pub mod settings;

use std::sync::Arc;

use tauri::State;
use tenderdesk_api::{Api, ErrorCode, ErrorDto};

/// The open store, shared by the commands.
pub type Shared<'a> = State<'a, Arc<Api>>;

/// Runs `work` on a blocking thread and turns its error into the window's `ErrorDto`.
pub async fn run<T: Send + 'static>(
    api: &Shared<'_>,
    work: impl FnOnce(&Api) -> tenderdesk_api::Result<T> + Send + 'static,
) -> Result<T, ErrorDto> {
    let api = Arc::clone(api);
    tauri::async_runtime::spawn_blocking(move || work(&api))
        .await
        .map_err(|e| internal(format!("the work stopped unexpectedly: {e}")))?
        .map_err(|e| e.to_dto())
}

/// An error that is not the API's (a thread or a dialog failing).
pub fn internal(message: impl Into<String>) -> ErrorDto {
    ErrorDto { code: ErrorCode::Storage, message: message.into(), field: None, problems: Vec::new() }
}

/// Today in the UK, the default "as at" date.
pub fn today() -> chrono::NaiveDate {
    tenderdesk_api::market::today()
}
