//! Lots of an arrangement with their zones and rate cards; openings and provider admissions.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::arrangement::{NewProviders, ServiceType};
use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Lookup, Record, Reference};
use crate::values::{Hours, Key, Money, Percent};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Setting {
    Rural,
    Urban,
}

impl Setting {
    pub fn label(self) -> &'static str {
        match self {
            Setting::Rural => "Rural",
            Setting::Urban => "Urban",
        }
    }
}

/// A geographic zone of a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Short code, unique within the lot ("Z1", "MELTON").
    pub code: String,
    pub name: String,
    pub setting: Setting,
    /// Hours per week expected in the zone: the weights of a zone-basket price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_hours_per_week: Option<Hours>,
}

/// The hourly rate in one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneRate {
    pub zone: String,
    pub hourly: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RateUnit {
    PerHour,
    PerNight,
    PerWeek,
    PerVisit,
}

/// A rate for a service other than the standard hour: sleep-ins, waking nights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedRate {
    pub name: String,
    pub amount: Money,
    pub unit: RateUnit,
}

/// An uplift on the standard rate (weekends, bank holidays).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Enhancement {
    pub name: String,
    pub uplift: Uplift,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Uplift {
    /// A percentage added to the hourly rate.
    Percent(Percent),
    /// An amount added to each hour.
    PerHour(Money),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateCard {
    /// One rate for every zone, where the lot pays a consolidated rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_hourly: Option<Money>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zone_rates: Vec<ZoneRate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub named_rates: Vec<NamedRate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enhancements: Vec<Enhancement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_in_weekly: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    pub key: Key,
    pub arrangement: Key,
    pub number: u32,
    pub title: String,
    pub service: ServiceType,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<Zone>,
    #[serde(default)]
    pub rate_card: RateCard,
    /// The most providers a framework admits to the lot, where capped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_providers: Option<u32>,
    /// The council's stance on new providers for this lot, where it differs from the arrangement's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_providers: Option<NewProviders>,
    /// The minimum prerequisites for this lot, where they differ from the arrangement's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prerequisites_note: Option<String>,
}

impl Lot {
    pub fn zone(&self, code: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.code == code)
    }
}

impl Record for Lot {
    const KIND: Kind = Kind::Lots;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        format!("Lot {} {}", self.number, self.title)
    }

    fn natural_key(&self) -> Option<(String, String)> {
        Some((
            format!("{}\u{0}{}", self.arrangement, self.number),
            format!("arrangement {} already has a lot {}", self.arrangement, self.number),
        ))
    }

    fn references(&self) -> Vec<Reference> {
        vec![Reference::new("arrangement", Kind::Arrangements, &self.arrangement)]
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Lots, self.key.as_str());
        on.check(self.number >= 1, "number", || "lots are numbered from 1".into());
        on.required(&self.title, "title", "a title");
        for (i, z) in self.zones.iter().enumerate() {
            on.required(&z.code, &format!("zones[{i}].code"), "a zone code");
            on.required(&z.name, &format!("zones[{i}].name"), "a zone name");
            on.check(self.zones.iter().filter(|o| o.code == z.code).count() == 1, format!("zones[{i}].code"), || {
                format!("zone code \"{}\" is used more than once in the lot", z.code)
            });
        }
        let rc = &self.rate_card;
        for (i, r) in rc.zone_rates.iter().enumerate() {
            on.check(self.zone(&r.zone).is_some(), format!("rate_card.zone_rates[{i}].zone"), || {
                format!("there is no zone \"{}\" in this lot", r.zone)
            });
            on.check(
                rc.zone_rates.iter().filter(|o| o.zone == r.zone).count() == 1,
                format!("rate_card.zone_rates[{i}].zone"),
                || format!("zone \"{}\" has more than one rate", r.zone),
            );
        }
        for (i, n) in rc.named_rates.iter().enumerate() {
            on.required(&n.name, &format!("rate_card.named_rates[{i}].name"), "the rate's name");
        }
        for (i, e) in rc.enhancements.iter().enumerate() {
            on.required(&e.name, &format!("rate_card.enhancements[{i}].name"), "the enhancement's name");
        }
        if let Some(m) = self.max_providers {
            on.check(m >= 1, "max_providers", || "the most providers must be at least 1".into());
        }
    }
}

