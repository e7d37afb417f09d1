//! The bids in contention priced against one another, totalled, and ranked on their exact totals,
//! the tie-break rule settling equal totals, with how each tie was broken or that it was not.

use std::cmp::Ordering;

use tenderdesk_domain::{DrawingOfLots, EvaluationModel, TieBreak};

use super::{BidResult, Calc, Scored, TieBreakApplied};
use crate::exact::{Exact, Score};
use crate::price::{price_score, PricePool};

/// Scores the price of every bid in contention against the others' and totals it; gives the prices
/// compared, if any bid is in contention.
pub(super) fn score_prices(bids: &mut [Scored<'_>], model: &EvaluationModel) -> Option<PricePool> {
    let prices: Vec<Exact> = bids.iter().filter_map(|s| s.calc.as_ref().map(|c| c.price.clone())).collect();
    let pool = PricePool::of(&prices);
    let weight = Exact::decimal(model.price.weight.value());
    for s in bids.iter_mut() {
        let (Some(calc), Some(pool)) = (s.calc.as_mut(), pool.as_ref()) else { continue };
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
        s.bid.price_score = Some(Score::from(&calc.price_score));
        s.bid.total = Some(Score::from(&calc.total));
    }
    pool
}

/// The tie-break rule of a lot, with the latest drawing of lots recorded on it.
pub(super) struct Ranking<'a> {
    pub(super) model: &'a EvaluationModel,
    pub(super) drawing: Option<&'a DrawingOfLots>,
}

impl Ranking<'_> {
    /// The bids in contention in rank order, each given its rank (and whether another shares it),
    /// then the rest by bidder's name.
    pub(super) fn rank<'s>(&self, bids: Vec<Scored<'s>>) -> (Vec<Scored<'s>>, Vec<Scored<'s>>) {
        let (mut ranked, mut others): (Vec<_>, Vec<_>) = bids.into_iter().partition(|s| s.calc.is_some());
        ranked.sort_by(|a, b| self.compare(a, b).0.then_with(|| a.sub.bidder.cmp(&b.sub.bidder)));
        others.sort_by(|a, b| a.bid.bidder_name.cmp(&b.bid.bidder_name).then_with(|| a.bid.bidder.cmp(&b.bid.bidder)));
        for i in 0..ranked.len() {
            let ahead = ranked.iter().filter(|o| self.compare(o, &ranked[i]).0 == Ordering::Less).count();
            let shared =
                ranked.iter().enumerate().any(|(j, o)| j != i && self.compare(o, &ranked[i]).0 == Ordering::Equal);
            ranked[i].bid.rank = Some(ahead as u32 + 1);
            ranked[i].bid.rank_shared = shared;
        }
        (ranked, others)
    }

    /// Each pair of neighbours in the ranking on equal totals: the rule that separated them, or
    /// that none did.
    pub(super) fn tie_breaks(&self, ranked: &[Scored<'_>]) -> Vec<TieBreakApplied> {
        let mut tie_breaks = Vec::new();
        for pair in ranked.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let (Some(x), Some(y)) = (&a.calc, &b.calc) else { continue };
            if x.total != y.total {
                continue;
            }
            let (order, rule) = self.compare(a, b);
            debug_assert!(order != Ordering::Greater);
            tie_breaks.push(TieBreakApplied {
                ahead: a.bid.submission.clone(),
                behind: b.bid.submission.clone(),
                total: x.total.rounded(2),
                rule: rule.map(|r| r.label().to_owned()),
                explanation: self.explanation(&a.bid, &b.bid, (x, y), rule),
            });
        }
        tie_breaks
    }

    /// Orders two bids in contention: higher total first, then by the tie-break rules in turn;
    /// gives the rule that separated them on equal totals.
    fn compare(&self, a: &Scored<'_>, b: &Scored<'_>) -> (Ordering, Option<TieBreak>) {
        let (Some(x), Some(y)) = (&a.calc, &b.calc) else { return (Ordering::Equal, None) };
        let by_total = y.total.cmp(&x.total);
        if by_total != Ordering::Equal {
            return (by_total, None);
        }
        for rule in &self.model.tie_break {
            let o = match rule {
                TieBreak::HigherQuality => y.quality.cmp(&x.quality),
                TieBreak::HigherInterview => y.interview.cmp(&x.interview),
                TieBreak::LowerPrice => x.price.cmp(&y.price),
                TieBreak::HigherSocialValue => y.social_value.cmp(&x.social_value),
                TieBreak::DrawingOfLots => {
                    let pos = |s: &Scored<'_>| self.drawing.and_then(|d| d.order.iter().position(|k| k == &s.sub.key));
                    match (pos(a), pos(b)) {
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
    }

    /// How two bids on equal totals were separated, in words, or that a drawing of lots is needed.
    fn explanation(
        &self,
        ahead: &BidResult,
        behind: &BidResult,
        (x, y): (&Calc, &Calc),
        rule: Option<TieBreak>,
    ) -> String {
        let Some(r) = rule else {
            return format!(
                "{} and {} are tied on {} and on every tie-break rule; a drawing of lots must be recorded",
                ahead.bidder_name,
                behind.bidder_name,
                x.total.rounded(2)
            );
        };
        format!(
            "{} is ahead of {} on equal totals of {} by the {}{}",
            ahead.bidder_name,
            behind.bidder_name,
            x.total.rounded(2),
            r.label(),
            self.rule_figures(r, x, y)
        )
    }

    /// The figures a rule compared: " (72.50 against 70.00)", or the drawing that was made.
    fn rule_figures(&self, rule: TieBreak, x: &Calc, y: &Calc) -> String {
        let either = |v: &Option<Exact>| v.as_ref().map_or("–".into(), |v| v.rounded(2));
        match rule {
            TieBreak::HigherQuality => format!(" ({} against {})", x.quality.rounded(2), y.quality.rounded(2)),
            TieBreak::HigherInterview => format!(" ({} against {})", either(&x.interview), either(&y.interview)),
            TieBreak::LowerPrice => format!(
                " (£{} against £{} an hour)",
                (&x.price / &Exact::int(100)).rounded(2),
                (&y.price / &Exact::int(100)).rounded(2)
            ),
            TieBreak::HigherSocialValue => {
                format!(" ({} against {})", either(&x.social_value), either(&y.social_value))
            }
            TieBreak::DrawingOfLots => self
                .drawing
                .map(|d| format!(" drawn on {} by {}, witnessed by {}", d.drawn_on, d.drawn_by, d.witnessed_by))
                .unwrap_or_default(),
        }
    }
}
