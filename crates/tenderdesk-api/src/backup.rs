//! Backups of the whole store, and restoring one into a new, empty data folder.
//!
//! A backup copies every record, index and audit entry as they are stored (sealed prices
//! included), so a restored store is the same store: same ids, same history, same chain.

use std::path::Path;

use tenderdesk_store::{BackupSummary, VerifyReport};

use crate::{Api, Result};

/// What a restore brought back, and what `verify` then found.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub copied: BackupSummary,
    pub verify: VerifyReport,
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
}
