//! Between rounds: contracts and their extension options, alerts, spend against approval, activity,
//! rates, coverage by zone and FOI answers — pure functions over domain records.
//!
//! This crate knows nothing of the store, the clock, the window or the command line: every function
//! takes the records (or a [`Dataset`](tenderdesk_domain::Dataset)) and the date "as at" which to
//! answer. `docs/market.md` says how each figure is computed.

pub mod activity;
pub mod alerts;
pub mod contracts;
pub mod coverage;
pub mod error;
pub mod fmt;
pub mod foi;
pub mod rates;
pub mod spend;
pub mod term;

pub use activity::{activity_report, ActivityReport, ActivityRow, ActivityTotal, Channel};
pub use alerts::{alerts, Alert, AlertKind, Severity};
pub use contracts::{
    arrangement_position, contract_position, contract_status_as_at, contracts_from_award, decline_option,
    exercise_option, replacement_round_for_arrangement, ArrangementPosition, ContractPosition, NewContractTerms,
};
pub use coverage::{coverage, openings, CoverageReport, LotCoverage, OpeningAdmissions, OpeningReport, ZoneCoverage};
pub use error::MarketError;
pub use foi::{foi, FoiAnswer, FoiPack, FoiPart};
pub use rates::{rate_stats, rates_report, RateObservation, RateStats, RatesGroup, RatesReport};
pub use spend::{spend_summary, RunRate, SpendLine, SpendSummary};
pub use term::{term_as_at, StatusAsAt, TermPosition};
