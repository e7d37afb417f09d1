//! Procurement rounds: a tender, a re-opening or a mini-competition, with its timetable,
//! clarification log, invited providers and evaluation model.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::authority::Regime;
use crate::evaluation::{EvaluationModel, PriceBasis};
use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Lookup, Record, Reference};
use crate::values::Key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RoundKind {
    /// The tender that establishes the arrangement.
    Establishment,
    /// A re-opening of a framework to admit new providers.
    Reopening,
    /// A call-off among the providers on a lot.
    MiniCompetition,
}

impl RoundKind {
    pub fn label(self) -> &'static str {
        match self {
            RoundKind::Establishment => "Tender",
            RoundKind::Reopening => "Re-opening",
            RoundKind::MiniCompetition => "Mini-competition",
        }
    }
}

/// The planned dates of a round. Deadlines carry a time of day (UTC); the rest are dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timetable {
    pub published: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clarification_deadline: Option<DateTime<Utc>>,
    pub submission_deadline: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_end: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviews: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standstill_end: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_start: Option<NaiveDate>,
}

impl Timetable {
    /// The milestones in the order they must fall, with the field names used in messages.
    pub fn milestones(&self) -> Vec<(&'static str, NaiveDate)> {
        let mut m = vec![("published", self.published)];
        if let Some(c) = self.clarification_deadline {
            m.push(("clarification_deadline", c.date_naive()));
        }
        m.push(("submission_deadline", self.submission_deadline.date_naive()));
        for (name, d) in [
            ("evaluation_start", self.evaluation_start),
            ("evaluation_end", self.evaluation_end),
            ("interviews", self.interviews),
            ("moderation", self.moderation),
            ("decision", self.decision),
            ("standstill_end", self.standstill_end),
            ("contract_start", self.contract_start),
        ] {
            if let Some(d) = d {
                m.push((name, d));
            }
        }
        m
    }
}

/// A question a bidder asked during the round, and the council's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clarification {
    pub number: u32,
    pub asked_on: NaiveDate,
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<NaiveDate>,
    /// Whether the answer was published to every bidder.
    pub published_to_all: bool,
}

/// The recorded opening of the sealed bids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BidOpening {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A drawing of lots that broke a tie the other rules could not, as recorded at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DrawingOfLots {
    pub lot: Key,
    /// The tied bids in the order drawn, first place first.
    pub order: Vec<Key>,
    pub drawn_on: NaiveDate,
    pub drawn_by: String,
    pub witnessed_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub key: Key,
    pub title: String,
    pub arrangement: Key,
    pub kind: RoundKind,
    /// The lots competed for.
    pub lots: Vec<Key>,
    /// For a re-opening, the opening it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<Key>,
    /// The regime, where it differs from the arrangement's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regime: Option<Regime>,
    pub timetable: Timetable,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clarifications: Vec<Clarification>,
    /// Providers invited (for a mini-competition, those on the lot); empty for an open tender.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invited: Vec<Key>,
    pub model: EvaluationModel,
    /// Set when an officer opens the sealed bids; prices stay hidden until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bids_opened: Option<BidOpening>,
    /// Ties broken by drawing lots, where the tie-break rule came to that.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drawings: Vec<DrawingOfLots>,
}

