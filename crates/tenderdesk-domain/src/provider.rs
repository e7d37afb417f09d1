//! Care providers: who they are, their registration and rating, what the council has checked.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::authority::Regulator;
use crate::common::{Address, Contact};
use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Record, Reference};
use crate::values::Key;

/// A regulator's overall rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RatingGrade {
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub grade: RatingGrade,
    /// Date the rating was published.
    pub date: NaiveDate,
}

/// The provider's registration with the care regulator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub regulator: Regulator,
    /// The regulator's id for the registered location or provider ("1-101641433").
    pub registration_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ProviderStatus {
    Active,
    Suspended,
    Exited,
}

/// Something a council checks before admitting a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Requirement {
    RegulatorRegistration,
    TrainingAndInduction,
    Insurance,
    AcceptsAgreedRate,
    FinancialStanding,
    DbsChecks,
    ElectronicCallMonitoring,
    /// Anything else; the description says what.
    Other,
}

/// A prerequisite met, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Prerequisite {
    pub requirement: Requirement,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Date of the evidence seen (certificate, policy schedule, signed acceptance).
    pub evidence_date: NaiveDate,
    /// When the evidence lapses (an insurance policy's end), where it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub key: Key,
    pub legal_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trading_name: Option<String>,
    /// Companies House number: eight characters, digits or two letters and six digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companies_house_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
    pub address: Address,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    pub sme: bool,
    #[serde(default)]
    pub voluntary_sector: bool,
    pub status: ProviderStatus,
    /// Since when the status holds (required when suspended or exited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_since: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<Prerequisite>,
}

pub fn is_companies_house_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && (b.iter().all(u8::is_ascii_digit)
            || (b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() && b[2..].iter().all(u8::is_ascii_digit)))
}

impl Provider {
    /// The name people know it by.
    pub fn display_name(&self) -> &str {
        self.trading_name.as_deref().unwrap_or(&self.legal_name)
    }
}

impl Record for Provider {
    const KIND: Kind = Kind::Providers;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        self.display_name().to_owned()
    }

    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Providers, self.key.as_str());
        on.required(&self.legal_name, "legal_name", "the provider's legal name");
        if let Some(n) = &self.companies_house_number {
            on.check(is_companies_house_number(n), "companies_house_number", || {
                format!(
                    "\"{n}\" is not a Companies House number (eight characters, such as \"01234567\" or \"SC123456\")"
                )
            });
        }
        if let Some(r) = &self.registration {
            on.required(&r.registration_id, "registration.registration_id", "the registration id");
        }
        self.address.check(&mut on, "address");
        for (i, c) in self.contacts.iter().enumerate() {
            c.check(&mut on, &format!("contacts[{i}]"));
        }
        if self.status != ProviderStatus::Active {
            on.check(self.status_since.is_some(), "status_since", || {
                "give the date from which the provider is suspended or exited".into()
            });
        }
        for (i, p) in self.prerequisites.iter().enumerate() {
            if p.requirement == Requirement::Other {
                on.check(
                    p.description.as_deref().is_some_and(|d| !d.trim().is_empty()),
                    format!("prerequisites[{i}].description"),
                    || "say what the prerequisite is".into(),
                );
            }
            if let Some(exp) = p.expires {
                on.check(exp > p.evidence_date, format!("prerequisites[{i}].expires"), || {
                    format!("the evidence expires ({exp}) before it is dated ({})", p.evidence_date)
                });
            }
        }
    }
}
