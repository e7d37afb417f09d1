//! PLACEHOLDER CONTRACT — being replaced by the real use-case API. Signatures are final.
use std::path::PathBuf;
use serde::Serialize;

#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Folder of the store; None means the platform data directory (or TENDERDESK_DATA_DIR).
    pub data_dir: Option<PathBuf>,
    /// Name recorded in the audit log; None means the OS user.
    pub actor: Option<String>,
}

/// What the window shows in its list of arrangements.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ArrangementSummary {
    #[ts(type = "number")]
    pub id: u64,
    pub key: String,
    pub title: String,
    /// e.g. "Closed framework"
    pub kind: String,
    /// e.g. "Procurement Act 2023"
    pub regime: String,
    /// YYYY-MM-DD
    pub start: String,
    /// YYYY-MM-DD, the current end (initial end plus exercised options)
    pub end: String,
    pub lots: u32,
    pub providers: u32,
}

/// An error as the window sees it: a small code to switch on, a message for the officer, the field.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ErrorDto {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

#[derive(Debug)]
pub struct ApiError(pub String);
impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(&self.0) }
}
impl std::error::Error for ApiError {}
impl ApiError {
    pub fn to_dto(&self) -> ErrorDto { ErrorDto { code: "internal".into(), message: self.0.clone(), field: None } }
}

pub struct Api;
impl Api {
    pub fn open(_options: OpenOptions) -> Result<Api, ApiError> { Ok(Api) }
    /// Loads the built-in demo data when the store holds nothing; returns whether it did.
    pub fn load_demo_if_empty(&self) -> Result<bool, ApiError> { Ok(false) }
    pub fn arrangement_summaries(&self) -> Result<Vec<ArrangementSummary>, ApiError> {
        Ok(vec![ArrangementSummary { id: 1, key: "DEMO".into(), title: "Placeholder".into(), kind: "Closed framework".into(), regime: "Procurement Act 2023".into(), start: "2024-01-01".into(), end: "2027-01-01".into(), lots: 1, providers: 2 }])
    }
}
