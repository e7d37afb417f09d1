//! What can be wrong with a year or a date the officer typed, and the types that refuse it.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::{FIRST_YEAR, LAST_YEAR};

/// A year or date the calendar cannot work with, worded for the officer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("the bank-holiday calendar covers {FIRST_YEAR} to {LAST_YEAR}; {year} is outside it")]
    YearOutOfRange { year: i32 },

    #[error("\"{text}\" is not a year; write it with four digits, e.g. 2026")]
    NotAYear { text: String },

    #[error("\"{text}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-04-02")]
    NotADate { text: String },

    #[error("\"{text}\" is not a date: {month_name} {year} has no day {day}")]
    NoSuchDay { text: String, month_name: &'static str, year: i32, day: u32 },

    #[error("{date} is outside the bank-holiday calendar, which covers {FIRST_YEAR} to {LAST_YEAR}")]
    DateOutOfRange { date: NaiveDate },
}

/// A year the calendar covers ([`FIRST_YEAR`] to [`LAST_YEAR`]); made only through [`Year::new`]
/// or parsing, so holding one means the calendar can answer for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(i32);

impl Year {
    pub fn new(year: i32) -> Result<Year, CalendarError> {
        if crate::covers(year) {
            Ok(Year(year))
        } else {
            Err(CalendarError::YearOutOfRange { year })
        }
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Year {
    type Err = CalendarError;

    fn from_str(text: &str) -> Result<Year, CalendarError> {
        let t = text.trim();
        if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
            return Err(CalendarError::NotAYear { text: text.to_owned() });
        }
        let year: i32 = t.parse().map_err(|_| CalendarError::NotAYear { text: text.to_owned() })?;
        Year::new(year)
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Reads a date written YYYY-MM-DD that the calendar covers: "2026-02-30" is refused with the
/// reason (February 2026 has no day 30), "1900-01-01" because no bank holidays are known for it.
pub fn parse_date(text: &str) -> Result<NaiveDate, CalendarError> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let numbers: Option<Vec<u32>> = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            [y, m, d].iter().map(|p| p.parse::<u32>().ok().filter(|_| p.chars().all(|c| c.is_ascii_digit()))).collect()
        }
        _ => None,
    };
    let Some([y, m, d]) = numbers.as_deref().and_then(|n| <[u32; 3]>::try_from(n).ok()) else {
        return Err(CalendarError::NotADate { text: text.to_owned() });
    };
    let year = y as i32;
    let date = match NaiveDate::from_ymd_opt(year, m, d) {
        Some(date) => date,
        None if (1..=12).contains(&m) && d >= 1 => {
            return Err(CalendarError::NoSuchDay {
                text: text.to_owned(),
                month_name: MONTHS[(m - 1) as usize],
                year,
                day: d,
            })
        }
        None => return Err(CalendarError::NotADate { text: text.to_owned() }),
    };
    if !crate::covers(date.year()) {
        return Err(CalendarError::DateOutOfRange { date });
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_inside_the_range_are_accepted() {
        assert_eq!(Year::new(1971).map(Year::get), Ok(1971));
        assert_eq!(Year::new(2200).map(Year::get), Ok(2200));
        assert_eq!("2026".parse::<Year>().map(Year::get), Ok(2026));
        assert_eq!(" 2026 ".parse::<Year>().map(Year::get), Ok(2026));
    }

    #[test]
    fn years_outside_the_range_are_refused_with_the_range() {
        let e = Year::new(1970).unwrap_err();
        assert_eq!(e, CalendarError::YearOutOfRange { year: 1970 });
        assert_eq!(e.to_string(), "the bank-holiday calendar covers 1971 to 2200; 1970 is outside it");
        assert_eq!("2201".parse::<Year>(), Err(CalendarError::YearOutOfRange { year: 2201 }));
    }

    #[test]
    fn what_is_not_a_year_says_so() {
        for bad in ["", "twenty", "-2026", "2026.5", "99999999999"] {
            assert!(matches!(bad.parse::<Year>(), Err(CalendarError::NotAYear { .. })), "{bad}");
        }
    }

    #[test]
    fn dates_are_read_as_yyyy_mm_dd() {
        assert_eq!(parse_date("2026-04-02"), Ok(NaiveDate::from_ymd_opt(2026, 4, 2).unwrap()));
        assert_eq!(parse_date("2026-4-2"), Ok(NaiveDate::from_ymd_opt(2026, 4, 2).unwrap()));
    }

    #[test]
    fn a_day_the_month_lacks_is_named() {
        let e = parse_date("2026-02-30").unwrap_err();
        assert_eq!(e.to_string(), "\"2026-02-30\" is not a date: February 2026 has no day 30");
        assert!(matches!(parse_date("2026-02-29"), Err(CalendarError::NoSuchDay { day: 29, .. })));
        assert!(parse_date("2028-02-29").is_ok());
    }

    #[test]
    fn other_shapes_are_not_dates() {
        for bad in
            ["", "02/04/2026", "2026-13-01", "2026-00-10", "2026-04-00", "26-04-02", "2026-04-02x", "+2026-04-02"]
        {
            assert!(matches!(parse_date(bad), Err(CalendarError::NotADate { .. })), "{bad}: {:?}", parse_date(bad));
        }
    }

    #[test]
    fn dates_outside_the_calendar_are_refused() {
        let e = parse_date("1900-01-01").unwrap_err();
        assert_eq!(e.to_string(), "1900-01-01 is outside the bank-holiday calendar, which covers 1971 to 2200");
    }
}
