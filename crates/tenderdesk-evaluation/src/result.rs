//! The result of a round, computed from its records and never typed: per lot and bid the weighted
//! scores, threshold failures, rank, the tie-breaks applied and who is awarded.

use std::collections::BTreeMap;

use serde::Serialize;
use tenderdesk_domain::{
    AwardRule, EvaluationModel, Evaluator, Key, Lot, Mark, ModeratedMark, PriceBasis, Round, Submission,
};

use crate::exact::{Exact, Score};
use crate::price::PricePool;

mod award;
mod bid;
mod criteria;
mod rank;

use award::award;
use bid::score_bid;
use criteria::Marks;
use rank::{score_prices, Ranking};

/// Everything a round's result is computed from.
#[derive(Debug, Clone)]
pub struct RoundRecords {
    pub round: Round,
    pub lots: Vec<Lot>,
    pub submissions: Vec<Submission>,
    pub evaluators: Vec<Evaluator>,
    pub marks: Vec<Mark>,
    pub moderated: Vec<ModeratedMark>,
    /// Provider names by key, for the views.
    pub provider_names: BTreeMap<Key, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvaluationError {
    #[error(
        "the bids of round {round} are sealed: their prices stay hidden until an officer records the opening of \
         the bids, after the submission deadline ({deadline})"
    )]
    Sealed { round: String, deadline: String },
    #[error("round {round} competes for lot {lot}, which is not in the store")]
    MissingLot { round: String, lot: String },
}

/// Whether individual marks spreading by `spread` on a scale from `scale_min` to `scale_max` are
/// wide apart enough for the panel to discuss: by at least 40 % of the scale (2 marks on 0–5), as
/// 5 × spread ≥ 2 × span. Marks that agree (a spread of 0) are never wide, so neither is any
/// spread on a scale whose lowest and highest marks are the same.
pub fn is_wide_spread(spread: u32, scale_min: u32, scale_max: u32) -> bool {
    let span = u64::from(scale_max.saturating_sub(scale_min));
    spread > 0 && 5 * u64::from(spread) >= 2 * span
}

/// Where a bid stands in the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Scored in full and ranked.
    Ranked,
    /// Scored, but below the quality threshold or a question's minimum mark: not ranked.
    BelowThreshold,
    /// Excluded (late, failed gate, …) with its reason.
    Excluded,
    /// Withdrawn by the bidder; kept, not scored.
    Withdrawn,
    /// Not yet checked for compliance.
    NotChecked,
    /// A moderated mark or a price is missing.
    Incomplete,
}

/// One evaluator's mark on one question, kept beside the moderated one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndividualMark {
    pub evaluator: String,
    pub evaluator_name: String,
    pub mark: Option<u32>,
    pub abstained: Option<String>,
    pub justification: String,
}

/// One question of one bid: the moderated mark that counts, its weighted score, and every
/// individual mark with how far they spread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CriterionResult {
    pub code: String,
    pub title: String,
    /// "quality", "interview" or "social_value".
    #[cfg_attr(feature = "ts", ts(as = "tenderdesk_domain::Section"))]
    pub section: String,
    /// The question's weight, in percent of the whole evaluation ("12.5").
    pub weight: String,
    pub scale_min: u32,
    pub scale_max: u32,
    pub minimum_mark: Option<u32>,
    pub moderated: Option<u32>,
    pub rationale: Option<String>,
    pub score: Option<Score>,
    pub marks: Vec<IndividualMark>,
    /// Highest less lowest individual mark, where two or more were given.
    pub spread: Option<u32>,
    /// The spread is at least 40 % of the scale (2 marks on 0–5): the panel should discuss it.
    pub wide_spread: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BidResult {
    pub submission: String,
    pub bidder: String,
    pub bidder_name: String,
    pub standing: Standing,
    /// Why the bid is excluded, withdrawn, below the threshold or incomplete.
    pub reasons: Vec<String>,
    /// The price compared, in pounds per hour rounded to the penny ("21.24"), which crosses to
    /// the window in pence (`price_pence`); `price_exact` is the exact figure in pounds, for audit
    /// (a zone basket may need more places).
    #[serde(rename = "price_pence", serialize_with = "optional_pounds_as_pence")]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub price: Option<String>,
    pub price_exact: Option<String>,
    pub quality: Option<Score>,
    pub interview: Option<Score>,
    pub social_value: Option<Score>,
    pub price_score: Option<Score>,
    pub total: Option<Score>,
    pub rank: Option<u32>,
    /// Another bid holds the same rank (a tie no rule broke).
    pub rank_shared: bool,
    pub awarded: bool,
    /// The zones awarded, where the lot is awarded zone by zone.
    pub awarded_zones: Vec<String>,
    pub criteria: Vec<CriterionResult>,
}

