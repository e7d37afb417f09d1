//! The rules with the council's own changes, and the working-day tests built on them.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use tenderdesk_domain::{CalendarAdjustments, Nation};

use crate::rules::{easter_sunday, holidays, Holiday};
use crate::NATIONS;

/// The name of a day the officer added in settings.
pub const ADDED_BY_THE_COUNCIL: &str = "Added by the council";

/// The bank holidays from the rules, with the days the council added or removed in its settings
/// (a day proclaimed at short notice, or one the officer knows GOV.UK has dropped). The
/// adjustments apply in every nation: a day added is a bank holiday in all three lists, a day
/// removed is one in none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    added: BTreeSet<NaiveDate>,
    removed: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// The rules alone, with nothing added or removed.
    pub fn standard() -> Calendar {
        Calendar::default()
    }

    pub fn new(adjustments: &CalendarAdjustments) -> Calendar {
        Calendar {
            added: adjustments.added.iter().copied().collect(),
            removed: adjustments.removed.iter().copied().collect(),
        }
    }

    /// The nation's bank holidays in `year`, in date order: the rules' days less those removed,
    /// plus those added ("Added by the council"). Days added apply in any year; the rules' days
    /// only in the years the calendar covers (see [`crate::holidays`]).
    pub fn holidays(&self, nation: Nation, year: i32) -> Vec<Holiday> {
        let mut out: Vec<Holiday> =
            holidays(nation, year).into_iter().filter(|h| !self.removed.contains(&h.date)).collect();
        for &date in self.added.iter().filter(|d| d.year() == year) {
            if !out.iter().any(|h| h.date == date) {
                out.push(Holiday { date, name: ADDED_BY_THE_COUNCIL.to_owned(), nation });
            }
        }
        out.sort_by_key(|h| h.date);
        out
    }

    /// The nation's bank holiday on `date`, if there is one.
    pub fn holiday(&self, nation: Nation, date: NaiveDate) -> Option<Holiday> {
        self.holidays(nation, date.year()).into_iter().find(|h| h.date == date)
    }

    pub fn is_bank_holiday(&self, nation: Nation, date: NaiveDate) -> bool {
        self.holiday(nation, date).is_some()
    }

    /// A working day as the Procurement Act 2023 defines it (s.123): not a Saturday or Sunday,
    /// Christmas Day or Good Friday, nor a bank holiday in any part of the UK.
    pub fn uk_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date)
            && !is_christmas_or_good_friday(date)
            && !NATIONS.iter().any(|&n| self.is_bank_holiday(n, date))
    }

    /// A working day in one nation: not a Saturday or Sunday, Christmas Day or Good Friday, nor one
    /// of that nation's bank holidays.
    pub fn working_day_in(&self, nation: Nation, date: NaiveDate) -> bool {
        !is_weekend(date) && !is_christmas_or_good_friday(date) && !self.is_bank_holiday(nation, date)
    }
}

pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Christmas Day and Good Friday are named in every regime's definition of a working day (they
/// are common-law holidays, not bank holidays under the 1971 Act in England, Wales and Northern
/// Ireland), so removing them from the calendar does not make them working days.
pub(crate) fn is_christmas_or_good_friday(date: NaiveDate) -> bool {
    (date.month() == 12 && date.day() == 25) || date == easter_sunday(date.year()) - Days::new(2)
}
