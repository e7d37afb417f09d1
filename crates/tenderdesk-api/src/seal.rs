//! Sealed bids: until an officer records the opening of a round's bids, their prices are hidden
//! in every view, export and report. The store holds them; this module takes them out on the way.

use std::collections::HashSet;

use tenderdesk_domain::{Dataset, Round};

use crate::{Api, Result};

/// What a view shows in place of a sealed bid's prices.
pub const SEALED_NOTE: &str = "prices sealed until the bids are opened";

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

/// Takes the prices out of every sealed bid of a dataset. Returns how many bids were sealed.
pub(crate) fn redact_dataset(ds: &mut Dataset) -> usize {
    let sealed: HashSet<String> =
        ds.rounds.iter().filter(|r| r.bids_opened.is_none()).map(|r| r.key.to_string()).collect();
    let mut n = 0;
    for s in ds.submissions.iter_mut().filter(|s| sealed.contains(s.round.as_str())) {
        if !s.prices.is_empty() || s.live_in_weekly.is_some() {
            n += 1;
        }
        s.prices.clear();
        s.live_in_weekly = None;
    }
    n
}
