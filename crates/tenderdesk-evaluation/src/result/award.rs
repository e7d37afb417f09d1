//! Who is awarded on a lot by the award rule (the top N, or all above the threshold up to a
//! number per lot and per zone), and what stops an award being made yet: bids not checked or
//! incomplete, and ties across the last place awarded.

use tenderdesk_domain::{AwardRule, EvaluationModel, Lot, Submission};

use super::{BidResult, Scored, Standing};

/// Marks the ranked bids awarded (and the zones each wins) by the model's award rule; gives what
/// stops the award, in which case no bid is marked awarded.
pub(super) fn award(
    ranked: &mut [Scored<'_>],
    others: &[Scored<'_>],
    model: &EvaluationModel,
    lot: &Lot,
) -> Vec<String> {
    let mut blockers: Vec<String> = others.iter().filter_map(|s| not_ready(&s.bid)).collect();
    let line = AwardLine {
        ranks: ranked.iter().map(|s| s.bid.rank.unwrap_or(u32::MAX)).collect(),
        names: ranked.iter().map(|s| s.bid.bidder_name.clone()).collect(),
    };
    let nothing_won = || vec![Vec::new(); ranked.len()];
    let (award, zones_won) = match &model.award_rule {
        AwardRule::TopRanked { places } => (line.within(*places, &mut blockers, "place awarded"), nothing_won()),
        AwardRule::AllAboveThreshold { max_per_lot, max_per_zone } => {
            let award = match max_per_lot {
                Some(m) => line.within(*m, &mut blockers, "place on the lot"),
                None => vec![true; ranked.len()],
            };
            match (max_per_zone, lot.zones.is_empty()) {
                (Some(m), false) => {
                    let subs: Vec<&Submission> = ranked.iter().map(|s| s.sub).collect();
                    line.by_zone(&subs, &award, *m, lot, &mut blockers)
                }
                _ => (award, nothing_won()),
            }
        }
    };
    if ranked.is_empty()
        && others.iter().all(|s| !matches!(s.bid.standing, Standing::NotChecked | Standing::Incomplete))
    {
        blockers.push("no bid reached the point of being ranked, so nothing can be awarded".into());
    }
    for (i, s) in ranked.iter_mut().enumerate() {
        s.bid.awarded = award[i] && blockers.is_empty();
        s.bid.awarded_zones = if s.bid.awarded { zones_won[i].clone() } else { Vec::new() };
    }
    blockers
}

/// What a bid not in contention stops: an award waits for every bid to be checked and complete.
fn not_ready(bid: &BidResult) -> Option<String> {
    match bid.standing {
        Standing::NotChecked => Some(format!("the bid of {} has not been checked for compliance", bid.bidder_name)),
        Standing::Incomplete => {
            Some(format!("the bid of {} is incomplete: {}", bid.bidder_name, bid.reasons.join("; ")))
        }
        _ => None,
    }
}

/// The ranked bids' ranks and bidders' names, in rank order.
struct AwardLine {
    ranks: Vec<u32>,
    names: Vec<String>,
}

impl AwardLine {
    /// Which bids are within `places`: a rank group is inside when all of it fits; a group across
    /// the line blocks the award until a drawing of lots.
    fn within(&self, places: u32, blockers: &mut Vec<String>, what: &str) -> Vec<bool> {
        let ranks = &self.ranks;
        ranks
            .iter()
            .map(|&r| {
                let group = ranks.iter().filter(|&&o| o == r).count() as u32;
                if r + group - 1 <= places {
                    return true;
                }
                if r <= places {
                    let tied: Vec<&str> =
                        self.names.iter().zip(ranks).filter(|(_, &o)| o == r).map(|(n, _)| n.as_str()).collect();
                    let msg = format!(
                        "{} tie at rank {r} across the last {what} ({}); record a drawing of lots",
                        group,
                        tied.join(", ")
                    );
                    block(blockers, msg);
                }
                false
            })
            .collect()
    }

    /// Zone by zone, the best `per_zone` of the awardable bids covering the zone (a bid priced
    /// without zones covers every zone); a bid is awarded when it wins some zone.
    fn by_zone(
        &self,
        subs: &[&Submission],
        award: &[bool],
        per_zone: u32,
        lot: &Lot,
        blockers: &mut Vec<String>,
    ) -> (Vec<bool>, Vec<Vec<String>>) {
        let ranks = &self.ranks;
        let mut any = vec![false; subs.len()];
        let mut zones_won: Vec<Vec<String>> = vec![Vec::new(); subs.len()];
        for zone in &lot.zones {
            let covering: Vec<usize> = (0..subs.len())
                .filter(|&i| award[i])
                .filter(|&i| {
                    let s = subs[i];
                    let zoned = s.prices.iter().any(|p| p.zone.is_some());
                    !zoned || s.prices.iter().any(|p| p.zone.as_deref() == Some(zone.code.as_str()))
                })
                .collect();
            for &i in &covering {
                let r = ranks[i];
                let before = covering.iter().filter(|&&j| ranks[j] < r).count() as u32;
                let group = covering.iter().filter(|&&j| ranks[j] == r).count() as u32;
                if before + group <= per_zone {
                    zones_won[i].push(zone.code.clone());
                    any[i] = true;
                } else if before < per_zone {
                    let tied: Vec<&str> =
                        covering.iter().filter(|&&j| ranks[j] == r).map(|&j| self.names[j].as_str()).collect();
                    let msg = format!(
                        "{group} bids tie at rank {r} across the last place in zone {} ({}); record a drawing of lots",
                        zone.code,
                        tied.join(", ")
                    );
                    block(blockers, msg);
                }
            }
        }
        (any, zones_won)
    }
}

/// Adds a blocker once.
fn block(blockers: &mut Vec<String>, msg: String) {
    if !blockers.contains(&msg) {
        blockers.push(msg);
    }
}
