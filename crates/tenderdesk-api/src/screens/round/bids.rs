//! The bids tab: each bid with its status and gate results, late ones flagged, and its prices
//! only once the round's bids are opened (through `seal`, the one place a bid's price is read).

use serde::Serialize;
use tenderdesk_domain::*;
use tenderdesk_evaluation::RoundRecords;

use crate::seal::{BidPence, BidPriceView, BidPrices};
use crate::uk_time;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BidView {
    pub key: String,
    pub lot: String,
    pub bidder: String,
    pub bidder_name: String,
    /// RFC 3339, UTC, and as read in the UK.
    pub received_at: String,
    pub received_uk: String,
    /// Received after the submission deadline.
    pub late: bool,
    /// Why a late bid was accepted, when it was.
    pub late_accepted: Option<String>,
    pub status: SubmissionStatus,
    pub status_reason: Option<String>,
    /// Whether the panel marks and moderates this bid (it is compliant): the marks and
    /// moderation tabs list these bids only.
    pub evaluated: bool,
    /// True while the round's bids are sealed: then `prices` is empty whatever was bid.
    pub sealed: bool,
    pub prices: Vec<BidPriceView>,
    pub live_in_weekly_pence: Option<BidPence>,
    /// Gate results as (gate code, passed, note).
    pub gates: Vec<(String, bool, Option<String>)>,
}

impl BidView {
    pub(crate) fn of(round: &Round, bid: &Submission, bidder_name: String) -> BidView {
        let BidPrices { sealed, prices, live_in_weekly_pence } = BidPrices::of(round, bid);
        BidView {
            key: bid.key.to_string(),
            lot: bid.lot.to_string(),
            bidder: bid.bidder.to_string(),
            bidder_name,
            received_at: bid.received_at.to_rfc3339(),
            received_uk: uk_time(bid.received_at),
            late: bid.received_at > round.timetable.submission_deadline,
            late_accepted: bid.late_acceptance.as_ref().map(|l| format!("{} ({} on {})", l.reason, l.by, l.on)),
            status: bid.status,
            status_reason: bid.status_reason.clone(),
            evaluated: bid.status == SubmissionStatus::Compliant,
            sealed,
            prices,
            live_in_weekly_pence,
            gates: bid.gate_results.iter().map(|g| (g.gate.clone(), g.passed, g.note.clone())).collect(),
        }
    }
}

/// A provider's name among the round's bidders, or its reference.
pub(super) fn bidder_name(records: &RoundRecords, bidder: &Key) -> String {
    records.provider_names.get(bidder).cloned().unwrap_or_else(|| bidder.to_string())
}

pub(super) fn bids(records: &RoundRecords) -> Vec<BidView> {
    records.submissions.iter().map(|s| BidView::of(&records.round, s, bidder_name(records, &s.bidder))).collect()
}
