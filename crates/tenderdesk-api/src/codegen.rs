//! The files generated from the Rust types: the window's TypeScript bindings (`ui/src/bindings/`,
//! one file per type, nothing else in that folder) and the dataset's JSON Schema
//! (`docs/dataset.schema.json`). `cargo xtask codegen` writes them; `--check` and a test run by
//! `cargo test` compare them with what is committed. Any failure to generate is an error: nothing
//! half-made is written.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::bindings::BindingsError;

/// Where the TypeScript bindings go, from the repository's root.
pub const BINDINGS_DIR: &str = "ui/src/bindings";
/// Where the dataset's JSON Schema goes, from the repository's root.
pub const SCHEMA_FILE: &str = "docs/dataset.schema.json";

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error(transparent)]
    Bindings(#[from] BindingsError),
    #[error("cannot generate {SCHEMA_FILE}: {0}")]
    Schema(#[from] serde_json::Error),
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
}

/// Every generated file: its path from the repository's root, and what it holds.
pub fn generated() -> Result<Vec<(PathBuf, String)>, CodegenError> {
    let mut files = vec![(PathBuf::from(SCHEMA_FILE), crate::dataset_io::json_schema()?)];
    for (name, text) in crate::bindings::typescript()? {
        files.push((Path::new(BINDINGS_DIR).join(name), text));
    }
    Ok(files)
}

/// How the files under a root differ from what the types generate (paths from the root).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stale {
    /// Generated files whose contents differ.
    pub differing: Vec<String>,
    /// Generated files not there at all.
    pub missing: Vec<String>,
    /// Files in the bindings folder that no type generates (left from a type renamed or removed).
    pub extra: Vec<String>,
}

impl Stale {
    pub fn is_empty(&self) -> bool {
        self.differing.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [("differ", &self.differing), ("are missing", &self.missing), ("are not generated", &self.extra)];
        let said: Vec<String> =
            parts.iter().filter(|(_, v)| !v.is_empty()).map(|(what, v)| format!("{what}: {}", v.join(", "))).collect();
        write!(f, "{}", said.join("; "))
    }
}

/// Compares the files under `root` with `files` (as [`generated`] gives them).
pub fn compare(root: &Path, files: &[(PathBuf, String)]) -> Result<Stale, CodegenError> {
    let mut stale = Stale::default();
    for (path, text) in files {
        match std::fs::read_to_string(root.join(path)) {
            Ok(current) if &current == text => {}
            Ok(_) => stale.differing.push(shown(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => stale.missing.push(shown(path)),
            Err(e) => return Err(CodegenError::Read { path: shown(path), reason: e.to_string() }),
        }
    }
    stale.extra = extra(root, files)?.iter().map(|p| shown(p)).collect();
    Ok(stale)
}

/// Writes the files that differ or are missing and removes those no type generates; returns the
/// paths changed.
pub fn write(root: &Path, files: &[(PathBuf, String)]) -> Result<Vec<String>, CodegenError> {
    let write_err = |path: &Path, e: std::io::Error| CodegenError::Write { path: shown(path), reason: e.to_string() };
    let mut changed = Vec::new();
    for (path, text) in files {
        let full = root.join(path);
        if std::fs::read_to_string(&full).is_ok_and(|current| &current == text) {
            continue;
        }
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
        }
        std::fs::write(&full, text).map_err(|e| write_err(path, e))?;
        changed.push(shown(path));
    }
    for path in extra(root, files)? {
        std::fs::remove_file(root.join(&path)).map_err(|e| write_err(&path, e))?;
        changed.push(format!("{} (removed)", shown(&path)));
    }
    Ok(changed)
}

/// The files in the bindings folder that none of `files` is.
fn extra(root: &Path, files: &[(PathBuf, String)]) -> Result<Vec<PathBuf>, CodegenError> {
    let dir = root.join(BINDINGS_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CodegenError::Read { path: BINDINGS_DIR.into(), reason: e.to_string() }),
    };
    let wanted: BTreeSet<&PathBuf> = files.iter().map(|(p, _)| p).collect();
    let mut extra = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| CodegenError::Read { path: BINDINGS_DIR.into(), reason: e.to_string() })?;
        let path = Path::new(BINDINGS_DIR).join(entry.file_name());
        if !wanted.contains(&path) {
            extra.push(path);
        }
    }
    extra.sort();
    Ok(extra)
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}
