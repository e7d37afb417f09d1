//! What can go wrong with the store, in words an officer can act on.

use std::path::PathBuf;

use tenderdesk_domain::{Kind, Problems};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the data folder {path} is in use by another TenderDesk{holder}; close it and try again")]
    InUse { path: PathBuf, holder: String },

    #[error("cannot use the data folder {path}: {source}")]
    Folder { path: PathBuf, source: std::io::Error },

    #[error("the store in {path} was written by a newer TenderDesk (schema version {found}); this version reads up to version {supported}")]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },

    #[error("the folder {path} holds data that is not a TenderDesk store (no schema version); choose another folder")]
    NotAStore { path: PathBuf },

    #[error("upgrading the store from schema version {from} to {to} failed: {reason}")]
    Migration { from: u32, to: u32, reason: String },

    /// The change was refused: nothing was stored.
    #[error("{0}")]
    Invalid(Problems),

    #[error("there is no {} \"{key}\"", kind.singular())]
    NotFound { kind: Kind, key: String },

    #[error("the stored {} with id {id} cannot be read ({reason}); run `tenderdesk verify`", kind.singular())]
    Corrupt { kind: Kind, id: u64, reason: String },

    /// Part of the packed store (`packed.rs`) cannot be read back.
    #[error("{0} is damaged; run `tenderdesk verify`, and restore the store from a backup")]
    Damaged(String),

    #[error("the store could not be read or written: {0}")]
    Storage(String),

    /// A file the store writes (a backup) could not be written; nothing was.
    #[error(transparent)]
    File(#[from] tenderdesk_files::FileError),
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        StoreError::Storage(e.to_string())
    }
}

impl From<sled::transaction::TransactionError<StoreError>> for StoreError {
    fn from(e: sled::transaction::TransactionError<StoreError>) -> StoreError {
        match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => StoreError::Storage(e.to_string()),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
