//! Bids received in a round: when they arrived, their prices, gate results and status.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::evaluation::PriceBasis;
use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Lookup, Record, Reference};
use crate::values::{Key, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SubmissionStatus {
    /// Received, not yet checked for compliance.
    Received,
    Compliant,
    Excluded,
    Withdrawn,
}

impl SubmissionStatus {
    pub fn label(self) -> &'static str {
        match self {
            SubmissionStatus::Received => "received",
            SubmissionStatus::Compliant => "compliant",
            SubmissionStatus::Excluded => "excluded",
            SubmissionStatus::Withdrawn => "withdrawn",
        }
    }
}

/// A bid's price: the hourly rate, for one zone or for the whole lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BidPrice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    pub hourly: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GateResult {
    pub gate: String,
    pub passed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The officer's acceptance of a bid that arrived after the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LateAcceptance {
    pub reason: String,
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub key: Key,
    pub round: Key,
    pub lot: Key,
    pub bidder: Key,
    pub received_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_acceptance: Option<LateAcceptance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prices: Vec<BidPrice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_in_weekly: Option<Money>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gate_results: Vec<GateResult>,
    pub status: SubmissionStatus,
    /// Why it was excluded or withdrawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
}

impl Record for Submission {
    const KIND: Kind = Kind::Submissions;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        format!("{} for {}", self.bidder, self.lot)
    }

    fn natural_key(&self) -> Option<(String, String)> {
        Some((
            format!("{}\u{0}{}\u{0}{}", self.round, self.lot, self.bidder),
            format!("{} already has a bid for {} in round {}", self.bidder, self.lot, self.round),
        ))
    }

    fn references(&self) -> Vec<Reference> {
        vec![
            Reference::new("round", Kind::Rounds, &self.round),
            Reference::new("lot", Kind::Lots, &self.lot),
            Reference::new("bidder", Kind::Providers, &self.bidder),
        ]
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Submissions, self.key.as_str());
        if matches!(self.status, SubmissionStatus::Excluded | SubmissionStatus::Withdrawn) {
            on.check(self.status_reason.as_deref().is_some_and(|r| !r.trim().is_empty()), "status_reason", || {
                "give the reason the bid was excluded or withdrawn".into()
            });
        }
        if let Some(l) = &self.late_acceptance {
            on.required(&l.reason, "late_acceptance.reason", "the reason the late bid was accepted");
            on.required(&l.by, "late_acceptance.by", "who accepted the late bid");
        }
        for (i, p) in self.prices.iter().enumerate() {
            on.check(p.hourly.pence() > 0, format!("prices[{i}].hourly"), || {
                "a bid's hourly rate must be more than £0.00".into()
            });
            on.check(self.prices.iter().filter(|o| o.zone == p.zone).count() == 1, format!("prices[{i}].zone"), || {
                "the same zone is priced twice".into()
            });
        }
        for (i, g) in self.gate_results.iter().enumerate() {
            on.check(
                self.gate_results.iter().filter(|o| o.gate == g.gate).count() == 1,
                format!("gate_results[{i}].gate"),
                || format!("gate \"{}\" has more than one result", g.gate),
            );
            if !g.passed && self.status == SubmissionStatus::Compliant {
                on.add(
                    format!("gate_results[{i}]"),
                    format!(
                        "the bid failed gate \"{}\", so it cannot be compliant; exclude it with the reason",
                        g.gate
                    ),
                );
            }
        }
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::Submissions, self.key.as_str());
        let Some(round) = lookup.round(&self.round) else { return };
        on.check(round.lots.contains(&self.lot), "lot", || {
            format!("round {} is not competing for lot {}", round.key, self.lot)
        });
        on.check(round.invited.is_empty() || round.invited.contains(&self.bidder), "bidder", || {
            format!("provider {} was not invited to round {}", self.bidder, round.key)
        });
        let late = self.received_at > round.timetable.submission_deadline;
        if late
            && self.late_acceptance.is_none()
            && matches!(self.status, SubmissionStatus::Compliant | SubmissionStatus::Received)
        {
            on.add(
                "received_at",
                format!(
                    "the bid arrived at {} after the deadline of {}; exclude it, or record why it was accepted",
                    self.received_at, round.timetable.submission_deadline
                ),
            );
        }
        if !late && self.late_acceptance.is_some() {
            on.add("late_acceptance", "the bid arrived before the deadline, so there is no lateness to accept");
        }
        for (i, g) in self.gate_results.iter().enumerate() {
            on.check(round.model.gate(&g.gate).is_some(), format!("gate_results[{i}].gate"), || {
                format!("round {} has no gate \"{}\"", round.key, g.gate)
            });
        }
        if self.status == SubmissionStatus::Compliant {
            for gate in &round.model.gates {
                on.check(self.gate_results.iter().any(|g| g.gate == gate.code), "gate_results", || {
                    format!("a compliant bid needs a result for gate \"{}\"", gate.code)
                });
            }
        }
        if let Some(lot) = lookup.lot(&self.lot) {
            for (i, p) in self.prices.iter().enumerate() {
                if let Some(z) = &p.zone {
                    on.check(lot.zone(z).is_some(), format!("prices[{i}].zone"), || {
                        format!("lot {} has no zone \"{z}\"", lot.key)
                    });
                }
            }
            // Prices are sealed until the bids are opened, and a dataset exported before then
            // carries none; from the opening a compliant bid must be priced on the round's basis.
            if self.status == SubmissionStatus::Compliant && round.bids_opened.is_some() {
                match round.model.price.basis {
                    PriceBasis::HourlyRate => on.check(self.prices.iter().any(|p| p.zone.is_none()), "prices", || {
                        "the round is priced on a single hourly rate; give a price with no zone".into()
                    }),
                    PriceBasis::ZoneBasket => {
                        for z in &lot.zones {
                            on.check(
                                self.prices.iter().any(|p| p.zone.as_deref() == Some(z.code.as_str())),
                                "prices",
                                || {
                                    format!(
                                        "the round is priced on a basket of zone rates; give a price for zone \"{}\"",
                                        z.code
                                    )
                                },
                            );
                        }
                    }
                }
            }
        }
    }
}
