//! Contracts: from an award or entered directly, with their term, options, value, rates, status.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::Term;
use crate::kind::Kind;
use crate::lot::RateUnit;
use crate::problem::Problems;
use crate::record::{Lookup, Record, Reference};
use crate::values::{Key, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ContractStatus {
    Pending,
    Active,
    Extended,
    Expired,
    Terminated,
}

impl ContractStatus {
    pub fn label(self) -> &'static str {
        match self {
            ContractStatus::Pending => "Pending",
            ContractStatus::Active => "Active",
            ContractStatus::Extended => "Extended",
            ContractStatus::Expired => "Expired",
            ContractStatus::Terminated => "Terminated",
        }
    }
}

/// How the contract was let, as the Transparency Code asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ProcurementRoute {
    InvitationToQuote,
    InvitationToTender,
    CallOffFromFramework,
    DirectAward,
}

/// A rate the contract pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractRate {
    /// What the rate is for ("Standard hour", "Sleep-in", "Waking support").
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    pub amount: Money,
    pub unit: RateUnit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    pub key: Key,
    pub title: String,
    pub provider: Key,
    pub arrangement: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<Key>,
    /// The award decision it comes from, where it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award: Option<Key>,
    pub term: Term,
    /// Estimated value over the life of the contract.
    pub estimated_value: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_value: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub irrecoverable_vat: Option<Money>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rates: Vec<ContractRate>,
    pub route: ProcurementRoute,
    pub status: ContractStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_since: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// The round that will replace it when it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor_round: Option<Key>,
}

impl Record for Contract {
    const KIND: Kind = Kind::Contracts;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn references(&self) -> Vec<Reference> {
        let mut r = vec![
            Reference::new("provider", Kind::Providers, &self.provider),
            Reference::new("arrangement", Kind::Arrangements, &self.arrangement),
        ];
        if let Some(l) = &self.lot {
            r.push(Reference::new("lot", Kind::Lots, l));
        }
        if let Some(a) = &self.award {
            r.push(Reference::new("award", Kind::Awards, a));
        }
        if let Some(s) = &self.successor_round {
            r.push(Reference::new("successor_round", Kind::Rounds, s));
        }
        r
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Contracts, self.key.as_str());
        on.required(&self.title, "title", "a title");
        self.term.check(&mut on, "term");
        if matches!(self.status, ContractStatus::Terminated | ContractStatus::Expired) {
            on.check(self.status_since.is_some(), "status_since", || "give the date the contract ended".into());
        }
        if self.status == ContractStatus::Terminated {
            on.check(self.status_reason.as_deref().is_some_and(|r| !r.trim().is_empty()), "status_reason", || {
                "give the reason the contract was terminated".into()
            });
        }
        for (i, r) in self.rates.iter().enumerate() {
            on.required(&r.name, &format!("rates[{i}].name"), "what the rate is for");
        }
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::Contracts, self.key.as_str());
        if let Some(l) = &self.lot {
            if let Some(lot) = lookup.lot(l) {
                on.check(lot.arrangement == self.arrangement, "lot", || {
                    format!("lot {l} belongs to arrangement {}, not {}", lot.arrangement, self.arrangement)
                });
                for (i, r) in self.rates.iter().enumerate() {
                    if let Some(z) = &r.zone {
                        on.check(lot.zone(z).is_some(), format!("rates[{i}].zone"), || {
                            format!("lot {l} has no zone \"{z}\"")
                        });
                    }
                }
            }
        } else {
            on.check(self.rates.iter().all(|r| r.zone.is_none()), "rates", || {
                "a zone rate needs the contract's lot".into()
            });
        }
        if let Some(a) = &self.award {
            if let Some(award) = lookup.award(a) {
                on.check(award.awarded.iter().any(|w| w.provider == self.provider), "award", || {
                    format!("award {a} did not award anything to {}", self.provider)
                });
            }
        }
    }
}
