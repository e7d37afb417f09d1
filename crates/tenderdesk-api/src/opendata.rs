//! Open data exports: the contract register as CSV and OCDS release packages.
//!
//! Both are built by `tenderdesk-opendata` from the whole store and written through
//! `tenderdesk_files::write_atomic`: the target is replaced only once the new file is complete.

use std::path::Path;

use chrono::{DateTime, SubsecRound, Utc};
use tenderdesk_domain::Kind;
use tenderdesk_opendata::OpenDataError;

pub use tenderdesk_opendata::{OcdsOptions, OcidPrefix, COLUMNS as CONTRACTS_CSV_COLUMNS};

/// The environment variable that gives the council's registered ocid prefix ("ocds-213czf").
pub const OCID_PREFIX_VAR: &str = "TENDERDESK_OCID_PREFIX";

use crate::{Api, ApiError, Result};

/// What a contract register export wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ContractsCsvSummary {
    /// Rows after the header: one per contract.
    pub contracts: usize,
    pub bytes: usize,
}

/// What an OCDS export wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OcdsSummary {
    /// Contracting processes (releases): one per round, one per contract let outside a round.
    pub processes: usize,
    pub rounds: usize,
    pub standalone_contracts: usize,
    pub bytes: usize,
}

impl Api {
    /// Writes the Transparency Code contract register of every contract in the store as CSV.
    pub fn export_contracts_csv(&self, path: &Path) -> Result<ContractsCsvSummary> {
        let out = self.contracts_csv()?;
        tenderdesk_files::write_atomic(path, &out.csv)?;
        Ok(ContractsCsvSummary { contracts: out.contracts, bytes: out.csv.len() })
    }

    /// The contract register as CSV, from the kept records of the kinds it names (authority,
    /// providers, arrangements, lots, contracts), not an export of the whole store: on a large
    /// county that would decode 1.5 million marks the register never shows.
    pub(crate) fn contracts_csv(&self) -> Result<tenderdesk_opendata::CsvExport> {
        let kept = self.market_data()?;
        tenderdesk_opendata::contracts_csv(&kept).map_err(api_error)
    }

    /// Writes an OCDS 1.1 release package of every round and contract, published at `published`,
    /// under the ocid prefix in `TENDERDESK_OCID_PREFIX`, or the placeholder prefix where it is not
    /// set (see [`Api::export_ocds_with`] to give every option).
    pub fn export_ocds(&self, path: &Path, published: DateTime<Utc>) -> Result<OcdsSummary> {
        let mut options = OcdsOptions::new(published);
        if let Some(p) = std::env::var(OCID_PREFIX_VAR).ok().filter(|p| !p.trim().is_empty()) {
            options.ocid_prefix = OcidPrefix::parse(&p)
                .map_err(|e| ApiError::Malformed { source_name: OCID_PREFIX_VAR.into(), message: e.to_string() })?;
        }
        self.export_ocds_with(path, &options)
    }

    /// Writes an OCDS 1.1 release package published now (to the second); see [`Api::export_ocds`].
    pub fn export_ocds_now(&self, path: &Path) -> Result<OcdsSummary> {
        self.export_ocds(path, Utc::now().trunc_subsecs(0))
    }

    /// Writes an OCDS 1.1 release package with the given prefix, licence and package address.
    pub fn export_ocds_with(&self, path: &Path, options: &OcdsOptions) -> Result<OcdsSummary> {
        let out =
            tenderdesk_opendata::release_package(&self.export_dataset(crate::ExportScope::SealedWithheld)?, options)
                .map_err(api_error)?;
        tenderdesk_files::write_atomic(path, &out.json)?;
        Ok(OcdsSummary {
            processes: out.processes,
            rounds: out.rounds,
            standalone_contracts: out.standalone_contracts,
            bytes: out.json.len(),
        })
    }
}

fn api_error(e: OpenDataError) -> ApiError {
    match e {
        OpenDataError::NoAuthority { .. } => {
            ApiError::NotFound { kind: Kind::Authority, id: tenderdesk_domain::AuthorityProfile::the_key().to_string() }
        }
        OpenDataError::Dangling { kind, key, .. } => ApiError::NotFound { kind, id: key },
        other => ApiError::Malformed { source_name: "open data export".into(), message: other.to_string() },
    }
}
