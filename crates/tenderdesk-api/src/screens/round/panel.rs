//! The panel tab: the evaluators, their declarations of interest, and whom each may not mark yet.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::*;
use tenderdesk_evaluation::RoundRecords;

use super::bids::bidder_name;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DeclarationView {
    pub bidder: String,
    pub bidder_name: String,
    pub conflict: Conflict,
    pub resolution: Option<String>,
    pub declared_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct EvaluatorView {
    pub key: String,
    pub name: String,
    pub role: String,
    pub declarations: Vec<DeclarationView>,
    /// Bidders in the round this evaluator has not yet declared about (cannot mark them yet).
    pub undeclared: Vec<String>,
    /// Bidders this evaluator declared a conflict with (cannot mark them).
    pub conflicted: Vec<String>,
}

pub(super) fn panel(records: &RoundRecords) -> Vec<EvaluatorView> {
    let bidders: BTreeSet<&Key> = records.submissions.iter().map(|s| &s.bidder).collect();
    records.evaluators.iter().map(|e| evaluator(records, &bidders, e)).collect()
}

fn evaluator(records: &RoundRecords, bidders: &BTreeSet<&Key>, e: &Evaluator) -> EvaluatorView {
    EvaluatorView {
        key: e.key.to_string(),
        name: e.name.clone(),
        role: e.role.clone(),
        declarations: e
            .declarations
            .iter()
            .map(|d| DeclarationView {
                bidder: d.bidder.to_string(),
                bidder_name: bidder_name(records, &d.bidder),
                conflict: d.conflict,
                resolution: d.resolution.clone(),
                declared_on: d.declared_on,
            })
            .collect(),
        undeclared: bidders.iter().filter(|b| e.declaration(b).is_none()).map(|b| b.to_string()).collect(),
        conflicted: e
            .declarations
            .iter()
            .filter(|d| d.conflict != Conflict::None)
            .map(|d| d.bidder.to_string())
            .collect(),
    }
}
