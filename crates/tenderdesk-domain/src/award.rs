//! Award decisions: who was awarded what, by whom, under which regime, and the notices' date.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::authority::Regime;
use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Lookup, Record, Reference};
use crate::submission::SubmissionStatus;
use crate::values::Key;

/// One award: a provider on a lot, through its bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Awarded {
    pub lot: Key,
    pub provider: Key,
    pub submission: Key,
    /// The zones of the lot awarded, where a framework awards zone by zone; empty for the whole lot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<String>,
}

/// The withdrawal of a decision, which unlocks the round's marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    pub reason: String,
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AwardDecision {
    pub key: Key,
    pub round: Key,
    pub decided_on: NaiveDate,
    pub decision_maker: String,
    pub regime: Regime,
    pub awarded: Vec<Awarded>,
    /// The day the award notices were sent or published: the standstill runs from it.
    pub notices_sent_on: NaiveDate,
    /// Whether a standstill period is observed (voluntary for light-touch contracts under the 2023 Act).
    pub standstill: bool,
    /// The last day of the standstill period, computed from the regime and the bank-holiday
    /// calendar when the decision is recorded; the contract may be entered into after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standstill_ends: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Withdrawal>,
}

impl Record for AwardDecision {
    const KIND: Kind = Kind::Awards;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        format!("Award of {} on {}", self.round, self.decided_on)
    }

    fn references(&self) -> Vec<Reference> {
        let mut r = vec![Reference::new("round", Kind::Rounds, &self.round)];
        for (i, a) in self.awarded.iter().enumerate() {
            r.push(Reference::new(format!("awarded[{i}].lot"), Kind::Lots, &a.lot));
            r.push(Reference::new(format!("awarded[{i}].provider"), Kind::Providers, &a.provider));
            r.push(Reference::new(format!("awarded[{i}].submission"), Kind::Submissions, &a.submission));
        }
        r
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Awards, self.key.as_str());
        on.required(&self.decision_maker, "decision_maker", "the decision maker");
        on.check(!self.awarded.is_empty(), "awarded", || "name at least one provider awarded".into());
        on.check(self.notices_sent_on >= self.decided_on, "notices_sent_on", || {
            format!("notices cannot be sent ({}) before the decision ({})", self.notices_sent_on, self.decided_on)
        });
        if let Some(end) = self.standstill_ends {
            on.check(self.standstill, "standstill_ends", || {
                "a standstill end date is given, but no standstill is observed".into()
            });
            on.check(end >= self.notices_sent_on, "standstill_ends", || {
                format!("the standstill cannot end ({end}) before the notices were sent ({})", self.notices_sent_on)
            });
        }
        if let Some(w) = &self.withdrawn {
            on.required(&w.reason, "withdrawn.reason", "the reason the decision was withdrawn");
            on.required(&w.by, "withdrawn.by", "who withdrew the decision");
            on.check(w.on >= self.decided_on, "withdrawn.on", || {
                "a decision cannot be withdrawn before it was made".into()
            });
        }
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::Awards, self.key.as_str());
        let Some(round) = lookup.round(&self.round) else { return };
        for (i, a) in self.awarded.iter().enumerate() {
            on.check(round.lots.contains(&a.lot), format!("awarded[{i}].lot"), || {
                format!("round {} is not competing for lot {}", round.key, a.lot)
            });
            if let Some(sub) = lookup.submission(&a.submission) {
                on.check(
                    sub.round == self.round && sub.lot == a.lot && sub.bidder == a.provider,
                    format!("awarded[{i}].submission"),
                    || {
                        format!(
                            "bid {} is {}'s bid for {} in round {}, which does not match this award",
                            sub.key, sub.bidder, sub.lot, sub.round
                        )
                    },
                );
                on.check(sub.status == SubmissionStatus::Compliant, format!("awarded[{i}].submission"), || {
                    format!("bid {} is not compliant and cannot be awarded", sub.key)
                });
            }
        }
    }
}
