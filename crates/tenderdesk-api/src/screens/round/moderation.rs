//! The moderation tab: the panel's agreed marks, and how far each cell's individual marks spread,
//! with the wide-spread rule applied here (`tenderdesk_evaluation::is_wide_spread`), not by the
//! window.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_evaluation::{is_wide_spread, RoundRecords};

/// The panel's agreed mark on one question of one bid, with the spread of individual marks.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ModeratedView {
    pub key: String,
    pub submission: String,
    pub question: String,
    pub mark: u32,
    pub rationale: String,
    pub agreed_on: NaiveDate,
}

/// The spread of the individual marks on one question of one bid.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Spread {
    pub submission: String,
    pub question: String,
    pub marks: Vec<u32>,
    pub lowest: u32,
    pub highest: u32,
    /// `highest - lowest`.
    pub range: u32,
    /// The marks are at least 40 % of the question's scale apart: the panel should discuss them.
    pub wide: bool,
}

pub(super) fn moderated(records: &RoundRecords) -> Vec<ModeratedView> {
    records
        .moderated
        .iter()
        .map(|m| ModeratedView {
            key: m.key.to_string(),
            submission: m.submission.to_string(),
            question: m.question.clone(),
            mark: m.mark,
            rationale: m.rationale.clone(),
            agreed_on: m.agreed_on,
        })
        .collect()
}

/// Each cell with at least one mark given, by bid then question.
pub(super) fn spreads(records: &RoundRecords) -> Vec<Spread> {
    let mut by_cell: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
    for m in &records.marks {
        if let Some(v) = m.mark {
            by_cell.entry((m.submission.to_string(), m.question.clone())).or_default().push(v);
        }
    }
    by_cell
        .into_iter()
        .map(|((submission, question), mut marks)| {
            marks.sort_unstable();
            let lowest = marks.first().copied().unwrap_or(0);
            let highest = marks.last().copied().unwrap_or(0);
            let range = highest - lowest;
            let scale = records.round.model.question(&question).map(|(_, q)| (q.scale.min, q.scale.max));
            let wide = scale.is_some_and(|(min, max)| is_wide_spread(range, min, max));
            Spread { submission, question, marks, lowest, highest, range, wide }
        })
        .collect()
}
