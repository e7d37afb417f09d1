//! Where a round stands as at a date, from its timetable, its opening and its decision in force.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tenderdesk_domain::{AwardDecision, Round};

/// Where a round is, as at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RoundStage {
    /// Not yet published.
    Planned,
    /// Published; bids may still arrive.
    OpenForBids,
    /// The deadline has passed and the bids are still sealed.
    BidsSealed,
    /// The bids are opened; marking and moderation.
    Evaluation,
    /// An award decision is in force and its standstill is running.
    Standstill,
    /// Awarded, with the standstill over (or none observed).
    Awarded,
}

impl RoundStage {
    pub fn label(self) -> &'static str {
        match self {
            RoundStage::Planned => "Planned",
            RoundStage::OpenForBids => "Open for bids",
            RoundStage::BidsSealed => "Bids sealed",
            RoundStage::Evaluation => "Evaluation",
            RoundStage::Standstill => "Standstill",
            RoundStage::Awarded => "Awarded",
        }
    }

    /// Whether the round still needs the officer (everything before the end of standstill).
    pub fn in_progress(self) -> bool {
        self != RoundStage::Awarded
    }

    pub fn of(round: &Round, award: Option<&AwardDecision>, as_of: NaiveDate) -> RoundStage {
        if let Some(a) = award {
            return match a.standstill_ends {
                Some(end) if end >= as_of => RoundStage::Standstill,
                _ => RoundStage::Awarded,
            };
        }
        if as_of < round.timetable.published {
            RoundStage::Planned
        } else if as_of <= round.timetable.submission_deadline.date_naive() {
            RoundStage::OpenForBids
        } else if round.bids_opened.is_none() {
            RoundStage::BidsSealed
        } else {
            RoundStage::Evaluation
        }
    }
}
