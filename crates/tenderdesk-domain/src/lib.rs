//! TenderDesk's domain: every record a commissioning officer keeps, the exact values they hold
//! (money in pence, hours and percentages as decimals, calendar dates), and the checks a record
//! must pass before it is stored.
//!
//! This crate knows nothing of sled, Tauri, files or the command line. Records refer to each other
//! by [`Key`]; checks that need other records reach them through [`Lookup`].

pub mod activity;
pub mod arrangement;
pub mod authority;
pub mod award;
pub mod common;
pub mod contract;
pub mod dataset;
pub mod evaluation;
pub mod kind;
pub mod lot;
pub mod panel;
pub mod problem;
pub mod provider;
pub mod record;
pub mod round;
pub mod spend;
pub mod submission;
pub mod values;

pub use activity::{ActivitySnapshot, VisitLengths};
pub use arrangement::{
    Arrangement, ArrangementKind, CallOffMethod, CommitteeNotes, NewProviders, ServiceType, SpendApproval,
};
pub use authority::{AdvertisingChannel, AuthorityProfile, CalendarAdjustments, Nation, Regime, Regulator};
pub use award::{AwardDecision, Awarded, Withdrawal};
pub use common::{Address, Contact, ExtensionOption, OptionStatus, Term};
pub use contract::{Contract, ContractRate, ContractStatus, ProcurementRoute};
pub use dataset::{visit_kinds, Dataset, DatasetIndex, KindVisitor, Listed, Nothing};
pub use evaluation::{
    AwardRule, Descriptor, EvaluationModel, Gate, PriceBasis, PriceFormula, PriceSection, Question, Scale,
    ScoredSection, Section, TieBreak,
};
pub use kind::Kind;
pub use lot::{
    Admission, AdmissionStatus, Enhancement, Lot, NamedRate, Opening, RateCard, RateUnit, Setting, Uplift, Zone,
    ZoneRate,
};
pub use panel::{Conflict, Declaration, Evaluator, Mark, ModeratedMark};
pub use problem::{Problem, Problems};
pub use provider::{Prerequisite, Provider, ProviderStatus, Rating, RatingGrade, Registration, Requirement};
pub use record::{Lookup, Record, Reference};
pub use round::{BidOpening, Clarification, DrawingOfLots, Round, RoundKind, Timetable};
pub use spend::SpendEntry;
pub use submission::{BidPrice, GateResult, LateAcceptance, Submission, SubmissionStatus};
pub use values::{Hours, Key, Money, Percent};

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;

#[cfg(test)]
mod rules_tests;
