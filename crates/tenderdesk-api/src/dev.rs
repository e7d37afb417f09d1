//! Developer use cases: generating large synthetic data sets, and a stream of single-record
//! changes for the durability test.

use std::path::Path;

use tenderdesk_domain::{Kind, Provider};
use tenderdesk_files::AtomicFile;
use tenderdesk_store::ChangeSet;
pub use tenderdesk_synth::{Scale, Shape};

use crate::{Api, ApiError, Result};

/// Writes a synthetic data set of `shape` to `path` (through a temporary file, renamed when
/// complete); returns how many records of each kind it holds. Needs no store.
pub fn generate(shape: &Shape, seed: u64, path: &Path) -> Result<Vec<(Kind, usize)>> {
    let mut file = AtomicFile::create(path)?;
    let counts = tenderdesk_synth::write(shape, seed, &mut file).map_err(|e| file.error(e))?;
    file.commit()?;
    Ok(counts)
}

/// What [`Api::churn`] adds to a provider's legal name to rename it.
pub const RENAMED: &str = " (renamed)";

/// One committed change of [`Api::churn`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Churned {
    /// A new provider was added.
    Inserted,
    /// The provider's legal name was changed to end in " (renamed)".
    Renamed,
}

impl Api {
    /// Applies `count` rounds of single-record changes — add provider `{prefix}-{n}`, rename it,
    /// and, while any is left, rename one of the providers the store held before that was not
    /// renamed yet (an imported data set's, which lie in its packs: the rename lies over them) —
    /// each its own committed change, calling `committed` after each returns.
    pub fn churn(&self, prefix: &str, count: usize, mut committed: impl FnMut(Churned, &str)) -> Result<()> {
        let mut earlier: Vec<Provider> = self
            .store
            .list::<Provider>()?
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| !p.legal_name.ends_with(RENAMED))
            .collect();
        earlier.reverse();
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
            provider.legal_name.push_str(RENAMED);
            let mut c = ChangeSet::new();
            c.update(provider);
            self.apply(c)?;
            committed(Churned::Renamed, &key);
            if let Some(mut before) = earlier.pop() {
                before.legal_name.push_str(RENAMED);
                let key = before.key.as_str().to_owned();
                let mut c = ChangeSet::new();
                c.update(before);
                self.apply(c)?;
                committed(Churned::Renamed, &key);
            }
        }
        Ok(())
    }
}
