//! Sealed bids: until an officer records the opening of a round's bids, their prices are hidden
//! in every view, export and report. The store holds them; this module takes them out on the way.
//!
//! The types keep it so: a bid's price reaches a view only as a [`BidPence`], which only
//! [`BidPrices::of`] makes, and only for a round whose bids are opened; a dataset leaves the API
//! with sealed prices only when [`ExportScope::IncludingSealed`] asks for them (a full backup).

use std::collections::HashSet;

use serde::Serialize;
use tenderdesk_domain::{Dataset, Round, Submission};
use tenderdesk_evaluation::RoundRecords;

use crate::{Api, Result};

/// What a view shows in place of a sealed bid's prices.
pub const SEALED_NOTE: &str = "prices sealed until the bids are opened";

/// How much of the store an export carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportScope {
    /// Every record, the bids of rounds not yet opened without their prices: what may leave the
    /// officer's hands.
    SealedWithheld,
    /// Every record as stored, sealed prices too: a full backup, kept as securely as the store.
    IncludingSealed,
}

impl ExportScope {
    /// `--include-sealed` and the window's "include sealed prices" box.
    pub fn including_sealed(include: bool) -> ExportScope {
        if include {
            ExportScope::IncludingSealed
        } else {
            ExportScope::SealedWithheld
        }
    }
}

/// An amount of a bid's price, in pence, of a bid whose round is opened: nothing else makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct BidPence(i64);

impl BidPence {
    pub fn pence(self) -> i64 {
        self.0
    }
}

impl PartialEq<i64> for BidPence {
    fn eq(&self, pence: &i64) -> bool {
        self.0 == *pence
    }
}

impl ts_rs::TS for BidPence {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;

    fn name(_: &ts_rs::Config) -> String {
        "number".to_owned()
    }

    fn inline(cfg: &ts_rs::Config) -> String {
        Self::name(cfg)
    }
}

/// One price of a bid, as the round screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct BidPriceView {
    pub zone: Option<String>,
    pub hourly_pence: BidPence,
}

/// A bid's prices as a view may show them: none while its round is sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BidPrices {
    pub sealed: bool,
    pub prices: Vec<BidPriceView>,
    pub live_in_weekly_pence: Option<BidPence>,
}

impl BidPrices {
    /// The prices of `bid`, a bid of `round`: withheld, whatever was bid, until the round's bids
    /// are opened.
    pub fn of(round: &Round, bid: &Submission) -> BidPrices {
        if round.bids_opened.is_none() || bid.round != round.key {
            return BidPrices { sealed: true, prices: Vec::new(), live_in_weekly_pence: None };
        }
        BidPrices {
            sealed: false,
            prices: bid
                .prices
                .iter()
                .map(|p| BidPriceView { zone: p.zone.clone(), hourly_pence: BidPence(p.hourly.pence()) })
                .collect(),
            live_in_weekly_pence: bid.live_in_weekly.map(|m| BidPence(m.pence())),
        }
    }
}

/// The keys of the rounds whose bids are still sealed, from the kept list of rounds (a large
/// county's 1,000 rounds are not decoded again to show one bid).
pub(crate) fn sealed_rounds(api: &Api) -> Result<HashSet<String>> {
    Ok(api
        .store
        .list_shared::<Round>()?
        .iter()
        .filter(|(_, r)| r.bids_opened.is_none())
        .map(|(_, r)| r.key.to_string())
        .collect())
}

/// Takes the prices out of a submission's JSON when its round is sealed; says so in `sealed`.
pub(crate) fn redact_submission_json(v: &mut serde_json::Value, sealed: &HashSet<String>) {
    let Some(round) = v.get("round").and_then(|r| r.as_str()) else { return };
    if !sealed.contains(round) {
        return;
    }
    if let Some(map) = v.as_object_mut() {
        map.remove("prices");
        map.remove("live_in_weekly");
        map.insert("sealed".into(), SEALED_NOTE.into());
    }
}

/// Takes the prices out of a bid of a sealed round.
fn redact_submission(s: &mut Submission) {
    s.prices.clear();
    s.live_in_weekly = None;
}

/// Takes the prices out of every sealed bid of a dataset. Returns how many bids were sealed.
pub(crate) fn redact_dataset(ds: &mut Dataset) -> usize {
    let sealed: HashSet<String> =
        ds.rounds.iter().filter(|r| r.bids_opened.is_none()).map(|r| r.key.to_string()).collect();
    let mut n = 0;
    for s in ds.submissions.iter_mut().filter(|s| sealed.contains(s.round.as_str())) {
        if !s.prices.is_empty() || s.live_in_weekly.is_some() {
            n += 1;
        }
        redact_submission(s);
    }
    n
}

/// Takes the prices out of a round's bids unless the store records their opening (a sealed
/// round's result cannot be computed anyway).
pub(crate) fn redact_round_records(records: &mut RoundRecords, opened_in_store: bool) {
    if !opened_in_store || records.round.bids_opened.is_none() {
        records.submissions.iter_mut().for_each(redact_submission);
    }
}
