//! Rounds (mini-competitions on one lot), their bids and their evaluators.

use rust_decimal::Decimal;
use tenderdesk_domain::*;

use super::Plan;
use crate::rng::{S_BID, S_EVALUATOR};
use crate::values::{at, key, money, pct, plus};
use crate::words::{person, DESCRIPTORS, QUESTION_TITLES, ROLES};

impl Plan {
    pub(super) fn round_key(&self, r: usize) -> Key {
        key(format!("RND-{r:04}"))
    }

    pub(super) fn timetable(&self, r: usize) -> Timetable {
        let p = self.rounds[r].published;
        Timetable {
            published: p,
            clarification_deadline: Some(at(plus(p, 14), 12, 0)),
            submission_deadline: at(plus(p, 28), 12, 0),
            evaluation_start: Some(plus(p, 31)),
            evaluation_end: Some(plus(p, 45)),
            interviews: Some(plus(p, 48)),
            moderation: Some(plus(p, 52)),
            decision: Some(plus(p, 60)),
            standstill_end: Some(plus(p, 72)),
            contract_start: Some(plus(p, 90)),
        }
    }

    /// Question codes and weights: all but two are quality (their weights add up to 60), two are
    /// interview (10); price is 30.
    pub(super) fn questions(&self) -> Vec<(String, i64, bool)> {
        let n = self.shape.questions;
        let quality = n - 2;
        // Spread 60 over the quality questions in whole per cents where it divides, else in
        // hundredths (at most four decimal places are allowed).
        (0..n)
            .map(|q| {
                if q < quality {
                    (format!("Q{:02}", q + 1), 6000 / quality as i64 + i64::from(q < 6000 % quality), false)
                } else {
                    (format!("INT{}", q - quality + 1), 500, true)
                }
            })
            .collect()
    }

    pub(super) fn round(&self, r: usize) -> Round {
        let rp = &self.rounds[r];
        let tt = self.timetable(r);
        let scale = tenderdesk_domain::Scale {
            min: 0,
            max: 5,
            descriptors: DESCRIPTORS
                .iter()
                .enumerate()
                .map(|(m, label)| Descriptor { mark: m as u32, label: (*label).to_owned() })
                .collect(),
        };
        let question = |(code, weight, _): &(String, i64, bool), i: usize| Question {
            code: code.clone(),
            title: QUESTION_TITLES[i % QUESTION_TITLES.len()].to_owned(),
            weight: Percent::new(Decimal::new(*weight, 2).normalize()).expect("a weight"),
            scale: scale.clone(),
            minimum_mark: Some(1),
        };
        let qs = self.questions();
        let quality: Vec<Question> = qs.iter().enumerate().filter(|(_, q)| !q.2).map(|(i, q)| question(q, i)).collect();
        let interview: Vec<Question> =
            qs.iter().enumerate().filter(|(_, q)| q.2).map(|(i, q)| question(q, i)).collect();
        let lot = &self.admitted[rp.lot];
        Round {
            key: self.round_key(r),
            title: format!("Call-off {} on lot {}", r + 1, self.lot_key(rp.lot)),
            arrangement: self.arrangement_key(rp.arrangement),
            kind: RoundKind::MiniCompetition,
            lots: vec![self.lot_key(rp.lot)],
            opening: None,
            regime: None,
            clarifications: vec![Clarification {
                number: 1,
                asked_on: plus(tt.published, 5),
                question: "Is TUPE expected to apply to the packages in this call-off?".into(),
                answer: Some("No transfer of staff is expected; see the specification.".into()),
                answered_on: Some(plus(tt.published, 8)),
                published_to_all: true,
            }],
            invited: lot.iter().map(|p| self.provider_key(*p)).collect(),
            model: EvaluationModel {
                gates: vec![
                    Gate { code: "CQC".into(), title: "Registered with the CQC and not rated Inadequate".into() },
                    Gate { code: "INS".into(), title: "Insurance in place".into() },
                ],
                quality: ScoredSection { weight: pct(60), questions: quality },
                interview: Some(ScoredSection { weight: pct(10), questions: interview }),
                price: PriceSection {
                    weight: pct(30),
                    formula: PriceFormula::Relative,
                    basis: if rp.zone_basket { PriceBasis::ZoneBasket } else { PriceBasis::HourlyRate },
                },
                social_value: None,
                quality_threshold: Some(pct(50)),
                tie_break: vec![TieBreak::HigherQuality, TieBreak::LowerPrice, TieBreak::DrawingOfLots],
                award_rule: AwardRule::TopRanked { places: rp.places as u32 },
            },
            drawings: Vec::new(),
            bids_opened: Some(BidOpening {
                by: "Procurement Officer".into(),
                at: tt.submission_deadline + chrono::Duration::hours(2),
            }),
            timetable: tt,
        }
    }

