//! What the window and the command line show: summaries built from records.

use std::collections::{HashMap, HashSet};

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
    pub kind: ArrangementKind,
    /// e.g. "Closed framework"
    pub kind_label: String,
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

/// The list of arrangements: each with its lots and the providers admitted to them or holding
/// its contracts, counted once each. Lots, admissions and contracts are grouped by arrangement
/// first, so the work grows with the records, not with arrangements times admissions.
pub fn arrangement_summaries(
    arrangements: &[(u64, Arrangement)],
    lots: &[(u64, Lot)],
    admissions: &[(u64, Admission)],
    contracts: &[(u64, Contract)],
) -> Vec<ArrangementSummary> {
    let mut lots_of: HashMap<&Key, u32> = HashMap::new();
    let mut arrangement_of_lot: HashMap<&Key, &Key> = HashMap::new();
    for (_, l) in lots {
        *lots_of.entry(&l.arrangement).or_default() += 1;
        arrangement_of_lot.insert(&l.key, &l.arrangement);
    }
    let mut providers_of: HashMap<&Key, HashSet<&Key>> = HashMap::new();
    for (_, ad) in admissions {
        if let Some(arrangement) = arrangement_of_lot.get(&ad.lot) {
            providers_of.entry(arrangement).or_default().insert(&ad.provider);
        }
    }
    for (_, c) in contracts {
        providers_of.entry(&c.arrangement).or_default().insert(&c.provider);
    }
    arrangements
        .iter()
        .map(|(id, a)| ArrangementSummary {
            id: *id,
            key: a.key.to_string(),
            title: a.title.clone(),
            kind: a.kind,
            kind_label: a.kind.label().to_owned(),
            regime: a.regime.label().to_owned(),
            start: a.term.start.to_string(),
            end: a.term.current_end().to_string(),
            latest_end: a.term.latest_possible_end().to_string(),
            lots: lots_of.get(&a.key).copied().unwrap_or(0),
            providers: providers_of.get(&a.key).map_or(0, |p| p.len() as u32),
        })
        .collect()
}
