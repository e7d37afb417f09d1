//! Terms as at a date: which options were decided by then, the end as it then stood, how far the
//! term can still run, and the exercise or refusal of an option.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tenderdesk_domain::common::add_months_to_end;
use tenderdesk_domain::{ExtensionOption, Kind, OptionStatus, Term};

use crate::error::MarketError;

/// Where a contract or arrangement stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StatusAsAt {
    /// Not started yet.
    Pending,
    /// Running within its initial term, no option exercised.
    Active,
    /// Running, with at least one option exercised.
    Extended,
    /// Past its current end.
    Expired,
    /// Ended early.
    Terminated,
}

impl StatusAsAt {
    pub fn label(self) -> &'static str {
        match self {
            StatusAsAt::Pending => "Pending",
            StatusAsAt::Active => "Active",
            StatusAsAt::Extended => "Extended",
            StatusAsAt::Expired => "Expired",
            StatusAsAt::Terminated => "Terminated",
        }
    }

    /// Running (or about to run): an expiry or a decision still matters.
    pub fn is_live(self) -> bool {
        matches!(self, StatusAsAt::Pending | StatusAsAt::Active | StatusAsAt::Extended)
    }
}

/// The term as it stood on `as_of`: options decided after that date are shown as still available.
pub fn term_as_at(term: &Term, as_of: NaiveDate) -> Term {
    let mut t = term.clone();
    for o in &mut t.extension_options {
        if o.decided_on.is_some_and(|d| d > as_of) {
            o.status = OptionStatus::Available;
            o.decided_on = None;
            o.decided_by = None;
        }
    }
    t
}

/// The status of a term on a date, from its dates alone (termination is the caller's business).
pub fn status_of_term(term: &Term, as_of: NaiveDate) -> StatusAsAt {
    let t = term_as_at(term, as_of);
    if as_of < t.start {
        StatusAsAt::Pending
    } else if as_of > t.current_end() {
        StatusAsAt::Expired
    } else if t.extension_options.iter().any(|o| o.status == OptionStatus::Exercised) {
        StatusAsAt::Extended
    } else {
        StatusAsAt::Active
    }
}

/// One option as the position view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OptionLine {
    /// 1 for the first option.
    pub number: u32,
    pub months: u32,
    pub decide_by: NaiveDate,
    /// Available, exercised or declined, as at the date asked.
    pub status: OptionStatus,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<String>,
    /// The last day of the period it adds, when exercised (or if it were).
    pub period_end: NaiveDate,
    /// Whether it can still be exercised as at the date: available, in order, before the end.
    pub can_exercise: bool,
}

/// A term at a glance, as at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TermPosition {
    pub as_of: NaiveDate,
    pub start: NaiveDate,
    pub initial_end: NaiveDate,
    pub current_end: NaiveDate,
    /// The current end plus every option still available (declined ones do not count).
    pub latest_possible_end: NaiveDate,
    pub maximum_end: Option<NaiveDate>,
    pub options_envisaged: u32,
    pub options_exercised: u32,
    pub options_declined: u32,
    pub options_available: u32,
    pub options: Vec<OptionLine>,
    /// Days from the date to the current end (negative once it has passed).
    pub days_to_current_end: i32,
    /// How far it can still run from the date, to the latest possible end: whole months and days.
    pub can_run_months: i32,
    pub can_run_days: i32,
    pub status: StatusAsAt,
}

pub fn position(term: &Term, as_of: NaiveDate, status: StatusAsAt) -> TermPosition {
    let t = term_as_at(term, as_of);
    let current_end = t.current_end();
    let latest = t.latest_possible_end();
    let count = |s: OptionStatus| t.extension_options.iter().filter(|o| o.status == s).count() as u32;
    let mut period_end = t.initial_end;
    let mut blocked = false;
    let mut options = Vec::new();
    for (i, o) in t.extension_options.iter().enumerate() {
        period_end = add_months_to_end(period_end, o.months);
        let can = o.status == OptionStatus::Available && !blocked && status.is_live() && as_of <= current_end;
        if o.status != OptionStatus::Exercised {
            blocked = true;
        }
        options.push(OptionLine {
            number: i as u32 + 1,
            months: o.months,
            decide_by: o.decide_by,
            status: o.status,
            decided_on: o.decided_on,
            decided_by: o.decided_by.clone(),
            period_end,
            can_exercise: can,
        });
    }
    let (m, d) =
        if status == StatusAsAt::Terminated || as_of > latest { (0, 0) } else { months_and_days(as_of, latest) };
    TermPosition {
        as_of,
        start: t.start,
        initial_end: t.initial_end,
        current_end,
        latest_possible_end: latest,
        maximum_end: t.maximum_end,
        options_envisaged: t.extension_options.len() as u32,
        options_exercised: count(OptionStatus::Exercised),
        options_declined: count(OptionStatus::Declined),
        options_available: count(OptionStatus::Available),
        options,
        days_to_current_end: (current_end - as_of).num_days() as i32,
        can_run_months: m,
        can_run_days: d,
        status,
    }
}

pub fn option_status_word(s: OptionStatus) -> &'static str {
    match s {
        OptionStatus::Available => "available",
        OptionStatus::Exercised => "exercised",
        OptionStatus::Declined => "declined",
    }
}

