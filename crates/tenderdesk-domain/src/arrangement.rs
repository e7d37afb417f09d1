//! Commissioning arrangements: how care is bought, for how long, within which approved spend.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::authority::Regime;
use crate::common::Term;
use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Record, Reference};
use crate::values::{Key, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ArrangementKind {
    ClosedFramework,
    OpenFramework,
    /// Dynamic purchasing system or dynamic market.
    DynamicPurchasingSystem,
    BlockContract,
    SpotContract,
    StandaloneContract,
}

impl ArrangementKind {
    pub fn label(self) -> &'static str {
        match self {
            ArrangementKind::ClosedFramework => "Closed framework",
            ArrangementKind::OpenFramework => "Open framework",
            ArrangementKind::DynamicPurchasingSystem => "Dynamic purchasing system",
            ArrangementKind::BlockContract => "Block contract",
            ArrangementKind::SpotContract => "Spot contract",
            ArrangementKind::StandaloneContract => "Standalone contract",
        }
    }

    /// Frameworks and dynamic purchasing systems admit providers to lots and call off from them.
    pub fn admits_providers(self) -> bool {
        matches!(
            self,
            ArrangementKind::ClosedFramework
                | ArrangementKind::OpenFramework
                | ArrangementKind::DynamicPurchasingSystem
        )
    }
}

/// A kind of care service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ServiceType {
    HomeCare,
    SupportedLivingLearningAndPhysicalDisabilities,
    SupportedLivingMentalHealth,
    /// Supported living of every client group, where figures are not split.
    SupportedLiving,
    LiveInCare,
    ExtraCare,
    Reablement,
    Other,
}

impl ServiceType {
    pub fn label(self) -> &'static str {
        match self {
            ServiceType::HomeCare => "Home care",
            ServiceType::SupportedLivingLearningAndPhysicalDisabilities => {
                "Supported living (learning and physical disabilities)"
            }
            ServiceType::SupportedLivingMentalHealth => "Supported living (mental health)",
            ServiceType::SupportedLiving => "Supported living",
            ServiceType::LiveInCare => "Live-in care",
            ServiceType::ExtraCare => "Extra care",
            ServiceType::Reablement => "Reablement",
            ServiceType::Other => "Other",
        }
    }
}

/// How work is awarded under the arrangement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CallOffMethod {
    MiniCompetition,
    /// Packages are offered to all providers (brokerage) and the person chooses.
    BrokerageOfferToAll,
    DirectAwardByRank,
    /// One provider holds the contract; work is passed to it.
    SingleProvider,
    /// Each package is purchased individually.
    SpotPurchase,
}

impl CallOffMethod {
    pub fn label(self) -> &'static str {
        match self {
            CallOffMethod::MiniCompetition => "Mini-competition among the providers on the lot",
            CallOffMethod::BrokerageOfferToAll => "Brokerage offer to all providers",
            CallOffMethod::DirectAwardByRank => "Direct award by rank",
            CallOffMethod::SingleProvider => "Single provider",
            CallOffMethod::SpotPurchase => "Spot purchase per package",
        }
    }
}

/// The decision that approved the spend, and the cap it set (seed: FEB24/CAB/78).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpendApproval {
    pub cap: Money,
    /// The decision's title as published ("Approval on PCC's Home Care Spend through CCC's DPS 2024-27").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_title: Option<String>,
    pub decision_reference: String,
    pub decision_maker: String,
    pub decision_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<NaiveDate>,
    /// Whether it was a key decision (and so subject to call-in), where recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_decision: Option<bool>,
    /// The period the approved spend covers.
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
}

/// What the officer writes for the committee, kept with the arrangement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeNotes {
    /// The purpose of the committee report, where the officer words it (else a standard sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Whose report it is ("Executive Director of Adult Social Care").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risks: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contingency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendations: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Arrangement {
    /// The arrangement's reference.
    pub key: Key,
    pub title: String,
    pub kind: ArrangementKind,
    pub regime: Regime,
    /// Another council whose arrangement this one uses, where it does (a DPS hosted elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_by: Option<String>,
    pub services: Vec<ServiceType>,
    pub term: Term,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend_approval: Option<SpendApproval>,
    pub call_off: CallOffMethod,
    /// How call-offs work, in the words given to providers and FOI requesters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_off_description: Option<String>,
    /// The capacity the specification expects, in words ("19,800 hours per month").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_note: Option<String>,
    /// Whether the council is looking for new providers under this arrangement, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_providers: Option<NewProviders>,
    /// The minimum prerequisites for a provider to work under the arrangement, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prerequisites_note: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub committee_notes: CommitteeNotes,
}

/// The council's stance on new providers for an arrangement (FOI question 10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProviders {
    pub needed: bool,
    pub note: String,
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

impl Record for Arrangement {
    const KIND: Kind = Kind::Arrangements;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        self.title.clone()
    }

    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Arrangements, self.key.as_str());
        on.required(&self.title, "title", "a title");
        on.check(!self.services.is_empty(), "services", || "name at least one service the arrangement covers".into());
        self.term.check(&mut on, "term");
        if let Some(a) = &self.spend_approval {
            on.check(a.cap.pence() > 0, "spend_approval.cap", || {
                "the approved spend cap must be more than £0.00".into()
            });
            on.required(
                &a.decision_reference,
                "spend_approval.decision_reference",
                "the reference of the approving decision",
            );
            on.required(&a.decision_maker, "spend_approval.decision_maker", "the decision maker");
            on.check(a.period_end > a.period_start, "spend_approval.period_end", || {
                format!("the approved period ends ({}) before it starts ({})", a.period_end, a.period_start)
            });
            if let Some(p) = a.published_on {
                on.check(p >= a.decision_date, "spend_approval.published_on", || {
                    format!("the decision is published ({p}) before it was made ({})", a.decision_date)
                });
            }
            if let Some(eff) = a.effective_from {
                on.check(eff >= a.decision_date, "spend_approval.effective_from", || {
                    format!("the decision takes effect ({eff}) before it was made ({})", a.decision_date)
                });
            }
        }
        if let Some(n) = &self.new_providers {
            on.required(&n.note, "new_providers.note", "a note on the need for new providers");
        }
        let n = &self.committee_notes;
        for (field, text, what) in [
            ("committee_notes.purpose", &n.purpose, "the purpose"),
            ("committee_notes.report_of", &n.report_of, "whose report it is"),
            ("committee_notes.risks", &n.risks, "the risks"),
            ("committee_notes.contingency", &n.contingency, "the contingency"),
            ("committee_notes.recommendations", &n.recommendations, "the recommendations"),
        ] {
            if let Some(t) = text {
                on.check(!t.trim().is_empty(), field, || {
                    format!("{what} for the committee, when given, cannot be empty")
                });
            }
        }
    }
}