/// How two bids with equal totals were separated, or that they could not be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TieBreakApplied {
    pub ahead: String,
    pub behind: String,
    pub total: String,
    /// The rule that separated them; None when every rule left them tied.
    pub rule: Option<String>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PriceComparison {
    pub formula: String,
    pub basis: String,
    /// The lowest, highest and mean price compared, in pounds rounded to the penny ("20.00");
    /// in pence where they cross to the window (`lowest_pence`…).
    #[serde(rename = "lowest_pence", serialize_with = "pounds_as_pence")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub lowest: String,
    #[serde(rename = "highest_pence", serialize_with = "pounds_as_pence")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub highest: String,
    #[serde(rename = "mean_pence", serialize_with = "pounds_as_pence")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub mean: String,
    pub count: u32,
}

/// Writes pounds rounded to the penny, held as text ("21.24"), as integer pence (2124): money
/// crosses to the window in pence only.
fn pounds_as_pence<S: serde::Serializer>(pounds: &str, s: S) -> Result<S::Ok, S::Error> {
    use rust_decimal::prelude::ToPrimitive;
    use serde::ser::Error;
    let amount: rust_decimal::Decimal =
        pounds.parse().map_err(|e| S::Error::custom(format!("{pounds} is not an amount of pounds: {e}")))?;
    let pence = (amount * rust_decimal::Decimal::ONE_HUNDRED).round().to_i64();
    s.serialize_i64(pence.ok_or_else(|| S::Error::custom(format!("£{pounds} is too large")))?)
}

