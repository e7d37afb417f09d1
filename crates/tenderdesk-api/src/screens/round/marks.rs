//! The marks tab: every evaluator's mark on every question of every bid.

use serde::Serialize;
use tenderdesk_evaluation::RoundRecords;

/// One cell of the marks grid: one evaluator's mark on one question of one bid.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MarkView {
    pub key: String,
    pub submission: String,
    pub evaluator: String,
    pub question: String,
    pub mark: Option<u32>,
    pub abstained: Option<String>,
    pub justification: String,
}

pub(super) fn marks(records: &RoundRecords) -> Vec<MarkView> {
    records
        .marks
        .iter()
        .map(|m| MarkView {
            key: m.key.to_string(),
            submission: m.submission.to_string(),
            evaluator: m.evaluator.to_string(),
            question: m.question.clone(),
            mark: m.mark,
            abstained: m.abstained.clone(),
            justification: m.justification.clone(),
        })
        .collect()
}
