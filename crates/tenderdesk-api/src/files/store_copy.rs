//! Backing the whole store up to a file the destination names, and restoring one in place of
//! the data in use (which is kept aside beside it, never deleted).

use std::path::PathBuf;

use tenderdesk_store::BackupSummary;

use super::{file_name, step, thousands, Destination, Finished, OpenStore, Progress, BACKUP};
use crate::backup::{replace_store, NotReplaced};
use crate::{Api, Result};

/// What a restore in place of the data in use did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The entries the backup brought back (records, indexes, audit entries).
    pub entries: u64,
    /// The folder the data that was in use now lies in.
    pub kept_aside: PathBuf,
}

impl Api {
    /// The folder the data is kept in, as the window names it (a restore keeps the data in use
    /// aside in a folder beside it).
    pub fn data_folder(&self) -> Result<String> {
        Ok(self.data_dir().display().to_string())
    }

    /// Asks `to` where to save, then writes a backup of the whole store (sealed prices included),
    /// replacing the file only once the new one is complete.
    pub fn backup_to(
        &self,
        to: &dyn Destination,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Finished<BackupSummary>> {
        let suggested = format!("tenderdesk-{}.tdbackup", crate::market::today());
        let Some(path) = to.save_file("Back up the store", &suggested, BACKUP) else {
            return Ok(Finished::cancelled());
        };
        progress(step(0, 1, format!("Backing up the store to {}…", file_name(&path))));
        let summary = self.backup(&path)?;
        progress(step(1, 1, "Done."));
        let message = format!("Backed up {} entries to {}.", summary.entries, file_name(&path));
        Ok(Finished::done(&path, message, summary))
    }
}

impl OpenStore {
    /// Asks `from` for a backup, restores it into a new folder beside the store's and checks it
    /// (the data in use stays open and usable meanwhile); only if it is sound, puts it in place of
    /// the data in use, which is kept aside in `<folder>-before-restore-<UTC time>`, never
    /// deleted. Any failure leaves the data in use as it was, and open.
    pub fn restore_from(
        &self,
        from: &dyn Destination,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Finished<Restored>> {
        let Some(path) = from.open_file("Restore a backup", BACKUP) else {
            return Ok(Finished::cancelled());
        };
        progress(step(0, 3, format!("Restoring {} into a new folder and checking it…", file_name(&path))));
        let staged = self.with(|api| api.stage_restore(&path))?;
        let entries = staged.report.copied.entries as u64;
        progress(step(
            2,
            3,
            format!("{} entries restored and checked; putting them in place of your data…", thousands(entries)),
        ));
        let kept_aside = self.replace(|current| match replace_store(current, staged) {
            Ok(replaced) => (Some(replaced.api), Ok(replaced.kept_aside)),
            Err(not) => {
                let NotReplaced { api, error } = *not;
                (api, Err(error))
            }
        })??;
        progress(step(3, 3, "Done."));
        let message = format!(
            "Restored {} entries from {}; every record and the audit chain check out. \
             The data that was here before is kept in {}.",
            thousands(entries),
            file_name(&path),
            kept_aside.display()
        );
        Ok(Finished::done(&path, message, Restored { entries, kept_aside }))
    }
}
