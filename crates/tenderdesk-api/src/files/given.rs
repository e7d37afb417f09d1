//! The destination of the command line (and of tests): the paths it was given, asked nothing.

use std::path::{Path, PathBuf};

use super::{Destination, FileFilter, Shown};

/// Answers every "where?" with a path given beforehand (`--out FILE`, `--out-dir DIR`, or the
/// file to import); a question it has no path for answers None, as a cancelled dialog does.
/// It opens nothing: the command line says what it wrote in its own lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GivenPaths {
    /// The file to save, or to read.
    pub file: Option<PathBuf>,
    /// The folder to write a set of files into.
    pub folder: Option<PathBuf>,
}

impl GivenPaths {
    /// A file to write or read.
    pub fn file(path: impl Into<PathBuf>) -> GivenPaths {
        GivenPaths { file: Some(path.into()), folder: None }
    }

    /// A folder to write a set of files into (made if missing).
    pub fn folder(path: impl Into<PathBuf>) -> GivenPaths {
        GivenPaths { file: None, folder: Some(path.into()) }
    }
}

impl Destination for GivenPaths {
    fn save_file(&self, _title: &str, _suggested: &str, _filter: FileFilter) -> Option<PathBuf> {
        self.file.clone()
    }

    fn folder(&self, _title: &str) -> Option<PathBuf> {
        self.folder.clone()
    }

    fn open_file(&self, _title: &str, _filter: FileFilter) -> Option<PathBuf> {
        self.file.clone()
    }

    fn show(&self, _path: &Path) -> Shown {
        Shown::NotOpened
    }
}
