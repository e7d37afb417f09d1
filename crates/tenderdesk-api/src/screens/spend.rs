//! The spend screen: an arrangement's spend against its approved cap, as the window shows it, with
//! every amount in integer pence. (The command line prints the market's `SpendSummary` itself.)

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_market::{SpendLine, SpendSummary};

use crate::{Api, Result};

/// One spend entry with the running total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SpendLineView {
    pub key: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    #[ts(type = "number")]
    pub amount_pence: i64,
    #[ts(type = "number")]
    pub cumulative_pence: i64,
    /// Whether the running total is above the cap after this entry.
    pub over_cap: bool,
    pub note: Option<String>,
}

/// The monthly run rate and the months it was taken over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RunRateView {
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// Spend in the window ÷ months in the window, rounded half-up to the penny.
    #[ts(type = "number")]
    pub monthly_pence: i64,
}

/// Spend against approval for one arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SpendView {
    pub arrangement: String,
    pub title: String,
    /// Entries whose period ended on or before this date count; None means every entry.
    pub as_of: Option<NaiveDate>,
    #[ts(type = "number | null")]
    pub cap_pence: Option<i64>,
    pub decision_reference: Option<String>,
    pub decision_maker: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub approval_start: Option<NaiveDate>,
    pub approval_end: Option<NaiveDate>,
    pub lines: Vec<SpendLineView>,
    #[ts(type = "number")]
    pub total_pence: i64,
    /// Total ÷ cap × 100, rounded half-up to two places ("75.39").
    pub share_used_percent: Option<String>,
    #[ts(type = "number | null")]
    pub remaining_pence: Option<i64>,
    pub over_cap: bool,
    #[ts(type = "number | null")]
    pub over_cap_by_pence: Option<i64>,
    /// The period in which the running total first passed the cap.
    pub cap_passed_in: Option<String>,
    pub run_rate: Option<RunRateView>,
    /// The day the cap is reached at the run rate, counted on from the last recorded day.
    pub cap_reached_on: Option<NaiveDate>,
    /// Whether that day falls before the approval period ends.
    pub cap_reached_before_approval_ends: Option<bool>,
}

impl SpendView {
    pub fn of(s: &SpendSummary) -> SpendView {
        SpendView {
            arrangement: s.arrangement.clone(),
            title: s.title.clone(),
            as_of: s.as_of,
            cap_pence: s.cap.map(|m| m.pence()),
            decision_reference: s.decision_reference.clone(),
            decision_maker: s.decision_maker.clone(),
            decision_date: s.decision_date,
            approval_start: s.approval_start,
            approval_end: s.approval_end,
            lines: s.lines.iter().map(line).collect(),
            total_pence: s.total.pence(),
            share_used_percent: s.share_used_percent.map(|p| p.to_string()),
            remaining_pence: s.remaining.map(|m| m.pence()),
            over_cap: s.over_cap,
            over_cap_by_pence: s.over_cap_by.map(|m| m.pence()),
            cap_passed_in: s.cap_passed_in.clone(),
            run_rate: s.run_rate.as_ref().map(|r| RunRateView {
                window_start: r.window_start,
                window_end: r.window_end,
                monthly_pence: r.monthly.pence(),
            }),
            cap_reached_on: s.cap_reached_on,
            cap_reached_before_approval_ends: s.cap_reached_before_approval_ends,
        }
    }
}

fn line(l: &SpendLine) -> SpendLineView {
    SpendLineView {
        key: l.key.clone(),
        period_start: l.period_start,
        period_end: l.period_end,
        amount_pence: l.amount.pence(),
        cumulative_pence: l.cumulative.pence(),
        over_cap: l.over_cap,
        note: l.note.clone(),
    }
}

impl Api {
    /// The spend screen of an arrangement, as at a date (None: every entry).
    pub fn spend_view(&self, arrangement: &str, as_of: Option<NaiveDate>) -> Result<SpendView> {
        Ok(SpendView::of(&self.spend_summary(arrangement, as_of)?))
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<SpendView>();
}
