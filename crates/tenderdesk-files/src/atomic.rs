//! One file, written through a temporary file beside it and renamed into place when complete.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::FileError;

/// Writes are gathered into blocks of this size before they go to the disk.
const BUFFER: usize = 1 << 20;

/// Numbers the temporary names this process makes, so that two writers never share one.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A name beside `target` that no other writer uses: `.<name>.<process>-<n>.<what>`.
pub(crate) fn beside(target: &Path, what: &str) -> io::Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "it names a folder, not a file"))?;
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    Ok(target.with_file_name(format!(".{}.{}-{n}.{what}", name.to_string_lossy(), std::process::id())))
}

/// A file being written: everything goes to a temporary file beside the target, which
/// [`AtomicFile::commit`] flushes to disk and renames over the target. Dropped without a commit
/// (an error, a panic), the temporary file is removed and the target is as it was.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    out: Option<BufWriter<File>>,
    written: u64,
    /// The temporary file is gone: renamed into place, or handed on.
    finished: bool,
}

impl AtomicFile {
    /// Starts writing `target` (nothing is replaced until [`AtomicFile::commit`]).
    pub fn create(target: impl Into<PathBuf>) -> Result<AtomicFile, FileError> {
        let target = target.into();
        let temp = beside(&target, "tmp").map_err(|e| FileError::write(&target, e))?;
        let file =
            OpenOptions::new().write(true).create_new(true).open(&temp).map_err(|e| FileError::write(&target, e))?;
        Ok(AtomicFile { target, temp, out: Some(BufWriter::with_capacity(BUFFER, file)), written: 0, finished: false })
    }

    /// The file this will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The error of a write to this file that failed: it names the target.
    pub fn error(&self, source: io::Error) -> FileError {
        FileError::write(&self.target, source)
    }

    /// Flushes the file to disk and renames it over the target; returns the bytes written.
    pub fn commit(mut self) -> Result<u64, FileError> {
        self.flush_to_disk().map_err(|e| self.error(e))?;
        std::fs::rename(&self.temp, &self.target).map_err(|e| self.error(e))?;
        self.finished = true;
        sync_folder_of(&self.target);
        Ok(self.written)
    }

    /// Flushes the file to disk and hands its temporary name on, for a set renamed later.
    pub(crate) fn into_complete(mut self) -> Result<Complete, FileError> {
        self.flush_to_disk().map_err(|e| self.error(e))?;
        self.finished = true;
        Ok(Complete { temp: std::mem::take(&mut self.temp), target: std::mem::take(&mut self.target) })
    }

    fn flush_to_disk(&mut self) -> io::Result<()> {
        let out = self.out.take().ok_or_else(closed)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()
    }
}

fn closed() -> io::Error {
    io::Error::other("the file was already closed")
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.as_mut().ok_or_else(closed)?.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.as_mut().ok_or_else(closed)?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.finished {
            drop(self.out.take());
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A temporary file written whole and flushed to disk, waiting to be renamed over its target;
/// dropped, it is removed.
#[derive(Debug)]
pub(crate) struct Complete {
    pub(crate) temp: PathBuf,
    pub(crate) target: PathBuf,
}

impl Drop for Complete {
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

impl Complete {
    /// The temporary file is renamed: nothing is left to remove.
    pub(crate) fn placed(mut self) -> PathBuf {
        self.temp = PathBuf::new();
        std::mem::take(&mut self.target)
    }
}

/// After a rename, the folder's entry is flushed too, so the new name survives a power cut
/// (where the system allows a folder to be opened; elsewhere the rename is as durable as it is).
pub(crate) fn sync_folder_of(path: &Path) {
    #[cfg(unix)]
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(f) = File::open(folder) {
            let _ = f.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Writes `bytes` to `path` through a temporary file beside it, replacing `path` only once the
/// new file is complete and on disk.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|e| file.error(e))?;
    file.commit().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::names;

    #[test]
    fn a_committed_file_replaces_the_target_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.pdf");
        std::fs::write(&path, b"old").unwrap();
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"new contents").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"old", "the target is untouched until the commit");
        assert_eq!(f.commit().unwrap(), 12);
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
        assert_eq!(names(dir.path()), ["report.pdf"]);
    }

    #[test]
    fn a_file_dropped_without_a_commit_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        std::fs::write(&path, b"kept").unwrap();
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"half of a new").unwrap();
        drop(f);
        assert_eq!(std::fs::read(&path).unwrap(), b"kept");
        assert_eq!(names(dir.path()), ["export.json"]);
    }

    #[test]
    fn a_missing_folder_is_refused_naming_the_file_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no such folder").join("x.pdf");
        let e = write_atomic(&path, b"x").unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with(&format!("cannot write {}: ", path.display())), "{text}");
        assert!(text.ends_with("; nothing was written"), "{text}");
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_folder_standing_where_the_file_goes_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("letter.pdf");
        std::fs::create_dir(&path).unwrap();
        let e = write_atomic(&path, b"x").unwrap_err();
        assert_eq!(e.path(), path);
        assert!(path.is_dir());
        assert_eq!(names(dir.path()), ["letter.pdf"], "no temporary file left");
    }

    #[test]
    fn two_writers_of_the_same_file_use_different_temporary_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("same.json");
        let mut a = AtomicFile::create(&path).unwrap();
        let mut b = AtomicFile::create(&path).unwrap();
        a.write_all(b"a").unwrap();
        b.write_all(b"b").unwrap();
        a.commit().unwrap();
        b.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"b", "the last commit wins, whole");
        assert_eq!(names(dir.path()), ["same.json"]);
    }
}