    /// The bidders of a round (indices into the pool) and their hourly prices per zone (one
    /// price when the round is priced on a single rate).
    pub(super) fn bidders(&self, r: usize) -> Vec<(usize, Vec<i64>)> {
        let rp = &self.rounds[r];
        (0..self.shape.bids_per_round)
            .map(|b| {
                let mut rng = self.rng(S_BID, (r * 1000 + b) as u64);
                let base = rng.range(1900, 2600);
                let prices = if rp.zone_basket {
                    (0..self.shape.zones_per_lot).map(|z| base + (z as i64 % 3) * 25 + rng.range(0, 40)).collect()
                } else {
                    vec![base]
                };
                (self.admitted[rp.lot][b], prices)
            })
            .collect()
    }

    pub(super) fn bid_key(&self, r: usize, b: usize) -> Key {
        key(format!("SUB-{r:04}-{b:03}"))
    }

    pub(super) fn bids(&self, r: usize) -> Vec<Submission> {
        let rp = &self.rounds[r];
        let deadline = self.timetable(r).submission_deadline;
        self.bidders(r)
            .into_iter()
            .enumerate()
            .map(|(b, (p, prices))| {
                let mut rng = self.rng(S_BID, (r * 1000 + b) as u64 + 500);
                Submission {
                    key: self.bid_key(r, b),
                    round: self.round_key(r),
                    lot: self.lot_key(rp.lot),
                    bidder: self.provider_key(p),
                    received_at: deadline - chrono::Duration::minutes(rng.range(10, 60 * 24 * 6)),
                    late_acceptance: None,
                    prices: if rp.zone_basket {
                        prices
                            .iter()
                            .enumerate()
                            .map(|(z, h)| BidPrice { zone: Some(format!("Z{:02}", z + 1)), hourly: money(*h) })
                            .collect()
                    } else {
                        vec![BidPrice { zone: None, hourly: money(prices[0]) }]
                    },
                    live_in_weekly: None,
                    gate_results: ["CQC", "INS"]
                        .iter()
                        .map(|g| GateResult { gate: (*g).into(), passed: true, note: None })
                        .collect(),
                    status: SubmissionStatus::Compliant,
                    status_reason: None,
                }
            })
            .collect()
    }

    pub(super) fn evaluator_key(&self, r: usize, e: usize) -> Key {
        key(format!("EVL-{r:04}-{e:02}"))
    }

    pub(super) fn evaluator(&self, r: usize, e: usize) -> Evaluator {
        let mut rng = self.rng(S_EVALUATOR, (r * 100 + e) as u64);
        let declared = self.timetable(r).evaluation_start.unwrap_or(self.rounds[r].published);
        Evaluator {
            key: self.evaluator_key(r, e),
            round: self.round_key(r),
            name: person(&mut rng),
            role: rng.pick(ROLES).to_string(),
            declarations: self
                .bidders(r)
                .into_iter()
                .map(|(p, _)| Declaration {
                    bidder: self.provider_key(p),
                    conflict: Conflict::None,
                    resolution: None,
                    declared_on: declared,
                })
                .collect(),
        }
    }
}