/// Whole months then days from `from` (exclusive) to `to` (inclusive): 23 November 2026 to
/// 31 October 2027 is 11 months and 8 days (to 23 October, then 8 more days).
pub fn months_and_days(from: NaiveDate, to: NaiveDate) -> (i32, i32) {
    if to <= from {
        return (0, 0);
    }
    let mut months = 0u32;
    while from.checked_add_months(chrono::Months::new(months + 1)).is_some_and(|d| d <= to) {
        months += 1;
    }
    let base = from.checked_add_months(chrono::Months::new(months)).unwrap_or(from);
    (months as i32, (to - base).num_days() as i32)
}

fn who(by: &Option<String>) -> String {
    by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default()
}

/// Exercises option `number` (1-based) of a term on `on`, by `by`. Refuses an option already
/// decided, one whose earlier options are not all exercised, one that would pass the maximum end,
/// and a decision after the term has ended. Returns the new term and the end before and after.
pub fn exercise_term_option(
    kind: Kind,
    key: &str,
    term: &Term,
    number: usize,
    on: NaiveDate,
    by: &str,
) -> Result<Term, MarketError> {
    let (index, option) = find_option(kind, key, term, number)?;
    let current_end = term.current_end();
    match option.status {
        OptionStatus::Exercised => {
            return Err(MarketError::AlreadyExercised {
                kind,
                key: key.into(),
                number,
                on: option.decided_on.map(|d| d.to_string()).unwrap_or_else(|| "an unrecorded date".into()),
                by: who(&option.decided_by),
            })
        }
        OptionStatus::Declined => {
            return Err(MarketError::AlreadyDeclined {
                kind,
                key: key.into(),
                number,
                on: option.decided_on.map(|d| d.to_string()).unwrap_or_else(|| "an unrecorded date".into()),
                by: who(&option.decided_by),
            })
        }
        OptionStatus::Available => {}
    }
    if let Some((i, earlier)) =
        term.extension_options[..index].iter().enumerate().find(|(_, o)| o.status != OptionStatus::Exercised)
    {
        return Err(MarketError::OutOfOrder {
            kind,
            key: key.into(),
            number,
            earlier: i + 1,
            state: if earlier.status == OptionStatus::Declined { "declined" } else { "undecided" },
        });
    }
    if on > current_end {
        return Err(MarketError::AfterEnd { kind, key: key.into(), ended: current_end, on });
    }
    if on < term.start {
        return Err(MarketError::BeforeStart { kind, key: key.into(), number, on, start: term.start });
    }
    let new_end = add_months_to_end(current_end, option.months);
    if let Some(max) = term.maximum_end {
        if new_end > max {
            return Err(MarketError::PastMaximumTerm { kind, key: key.into(), number, new_end, maximum_end: max });
        }
    }
    let by = by.trim();
    if by.is_empty() {
        return Err(MarketError::NoDecisionMaker);
    }
    let mut t = term.clone();
    let o = &mut t.extension_options[index];
    o.status = OptionStatus::Exercised;
    o.decided_on = Some(on);
    o.decided_by = Some(by.to_owned());
    Ok(t)
}

/// Declines option `number` (1-based): it can no longer be exercised, nor can any later one.
pub fn decline_term_option(
    kind: Kind,
    key: &str,
    term: &Term,
    number: usize,
    on: NaiveDate,
    by: &str,
) -> Result<Term, MarketError> {
    let (index, option) = find_option(kind, key, term, number)?;
    let when = || option.decided_on.map(|d| d.to_string()).unwrap_or_else(|| "an unrecorded date".into());
    match option.status {
        OptionStatus::Exercised => {
            return Err(MarketError::AlreadyExercised {
                kind,
                key: key.into(),
                number,
                on: when(),
                by: who(&option.decided_by),
            })
        }
        OptionStatus::Declined => {
            return Err(MarketError::AlreadyDeclined {
                kind,
                key: key.into(),
                number,
                on: when(),
                by: who(&option.decided_by),
            })
        }
        OptionStatus::Available => {}
    }
    let current_end = term.current_end();
    if on > current_end {
        return Err(MarketError::AfterEnd { kind, key: key.into(), ended: current_end, on });
    }
    if on < term.start {
        return Err(MarketError::BeforeStart { kind, key: key.into(), number, on, start: term.start });
    }
    let by = by.trim();
    if by.is_empty() {
        return Err(MarketError::NoDecisionMaker);
    }
    let mut t = term.clone();
    let o = &mut t.extension_options[index];
    o.status = OptionStatus::Declined;
    o.decided_on = Some(on);
    o.decided_by = Some(by.to_owned());
    Ok(t)
}

fn find_option<'a>(
    kind: Kind,
    key: &str,
    term: &'a Term,
    number: usize,
) -> Result<(usize, &'a ExtensionOption), MarketError> {
    let count = term.extension_options.len();
    if number == 0 || number > count {
        return Err(MarketError::NoSuchOption { kind, key: key.into(), number, count });
    }
    Ok((number - 1, &term.extension_options[number - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_and_days_count_whole_months_first() {
        assert_eq!(months_and_days(d("2026-11-23"), d("2027-10-31")), (11, 8));
        assert_eq!(months_and_days(d("2024-10-31"), d("2025-10-31")), (12, 0));
        assert_eq!(months_and_days(d("2026-11-23"), d("2026-11-30")), (0, 7));
        assert_eq!(months_and_days(d("2026-11-30"), d("2026-11-23")), (0, 0));
    }
}
