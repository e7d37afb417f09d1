//! What the market's use cases refuse, in words an officer can act on.

use chrono::NaiveDate;
use tenderdesk_domain::{Kind, Problems};

/// A refused change to a contract or arrangement; nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarketError {
    #[error("{kind_name} {key} has {count} extension option{s}; there is no option {number}", kind_name = kind.singular(), s = if *count == 1 { "" } else { "s" })]
    NoSuchOption { kind: Kind, key: String, number: usize, count: usize },

    #[error("option {number} of {} {key} was already exercised on {on}{by}; an option can be exercised only once", kind.singular())]
    AlreadyExercised { kind: Kind, key: String, number: usize, on: String, by: String },

    #[error("option {number} of {} {key} was declined on {on}{by}; a declined option cannot be exercised or declined again", kind.singular())]
    AlreadyDeclined { kind: Kind, key: String, number: usize, on: String, by: String },

    #[error("option {number} of {} {key} cannot be exercised while option {earlier} is {state}; options are exercised in order", kind.singular())]
    OutOfOrder { kind: Kind, key: String, number: usize, earlier: usize, state: &'static str },

    #[error("exercising option {number} of {} {key} would move the end to {new_end}, past the maximum end of {maximum_end}", kind.singular())]
    PastMaximumTerm { kind: Kind, key: String, number: usize, new_end: NaiveDate, maximum_end: NaiveDate },

    #[error("{} {key} ended on {ended}; an option cannot be exercised on {on}, after the end", kind.singular())]
    AfterEnd { kind: Kind, key: String, ended: NaiveDate, on: NaiveDate },

    #[error("contract {key} was terminated on {on} ({reason}); its options can no longer be exercised or declined")]
    Terminated { key: String, on: String, reason: String },

    #[error("the decision on option {number} of {} {key} cannot be dated {on}, before the {} starts ({start})", kind.singular(), kind.singular())]
    BeforeStart { kind: Kind, key: String, number: usize, on: NaiveDate, start: NaiveDate },

    #[error("give the name of who decided (--by)")]
    NoDecisionMaker,

    #[error("award decision {key} was withdrawn on {on}; contracts cannot be made from it")]
    AwardWithdrawn { key: String, on: NaiveDate },

    #[error("award decision {award}: the contract cannot start on {start}, before the standstill period ends ({standstill_ends}); start it on {earliest} or later")]
    DuringStandstill { award: String, start: NaiveDate, standstill_ends: NaiveDate, earliest: NaiveDate },

    #[error("the contract end ({end}) must be after its start ({start})")]
    EndBeforeStart { start: NaiveDate, end: NaiveDate },

    #[error("award decision {award}: {what} {key} is not in the store")]
    Missing { award: String, what: &'static str, key: String },

    #[error("contract {contract} already records the award of {lot} to {provider} by {award}")]
    AlreadyContracted { award: String, lot: String, provider: String, contract: String },

    #[error("the contract reference \"{key}\" cannot be made: {reason}")]
    BadKey { key: String, reason: String },
}

impl MarketError {
    /// The record and field concerned, for the window's error and the audit of refusals.
    pub fn place(&self) -> (Kind, String, String) {
        use MarketError::*;
        match self {
            NoSuchOption { kind, key, .. }
            | AlreadyExercised { kind, key, .. }
            | AlreadyDeclined { kind, key, .. }
            | OutOfOrder { kind, key, .. }
            | PastMaximumTerm { kind, key, .. }
            | BeforeStart { kind, key, .. } => (*kind, key.clone(), "term.extension_options".into()),
            AfterEnd { kind, key, .. } => (*kind, key.clone(), "term".into()),
            Terminated { key, .. } => (Kind::Contracts, key.clone(), "status".into()),
            NoDecisionMaker => (Kind::Contracts, String::new(), "decided_by".into()),
            AwardWithdrawn { key, .. } => (Kind::Awards, key.clone(), "withdrawn".into()),
            DuringStandstill { award, .. } => (Kind::Awards, award.clone(), "standstill_ends".into()),
            EndBeforeStart { .. } => (Kind::Contracts, String::new(), "term.initial_end".into()),
            Missing { award, .. } => (Kind::Awards, award.clone(), "awarded".into()),
            AlreadyContracted { contract, .. } => (Kind::Contracts, contract.clone(), "award".into()),
            BadKey { key, .. } => (Kind::Contracts, key.clone(), "key".into()),
        }
    }

    /// The refusal as the domain's problems, so that it travels like any refused write.
    pub fn to_problems(&self) -> Problems {
        let (kind, key, field) = self.place();
        let mut p = Problems::new();
        p.push(kind, &key, field, self.to_string());
        p
    }
}
