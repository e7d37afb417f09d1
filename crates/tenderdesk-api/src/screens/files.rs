//! What the window's file actions report: progress while they run, and the outcome.
//!
//! The paths come from native dialogs opened by the Rust side, never from the page.

use serde::Serialize;

/// A step of a long file action, sent to the window as it happens.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Progress {
    /// Steps done so far, of `total`.
    pub done: u32,
    pub total: u32,
    /// What is happening now, for the officer ("Checking and storing 12,408 records…").
    pub message: String,
}

/// How a file action ended.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FileOutcome {
    /// False when the officer closed the dialog without choosing: nothing was done.
    pub done: bool,
    /// The file or folder written or read.
    pub path: Option<String>,
    /// What was done, in a sentence ("Imported 1,204 records from county.json").
    pub message: String,
    /// The files written, where there are several (letters).
    pub files: Vec<String>,
}

impl FileOutcome {
    pub fn cancelled() -> FileOutcome {
        FileOutcome { done: false, path: None, message: "Cancelled: nothing was done.".into(), files: Vec::new() }
    }

    /// One file (or folder) written or read, with the sentence saying what was done.
    pub fn done(path: &std::path::Path, message: String) -> FileOutcome {
        FileOutcome { done: true, path: Some(path.display().to_string()), message, files: Vec::new() }
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<Progress>();
    b.add::<FileOutcome>();
}
