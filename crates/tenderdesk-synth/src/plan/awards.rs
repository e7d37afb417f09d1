//! Award decisions: the bids ranked as the evaluation would rank them.

use tenderdesk_domain::*;

use super::Plan;
use crate::values::{key, plus};

impl Plan {
    /// The bids of a round from best to worst: moderated quality and interview, plus relative
    /// price on the round's basis; ties go to the earlier bid.
    pub(super) fn ranking(&self, r: usize) -> Vec<usize> {
        let rp = &self.rounds[r];
        let qs = self.questions();
        let moderated = self.moderated_values(&self.mark_values(r));
        let zone_hours: Vec<i64> = (0..self.shape.zones_per_lot).map(|z| self.zone_hours(rp.lot, z)).collect();
        let basis: Vec<i64> = self
            .bidders(r)
            .iter()
            .map(|(_, prices)| {
                if rp.zone_basket {
                    prices.iter().zip(&zone_hours).map(|(p, h)| p * h).sum::<i64>() / zone_hours.iter().sum::<i64>()
                } else {
                    prices[0]
                }
            })
            .collect();
        let lowest = basis.iter().copied().min().unwrap_or(1).max(1);
        let mut scored: Vec<(i64, usize)> = moderated
            .iter()
            .enumerate()
            .map(|(b, by_q)| {
                let quality: i64 = by_q.iter().zip(&qs).map(|(m, q)| *m as i64 * q.1 * 10_000 / 5).sum();
                let price = 30 * 1_000_000 * lowest / basis[b].max(1);
                (quality + price, b)
            })
            .collect();
        scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        scored.into_iter().map(|(_, b)| b).collect()
    }

    pub(super) fn award_key(&self, r: usize) -> Key {
        key(format!("AWD-{r:04}"))
    }

    pub(super) fn award(&self, r: usize) -> AwardDecision {
        let rp = &self.rounds[r];
        let tt = self.timetable(r);
        let decided = tt.decision.unwrap_or(rp.published);
        let bidders = self.bidders(r);
        AwardDecision {
            key: self.award_key(r),
            round: self.round_key(r),
            decided_on: decided,
            decision_maker: "Head of Commissioning".into(),
            regime: self.arrangements[rp.arrangement].regime,
            awarded: self
                .ranking(r)
                .into_iter()
                .take(rp.places)
                .map(|b| Awarded {
                    lot: self.lot_key(rp.lot),
                    provider: self.provider_key(bidders[b].0),
                    submission: self.bid_key(r, b),
                    zones: Vec::new(),
                })
                .collect(),
            notices_sent_on: plus(decided, 1),
            standstill: true,
            standstill_ends: tt.standstill_end,
            withdrawn: None,
        }
    }
}
