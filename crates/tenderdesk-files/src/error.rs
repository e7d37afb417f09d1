//! Why a file or a set of files could not be written.

use std::io;
use std::path::{Path, PathBuf};

/// A file that could not be written. Each message names the file and says what was left.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Nothing was written: the target (and, for a set, the folder) is as it was.
    #[error("cannot write {}: {source}; nothing was written", path.display())]
    Write { path: PathBuf, source: io::Error },

    /// A file of a set was named with a folder in its name, or with no name at all.
    #[error(
        "cannot write \"{name}\" into {}: a file's name must be one name, with no folder in it; nothing was written",
        dir.display()
    )]
    NotAFileName { dir: PathBuf, name: String },

    /// A set failed part-way and some of what this call had already written could not be taken
    /// away again (the disk refused): `left` lists those files.
    #[error(
        "cannot write {}: {source}; and {} could not be taken away again, so check that folder",
        path.display(),
        list(left)
    )]
    Partly { path: PathBuf, source: io::Error, left: Vec<PathBuf> },
}

impl FileError {
    pub(crate) fn write(path: &Path, source: io::Error) -> FileError {
        FileError::Write { path: path.to_owned(), source }
    }

    /// The file (or folder) that could not be written.
    pub fn path(&self) -> &Path {
        match self {
            FileError::Write { path, .. } | FileError::Partly { path, .. } => path,
            FileError::NotAFileName { dir, .. } => dir,
        }
    }
}

fn list(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}
