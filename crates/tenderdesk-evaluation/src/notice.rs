//! What each bidder's award letter must say, as data: the reports render it.

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::AwardDecision;

use crate::exact::Score;
use crate::result::{BidResult, RoundResult, Standing};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Successful,
    Unsuccessful,
    /// Excluded before scoring (late, failed gate…): the letter gives the reason.
    Excluded,
}

/// One criterion as a letter shows it: the bid's own weighted score beside the winner's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NoticeCriterion {
    pub code: String,
    pub title: String,
    pub weight: String,
    pub own_mark: Option<u32>,
    pub own_score: Option<Score>,
    pub winner_mark: Option<u32>,
    pub winner_score: Option<Score>,
    /// The moderation rationale for the bid's own mark: the reason it scored as it did.
    pub reason: Option<String>,
    /// The moderation rationale for the winner's mark: the relative advantages of the winning bid.
    pub winner_reason: Option<String>,
}

/// The totals a letter shows, for the bid and for the winner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NoticeTotals {
    pub quality: Option<Score>,
    pub interview: Option<Score>,
    pub social_value: Option<Score>,
    pub price: Option<Score>,
    pub total: Option<Score>,
    pub rank: Option<u32>,
}

/// What the letter to one bidder about one lot must say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Notice {
    pub round: String,
    pub round_title: String,
    pub lot: String,
    pub lot_title: String,
    pub bidder: String,
    pub bidder_name: String,
    pub submission: String,
    pub outcome: Outcome,
    /// Why the bid was excluded or not ranked, in the words recorded.
    pub reasons: Vec<String>,
    pub criteria: Vec<NoticeCriterion>,
    pub own: NoticeTotals,
    /// The highest-ranked bid awarded on the lot.
    pub winner_name: Option<String>,
    pub winner: Option<NoticeTotals>,
    pub bids_received: u32,
    pub decided_on: NaiveDate,
    pub decision_maker: String,
    pub regime: String,
    pub notices_sent_on: NaiveDate,
    pub standstill_ends: Option<NaiveDate>,
}

fn totals(b: &BidResult) -> NoticeTotals {
    NoticeTotals {
        quality: b.quality.clone(),
        interview: b.interview.clone(),
        social_value: b.social_value.clone(),
        price: b.price_score.clone(),
        total: b.total.clone(),
        rank: b.rank,
    }
}

/// A notice for every bidder of every lot of a decided round (withdrawn bids get none).
pub fn notices(result: &RoundResult, award: &AwardDecision) -> Vec<Notice> {
    let mut out = Vec::new();
    for lot in &result.lots {
        let winner = lot
            .bids
            .iter()
            .filter(|b| award.awarded.iter().any(|a| a.submission.as_str() == b.submission))
            .min_by_key(|b| b.rank.unwrap_or(u32::MAX));
        let received = lot.bids.iter().filter(|b| b.standing != Standing::Withdrawn).count() as u32;
        for b in &lot.bids {
            if b.standing == Standing::Withdrawn {
                continue;
            }
            let successful = award.awarded.iter().any(|a| a.submission.as_str() == b.submission);
            let outcome = if successful {
                Outcome::Successful
            } else if matches!(b.standing, Standing::Excluded | Standing::NotChecked) {
                Outcome::Excluded
            } else {
                Outcome::Unsuccessful
            };
            let criteria = b
                .criteria
                .iter()
                .map(|c| {
                    let w = winner.and_then(|w| w.criteria.iter().find(|x| x.code == c.code));
                    NoticeCriterion {
                        code: c.code.clone(),
                        title: c.title.clone(),
                        weight: c.weight.clone(),
                        own_mark: c.moderated,
                        own_score: c.score.clone(),
                        winner_mark: w.and_then(|w| w.moderated),
                        winner_score: w.and_then(|w| w.score.clone()),
                        reason: c.rationale.clone(),
                        winner_reason: w.and_then(|w| w.rationale.clone()),
                    }
                })
                .collect();
            out.push(Notice {
                round: result.round.clone(),
                round_title: result.title.clone(),
                lot: lot.lot.clone(),
                lot_title: lot.lot_title.clone(),
                bidder: b.bidder.clone(),
                bidder_name: b.bidder_name.clone(),
                submission: b.submission.clone(),
                outcome,
                reasons: b.reasons.clone(),
                criteria,
                own: totals(b),
                winner_name: winner.map(|w| w.bidder_name.clone()),
                winner: winner.map(totals),
                bids_received: received,
                decided_on: award.decided_on,
                decision_maker: award.decision_maker.clone(),
                regime: award.regime.label().to_owned(),
                notices_sent_on: award.notices_sent_on,
                standstill_ends: award.standstill_ends,
            });
        }
    }
    out
}
