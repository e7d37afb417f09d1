//! Each question of a bid: the moderated mark that counts and its weighted score, every
//! individual mark with how far they spread, and a mark missing or below the question's minimum.

use std::collections::HashMap;

use tenderdesk_domain::{Evaluator, Key, Mark, ModeratedMark, Question, Submission};

use super::{BidResult, CriterionResult, IndividualMark, RoundRecords};
use crate::exact::{Exact, Score};

/// A round's marks looked up by bid and question, and its evaluators by key.
pub(super) struct Marks<'a> {
    evaluators: HashMap<&'a Key, &'a Evaluator>,
    moderated: HashMap<(&'a Key, &'a str), &'a ModeratedMark>,
    individual: HashMap<(&'a Key, &'a str), Vec<&'a Mark>>,
}

/// What stops a bid being ranked, found while its questions are scored: moderated marks missing,
/// and marks below a question's minimum (or, later, a quality score below the threshold).
#[derive(Default)]
pub(super) struct Shortfalls {
    pub(super) missing: Vec<String>,
    pub(super) failures: Vec<String>,
}

impl<'a> Marks<'a> {
    pub(super) fn new(records: &'a RoundRecords) -> Marks<'a> {
        let mut individual: HashMap<(&Key, &str), Vec<&Mark>> = HashMap::new();
        for m in &records.marks {
            individual.entry((&m.submission, m.question.as_str())).or_default().push(m);
        }
        Marks {
            evaluators: records.evaluators.iter().map(|e| (&e.key, e)).collect(),
            moderated: records.moderated.iter().map(|m| ((&m.submission, m.question.as_str()), m)).collect(),
            individual,
        }
    }

    /// Scores one section's questions for a bid, adding each question's result to the bid and
    /// noting its shortfalls; gives the section's score (the sum of its questions' scores).
    pub(super) fn section(
        &self,
        sub: &Submission,
        section: &str,
        questions: &[Question],
        bid: &mut BidResult,
        shortfalls: &mut Shortfalls,
    ) -> Exact {
        let mut total = Exact::zero();
        for q in questions {
            let (criterion, score) = self.criterion(sub, section, q, shortfalls);
            if let Some(s) = &score {
                total = &total + s;
            }
            bid.criteria.push(criterion);
        }
        total
    }

    fn criterion(
        &self,
        sub: &Submission,
        section: &str,
        q: &Question,
        shortfalls: &mut Shortfalls,
    ) -> (CriterionResult, Option<Exact>) {
        let weight = Exact::decimal(q.weight.value());
        let m = self.moderated.get(&(&sub.key, q.code.as_str()));
        let individual = self.individual_marks(sub, q);
        let given: Vec<u32> = individual.iter().filter_map(|m| m.mark).collect();
        let spread = (given.len() >= 2)
            .then(|| given.iter().max().copied().unwrap_or(0) - given.iter().min().copied().unwrap_or(0));
        let span = q.scale.max.saturating_sub(q.scale.min);
        let wide = spread.is_some_and(|s| super::is_wide_spread(s, q.scale.min, q.scale.max));
        let score = m.map(|m| {
            let above = m.mark.saturating_sub(q.scale.min) as i64;
            &Exact::ratio(above, span.max(1) as i64) * &weight
        });
        match m {
            None => shortfalls.missing.push(format!("{} has no moderated mark", q.code)),
            Some(m) => {
                if let Some(min) = q.minimum_mark {
                    if m.mark < min {
                        shortfalls
                            .failures
                            .push(format!("{} was marked {}, below the minimum mark of {min}", q.code, m.mark));
                    }
                }
            }
        }
        let criterion = CriterionResult {
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
        };
        (criterion, score)
    }

    /// Every evaluator's mark on a question of a bid, by evaluator.
    fn individual_marks(&self, sub: &Submission, q: &Question) -> Vec<IndividualMark> {
        let Some(ms) = self.individual.get(&(&sub.key, q.code.as_str())) else { return Vec::new() };
        let mut v: Vec<IndividualMark> = ms
            .iter()
            .map(|m| IndividualMark {
                evaluator: m.evaluator.to_string(),
                evaluator_name: self
                    .evaluators
                    .get(&m.evaluator)
                    .map_or_else(|| m.evaluator.to_string(), |e| e.name.clone()),
                mark: m.mark,
                abstained: m.abstained.clone(),
                justification: m.justification.clone(),
            })
            .collect();
        v.sort_by(|a, b| a.evaluator.cmp(&b.evaluator));
        v
    }
}
