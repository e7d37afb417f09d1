//! `export --format`: the dataset, the contract register as CSV, or OCDS.

use std::io::Write;
use std::path::Path;

use tenderdesk_api::files::{ignore_progress, GivenPaths};
use tenderdesk_api::Api;

use crate::{CliError, ExportFormat};

pub fn execute(
    api: &Api,
    format: ExportFormat,
    include_sealed: bool,
    path: &Path,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if include_sealed && format != ExportFormat::Dataset {
        return Err(CliError::Found(
            "--include-sealed applies only to the dataset format; open data never carries sealed prices".into(),
        ));
    }
    match format {
        ExportFormat::Dataset => {
            let scope = tenderdesk_api::ExportScope::including_sealed(include_sealed);
            let written = api.export_dataset_to(scope, &GivenPaths::file(path), &mut ignore_progress)?;
            let bytes = crate::done(written)?.bytes;
            let sealed = if include_sealed {
                " Sealed bids keep their prices: keep this file as securely as the store."
            } else {
                " The prices of bids still sealed are withheld."
            };
            writeln!(out, "Exported the store to {} ({bytes} bytes).{sealed}", path.display())?;
        }
        ExportFormat::ContractsCsv => {
            let s = api.export_contracts_csv(path)?;
            writeln!(
                out,
                "Wrote the contract register to {}: {} contract{} ({} bytes).",
                path.display(),
                s.contracts,
                plural(s.contracts),
                s.bytes
            )?;
        }
        ExportFormat::Ocds => {
            let s = api.export_ocds_now(path)?;
            writeln!(
                out,
                "Wrote the OCDS release package to {}: {} contracting process{} ({} round{}, {} contract{} let \
                 outside a round; {} bytes).",
                path.display(),
                s.processes,
                if s.processes == 1 { "" } else { "es" },
                s.rounds,
                plural(s.rounds),
                s.standalone_contracts,
                plural(s.standalone_contracts),
                s.bytes
            )?;
        }
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