impl Record for Round {
    const KIND: Kind = Kind::Rounds;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn references(&self) -> Vec<Reference> {
        let mut r = vec![Reference::new("arrangement", Kind::Arrangements, &self.arrangement)];
        r.extend(self.lots.iter().enumerate().map(|(i, l)| Reference::new(format!("lots[{i}]"), Kind::Lots, l)));
        if let Some(o) = &self.opening {
            r.push(Reference::new("opening", Kind::Openings, o));
        }
        r.extend(
            self.invited.iter().enumerate().map(|(i, p)| Reference::new(format!("invited[{i}]"), Kind::Providers, p)),
        );
        for (i, d) in self.drawings.iter().enumerate() {
            r.extend(
                d.order
                    .iter()
                    .enumerate()
                    .map(|(j, s)| Reference::new(format!("drawings[{i}].order[{j}]"), Kind::Submissions, s)),
            );
        }
        r
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Rounds, self.key.as_str());
        on.required(&self.title, "title", "a title");
        on.check(!self.lots.is_empty(), "lots", || "a round competes for at least one lot".into());
        let mut lots = self.lots.clone();
        lots.sort();
        lots.dedup();
        on.check(lots.len() == self.lots.len(), "lots", || "a lot is listed twice".into());
        let mut invited = self.invited.clone();
        invited.sort();
        invited.dedup();
        on.check(invited.len() == self.invited.len(), "invited", || "a provider is invited twice".into());
        on.check(self.kind != RoundKind::Reopening || self.opening.is_some(), "opening", || {
            "a re-opening must name the opening it runs".into()
        });
        let milestones = self.timetable.milestones();
        for pair in milestones.windows(2) {
            let ((a, da), (b, db)) = (pair[0], pair[1]);
            on.check(db >= da, format!("timetable.{b}"), || {
                format!(
                    "{} ({db}) comes before {} ({da}); the timetable must run in order",
                    b.replace('_', " "),
                    a.replace('_', " ")
                )
            });
        }
        if let Some(c) = self.timetable.clarification_deadline {
            on.check(c < self.timetable.submission_deadline, "timetable.clarification_deadline", || {
                "the clarification deadline must be before the submission deadline".into()
            });
        }
        for (i, c) in self.clarifications.iter().enumerate() {
            let f = format!("clarifications[{i}]");
            on.required(&c.question, &format!("{f}.question"), "the question");
            on.check(
                self.clarifications.iter().filter(|o| o.number == c.number).count() == 1,
                format!("{f}.number"),
                || format!("clarification number {} is used twice", c.number),
            );
            on.check(c.answer.is_some() == c.answered_on.is_some(), format!("{f}.answered_on"), || {
                "an answer needs the date it was given, and a date needs the answer".into()
            });
            if let Some(a) = c.answered_on {
                on.check(a >= c.asked_on, format!("{f}.answered_on"), || {
                    format!("answered ({a}) before it was asked ({})", c.asked_on)
                });
            }
            on.check(!c.published_to_all || c.answer.is_some(), format!("{f}.published_to_all"), || {
                "only an answered clarification can be published to all".into()
            });
        }
        if let Some(o) = &self.bids_opened {
            on.required(&o.by, "bids_opened.by", "the officer who opened the bids");
            on.check(o.at >= self.timetable.submission_deadline, "bids_opened.at", || {
                format!(
                    "bids cannot be opened ({}) before the submission deadline ({})",
                    o.at, self.timetable.submission_deadline
                )
            });
        }
        for (i, d) in self.drawings.iter().enumerate() {
            let f = format!("drawings[{i}]");
            on.check(self.lots.contains(&d.lot), format!("{f}.lot"), || {
                format!("the drawing is for lot {}, which the round is not competing for", d.lot)
            });
            on.check(d.order.len() >= 2, format!("{f}.order"), || "a drawing of lots orders at least two bids".into());
            let mut order = d.order.clone();
            order.sort();
            order.dedup();
            on.check(order.len() == d.order.len(), format!("{f}.order"), || "a bid is drawn twice".into());
            on.required(&d.drawn_by, &format!("{f}.drawn_by"), "who drew the lots");
            on.required(&d.witnessed_by, &format!("{f}.witnessed_by"), "who witnessed the drawing");
        }
        self.model.check(&mut on, "model");
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::Rounds, self.key.as_str());
        for (i, l) in self.lots.iter().enumerate() {
            let Some(lot) = lookup.lot(l) else { continue };
            on.check(lot.arrangement == self.arrangement, format!("lots[{i}]"), || {
                format!("lot {l} belongs to arrangement {}, not {}", lot.arrangement, self.arrangement)
            });
            if self.model.price.basis == PriceBasis::ZoneBasket {
                let weighted = !lot.zones.is_empty() && lot.zones.iter().all(|z| z.expected_hours_per_week.is_some());
                on.check(weighted, "model.price.basis", || {
                    format!("a zone-basket price needs the expected hours of every zone of lot {l}")
                });
            }
        }
        for (i, d) in self.drawings.iter().enumerate() {
            for (j, k) in d.order.iter().enumerate() {
                let Some(sub) = lookup.submission(k) else { continue };
                on.check(sub.round == self.key && sub.lot == d.lot, format!("drawings[{i}].order[{j}]"), || {
                    format!("bid {k} is not a bid for lot {} in this round", d.lot)
                });
            }
        }
        if let Some(o) = &self.opening {
            if let Some(opening) = lookup.opening(o) {
                on.check(opening.arrangement == self.arrangement, "opening", || {
                    format!("opening {o} is of arrangement {}, not {}", opening.arrangement, self.arrangement)
                });
            }
        }
    }
}
