//! One bid scored: where it stands by its status (withdrawn, excluded, not yet checked), its
//! sections' scores, the quality threshold, and the price it is compared on.

use tenderdesk_domain::{EvaluationModel, Lot, Submission, SubmissionStatus};

use super::criteria::{Marks, Shortfalls};
use super::{BidResult, Calc, RoundRecords, Scored, Standing};
use crate::exact::{Exact, Score};
use crate::price::basis_price;

/// Scores a bid as far as its status allows; it is in contention for a rank (it has a `Calc`)
/// when it is compliant, fully moderated, above every minimum and the threshold, and priced.
pub(super) fn score_bid<'a>(records: &RoundRecords, marks: &Marks<'_>, lot: &Lot, sub: &'a Submission) -> Scored<'a> {
    let model = &records.round.model;
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
            bid.standing =
                if sub.status == SubmissionStatus::Withdrawn { Standing::Withdrawn } else { Standing::Excluded };
            bid.reasons.extend(sub.status_reason.clone());
            return Scored { bid, calc: None, sub };
        }
        SubmissionStatus::Received => {
            bid.standing = Standing::NotChecked;
            bid.reasons.push("not yet checked for compliance".into());
            return Scored { bid, calc: None, sub };
        }
        SubmissionStatus::Compliant => {}
    }
    let calc = score_compliant(model, marks, lot, sub, &mut bid);
    Scored { bid, calc, sub }
}

/// A compliant bid: its sections scored, then the threshold and its price checked.
fn score_compliant(
    model: &EvaluationModel,
    marks: &Marks<'_>,
    lot: &Lot,
    sub: &Submission,
    bid: &mut BidResult,
) -> Option<Calc> {
    let mut shortfalls = Shortfalls::default();
    let quality = marks.section(sub, "quality", &model.quality.questions, bid, &mut shortfalls);
    let interview =
        model.interview.as_ref().map(|s| marks.section(sub, "interview", &s.questions, bid, &mut shortfalls));
    let social_value =
        model.social_value.as_ref().map(|s| marks.section(sub, "social_value", &s.questions, bid, &mut shortfalls));
    bid.quality = Some(Score::from(&quality));
    bid.interview = interview.as_ref().map(Score::from);
    bid.social_value = social_value.as_ref().map(Score::from);
    shortfalls.failures.extend(below_threshold(model, &quality));
    let price = basis_price(sub, model.price.basis, lot);
    if let Ok(p) = &price {
        bid.price = Some((p / &Exact::int(100)).rounded(2));
        bid.price_exact = Some((p / &Exact::int(100)).exact_text());
    }
    if !shortfalls.missing.is_empty() {
        bid.standing = Standing::Incomplete;
        bid.reasons.extend(shortfalls.missing);
        return None;
    }
    if !shortfalls.failures.is_empty() {
        bid.standing = Standing::BelowThreshold;
        bid.reasons.extend(shortfalls.failures);
        return None;
    }
    match price {
        Err(e) => {
            bid.standing = Standing::Incomplete;
            bid.reasons.push(e.to_string());
            None
        }
        Ok(price) => {
            Some(Calc { quality, interview, social_value, price, price_score: Exact::zero(), total: Exact::zero() })
        }
    }
}

/// Why a quality score is below the model's threshold, if it is.
fn below_threshold(model: &EvaluationModel, quality: &Exact) -> Option<String> {
    let t = model.quality_threshold?;
    let needed = &(&Exact::decimal(t.value()) / &Exact::int(100)) * &Exact::decimal(model.quality.weight.value());
    (*quality < needed).then(|| {
        format!(
            "the quality score of {} is below the threshold of {} ({} % of the quality weight of {} %)",
            quality.rounded(2),
            needed.rounded(2),
            t.value().normalize(),
            model.quality.weight.value().normalize()
        )
    })
}
