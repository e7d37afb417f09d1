//! The result of a round, computed from its records and never typed: per lot and bid the weighted
//! scores, threshold failures, rank, the tie-breaks applied and who is awarded.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tenderdesk_domain::{
    AwardRule, Evaluator, Key, Lot, Mark, ModeratedMark, Question, Round, Submission, SubmissionStatus, TieBreak,
};

use crate::exact::{Exact, Score};
use crate::price::{basis_price, price_score, PricePool};

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

/// Computes the result of a round. Refused while the bids are sealed.
pub fn evaluate(records: &RoundRecords) -> Result<RoundResult, EvaluationError> {
    let round = &records.round;
    if round.bids_opened.is_none() {
        return Err(EvaluationError::Sealed {
            round: round.key.to_string(),
            deadline: round.timetable.submission_deadline.format("%-d %B %Y %H:%M UTC").to_string(),
        });
    }
    let model = &round.model;
    let evaluators: HashMap<&Key, &Evaluator> = records.evaluators.iter().map(|e| (&e.key, e)).collect();
    let moderated: HashMap<(&Key, &str), &ModeratedMark> =
        records.moderated.iter().map(|m| ((&m.submission, m.question.as_str()), m)).collect();
    let mut marks: HashMap<(&Key, &str), Vec<&Mark>> = HashMap::new();
    for m in &records.marks {
        marks.entry((&m.submission, m.question.as_str())).or_default().push(m);
    }
    let mut lots = Vec::new();
    for lot_key in &round.lots {
        let lot = records
            .lots
            .iter()
            .find(|l| &l.key == lot_key)
            .ok_or_else(|| EvaluationError::MissingLot { round: round.key.to_string(), lot: lot_key.to_string() })?;
        let mut bids: Vec<(BidResult, Option<Calc>, &Submission)> = Vec::new();
        for sub in records.submissions.iter().filter(|s| &s.lot == lot_key && s.round == round.key) {
            let name = records.provider_names.get(&sub.bidder).cloned().unwrap_or_else(|| sub.bidder.to_string());
            let mut bid = BidResult {
                submission: sub.key.to_string(),
                bidder: sub.bidder.to_string(),
                bidder_name: name,
                standing: Standing::Ranked,
                reasons: Vec::new(),
                price: None,
                price_exact: None,
                quality: None,
                interview: None,
                social_value: None,
                price_score: None,
                total: None,
                rank: None,
                rank_shared: false,
                awarded: false,
                awarded_zones: Vec::new(),
                criteria: Vec::new(),
            };
            match sub.status {
                SubmissionStatus::Withdrawn | SubmissionStatus::Excluded => {
                    bid.standing = if sub.status == SubmissionStatus::Withdrawn {
                        Standing::Withdrawn
                    } else {
                        Standing::Excluded
                    };
                    bid.reasons.extend(sub.status_reason.clone());
                    bids.push((bid, None, sub));
                    continue;
                }
                SubmissionStatus::Received => {
                    bid.standing = Standing::NotChecked;
                    bid.reasons.push("not yet checked for compliance".into());
                    bids.push((bid, None, sub));
                    continue;
                }
                SubmissionStatus::Compliant => {}
            }
            // Scored sections.
            let mut missing = Vec::new();
            let mut failures = Vec::new();
            let mut section_score = |section: &str, questions: &[Question], bid: &mut BidResult| -> Exact {
                let mut total = Exact::zero();
                for q in questions {
                    let weight = Exact::decimal(q.weight.value());
                    let m = moderated.get(&(&sub.key, q.code.as_str()));
                    let individual: Vec<IndividualMark> = marks
                        .get(&(&sub.key, q.code.as_str()))
                        .map(|ms| {
                            let mut v: Vec<IndividualMark> = ms
                                .iter()
                                .map(|m| IndividualMark {
                                    evaluator: m.evaluator.to_string(),
                                    evaluator_name: evaluators
                                        .get(&m.evaluator)
                                        .map_or_else(|| m.evaluator.to_string(), |e| e.name.clone()),
                                    mark: m.mark,
                                    abstained: m.abstained.clone(),
                                    justification: m.justification.clone(),
                                })
                                .collect();
                            v.sort_by(|a, b| a.evaluator.cmp(&b.evaluator));
                            v
                        })
                        .unwrap_or_default();
                    let given: Vec<u32> = individual.iter().filter_map(|m| m.mark).collect();
                    let spread = (given.len() >= 2)
                        .then(|| given.iter().max().copied().unwrap_or(0) - given.iter().min().copied().unwrap_or(0));
                    let span = q.scale.max.saturating_sub(q.scale.min);
                    let wide = spread.is_some_and(|s| is_wide_spread(s, q.scale.min, q.scale.max));
                    let score = m.map(|m| {
                        let above = m.mark.saturating_sub(q.scale.min) as i64;
                        &Exact::ratio(above, span.max(1) as i64) * &weight
                    });
                    match m {
                        None => missing.push(format!("{} has no moderated mark", q.code)),
                        Some(m) => {
                            if let Some(min) = q.minimum_mark {
                                if m.mark < min {
                                    failures.push(format!(
                                        "{} was marked {}, below the minimum mark of {min}",
                                        q.code, m.mark
                                    ));
                                }
                            }
                        }
                    }
                    if let Some(s) = &score {
                        total = &total + s;
                    }
                    bid.criteria.push(CriterionResult {
                        code: q.code.clone(),
                        title: q.title.clone(),
                        section: section.to_owned(),
                        weight: q.weight.value().normalize().to_string(),
                        scale_min: q.scale.min,
                        scale_max: q.scale.max,
                        minimum_mark: q.minimum_mark,
                        moderated: m.map(|m| m.mark),
                        rationale: m.map(|m| m.rationale.clone()),
                        score: score.as_ref().map(Score::from),
                        marks: individual,
                        spread,
                        wide_spread: wide,
                    });
                }
                total
            };
            let quality = section_score("quality", &model.quality.questions, &mut bid);
            let interview = model.interview.as_ref().map(|s| section_score("interview", &s.questions, &mut bid));
            let social_value =
                model.social_value.as_ref().map(|s| section_score("social_value", &s.questions, &mut bid));
            bid.quality = Some(Score::from(&quality));
            bid.interview = interview.as_ref().map(Score::from);
            bid.social_value = social_value.as_ref().map(Score::from);
            if let Some(t) = model.quality_threshold {
                let needed =
                    &(&Exact::decimal(t.value()) / &Exact::int(100)) * &Exact::decimal(model.quality.weight.value());
                if quality < needed {
                    failures.push(format!(
                        "the quality score of {} is below the threshold of {} ({} % of the quality weight of {} %)",
                        quality.rounded(2),
                        needed.rounded(2),
                        t.value().normalize(),
                        model.quality.weight.value().normalize()
                    ));
                }
            }
            let price = basis_price(sub, model.price.basis, lot);
            if let Ok(p) = &price {
                bid.price = Some((p / &Exact::int(100)).rounded(2));
                bid.price_exact = Some((p / &Exact::int(100)).exact_text());
            }
            if !missing.is_empty() {
                bid.standing = Standing::Incomplete;
                bid.reasons.extend(missing);
                bids.push((bid, None, sub));
                continue;
            }
            if !failures.is_empty() {
                bid.standing = Standing::BelowThreshold;
                bid.reasons.extend(failures);
                bids.push((bid, None, sub));
                continue;
            }
            match price {
                Err(e) => {
                    bid.standing = Standing::Incomplete;
                    bid.reasons.push(e.to_string());
                    bids.push((bid, None, sub));
                }
                Ok(price) => {
                    let calc = Calc {
                        quality,
                        interview,
                        social_value,
                        price,
                        price_score: Exact::zero(),
                        total: Exact::zero(),
                    };
                    bids.push((bid, Some(calc), sub));
                }
            }
        }

        // Price: compared among the bids still in contention.
        let prices: Vec<Exact> = bids.iter().filter_map(|(_, c, _)| c.as_ref().map(|c| c.price.clone())).collect();
        let pool = PricePool::of(&prices);
        let weight = Exact::decimal(model.price.weight.value());
        for (bid, calc, _) in bids.iter_mut() {
            let (Some(calc), Some(pool)) = (calc.as_mut(), pool.as_ref()) else { continue };
            calc.price_score = price_score(model.price.formula, &calc.price, pool, &weight);
            calc.total = [
                Some(calc.quality.clone()),
                calc.interview.clone(),
                calc.social_value.clone(),
                Some(calc.price_score.clone()),
            ]
            .into_iter()
            .flatten()
            .sum();
            bid.price_score = Some(Score::from(&calc.price_score));
            bid.total = Some(Score::from(&calc.total));
        }

        // Rank on exact values; the tie-break rule settles equal totals.
        let drawing = round.drawings.iter().rev().find(|d| &d.lot == lot_key);
        let compare = |a: &(BidResult, Option<Calc>, &Submission), b: &(BidResult, Option<Calc>, &Submission)| {
            let (Some(x), Some(y)) = (&a.1, &b.1) else { return (Ordering::Equal, None) };
            let by_total = y.total.cmp(&x.total);
            if by_total != Ordering::Equal {
                return (by_total, None);
            }
            for rule in &model.tie_break {
                let o = match rule {
                    TieBreak::HigherQuality => y.quality.cmp(&x.quality),
                    TieBreak::HigherInterview => y.interview.cmp(&x.interview),
                    TieBreak::LowerPrice => x.price.cmp(&y.price),
                    TieBreak::HigherSocialValue => y.social_value.cmp(&x.social_value),
                    TieBreak::DrawingOfLots => {
                        let pos = |s: &Submission| drawing.and_then(|d| d.order.iter().position(|k| k == &s.key));
                        match (pos(a.2), pos(b.2)) {
                            (Some(i), Some(j)) => i.cmp(&j),
                            _ => Ordering::Equal,
                        }
                    }
                };
                if o != Ordering::Equal {
                    return (o, Some(*rule));
                }
            }
            (Ordering::Equal, None)
        };
        let (mut ranked, mut others): (Vec<_>, Vec<_>) = bids.into_iter().partition(|(_, c, _)| c.is_some());
        ranked.sort_by(|a, b| compare(a, b).0.then_with(|| a.2.bidder.cmp(&b.2.bidder)));
        others.sort_by(|a, b| a.0.bidder_name.cmp(&b.0.bidder_name).then_with(|| a.0.bidder.cmp(&b.0.bidder)));
        let mut tie_breaks = Vec::new();
        for i in 0..ranked.len() {
            let ahead = ranked.iter().filter(|o| compare(o, &ranked[i]).0 == Ordering::Less).count();
            let shared = ranked.iter().enumerate().any(|(j, o)| j != i && compare(o, &ranked[i]).0 == Ordering::Equal);
            ranked[i].0.rank = Some(ahead as u32 + 1);
            ranked[i].0.rank_shared = shared;
        }
        for pair in ranked.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let (Some(x), Some(y)) = (&a.1, &b.1) else { continue };
            if x.total != y.total {
                continue;
            }
            let (order, rule) = compare(a, b);
            let explanation = match rule {
                Some(r) => format!(
                    "{} is ahead of {} on equal totals of {} by the {}{}",
                    a.0.bidder_name,
                    b.0.bidder_name,
                    x.total.rounded(2),
                    r.label(),
                    match r {
                        TieBreak::HigherQuality =>
                            format!(" ({} against {})", x.quality.rounded(2), y.quality.rounded(2)),
                        TieBreak::HigherInterview => format!(
                            " ({} against {})",
                            x.interview.as_ref().map_or("–".into(), |v| v.rounded(2)),
                            y.interview.as_ref().map_or("–".into(), |v| v.rounded(2))
                        ),
                        TieBreak::LowerPrice => format!(
                            " (£{} against £{} an hour)",
                            (&x.price / &Exact::int(100)).rounded(2),
                            (&y.price / &Exact::int(100)).rounded(2)
                        ),
                        TieBreak::HigherSocialValue => format!(
                            " ({} against {})",
                            x.social_value.as_ref().map_or("–".into(), |v| v.rounded(2)),
                            y.social_value.as_ref().map_or("–".into(), |v| v.rounded(2))
                        ),
                        TieBreak::DrawingOfLots => drawing
                            .map(|d| format!(
                                " drawn on {} by {}, witnessed by {}",
                                d.drawn_on, d.drawn_by, d.witnessed_by
                            ))
                            .unwrap_or_default(),
                    }
                ),
                None => format!(
                    "{} and {} are tied on {} and on every tie-break rule; a drawing of lots must be recorded",
                    a.0.bidder_name,
                    b.0.bidder_name,
                    x.total.rounded(2)
                ),
            };
            debug_assert!(order != Ordering::Greater);
            tie_breaks.push(TieBreakApplied {
                ahead: a.0.submission.clone(),
                behind: b.0.submission.clone(),
                total: x.total.rounded(2),
                rule: rule.map(|r| r.label().to_owned()),
                explanation,
            });
        }

        // Award.
        let mut blockers = Vec::new();
        for (bid, _, _) in &others {
            match bid.standing {
                Standing::NotChecked => {
                    blockers.push(format!("the bid of {} has not been checked for compliance", bid.bidder_name))
                }
                Standing::Incomplete => {
                    blockers.push(format!("the bid of {} is incomplete: {}", bid.bidder_name, bid.reasons.join("; ")))
                }
                _ => {}
            }
        }
        let ranks: Vec<u32> = ranked.iter().map(|(b, _, _)| b.rank.unwrap_or(u32::MAX)).collect();
        let within = |places: u32, blockers: &mut Vec<String>, what: &str, names: &[&str]| -> Vec<bool> {
            // A rank group is inside when all of it fits within `places`.
            ranks
                .iter()
                .map(|&r| {
                    let group = ranks.iter().filter(|&&o| o == r).count() as u32;
                    if r + group - 1 <= places {
                        true
                    } else {
                        if r <= places {
                            let msg = format!(
                                "{} tie at rank {r} across the last {what} ({}); record a drawing of lots",
                                group,
                                names
                                    .iter()
                                    .zip(&ranks)
                                    .filter(|(_, &o)| o == r)
                                    .map(|(n, _)| *n)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            );
                            if !blockers.contains(&msg) {
                                blockers.push(msg);
                            }
                        }
                        false
                    }
                })
                .collect()
        };
        let names: Vec<String> = ranked.iter().map(|(b, _, _)| b.bidder_name.clone()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut award: Vec<bool> = vec![true; ranked.len()];
        let mut zones_won: Vec<Vec<String>> = vec![Vec::new(); ranked.len()];
        match &model.award_rule {
            AwardRule::TopRanked { places } => {
                award = within(*places, &mut blockers, "place awarded", &names);
            }
            AwardRule::AllAboveThreshold { max_per_lot, max_per_zone } => {
                if let Some(m) = max_per_lot {
                    award = within(*m, &mut blockers, "place on the lot", &names);
                }
                if let (Some(m), false) = (max_per_zone, lot.zones.is_empty()) {
                    let mut any = vec![false; ranked.len()];
                    for zone in &lot.zones {
                        let covering: Vec<usize> = (0..ranked.len())
                            .filter(|&i| award[i])
                            .filter(|&i| {
                                let s = ranked[i].2;
                                let zoned = s.prices.iter().any(|p| p.zone.is_some());
                                !zoned || s.prices.iter().any(|p| p.zone.as_deref() == Some(zone.code.as_str()))
                            })
                            .collect();
                        for (pos, &i) in covering.iter().enumerate() {
                            let r = ranks[i];
                            let before = covering.iter().filter(|&&j| ranks[j] < r).count() as u32;
                            let group = covering.iter().filter(|&&j| ranks[j] == r).count() as u32;
                            if before + group <= *m {
                                zones_won[i].push(zone.code.clone());
                                any[i] = true;
                            } else if before < *m {
                                let msg = format!(
                                    "{group} bids tie at rank {r} across the last place in zone {} ({}); record a drawing of lots",
                                    zone.code,
                                    covering
                                        .iter()
                                        .filter(|&&j| ranks[j] == r)
                                        .map(|&j| names[j])
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                );
                                if !blockers.contains(&msg) {
                                    blockers.push(msg);
                                }
                            }
                            let _ = pos;
                        }
                    }
                    award = any;
                }
            }
        }
        if ranked.is_empty()
            && others.iter().all(|(b, _, _)| !matches!(b.standing, Standing::NotChecked | Standing::Incomplete))
        {
            blockers.push("no bid reached the point of being ranked, so nothing can be awarded".into());
        }
        for (i, (bid, _, _)) in ranked.iter_mut().enumerate() {
            bid.awarded = award[i] && blockers.is_empty();
            bid.awarded_zones = if bid.awarded { zones_won[i].clone() } else { Vec::new() };
        }
        let prices = pool.as_ref().map(|p| PriceComparison {
            formula: model.price.formula.label().to_owned(),
            basis: match model.price.basis {
                tenderdesk_domain::PriceBasis::HourlyRate => "a single hourly rate".into(),
                tenderdesk_domain::PriceBasis::ZoneBasket => {
                    "the zone rates weighted by the expected hours in each zone".into()
                }
            },
            lowest: (&p.lowest / &Exact::int(100)).rounded(2),
            highest: (&p.highest / &Exact::int(100)).rounded(2),
            mean: (&p.mean / &Exact::int(100)).rounded(2),
            count: p.count as u32,
        });
        lots.push(LotResult {
            lot: lot.key.to_string(),
            lot_title: lot.title.clone(),
            prices,
            bids: ranked.into_iter().chain(others).map(|(b, _, _)| b).collect(),
            tie_breaks,
            blockers,
        });
    }
    let complete = lots.iter().all(|l| l.blockers.is_empty());
    Ok(RoundResult {
        round: round.key.to_string(),
        title: round.title.clone(),
        award_rule: match &model.award_rule {
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
        },
        quality_threshold: model.quality_threshold.map(|t| format!("{} %", t.value().normalize())),
        tie_break: model.tie_break.iter().map(|t| t.label().to_owned()).collect(),
        lots,
        complete,
    })
}