fn optional_pounds_as_pence<S: serde::Serializer>(pounds: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match pounds {
        Some(p) => pounds_as_pence(p, s),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LotResult {
    pub lot: String,
    pub lot_title: String,
    pub prices: Option<PriceComparison>,
    /// Ranked bids first, in rank order, then the rest by bidder.
    pub bids: Vec<BidResult>,
    pub tie_breaks: Vec<TieBreakApplied>,
    /// What stops an award being made on this lot yet.
    pub blockers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoundResult {
    pub round: String,
    pub title: String,
    pub award_rule: String,
    pub quality_threshold: Option<String>,
    pub tie_break: Vec<String>,
    pub lots: Vec<LotResult>,
    /// Every lot can be awarded: all bids checked and moderated, no tie left at the award line.
    pub complete: bool,
}

impl RoundResult {
    pub fn lot(&self, key: &str) -> Option<&LotResult> {
        self.lots.iter().find(|l| l.lot == key)
    }
}

/// The exact figures of a bid, for ranking.
#[derive(Debug, Clone)]
struct Calc {
    quality: Exact,
    interview: Option<Exact>,
    social_value: Option<Exact>,
    price: Exact,
    price_score: Exact,
    total: Exact,
}

/// A bid as scored so far: its result, its exact figures while it is in contention for a rank,
/// and its submission.
struct Scored<'a> {
    bid: BidResult,
    calc: Option<Calc>,
    sub: &'a Submission,
}

/// Computes the result of a round. Refused while the bids are sealed.
pub fn evaluate(records: &RoundRecords) -> Result<RoundResult, EvaluationError> {
    let round = &records.round;
    if round.bids_opened.is_none() {
        return Err(EvaluationError::Sealed {
            round: round.key.to_string(),
            deadline: round.timetable.submission_deadline.format("%-d %B %Y %H:%M UTC").to_string(),
        });
    }
    let marks = Marks::new(records);
    let mut lots = Vec::new();
    for lot_key in &round.lots {
        let lot = records
            .lots
            .iter()
            .find(|l| &l.key == lot_key)
            .ok_or_else(|| EvaluationError::MissingLot { round: round.key.to_string(), lot: lot_key.to_string() })?;
        lots.push(lot_result(records, &marks, lot));
    }
    let model = &round.model;
    let complete = lots.iter().all(|l| l.blockers.is_empty());
    Ok(RoundResult {
        round: round.key.to_string(),
        title: round.title.clone(),
        award_rule: award_rule_words(&model.award_rule),
        quality_threshold: model.quality_threshold.map(|t| format!("{} %", t.value().normalize())),
        tie_break: model.tie_break.iter().map(|t| t.label().to_owned()).collect(),
        lots,
        complete,
    })
}

/// One lot's result: every bid on it scored, the bids in contention priced against one another,
/// ranked with the tie-break rule, and awarded by the award rule.
fn lot_result(records: &RoundRecords, marks: &Marks<'_>, lot: &Lot) -> LotResult {
    let round = &records.round;
    let model = &round.model;
    let mut bids: Vec<Scored<'_>> = records
        .submissions
        .iter()
        .filter(|s| s.lot == lot.key && s.round == round.key)
        .map(|sub| score_bid(records, marks, lot, sub))
        .collect();
    let pool = score_prices(&mut bids, model);
    let ranking = Ranking { model, drawing: round.drawings.iter().rev().find(|d| d.lot == lot.key) };
    let (mut ranked, others) = ranking.rank(bids);
    let tie_breaks = ranking.tie_breaks(&ranked);
    let blockers = award(&mut ranked, &others, model, lot);
    LotResult {
        lot: lot.key.to_string(),
        lot_title: lot.title.clone(),
        prices: pool.as_ref().map(|p| price_comparison(p, model)),
        bids: ranked.into_iter().chain(others).map(|s| s.bid).collect(),
        tie_breaks,
        blockers,
    }
}

/// The prices compared on a lot, in pounds per hour.
fn price_comparison(p: &PricePool, model: &EvaluationModel) -> PriceComparison {
    PriceComparison {
        formula: model.price.formula.label().to_owned(),
        basis: match model.price.basis {
            PriceBasis::HourlyRate => "a single hourly rate".into(),
            PriceBasis::ZoneBasket => "the zone rates weighted by the expected hours in each zone".into(),
        },
        lowest: (&p.lowest / &Exact::int(100)).rounded(2),
        highest: (&p.highest / &Exact::int(100)).rounded(2),
        mean: (&p.mean / &Exact::int(100)).rounded(2),
        count: p.count as u32,
    }
}

/// The award rule in words: "the top 2 ranked bids are awarded".
fn award_rule_words(rule: &AwardRule) -> String {
    match rule {
        AwardRule::TopRanked { places: 1 } => "the top-ranked bid is awarded".into(),
        AwardRule::TopRanked { places } => format!("the top {places} ranked bids are awarded"),
        AwardRule::AllAboveThreshold { max_per_lot, max_per_zone } => {
            let mut s = "every bid above the threshold is awarded".to_owned();
            if let Some(m) = max_per_lot {
                s.push_str(&format!(", up to {m} per lot"));
            }
            if let Some(m) = max_per_zone {
                s.push_str(&format!(", up to {m} per zone"));
            }
            s
        }
    }
}
