//! The evaluation panel: evaluators with their declarations, individual marks, moderated marks.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Lookup, Record, Reference};
use crate::submission::SubmissionStatus;
use crate::values::Key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Conflict {
    None,
    Actual,
    Perceived,
    Potential,
}

/// An evaluator's declaration of interest about one bidder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub bidder: Key,
    pub conflict: Conflict,
    /// How a declared conflict was resolved (the evaluator stood aside from that bid…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    pub declared_on: NaiveDate,
}

/// A member of a round's panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluator {
    pub key: Key,
    pub round: Key,
    pub name: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declarations: Vec<Declaration>,
}

impl Evaluator {
    pub fn declaration(&self, bidder: &Key) -> Option<&Declaration> {
        self.declarations.iter().find(|d| &d.bidder == bidder)
    }
}

impl Record for Evaluator {
    const KIND: Kind = Kind::Evaluators;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        format!("{} ({})", self.name, self.role)
    }

    fn references(&self) -> Vec<Reference> {
        let mut r = vec![Reference::new("round", Kind::Rounds, &self.round)];
        r.extend(
            self.declarations
                .iter()
                .enumerate()
                .map(|(i, d)| Reference::new(format!("declarations[{i}].bidder"), Kind::Providers, &d.bidder)),
        );
        r
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Evaluators, self.key.as_str());
        on.required(&self.name, "name", "the evaluator's name");
        on.required(&self.role, "role", "the evaluator's role");
        for (i, d) in self.declarations.iter().enumerate() {
            on.check(
                self.declarations.iter().filter(|o| o.bidder == d.bidder).count() == 1,
                format!("declarations[{i}].bidder"),
                || format!("there is more than one declaration about {}", d.bidder),
            );
            if d.conflict != Conflict::None {
                on.check(
                    d.resolution.as_deref().is_some_and(|r| !r.trim().is_empty()),
                    format!("declarations[{i}].resolution"),
                    || format!("say how the declared conflict with {} was resolved", d.bidder),
                );
            }
        }
    }
}

/// One evaluator's mark for one question of one bid (quality, interview or social value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub key: Key,
    pub round: Key,
    pub submission: Key,
    pub evaluator: Key,
    pub question: String,
    /// The mark; absent when the evaluator abstained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<u32>,
    /// Why the evaluator abstained, when they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abstained: Option<String>,
    #[serde(default)]
    pub justification: String,
}

/// The mark the panel agreed for one question of one bid: the one that counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModeratedMark {
    pub key: Key,
    pub round: Key,
    pub submission: Key,
    pub question: String,
    pub mark: u32,
    pub rationale: String,
    pub agreed_on: NaiveDate,
}

impl Record for Mark {
    const KIND: Kind = Kind::Marks;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        format!("{} by {} on {}", self.question, self.evaluator, self.submission)
    }

    fn natural_key(&self) -> Option<(String, String)> {
        Some((
            format!("{}\u{0}{}\u{0}{}", self.submission, self.evaluator, self.question),
            format!(
                "evaluator {} has already marked question {} of bid {}",
                self.evaluator, self.question, self.submission
            ),
        ))
    }

    fn references(&self) -> Vec<Reference> {
        vec![
            Reference::new("round", Kind::Rounds, &self.round),
            Reference::new("submission", Kind::Submissions, &self.submission),
            Reference::new("evaluator", Kind::Evaluators, &self.evaluator),
        ]
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Marks, self.key.as_str());
        match (&self.mark, &self.abstained) {
            (Some(_), Some(_)) => on.add("abstained", "a mark cannot be both given and abstained from"),
            (None, None) => on.add("mark", "give a mark, or record why the evaluator abstained"),
            (None, Some(reason)) => on.required(reason, "abstained", "the reason for abstaining"),
            (Some(_), None) => on.required(&self.justification, "justification", "a justification for the mark"),
        }
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::Marks, self.key.as_str());
        let (Some(round), Some(sub), Some(ev)) =
            (lookup.round(&self.round), lookup.submission(&self.submission), lookup.evaluator(&self.evaluator))
        else {
            return;
        };
        check_scored_bid(&mut on, &round, &sub, &self.question, self.mark);
        on.check(ev.round == self.round, "evaluator", || {
            format!("evaluator {} sits on round {}, not {}", ev.key, ev.round, self.round)
        });
        match ev.declaration(&sub.bidder) {
            None => on.add(
                "evaluator",
                format!(
                    "{} has no declaration of interest on file about {}; record it before marking",
                    ev.name, sub.bidder
                ),
            ),
            Some(d) if d.conflict != Conflict::None => on.add(
                "evaluator",
                format!("{} declared a conflict of interest with {} and cannot mark its bid", ev.name, sub.bidder),
            ),
            Some(_) => {}
        }
    }
}

impl Record for ModeratedMark {
    const KIND: Kind = Kind::ModeratedMarks;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        format!("{} on {} (moderated)", self.question, self.submission)
    }

    fn natural_key(&self) -> Option<(String, String)> {
        Some((
            format!("{}\u{0}{}", self.submission, self.question),
            format!("bid {} already has a moderated mark for question {}", self.submission, self.question),
        ))
    }

    fn references(&self) -> Vec<Reference> {
        vec![
            Reference::new("round", Kind::Rounds, &self.round),
            Reference::new("submission", Kind::Submissions, &self.submission),
        ]
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::ModeratedMarks, self.key.as_str());
        on.required(&self.rationale, "rationale", "the moderation rationale");
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::ModeratedMarks, self.key.as_str());
        let (Some(round), Some(sub)) = (lookup.round(&self.round), lookup.submission(&self.submission)) else { return };
        check_scored_bid(&mut on, &round, &sub, &self.question, Some(self.mark));
    }
}

/// A mark must be for a compliant bid of the same round, on a question of its model, within scale.
fn check_scored_bid(
    on: &mut crate::problem::On,
    round: &crate::Round,
    sub: &crate::Submission,
    question: &str,
    mark: Option<u32>,
) {
    on.check(sub.round == round.key, "submission", || {
        format!("bid {} is in round {}, not {}", sub.key, sub.round, round.key)
    });
    on.check(sub.status == SubmissionStatus::Compliant, "submission", || {
        format!("bid {} is {}, not compliant, so it cannot be marked", sub.key, sub.status.label())
    });
    match round.model.question(question) {
        None => on.add("question", format!("round {} has no question \"{question}\"", round.key)),
        Some((_, q)) => {
            if let Some(m) = mark {
                on.check(q.scale.contains(m), "mark", || {
                    format!("{m} is outside the scale of question {} ({}–{})", q.code, q.scale.min, q.scale.max)
                });
            }
        }
    }
}
