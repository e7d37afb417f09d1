//! Errors of the use-case API, and the shape the window receives them in.

use serde::Serialize;
use tenderdesk_domain::{Kind, Problems};
use tenderdesk_store::StoreError;

/// A small set of codes the window can switch on; it never matches English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The change breaks a rule; nothing was stored. `field` says where.
    Invalid,
    /// The file is not a readable dataset.
    Malformed,
    NotFound,
    /// Another TenderDesk has the data folder open.
    InUse,
    /// The store already holds records, and the operation needs an empty one.
    NotEmpty,
    /// Reading or writing the disk failed.
    Storage,
}

/// An error as the window sees it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ErrorDto {
    pub code: ErrorCode,
    pub message: String,
    /// The record and field concerned, as `kind/key/field`, when there is one.
    pub field: Option<String>,
    /// Every problem, when a change broke several rules.
    pub problems: Vec<ProblemDto>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ProblemDto {
    pub kind: String,
    pub key: String,
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Store(#[from] StoreError),

    /// The file could not be read as a dataset.
    #[error("{source_name}: {message}")]
    Malformed { source_name: String, message: String },

    #[error("cannot read {path}: {reason}")]
    ReadFile { path: String, reason: String },

    #[error("cannot write {path}: {reason}")]
    WriteFile { path: String, reason: String },

    /// A file (or a set of files) could not be written; the message says what was left.
    #[error(transparent)]
    File(#[from] tenderdesk_files::FileError),

    /// A restore closed the store and it could not be opened again.
    #[error(
        "the store was closed by a restore that failed, and could not be opened again; close TenderDesk and open it again"
    )]
    Closed,

    #[error("there is no {} with id or reference \"{id}\"", kind.singular())]
    NotFound { kind: Kind, id: String },

    #[error(
        "the store already holds records; the demo data set loads only into an empty store (use another --data-dir)"
    )]
    NotEmpty,

    #[error("no data folder: {0}; give one with --data-dir or TENDERDESK_DATA_DIR")]
    NoDataDir(String),

    /// A round's result cannot be computed (its bids are sealed…).
    #[error(transparent)]
    Evaluation(#[from] tenderdesk_evaluation::EvaluationError),

    /// A use case refused what was asked, for the reason given (nothing was stored).
    #[error("{0}")]
    Refused(String),
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Store(StoreError::Invalid(_)) => ErrorCode::Invalid,
            ApiError::Store(StoreError::InUse { .. }) => ErrorCode::InUse,
            ApiError::Store(StoreError::NotFound { .. }) | ApiError::NotFound { .. } => ErrorCode::NotFound,
            ApiError::Store(_)
            | ApiError::ReadFile { .. }
            | ApiError::WriteFile { .. }
            | ApiError::File(_)
            | ApiError::Closed
            | ApiError::NoDataDir(_) => ErrorCode::Storage,
            ApiError::Malformed { .. } => ErrorCode::Malformed,
            ApiError::Evaluation(_) | ApiError::Refused(_) => ErrorCode::Invalid,
            ApiError::NotEmpty => ErrorCode::NotEmpty,
        }
    }

    /// The problems behind a refused change.
    pub fn problems(&self) -> Option<&Problems> {
        match self {
            ApiError::Store(StoreError::Invalid(p)) => Some(p),
            _ => None,
        }
    }

    pub fn to_dto(&self) -> ErrorDto {
        let problems: Vec<ProblemDto> = self
            .problems()
            .map(|ps| {
                ps.iter()
                    .map(|p| ProblemDto {
                        kind: p.kind.plural().into(),
                        key: p.key.clone(),
                        field: p.field.clone(),
                        message: p.message.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let field = problems.first().map(|p| format!("{}/{}/{}", p.kind, p.key, p.field));
        ErrorDto { code: self.code(), message: self.to_string(), field, problems }
    }
}

pub type Result<T, E = ApiError> = std::result::Result<T, E>;
