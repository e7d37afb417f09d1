//! Importing a data set from a file the destination names, and exporting the store to one.

use super::{file_name, human_bytes, step, thousands, Destination, Finished, Progress, Throttled, Written, DATASET};
use crate::dataset_io::ImportProgress;
use crate::{Api, ImportSummary, Result};

impl Api {
    /// Asks `from` which data set to import, then adds every record of it (or none), telling
    /// `progress` the records and the share of the file read as it goes (a few times a second at
    /// most).
    pub fn import_dataset_from(
        &self,
        from: &dyn Destination,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Finished<ImportSummary>> {
        let Some(path) = from.open_file("Import a data set", DATASET) else {
            return Ok(Finished::cancelled());
        };
        progress(step(0, 100, format!("Reading {}…", file_name(&path))));
        let bytes = crate::read_file(&path)?;
        let mut throttled = Throttled::new(progress);
        let mut report = |p: ImportProgress| {
            let message = format!(
                "{} records read ({} of {})",
                thousands(p.records),
                human_bytes(p.bytes_read),
                human_bytes(p.bytes_total)
            );
            throttled.send(step(p.percent(), 100, message), p.bytes_read >= p.bytes_total);
        };
        let summary = self.import_bytes_with_progress(&bytes, &path.display().to_string(), &mut report)?;
        let message = format!("Imported {} records from {}.", thousands(summary.records as u64), file_name(&path));
        Ok(Finished::done(&path, message, summary))
    }

    /// Asks `to` where to save, then writes the whole store as a data set, sealed prices withheld
    /// unless the scope is [`crate::ExportScope::IncludingSealed`] (a full backup).
    pub fn export_dataset_to(
        &self,
        scope: crate::ExportScope,
        to: &dyn Destination,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Finished<Written>> {
        let suggested = format!("tenderdesk-{}.json", crate::market::today());
        let Some(path) = to.save_file("Export the data set", &suggested, DATASET) else {
            return Ok(Finished::cancelled());
        };
        progress(step(0, 1, format!("Writing the data set to {}…", file_name(&path))));
        let bytes = self.export_file_with(&path, scope)? as u64;
        progress(step(1, 1, "Done."));
        let message = format!("Exported the data set ({}) to {}.", human_bytes(bytes), file_name(&path));
        Ok(Finished::done(&path, message, Written { path: path.clone(), bytes }))
    }
}
