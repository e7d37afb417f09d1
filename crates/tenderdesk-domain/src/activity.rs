//! Commissioning activity, as dated snapshots per arrangement: packages, people, hours.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::arrangement::ServiceType;
use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Lookup, Record, Reference};
use crate::values::{Hours, Key};

/// Visits by length, as FOI requesters often ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitLengths {
    pub minutes_15: u32,
    pub minutes_30: u32,
    pub minutes_45: u32,
    pub minutes_60: u32,
}

/// Activity as at a date. With an arrangement it is that arrangement's activity; without one it is
/// the whole service's, where a person served under two arrangements is counted once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivitySnapshot {
    pub key: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrangement: Option<Key>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<Key>,
    pub service: ServiceType,
    pub as_at: NaiveDate,
    /// For figures averaged over a period ("October 2023 to October 2024"), its first day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packages: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_week: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brokerage_hours_per_week: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_package_hours: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_in_packages: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visits: Option<VisitLengths>,
}

impl Record for ActivitySnapshot {
    const KIND: Kind = Kind::Activity;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        match &self.arrangement {
            Some(a) => format!("{} as at {}", a, self.as_at),
            None => format!("{} (all arrangements) as at {}", self.service.label(), self.as_at),
        }
    }

    fn references(&self) -> Vec<Reference> {
        let mut r = Vec::new();
        if let Some(a) = &self.arrangement {
            r.push(Reference::new("arrangement", Kind::Arrangements, a));
        }
        if let Some(l) = &self.lot {
            r.push(Reference::new("lot", Kind::Lots, l));
        }
        r
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Activity, self.key.as_str());
        on.check(self.lot.is_none() || self.arrangement.is_some(), "lot", || {
            "a lot's activity needs its arrangement".into()
        });
        if let Some(p) = self.period_start {
            on.check(p <= self.as_at, "period_start", || {
                format!("the period starts ({p}) after it ends ({})", self.as_at)
            });
        }
        if let (Some(pk), Some(pp)) = (self.packages, self.people) {
            on.check(pp <= pk, "people", || {
                format!("{pp} people cannot receive only {pk} packages; each person has at least one")
            });
        }
        let any = self.packages.is_some()
            || self.people.is_some()
            || self.hours_per_week.is_some()
            || self.brokerage_hours_per_week.is_some()
            || self.average_package_hours.is_some()
            || self.live_in_packages.is_some()
            || self.visits.is_some();
        on.check(any, "packages", || "a snapshot must hold at least one figure".into());
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::Activity, self.key.as_str());
        if let (Some(a), Some(l)) = (&self.arrangement, &self.lot) {
            if let Some(lot) = lookup.lot(l) {
                on.check(&lot.arrangement == a, "lot", || {
                    format!("lot {l} belongs to arrangement {}, not {a}", lot.arrangement)
                });
            }
        }
    }
}
