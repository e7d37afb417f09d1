//! A set of files into one folder, all or none.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::atomic::{beside, sync_folder_of, AtomicFile, Complete};
use crate::FileError;

/// A file of the set renamed into place, and the file it replaced (moved aside until the whole
/// set is in place).
struct Placed {
    target: PathBuf,
    replaced: Option<PathBuf>,
}

/// Writes every file of `files` (each a name and its contents) into `dir`, making the folder
/// when it is missing; returns the paths written, in the order given.
///
/// Every file is written to a temporary name beside its target and flushed to disk first; only
/// when all are complete are they renamed into place. On any failure every temporary file is
/// removed, every file this call already put in place is taken away again (a file it replaced
/// is put back), and a folder it made is removed: the folder is as it was.
pub fn write_all_or_none<N, B>(dir: &Path, files: impl IntoIterator<Item = (N, B)>) -> Result<Vec<PathBuf>, FileError>
where
    N: AsRef<str>,
    B: AsRef<[u8]>,
{
    let made = !dir.exists();
    std::fs::create_dir_all(dir).map_err(|e| FileError::write(dir, e))?;
    let result = stage(dir, files).and_then(place);
    if result.is_err() && made {
        // Only when empty: whatever else came to be in it stays.
        let _ = std::fs::remove_dir(dir);
    }
    result
}

/// Every file written whole to its temporary name; on a failure, those written are removed
/// (dropping a `Complete` removes it).
fn stage<N, B>(dir: &Path, files: impl IntoIterator<Item = (N, B)>) -> Result<Vec<Complete>, FileError>
where
    N: AsRef<str>,
    B: AsRef<[u8]>,
{
    let mut staged = Vec::new();
    for (name, bytes) in files {
        let target = dir.join(one_name(dir, name.as_ref())?);
        let mut file = AtomicFile::create(target)?;
        file.write_all(bytes.as_ref()).map_err(|e| file.error(e))?;
        staged.push(file.into_complete()?);
    }
    Ok(staged)
}

/// `name` when it is one plain file name (no folder, not `..`).
fn one_name<'a>(dir: &Path, name: &'a str) -> Result<&'a str, FileError> {
    let mut parts = Path::new(name).components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(_)), None) => Ok(name),
        _ => Err(FileError::NotAFileName { dir: dir.to_owned(), name: name.to_owned() }),
    }
}

/// Renames each complete file into place; on a failure, undoes those placed.
fn place(staged: Vec<Complete>) -> Result<Vec<PathBuf>, FileError> {
    let mut placed: Vec<Placed> = Vec::with_capacity(staged.len());
    let mut staged = staged.into_iter();
    while let Some(file) = staged.next() {
        match place_one(&file) {
            Ok(replaced) => placed.push(Placed { target: file.placed(), replaced }),
            Err(source) => {
                let path = file.target.clone();
                drop(file);
                drop(staged); // the temporary files not yet renamed
                let left = undo(placed);
                return Err(if left.is_empty() {
                    FileError::Write { path, source }
                } else {
                    FileError::Partly { path, source, left }
                });
            }
        }
    }
    let targets: Vec<PathBuf> = placed.iter().map(|p| p.target.clone()).collect();
    for replaced in placed.into_iter().filter_map(|p| p.replaced) {
        let _ = std::fs::remove_file(replaced);
    }
    if let Some(first) = targets.first() {
        sync_folder_of(first);
    }
    Ok(targets)
}

/// Renames one complete file over its target. A file already at the target is first moved aside
/// (returned) so that it can be put back; anything else there (a folder) makes the rename fail.
fn place_one(file: &Complete) -> std::io::Result<Option<PathBuf>> {
    let replaced = match std::fs::symlink_metadata(&file.target) {
        Ok(meta) if meta.is_file() => {
            let aside = beside(&file.target, "replaced")?;
            std::fs::rename(&file.target, &aside)?;
            Some(aside)
        }
        _ => None,
    };
    if let Err(e) = std::fs::rename(&file.temp, &file.target) {
        if let Some(aside) = &replaced {
            let _ = std::fs::rename(aside, &file.target);
        }
        return Err(e);
    }
    Ok(replaced)
}

