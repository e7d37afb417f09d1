//! `export --format`: the dataset, the contract register as CSV, or OCDS.

use std::io::Write;
use std::path::Path;

use tenderdesk_api::Api;

use crate::{CliError, ExportFormat};

pub fn execute(api: &Api, format: ExportFormat, path: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    match format {
        ExportFormat::Dataset => {
            let bytes = api.export_file(path)?;
            writeln!(out, "Exported the store to {} ({bytes} bytes).", path.display())?;
        }
    }
    Ok(())
}
