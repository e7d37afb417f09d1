//! What the window and the command line show: summaries built from records.

use serde::Serialize;
use tenderdesk_domain::*;

/// One line of a list of records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RecordSummary {
    #[ts(type = "number")]
    pub id: u64,
    pub key: String,
    pub title: String,
}

/// What the window shows in its list of arrangements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
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
    /// YYYY-MM-DD: the current end (initial end moved on by exercised options).
    pub end: String,
    /// YYYY-MM-DD: how far it can still run with the options not declined.
    pub latest_end: String,
    pub lots: u32,
    /// Providers admitted to its lots, or holding its contracts, counted once each.
    pub providers: u32,
}

/// One audit entry, as shown beside a record.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryLine {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub action: String,
}

/// A record with its id, as `show` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub kind: Kind,
    pub id: u64,
    pub record: serde_json::Value,
    pub history: Vec<HistoryLine>,
}

pub fn arrangement_summaries(
    arrangements: &[(u64, Arrangement)],
    lots: &[(u64, Lot)],
    admissions: &[(u64, Admission)],
    contracts: &[(u64, Contract)],
) -> Vec<ArrangementSummary> {
    arrangements
        .iter()
        .map(|(id, a)| {
            let lot_keys: Vec<&Key> =
                lots.iter().filter(|(_, l)| l.arrangement == a.key).map(|(_, l)| &l.key).collect();
            let mut providers: Vec<&Key> = admissions
                .iter()
                .filter(|(_, ad)| lot_keys.contains(&&ad.lot))
                .map(|(_, ad)| &ad.provider)
                .chain(contracts.iter().filter(|(_, c)| c.arrangement == a.key).map(|(_, c)| &c.provider))
                .collect();
            providers.sort();
            providers.dedup();
            ArrangementSummary {
                id: *id,
                key: a.key.to_string(),
                title: a.title.clone(),
                kind: a.kind.label().to_owned(),
                regime: a.regime.label().to_owned(),
                start: a.term.start.to_string(),
                end: a.term.current_end().to_string(),
                latest_end: a.term.latest_possible_end().to_string(),
                lots: lot_keys.len() as u32,
                providers: providers.len() as u32,
            }
        })
        .collect()
}
