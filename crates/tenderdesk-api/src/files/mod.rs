//! Files are use cases: saving a report, importing and exporting a data set, backing up and
//! restoring, each one function here that takes a [`Destination`] and a progress sink.
//!
//! The destination answers "where?": the window's native dialogs (`src-tauri/dialogs.rs`), or the
//! paths the command line was given (`--out`, `--out-dir`, `--csv`: [`GivenPaths`]). Everything
//! else — the order of the steps, the progress the window shows, the sentence it shows at the
//! end, and the writing itself (one file atomically, a set of files all or none, through
//! `tenderdesk-files`) — is done here once, so the window and the command line cannot drift.
//!
//! Each use case returns a [`Finished`]: the window's [`FileOutcome`], and what was written or
//! read, for the command line to print its own lines.

mod dataset;
mod given;
mod open_store;
mod progress;
mod reports;
mod store_copy;

use std::path::{Path, PathBuf};

pub use given::GivenPaths;
pub use open_store::OpenStore;
pub use progress::{human_bytes, ignore_progress, kilobytes, thousands, Throttled};
pub use reports::ReportKind;
pub use store_copy::Restored;

pub use crate::screens::files::{FileOutcome, Progress};

/// A kind of file a dialog offers to choose: its name and its extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileFilter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const PDF: FileFilter = FileFilter { name: "PDF document", extensions: &["pdf"] };
pub const CSV: FileFilter = FileFilter { name: "CSV (comma-separated values)", extensions: &["csv"] };
pub const DATASET: FileFilter = FileFilter { name: "TenderDesk data set (JSON)", extensions: &["json"] };
pub const BACKUP: FileFilter = FileFilter { name: "TenderDesk backup", extensions: &["tdbackup", "backup"] };

/// Where files go and come from: asked at the moment a use case needs it. Each question answers
/// None when the officer cancels (then nothing is done).
pub trait Destination {
    /// Where to save a new file: the dialog's title, the name it suggests, the kind of file.
    fn save_file(&self, title: &str, suggested: &str, filter: FileFilter) -> Option<PathBuf>;
    /// The folder to write a set of files into.
    fn folder(&self, title: &str) -> Option<PathBuf>;
    /// Which file to read.
    fn open_file(&self, title: &str, filter: FileFilter) -> Option<PathBuf>;
    /// Shows a file just written (opens it in the system's viewer).
    fn show(&self, path: &Path) -> Shown;
}

/// What became of showing a file just written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Opened,
    /// Not asked to (the command line shows nothing).
    NotOpened,
    /// It could not be opened: why, in words that follow "but" ("cannot open x.pdf: …").
    Failed(String),
}

/// One file written, and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
}

/// How a file use case ended: what the window shows, and what was written or read (`detail`,
/// None when the officer cancelled and nothing was done).
#[derive(Debug, Clone)]
pub struct Finished<T> {
    pub outcome: FileOutcome,
    pub detail: Option<T>,
}

impl<T> Finished<T> {
    pub(crate) fn cancelled() -> Finished<T> {
        Finished { outcome: FileOutcome::cancelled(), detail: None }
    }

    /// One file (or folder) written or read, the sentence saying what was done, and the detail.
    pub(crate) fn done(path: &Path, message: String, detail: T) -> Finished<T> {
        Finished { outcome: FileOutcome::done(path, message), detail: Some(detail) }
    }
}

impl<T> From<Finished<T>> for FileOutcome {
    fn from(finished: Finished<T>) -> FileOutcome {
        finished.outcome
    }
}

/// A step of a use case, as the window's progress shows it.
pub(crate) fn step(done: u32, total: u32, message: impl Into<String>) -> Progress {
    Progress { done, total, message: message.into() }
}

/// The name of a file without its folder, as the window's sentences give it.
pub(crate) fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
}