/// Takes away the files placed (last first), putting back those they replaced; returns the
/// files that could not be taken away or put back.
fn undo(placed: Vec<Placed>) -> Vec<PathBuf> {
    let mut left = Vec::new();
    for p in placed.into_iter().rev() {
        let restored = match &p.replaced {
            Some(aside) => std::fs::rename(aside, &p.target),
            None => std::fs::remove_file(&p.target),
        };
        if restored.is_err() {
            left.push(p.target);
        }
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::names;

    fn five() -> Vec<(String, Vec<u8>)> {
        ["a", "b", "c", "d", "e"].iter().map(|n| (format!("{n}.pdf"), format!("letter {n}").into_bytes())).collect()
    }

    #[test]
    fn every_file_is_written_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("letters");
        let written = write_all_or_none(&out, five()).unwrap();
        assert_eq!(written, five().iter().map(|(n, _)| out.join(n)).collect::<Vec<_>>());
        assert_eq!(names(&out), ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf"]);
        assert_eq!(std::fs::read(out.join("c.pdf")).unwrap(), b"letter c");
    }

    /// The third of five cannot be renamed into place (a folder stands there): the two already in
    /// place are taken away again, the temporary files removed, the folder as it was.
    #[test]
    fn a_failure_on_the_third_of_five_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("c.pdf")).unwrap();
        std::fs::write(dir.path().join("notes.txt"), b"the officer's").unwrap();
        let e = write_all_or_none(dir.path(), five()).unwrap_err();
        assert_eq!(e.path(), dir.path().join("c.pdf"));
        assert!(e.to_string().ends_with("; nothing was written"), "{e}");
        assert_eq!(names(dir.path()), ["c.pdf", "notes.txt"]);
        assert_eq!(std::fs::read(dir.path().join("notes.txt")).unwrap(), b"the officer's");
    }

    /// The third of five cannot even be written (its name is too long for the disk): none is.
    #[test]
    fn a_failure_writing_the_third_of_five_leaves_no_file_and_no_folder_made() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("made by the call");
        let mut files = five();
        files[2].0 = format!("{}.pdf", "c".repeat(300));
        let e = write_all_or_none(&out, files).unwrap_err();
        assert!(e.to_string().starts_with("cannot write "), "{e}");
        assert!(!out.exists(), "the folder the call made is removed");
        assert!(names(dir.path()).is_empty());
    }

    /// Files replaced by a set that then fails are put back as they were.
    #[test]
    fn files_replaced_by_a_failed_set_are_put_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"last year's a").unwrap();
        std::fs::write(dir.path().join("b.pdf"), b"last year's b").unwrap();
        std::fs::create_dir(dir.path().join("d.pdf")).unwrap();
        write_all_or_none(dir.path(), five()).unwrap_err();
        assert_eq!(names(dir.path()), ["a.pdf", "b.pdf", "d.pdf"]);
        assert_eq!(std::fs::read(dir.path().join("a.pdf")).unwrap(), b"last year's a");
        assert_eq!(std::fs::read(dir.path().join("b.pdf")).unwrap(), b"last year's b");
    }

    /// A set that succeeds replaces files of the same name and leaves nothing aside.
    #[test]
    fn a_set_replaces_files_of_the_same_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"last year's a").unwrap();
        write_all_or_none(dir.path(), five()).unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.pdf")).unwrap(), b"letter a");
        assert_eq!(names(dir.path()), ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf"]);
    }

    #[test]
    fn a_name_with_a_folder_in_it_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = five();
        files[3].0 = "../outside.pdf".into();
        let e = write_all_or_none(dir.path(), files).unwrap_err();
        assert!(matches!(e, FileError::NotAFileName { .. }), "{e}");
        assert!(names(dir.path()).is_empty());
        assert!(!dir.path().parent().unwrap().join("outside.pdf").exists());
    }

    #[test]
    fn a_file_standing_where_the_folder_goes_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("blocked");
        std::fs::write(&blocked, b"a file").unwrap();
        let e = write_all_or_none(&blocked, five()).unwrap_err();
        assert!(e.to_string().starts_with(&format!("cannot write {}: ", blocked.display())), "{e}");
        assert_eq!(std::fs::read(&blocked).unwrap(), b"a file");
    }
}
