//! Developer use cases: generating large synthetic data sets, and a stream of single-record
//! changes for the durability test.

use std::path::Path;

use tenderdesk_domain::{Kind, Provider};
use tenderdesk_store::ChangeSet;
pub use tenderdesk_synth::{Scale, Shape};

use crate::{Api, ApiError, Result};

/// Writes a synthetic data set of `shape` to `path` (through a temporary file, renamed when
/// complete); returns how many records of each kind it holds. Needs no store.
pub fn generate(shape: &Shape, seed: u64, path: &Path) -> Result<Vec<(Kind, usize)>> {
    let write_err = |e: std::io::Error| ApiError::WriteFile { path: path.display().to_string(), reason: e.to_string() };
    let tmp = path.with_extension("tmp-generate");
    let file = std::fs::File::create(&tmp).map_err(write_err)?;
    let counts = tenderdesk_synth::write(shape, seed, &file).map_err(write_err)?;
    file.sync_all().map_err(write_err)?;
    std::fs::rename(&tmp, path).map_err(write_err)?;
    Ok(counts)
}

/// One committed change of [`Api::churn`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Churned {
    /// A new provider was added.
    Inserted,
    /// The provider's legal name was changed to end in " (renamed)".
    Renamed,
}

impl Api {
    /// Applies `count` pairs of single-record changes — add provider `{prefix}-{n}`, then rename
    /// it — each its own committed change, calling `committed` after each returns.
    pub fn churn(&self, prefix: &str, count: usize, mut committed: impl FnMut(Churned, &str)) -> Result<()> {
        for n in 0..count {
            let key = format!("{prefix}-{n}");
            let mut provider: Provider = serde_json::from_value(serde_json::json!({
                "key": key,
                "legal_name": format!("Churn Test Care {n} Ltd"),
                "address": { "lines": ["1 Test Street"], "town": "Testbury", "postcode": "TB1 1AA" },
                "sme": true,
                "status": "active"
            }))
            .map_err(|e| ApiError::Malformed { source_name: "churn".into(), message: e.to_string() })?;
            let mut c = ChangeSet::new();
            c.insert(provider.clone());
            self.apply(c)?;
            committed(Churned::Inserted, &key);
            provider.legal_name.push_str(" (renamed)");
            let mut c = ChangeSet::new();
            c.update(provider);
            self.apply(c)?;
            committed(Churned::Renamed, &key);
        }
        Ok(())
    }
}
