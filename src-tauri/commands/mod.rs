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

use std::sync::{Arc, PoisonError, RwLock};

use tauri::State;
use tenderdesk_api::{Api, ErrorCode, ErrorDto};

/// The open store, shared by the commands. A restore closes it and opens the restored one in its
/// place (`replace`): commands read it under a lock, so the swap waits for those running and
/// those that come during the swap wait for it.
pub struct OpenStore(RwLock<Option<Api>>);

impl OpenStore {
    pub fn new(api: Api) -> Arc<OpenStore> {
        Arc::new(OpenStore(RwLock::new(Some(api))))
    }

    /// Runs `work` on the open store (on the calling thread).
    pub fn with<T>(&self, work: impl FnOnce(&Api) -> tenderdesk_api::Result<T>) -> Result<T, ErrorDto> {
        // A panic while reading does not poison the lock; one while swapping left it as it was.
        let open = self.0.read().unwrap_or_else(PoisonError::into_inner);
        match open.as_ref() {
            Some(api) => work(api).map_err(|e| e.to_dto()),
            None => Err(internal(
                "the store was closed by a restore that failed, and could not be opened again; \
                 close TenderDesk and open it again",
            )),
        }
    }

    /// Closes the open store once no command is using it and hands it to `swap`, which returns
    /// the store to open from now on (the same one, when it did not replace it) and its outcome.
    pub fn replace<R>(&self, swap: impl FnOnce(Api) -> (Option<Api>, R)) -> Result<R, ErrorDto> {
        let mut open = self.0.write().unwrap_or_else(PoisonError::into_inner);
        let Some(current) = open.take() else {
            return Err(internal("the store is closed; close TenderDesk and open it again"));
        };
        let (next, outcome) = swap(current);
        *open = next;
        Ok(outcome)
    }
}

/// The open store, shared by the commands.
pub type Shared<'a> = State<'a, Arc<OpenStore>>;

/// Runs `work` on a blocking thread and turns its error into the window's `ErrorDto`.
pub async fn run<T: Send + 'static>(
    api: &Shared<'_>,
    work: impl FnOnce(&Api) -> tenderdesk_api::Result<T> + Send + 'static,
) -> Result<T, ErrorDto> {
    let store = Arc::clone(api);
    tauri::async_runtime::spawn_blocking(move || store.with(work))
        .await
        .map_err(|e| internal(format!("the work stopped unexpectedly: {e}")))?
}

/// An error that is not the API's (a thread or a dialog failing).
pub fn internal(message: impl Into<String>) -> ErrorDto {
    ErrorDto { code: ErrorCode::Storage, message: message.into(), field: None, problems: Vec::new() }
}

/// Today in the UK, the default "as at" date.
pub fn today() -> chrono::NaiveDate {
    tenderdesk_api::market::today()
}
