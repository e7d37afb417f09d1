//! Spend against an arrangement's approved cap: total, share used, monthly run rate, and the date
//! at which the cap will be reached at that rate.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use tenderdesk_domain::{Arrangement, Money, SpendEntry};

use crate::fmt::{round_dp, to_money};

/// The months over which the run rate is taken.
pub const RUN_RATE_MONTHS: u32 = 3;

/// One spend entry with the running total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpendLine {
    pub key: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Money,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub cumulative: Money,
    /// Whether the running total is above the cap after this entry.
    pub over_cap: bool,
    pub note: Option<String>,
}

/// How the monthly run rate was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RunRate {
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    pub window_days: i32,
    /// Spend in the window (entries straddling its start counted pro rata by days).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub spend_in_window: Money,
    /// The window's length in months (3 unless less spend has been recorded).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub months_in_window: Decimal,
    /// Spend in the window ÷ months in the window, rounded half-up to the penny.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub monthly: Money,
    /// Spend in the window ÷ days in the window, exact to 6 places: the rate the forecast uses.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub daily: Decimal,
}

/// Spend against approval for one arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpendSummary {
    pub arrangement: String,
    pub title: String,
    /// Entries whose period ended on or before this date count; None means every entry.
    pub as_of: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub cap: Option<Money>,
    pub decision_reference: Option<String>,
    pub decision_maker: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub approval_start: Option<NaiveDate>,
    pub approval_end: Option<NaiveDate>,
    pub lines: Vec<SpendLine>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub total: Money,
    /// Total ÷ cap × 100, rounded half-up to two places.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub share_used_percent: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub remaining: Option<Money>,
    pub over_cap: bool,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub over_cap_by: Option<Money>,
    /// The period in which the running total first passed the cap.
    pub cap_passed_in: Option<String>,
    pub run_rate: Option<RunRate>,
    /// The day the cap is reached at the run rate, counted on from the last recorded day.
    pub cap_reached_on: Option<NaiveDate>,
    /// Whether that day falls before the approval period ends.
    pub cap_reached_before_approval_ends: Option<bool>,
}

/// Sums an arrangement's spend as at a date (entries whose period ended by then) against its cap.
///
/// Run rate: the window is the last three months of recorded spend, ending on the last recorded
/// day (or from the first recorded day, when less has been recorded). Spend in the window ÷ days
/// in it is the daily rate; the monthly run rate is spend in the window ÷ its months. The cap is
/// reached on the last recorded day + ⌈(cap − total) ÷ daily rate⌉ days.
pub fn spend_summary(a: &Arrangement, entries: &[SpendEntry], as_of: Option<NaiveDate>) -> SpendSummary {
    let mut es: Vec<&SpendEntry> =
        entries.iter().filter(|e| e.arrangement == a.key && as_of.is_none_or(|d| e.period_end <= d)).collect();
    es.sort_by_key(|e| (e.period_end, e.period_start, e.key.clone()));
    let cap = a.spend_approval.as_ref().map(|s| s.cap);
    let mut cumulative = 0i64;
    let mut lines = Vec::new();
    let mut cap_passed_in = None;
    for e in &es {
        cumulative += e.amount.pence();
        let over = cap.is_some_and(|c| cumulative > c.pence());
        if over && cap_passed_in.is_none() {
            cap_passed_in = Some(format!("{} to {}", e.period_start, e.period_end));
        }
        lines.push(SpendLine {
            key: e.key.to_string(),
            period_start: e.period_start,
            period_end: e.period_end,
            amount: e.amount,
            cumulative: Money::from_pence(cumulative).unwrap_or(Money::ZERO),
            over_cap: over,
            note: e.note.clone(),
        });
    }
    let total = Money::from_pence(cumulative).unwrap_or(Money::ZERO);
    let run_rate = run_rate(&es);
    let over_cap = cap.is_some_and(|c| total > c);
    let share = cap.filter(|c| c.pence() > 0).map(|c| {
        let mut p = round_dp(total.as_decimal() * Decimal::ONE_HUNDRED / c.as_decimal(), 2);
        p.rescale(2);
        p
    });
    let remaining = cap.map(|c| Money::from_pence((c.pence() - total.pence()).max(0)).unwrap_or(Money::ZERO));
    let over_cap_by = cap.filter(|_| over_cap).and_then(|c| Money::from_pence(total.pence() - c.pence()).ok());
    let cap_reached_on = match (cap, &run_rate) {
        (Some(c), Some(r)) if !over_cap && r.daily > Decimal::ZERO => {
            let left = c.as_decimal() - total.as_decimal();
            let days = (left / r.daily).ceil();
            use rust_decimal::prelude::ToPrimitive;
            days.to_i64().and_then(|n| r.window_end.checked_add_signed(chrono::Duration::days(n)))
        }
        _ => None,
    };
    let approval = a.spend_approval.as_ref();
    SpendSummary {
        arrangement: a.key.to_string(),
        title: a.title.clone(),
        as_of,
        cap,
        decision_reference: approval.map(|s| s.decision_reference.clone()),
        decision_maker: approval.map(|s| s.decision_maker.clone()),
        decision_date: approval.map(|s| s.decision_date),
        approval_start: approval.map(|s| s.period_start),
        approval_end: approval.map(|s| s.period_end),
        lines,
        total,
        share_used_percent: share,
        remaining,
        over_cap,
        over_cap_by,
        cap_passed_in,
        run_rate,
        cap_reached_on,
        cap_reached_before_approval_ends: cap_reached_on.zip(approval).map(|(d, s)| d <= s.period_end),
    }
}

fn run_rate(es: &[&SpendEntry]) -> Option<RunRate> {
    let end = es.iter().map(|e| e.period_end).max()?;
    let first = es.iter().map(|e| e.period_start).min()?;
    let full_start = end.succ_opt().and_then(|d| d.checked_sub_months(Months::new(RUN_RATE_MONTHS))).unwrap_or(first);
    let start = full_start.max(first);
    let window_days = (end - start).num_days() + 1;
    let mut spend = Decimal::ZERO;
    for e in es {
        let s = e.period_start.max(start);
        if s > e.period_end {
            continue;
        }
        let inside = (e.period_end - s).num_days() + 1;
        let all = (e.period_end - e.period_start).num_days() + 1;
        spend += e.amount.as_decimal() * Decimal::from(inside) / Decimal::from(all);
    }
    let months = if start == full_start { Decimal::from(RUN_RATE_MONTHS) } else { months_between(start, end) };
    if months <= Decimal::ZERO || window_days <= 0 {
        return None;
    }
    Some(RunRate {
        window_start: start,
        window_end: end,
        window_days: window_days as i32,
        spend_in_window: to_money(spend),
        months_in_window: round_dp(months, 4),
        monthly: to_money(spend / months),
        daily: round_dp(spend / Decimal::from(window_days), 6),
    })
}

/// Months from `start` to `end` inclusive: whole months, then the days left as a fraction of the
/// month that follows (2 March to 31 May is 2 months and 30 of June's… of the next month's days).
fn months_between(start: NaiveDate, end: NaiveDate) -> Decimal {
    let after = end.succ_opt().unwrap_or(end);
    let mut whole = 0u32;
    while start.checked_add_months(Months::new(whole + 1)).is_some_and(|d| d <= after) {
        whole += 1;
    }
    let base = start.checked_add_months(Months::new(whole)).unwrap_or(start);
    let next = base.checked_add_months(Months::new(1)).unwrap_or(base);
    let left = (after - base).num_days();
    let span = (next - base).num_days().max(1);
    Decimal::from(whole) + Decimal::from(left) / Decimal::from(span)
}
