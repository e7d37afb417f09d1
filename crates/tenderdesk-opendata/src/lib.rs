//! Open data from a TenderDesk dataset, as a council publishes it:
//!
//! - [`register`]: the contract register that the Local Government Transparency Code 2015 asks for,
//!   as an RFC 4180 CSV file (one row per contract);
//! - [`ocds`]: an Open Contracting Data Standard 1.1 release package (one contracting process per
//!   round, and one per contract let outside a round), using the lots, bids and options extensions.
//!
//! Both are pure functions of a [`Dataset`](tenderdesk_domain::Dataset): this crate knows nothing
//! of the store, files or the clock, so the same data and the same publication instant give the
//! same bytes. docs/open-data.md says where every column and field comes from, and what is
//! withheld: above all, no price of a bid whose round has not been opened appears in any output.

mod index;
pub mod ocds;
pub mod register;

use tenderdesk_domain::Kind;

pub use ocds::{release_package, OcdsExport, OcdsOptions, OcidPrefix, EXTENSIONS, OPEN_GOVERNMENT_LICENCE};
pub use register::{contracts_csv, CsvExport, COLUMNS};

/// Why an open-data file could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum OpenDataError {
    /// The council's profile is missing: it names the publisher, the buyer and the department.
    #[error(
        "the store has no authority profile; {needed_for} needs the council's name and directorate \
         (import the authority profile first)"
    )]
    NoAuthority { needed_for: &'static str },

    /// A record refers to one that is not in the data (a store never holds such a reference).
    #[error("{from} refers to {} {key}, which is not in the data", kind.singular())]
    Dangling { from: String, kind: Kind, key: String },

    #[error(
        "\"{0}\" is not an OCDS ocid prefix: one is \"ocds-\" followed by six lower-case letters or \
         digits, as registered with the Open Contracting Partnership (such as \"ocds-213czf\")"
    )]
    BadOcidPrefix(String),

    #[error("cannot write the contract register: {0}")]
    Csv(#[from] csv::Error),

    #[error("cannot write the OCDS package: {0}")]
    Json(#[from] serde_json::Error),
}
