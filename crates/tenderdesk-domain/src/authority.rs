//! The council using TenderDesk: who it is, who leads commissioning, where it advertises.

use std::sync::LazyLock;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::Contact;
use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Record, Reference};
use crate::values::Key;

/// The care regulator of a nation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Regulator {
    /// Care Quality Commission (England).
    Cqc,
    /// Care Inspectorate (Scotland).
    CareInspectorate,
    /// Care Inspectorate Wales.
    Ciw,
    /// Regulation and Quality Improvement Authority (Northern Ireland).
    Rqia,
}

impl Regulator {
    pub fn label(self) -> &'static str {
        match self {
            Regulator::Cqc => "CQC",
            Regulator::CareInspectorate => "Care Inspectorate",
            Regulator::Ciw => "Care Inspectorate Wales",
            Regulator::Rqia => "RQIA",
        }
    }
}

/// The bank-holiday calendar in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Nation {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

/// The procurement regime a process runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Regime {
    /// Procurement Act 2023 (from 24 February 2025).
    ProcurementAct2023,
    /// Public Contracts Regulations 2015, light-touch regime.
    Pcr2015LightTouch,
    /// The Health Care Services (Provider Selection Regime) Regulations 2023.
    ProviderSelectionRegime,
    /// The Procurement Reform (Scotland) Act 2014 and Public Contracts (Scotland) Regulations 2015.
    ScottishRegulations,
}

impl Regime {
    pub fn label(self) -> &'static str {
        match self {
            Regime::ProcurementAct2023 => "Procurement Act 2023",
            Regime::Pcr2015LightTouch => "Public Contracts Regulations 2015 (light touch)",
            Regime::ProviderSelectionRegime => "Provider Selection Regime",
            Regime::ScottishRegulations => "Public Contracts (Scotland) Regulations 2015",
        }
    }
}

/// Where the council advertises its opportunities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvertisingChannel {
    /// e.g. "The Chest", "Public Contracts Scotland", "Find a Tender".
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What is advertised there, where channels differ ("tender project processed via PCS-Tender").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Days the officer adds to or removes from the bank-holiday calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarAdjustments {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<NaiveDate>,
}

/// The council's profile. There is one per store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorityProfile {
    pub council_name: String,
    pub directorate: String,
    pub lead_commissioner: Contact,
    /// How a provider reaches commissioners when the lead commissioner's details are not shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_contact_route: Option<String>,
    pub advertising: Vec<AdvertisingChannel>,
    pub regulator: Regulator,
    pub calendar: Nation,
    #[serde(default, skip_serializing_if = "is_default")]
    pub calendar_adjustments: CalendarAdjustments,
    pub default_regime: Regime,
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

static AUTHORITY_KEY: LazyLock<Key> = LazyLock::new(|| Key::parse("authority").expect("a valid key"));

impl AuthorityProfile {
    /// The one key the authority profile is stored under.
    pub fn the_key() -> &'static Key {
        &AUTHORITY_KEY
    }
}

impl Record for AuthorityProfile {
    const KIND: Kind = Kind::Authority;

    fn key(&self) -> &Key {
        &AUTHORITY_KEY
    }

    fn title(&self) -> String {
        self.council_name.clone()
    }

    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Authority, "");
        on.required(&self.council_name, "council_name", "the council's name");
        on.required(&self.directorate, "directorate", "the directorate");
        self.lead_commissioner.check(&mut on, "lead_commissioner");
        for (i, a) in self.advertising.iter().enumerate() {
            on.required(&a.name, &format!("advertising[{i}].name"), "the name of the portal");
            if let Some(url) = &a.url {
                on.check(
                    url.starts_with("https://") || url.starts_with("http://"),
                    format!("advertising[{i}].url"),
                    || format!("\"{url}\" is not a web address (it should start with https://)"),
                );
            }
        }
        let adj = &self.calendar_adjustments;
        for d in &adj.added {
            on.check(!adj.removed.contains(d), "calendar_adjustments", || {
                format!("{d} is both added to and removed from the bank holidays")
            });
        }
        let mut all: Vec<&NaiveDate> = adj.added.iter().chain(adj.removed.iter()).collect();
        let n = all.len();
        all.sort();
        all.dedup();
        on.check(all.len() == n, "calendar_adjustments", || "a day is listed twice".into());
    }
}
