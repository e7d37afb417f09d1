//! Writing files so that nobody ever finds half of one: the one way TenderDesk writes a file.
//!
//! - [`AtomicFile`]: a file written through a temporary file beside its target, flushed to disk
//!   and renamed over the target by [`AtomicFile::commit`]; dropped without a commit, the
//!   temporary file is removed and the target is as it was.
//! - [`write_atomic`]: a whole file from bytes, the same way.
//! - [`write_all_or_none`]: a set of files into one folder: every file is written to a temporary
//!   name first, and only then are they renamed into place; any failure takes away every
//!   temporary file and every file this call already put in place (putting back any file it
//!   replaced), so the folder is as it was.
//!
//! Every error names the file that could not be written and says that nothing was.

mod atomic;
mod error;
mod set;

pub use atomic::{write_atomic, AtomicFile};
pub use error::FileError;
pub use set::write_all_or_none;

#[cfg(test)]
mod test_support {
    use std::path::Path;

    /// The names in a folder, sorted.
    pub(crate) fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        n.sort();
        n
    }
}
