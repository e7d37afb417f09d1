//! Backups of the whole store, and restoring one: into a new, empty data folder, or in place of
//! the data in use, which is then kept aside in a folder beside it, never deleted.
//!
//! A backup copies every record, index and audit entry as they are stored (sealed prices
//! included), so a restored store is the same store: same ids, same history, same chain.
//!
//! Restoring in place of the data in use is two steps, so that nothing in use is touched until
//! the backup is known to be sound: [`Api::stage_restore`] restores into a new folder beside the
//! store's (`<folder>-restoring-<UTC time>`) and checks it; [`replace_store`] then closes the
//! store, renames its folder aside (`<folder>-before-restore-<UTC time>`), renames the restored
//! folder into its place and opens it. Any failure leaves the store as it was, and open.

use std::path::{Path, PathBuf};

use tenderdesk_store::{BackupSummary, VerifyReport};

use crate::{Api, ApiError, OpenOptions, Result};

/// What a restore brought back, and what `verify` then found.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub copied: BackupSummary,
    pub verify: VerifyReport,
}

/// A backup restored into a new folder beside the store's and checked: ready to take the store's
/// place ([`replace_store`]), or to be thrown away ([`StagedRestore::discard`]).
#[derive(Debug)]
pub struct StagedRestore {
    /// The new folder holding the restored store (closed).
    pub folder: PathBuf,
    /// The folder of the store it is to replace.
    pub replaces: PathBuf,
    pub report: RestoreReport,
}

impl StagedRestore {
    /// Deletes the restored folder (the store in use was never touched).
    pub fn discard(self) {
        // Nothing the officer relies on is in it; a folder left behind is only untidy.
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// The store open on the restored data, and where the data it replaced is kept.
#[derive(Debug)]
pub struct Replaced {
    pub api: Api,
    /// The folder the replaced data was renamed to, beside the store's folder.
    pub kept_aside: PathBuf,
    pub report: RestoreReport,
}

/// A replacement that did not happen, and why. `api` is the store as it was, open again; it is
/// None only if that store could not be reopened either (then `error` says both).
#[derive(Debug)]
pub struct NotReplaced {
    pub api: Option<Api>,
    pub error: ApiError,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api").field("data_dir", &self.data_dir()).finish()
    }
}

impl Api {
    /// Writes a backup of the whole store to `path`, replacing it only once the new one is
    /// complete.
    pub fn backup(&self, path: &Path) -> Result<BackupSummary> {
        Ok(self.store().backup_to(path)?)
    }

    /// Restores the backup at `path` into this store, which must be empty, then verifies the
    /// result (records re-checked, indexes, audit chain).
    pub fn restore(&self, path: &Path) -> Result<RestoreReport> {
        let copied = self.store().restore_from(path)?;
        let verify = self.verify()?;
        Ok(RestoreReport { copied, verify })
    }

    /// Restores the backup at `backup` into a new folder beside this store's and checks it
    /// (every record, index and the audit chain), without touching this store. A backup that is
    /// damaged, cut short, not a backup at all, or restores with problems is refused, and the new
    /// folder removed.
    pub fn stage_restore(&self, backup: &Path) -> Result<StagedRestore> {
        let replaces = self.data_dir().to_owned();
        let folder = beside(&replaces, "restoring")?;
        let restored = (|| {
            let staged = Api::open(OpenOptions {
                data_dir: Some(folder.clone()),
                actor: Some(self.store().actor().to_owned()),
            })?;
            let report = staged.restore(backup)?;
            if !report.verify.is_ok() {
                let problems = &report.verify.problems;
                return Err(ApiError::Refused(format!(
                    "{} restores with {} problem{} ({}{}); your data has not been changed",
                    backup.display(),
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    problems.iter().take(3).cloned().collect::<Vec<_>>().join("; "),
                    if problems.len() > 3 { "; …" } else { "" },
                )));
            }
            Ok(report)
            // `staged` is dropped here: the restored store is closed, its folder free to move.
        })();
        match restored {
            Ok(report) => Ok(StagedRestore { folder, replaces, report }),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&folder);
                Err(e)
            }
        }
    }
}

