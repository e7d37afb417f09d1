//! Native file dialogs, opened from Rust so that the page never sends or receives a path to act
//! on, and opening a produced file with the system's viewer.
//!
//! Test-only seam: when `TENDERDESK_E2E_DIALOG_DIR` is set at launch, no dialog is shown (native
//! GTK dialogs cannot be driven through WebDriver): a save dialog answers
//! `<dir>/<suggested name>`, an open dialog answers `<dir>/<TENDERDESK_E2E_OPEN_FILE>`, a folder
//! dialog answers `<dir>`, and opening a file only records its path (`last_opened`) and writes it
//! to stderr instead of launching a viewer.

use std::path::PathBuf;
use std::sync::Mutex;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

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

/// One filter of a dialog: its name and extensions.
pub type Filter = (&'static str, &'static [&'static str]);

/// Asks where to save `suggested`; None when the officer cancels.
pub fn save_file<R: Runtime>(
    app: &AppHandle<R>,
    seam: &DialogSeam,
    title: &str,
    suggested: &str,
    filter: Filter,
) -> Option<PathBuf> {
    if let Some(dir) = &seam.dir {
        return Some(dir.join(suggested));
    }
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(suggested)
        .add_filter(filter.0, filter.1)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks which file to open; None when the officer cancels.
pub fn open_file<R: Runtime>(app: &AppHandle<R>, seam: &DialogSeam, title: &str, filter: Filter) -> Option<PathBuf> {
    if let Some(dir) = &seam.dir {
        return seam.open_file.as_ref().map(|f| dir.join(f));
    }
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(filter.0, filter.1)
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for a folder; None when the officer cancels.
pub fn pick_folder<R: Runtime>(app: &AppHandle<R>, seam: &DialogSeam, title: &str) -> Option<PathBuf> {
    if let Some(dir) = &seam.dir {
        return Some(dir.clone());
    }
    app.dialog().file().set_title(title).blocking_pick_folder().and_then(|p| p.into_path().ok())
}

/// Opens a produced file with the system's viewer (in the test seam: records it instead).
pub fn open_with_system(seam: &DialogSeam, path: &std::path::Path) -> Result<(), String> {
    if seam.dir.is_some() {
        eprintln!("tenderdesk: e2e: would open {}", path.display());
        if let Ok(mut last) = LAST_OPENED.lock() {
            *last = Some(path.display().to_string());
        }
        return Ok(());
    }
    tauri_plugin_opener::open_path(path, None::<&str>).map_err(|e| format!("cannot open {}: {e}", path.display()))
}