/// An opening of a framework: its establishment (number 0) or a re-opening to admit new providers,
/// sometimes for some lots only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    pub key: Key,
    pub arrangement: Key,
    /// 0 for the establishment of the framework, then 1, 2, … for each re-opening.
    pub number: u32,
    pub title: String,
    /// The lots it was open for; empty means every lot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<Key>,
    /// The date admissions through this opening commence.
    pub commencement: NaiveDate,
}

impl Record for Opening {
    const KIND: Kind = Kind::Openings;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn references(&self) -> Vec<Reference> {
        let mut r = vec![Reference::new("arrangement", Kind::Arrangements, &self.arrangement)];
        r.extend(self.lots.iter().enumerate().map(|(i, l)| Reference::new(format!("lots[{i}]"), Kind::Lots, l)));
        r
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Openings, self.key.as_str());
        on.required(&self.title, "title", "a title");
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::Openings, self.key.as_str());
        for (i, l) in self.lots.iter().enumerate() {
            if let Some(lot) = lookup.lot(l) {
                on.check(lot.arrangement == self.arrangement, format!("lots[{i}]"), || {
                    format!("lot {l} belongs to arrangement {}, not {}", lot.arrangement, self.arrangement)
                });
            }
        }
        if let Some(a) = lookup.arrangement(&self.arrangement) {
            on.check(a.kind.admits_providers(), "arrangement", || {
                format!("a {} does not have openings", a.kind.label().to_lowercase())
            });
            on.check(self.commencement >= a.term.start, "commencement", || {
                format!(
                    "the opening commences ({}) before the arrangement starts ({})",
                    self.commencement, a.term.start
                )
            });
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AdmissionStatus {
    Active,
    Suspended,
    Exited,
}

/// A provider admitted to a lot through an opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Admission {
    pub key: Key,
    pub provider: Key,
    pub lot: Key,
    pub opening: Key,
    pub admitted_on: NaiveDate,
    /// The zones the provider covers; empty means every zone of the lot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<String>,
    pub status: AdmissionStatus,
    /// The provider's own end on the lot, where it differs from the arrangement's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<NaiveDate>,
    /// Hours per week the provider said it could take on, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_hours_per_week: Option<Hours>,
}

impl Record for Admission {
    const KIND: Kind = Kind::Admissions;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        format!("{} on {}", self.provider, self.lot)
    }

    fn references(&self) -> Vec<Reference> {
        vec![
            Reference::new("provider", Kind::Providers, &self.provider),
            Reference::new("lot", Kind::Lots, &self.lot),
            Reference::new("opening", Kind::Openings, &self.opening),
        ]
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Admissions, self.key.as_str());
        if let Some(end) = self.ends {
            on.check(end > self.admitted_on, "ends", || {
                format!("the admission ends ({end}) before it begins ({})", self.admitted_on)
            });
        }
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::Admissions, self.key.as_str());
        let (Some(lot), Some(opening)) = (lookup.lot(&self.lot), lookup.opening(&self.opening)) else { return };
        on.check(opening.arrangement == lot.arrangement, "opening", || {
            format!(
                "opening {} is of arrangement {}, but lot {} is of {}",
                opening.key, opening.arrangement, lot.key, lot.arrangement
            )
        });
        on.check(opening.lots.is_empty() || opening.lots.contains(&self.lot), "lot", || {
            format!("opening {} was not open for lot {}", opening.key, lot.key)
        });
        on.check(self.admitted_on >= opening.commencement, "admitted_on", || {
            format!(
                "admitted on {} but opening {} commences on {}",
                self.admitted_on, opening.key, opening.commencement
            )
        });
        for (i, z) in self.zones.iter().enumerate() {
            on.check(lot.zone(z).is_some(), format!("zones[{i}]"), || format!("lot {} has no zone \"{z}\"", lot.key));
        }
    }
}
