//! Native file dialogs, opened from Rust so that the page never sends or receives a path to act
//! on, and opening a produced file with the system's viewer: the window's [`Destination`] for
//! the API's file use cases (`tenderdesk_api::files`).
//!
//! Test-only seam: when `TENDERDESK_E2E_DIALOG_DIR` is set at launch, no dialog is shown (native
//! GTK dialogs cannot be driven through WebDriver): a save dialog answers
//! `<dir>/<suggested name>`, an open dialog answers `<dir>/<TENDERDESK_E2E_OPEN_FILE>`, a folder
//! dialog answers `<dir>`, and opening a file only records its path (`last_opened`) and writes it
//! to stderr instead of launching a viewer.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::{AppHandle, Manager, Runtime, Wry};
use tauri_plugin_dialog::DialogExt;
use tenderdesk_api::files::{Destination, FileFilter, Shown};
use tenderdesk_api::ErrorDto;

use crate::runtime::internal;

/// The test seam's folder, read once at launch.
#[derive(Debug, Clone, Default)]
pub struct DialogSeam {
    pub dir: Option<PathBuf>,
    pub open_file: Option<String>,
}

impl DialogSeam {
    pub fn from_env() -> DialogSeam {
        DialogSeam {
            dir: std::env::var_os("TENDERDESK_E2E_DIALOG_DIR").filter(|d| !d.is_empty()).map(PathBuf::from),
            open_file: std::env::var("TENDERDESK_E2E_OPEN_FILE").ok().filter(|f| !f.trim().is_empty()),
        }
    }
}

/// The last file "opened" in the test seam's mode.
pub static LAST_OPENED: Mutex<Option<String>> = Mutex::new(None);

/// The dialogs of the window a command came from (or the test seam's answers). A command takes
/// it as an argument; Tauri builds it from the invocation, so the page never sends it.
pub struct Dialogs<R: Runtime = Wry> {
    app: AppHandle<R>,
    seam: DialogSeam,
}

impl<'de, R: Runtime> CommandArg<'de, R> for Dialogs<R> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let app = command.message.webview().app_handle().clone();
        let seam = app.try_state::<DialogSeam>().map(|s| s.inner().clone()).ok_or_else(|| {
            InvokeError::from_anyhow(anyhow::anyhow!("the dialogs' settings are not set up (`manage(DialogSeam)`)"))
        })?;
        Ok(Dialogs { app, seam })
    }
}

impl<R: Runtime> Dialogs<R> {
    /// Test-only (`TENDERDESK_E2E_DIALOG_DIR` set): the last file the app would have opened.
    pub fn last_opened(&self) -> Result<Option<String>, ErrorDto> {
        if self.seam.dir.is_none() {
            return Err(internal("last_opened_path is only available in the end-to-end test mode"));
        }
        Ok(LAST_OPENED.lock().map(|l| l.clone()).unwrap_or(None))
    }
}

impl<R: Runtime> Destination for Dialogs<R> {
    fn save_file(&self, title: &str, suggested: &str, filter: FileFilter) -> Option<PathBuf> {
        if let Some(dir) = &self.seam.dir {
            return Some(dir.join(suggested));
        }
        self.app
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(suggested)
            .add_filter(filter.name, filter.extensions)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
    }

    fn folder(&self, title: &str) -> Option<PathBuf> {
        if let Some(dir) = &self.seam.dir {
            return Some(dir.clone());
        }
        self.app.dialog().file().set_title(title).blocking_pick_folder().and_then(|p| p.into_path().ok())
    }

    fn open_file(&self, title: &str, filter: FileFilter) -> Option<PathBuf> {
        if let Some(dir) = &self.seam.dir {
            return self.seam.open_file.as_ref().map(|f| dir.join(f));
        }
        self.app
            .dialog()
            .file()
            .set_title(title)
            .add_filter(filter.name, filter.extensions)
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok())
    }

    /// Opens the file with the system's viewer (in the test seam: records it instead).
    fn show(&self, path: &Path) -> Shown {
        if self.seam.dir.is_some() {
            eprintln!("tenderdesk: e2e: would open {}", path.display());
            if let Ok(mut last) = LAST_OPENED.lock() {
                *last = Some(path.display().to_string());
            }
            return Shown::Opened;
        }
        match tauri_plugin_opener::open_path(path, None::<&str>) {
            Ok(()) => Shown::Opened,
            Err(e) => Shown::Failed(format!("cannot open {}: {e}", path.display())),
        }
    }
}