/// Restores `backup` in place of the data `current` holds: see [`Api::stage_restore`] and
/// [`replace_store`]. A program that keeps the store open while others use it (the window) goes
/// through [`crate::files::OpenStore::restore_from`], which takes the same two steps.
pub fn restore_replacing(current: Api, backup: &Path) -> std::result::Result<Replaced, Box<NotReplaced>> {
    match current.stage_restore(backup) {
        Ok(staged) => replace_store(current, staged),
        Err(error) => Err(Box::new(NotReplaced { api: Some(current), error })),
    }
}

/// Puts a staged restore in the place of `current`'s folder: closes `current`, renames its folder
/// aside (`<folder>-before-restore-<UTC time>`), renames the restored folder into place and opens
/// it. On any failure the folders are put back as they were and the old store reopened.
pub fn replace_store(current: Api, staged: StagedRestore) -> std::result::Result<Replaced, Box<NotReplaced>> {
    swap(current, staged).map_err(Box::new)
}

// The store is large; the public functions box the error.
#[allow(clippy::result_large_err)]
fn swap(current: Api, staged: StagedRestore) -> std::result::Result<Replaced, NotReplaced> {
    let dir = current.data_dir().to_owned();
    let actor = current.store().actor().to_owned();
    let open = |d: &Path| Api::open(OpenOptions { data_dir: Some(d.to_owned()), actor: Some(actor.clone()) });
    if staged.replaces != dir {
        let error = ApiError::Refused(format!(
            "the restored store in {} was made to replace {}, not {}; your data has not been changed",
            staged.folder.display(),
            staged.replaces.display(),
            dir.display()
        ));
        staged.discard();
        return Err(NotReplaced { api: Some(current), error });
    }
    let aside = match beside(&dir, "before-restore") {
        Ok(aside) => aside,
        Err(error) => {
            staged.discard();
            return Err(NotReplaced { api: Some(current), error });
        }
    };
    // Closes the store and lets go of its folder lock.
    drop(current);

    // Puts the old store back and says why the restore did not happen.
    let undo = |error: ApiError, staged: StagedRestore| {
        staged.discard();
        match open(&dir) {
            Ok(api) => NotReplaced { api: Some(api), error },
            Err(reopen) => NotReplaced {
                api: None,
                error: ApiError::Refused(format!(
                    "{error}; and then the store in {} could not be opened again: {reopen}",
                    dir.display()
                )),
            },
        }
    };
    let moved = |from: &Path, to: &Path, e: std::io::Error| ApiError::WriteFile {
        path: to.display().to_string(),
        reason: format!("cannot move {} there: {e}; your data has not been changed", from.display()),
    };
    if let Err(e) = std::fs::rename(&dir, &aside) {
        return Err(undo(moved(&dir, &aside, e), staged));
    }
    if let Err(e) = std::fs::rename(&staged.folder, &dir) {
        let error = moved(&staged.folder, &dir, e);
        return Err(match std::fs::rename(&aside, &dir) {
            Ok(()) => undo(error, staged),
            Err(back) => NotReplaced {
                api: None,
                error: ApiError::Refused(format!(
                    "{error}; and your data could not be moved back from {} to {}: {back}",
                    aside.display(),
                    dir.display()
                )),
            },
        });
    }
    match open(&dir) {
        Ok(api) => Ok(Replaced { api, kept_aside: aside, report: staged.report }),
        Err(error) => {
            // Back as it was: the restored folder out of the way, the old one in place.
            let back = std::fs::rename(&dir, &staged.folder).and_then(|()| std::fs::rename(&aside, &dir));
            match back {
                Ok(()) => Err(undo(error, staged)),
                Err(back) => Err(NotReplaced {
                    api: None,
                    error: ApiError::Refused(format!(
                        "the restored store could not be opened ({error}), and your data could not be moved back from {} to {}: {back}",
                        aside.display(),
                        dir.display()
                    )),
                }),
            }
        }
    }
}

/// A new folder's path beside `dir`: `<dir>-<what>-<UTC time>`, with a number added if that is
/// taken.
fn beside(dir: &Path, what: &str) -> Result<PathBuf> {
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return Err(ApiError::Refused(format!(
            "the store's folder {} has no folder around it to put another beside it; your data has not been changed",
            dir.display()
        )));
    };
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = format!("{}-{what}-{stamp}", name.to_string_lossy());
    let mut candidate = parent.join(&base);
    let mut n = 2;
    while candidate.exists() {
        candidate = parent.join(format!("{base}-{n}"));
        n += 1;
    }
    Ok(candidate)
}
