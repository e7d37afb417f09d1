//! The bank holidays of each nation, from the rules and the days announced one at a time.
//!
//! Names follow GOV.UK's lists (<https://www.gov.uk/bank-holidays>). A holiday that falls on a
//! Saturday or Sunday is not listed on that day; its substitute day is (GOV.UK does the same).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;
use tenderdesk_domain::Nation;

use crate::covers;

/// One bank holiday of one nation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Holiday {
    pub date: NaiveDate,
    /// As GOV.UK words it: "Easter Monday", "Christmas Day (substitute day)", "Added by the council".
    pub name: String,
    pub nation: Nation,
}

/// Easter Sunday of a year in the Gregorian calendar (the anonymous algorithm of Meeus, Jones and
/// Butcher). Good Friday is two days before, Easter Monday the day after.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// The bank holidays of `nation` in `year`, in date order. Empty for a year the calendar does not
/// cover (before [`crate::FIRST_YEAR`] or after [`crate::LAST_YEAR`]): the rules before 1971 were
/// different, and nobody knows what will be announced after 2200. Use [`crate::Year`] to refuse
/// such a year with a message instead.
///
/// These are the rules only; [`crate::Calendar::holidays`] adds and removes the council's days.
pub fn holidays(nation: Nation, year: i32) -> Vec<Holiday> {
    if !covers(year) {
        return Vec::new();
    }
    let scotland = nation == Nation::Scotland;
    let ni = nation == Nation::NorthernIreland;
    let mut days: Vec<Day> = Vec::new();
    let mut fixed = |month: u32, day: u32, name: &'static str| days.push(Day::fixed(ymd(year, month, day), name));

    // New Year's Day: a bank holiday in England, Wales and Northern Ireland from 1974; in Scotland
    // (with 2 January) throughout.
    if year >= 1974 || scotland {
        fixed(1, 1, "New Year's Day");
    }
    if scotland {
        fixed(1, 2, "2nd January");
    }
    if ni {
        fixed(3, 17, "St Patrick's Day");
        fixed(7, 12, "Battle of the Boyne (Orangemen's Day)");
    }
    if scotland && year >= 2007 {
        // St Andrew's Day Bank Holiday (Scotland) Act 2007.
        fixed(11, 30, "St Andrew's Day");
    }
    fixed(12, 25, "Christmas Day");
    // Boxing Day became a bank holiday in Scotland in 1974.
    if !scotland || year >= 1974 {
        fixed(12, 26, "Boxing Day");
    }

    let easter = easter_sunday(year);
    days.push(Day::on(easter - Days::new(2), "Good Friday"));
    if !scotland {
        days.push(Day::on(easter + Days::new(1), "Easter Monday"));
    }

    // Early May bank holiday: first Monday in May, from 1978; moved twice for VE Day.
    match year {
        1995 | 2020 => days.push(Day::on(ymd(year, 5, 8), "Early May bank holiday (VE Day)")),
        y if y >= 1978 => days.push(Day::on(nth_weekday(year, 5, Weekday::Mon, 1), "Early May bank holiday")),
        _ => {}
    }

    // Spring bank holiday: last Monday in May, moved for four jubilees.
    let spring = match year {
        1977 => ymd(1977, 6, 6),
        2002 => ymd(2002, 6, 4),
        2012 => ymd(2012, 6, 4),
        2022 => ymd(2022, 6, 2),
        _ => last_weekday(year, 5, Weekday::Mon),
    };
    days.push(Day::on(spring, "Spring bank holiday"));

    // Summer bank holiday: the first Monday in August in Scotland, the last elsewhere.
    let summer = if scotland { nth_weekday(year, 8, Weekday::Mon, 1) } else { last_weekday(year, 8, Weekday::Mon) };
    days.push(Day::on(summer, "Summer bank holiday"));

    // Days announced one at a time, each for the whole of the UK.
    for &(date, name) in ONE_OFF_DAYS.iter().filter(|(d, _)| d.year() == year) {
        days.push(Day::on(date, name));
    }

    with_substitutes(days, nation)
}

/// The extra bank holidays proclaimed for one occasion, in every part of the UK. The moved days
/// (early May in 1995 and 2020, spring in 1977, 2002, 2012 and 2022) are in [`holidays`].
const ONE_OFF_DAYS: [(NaiveDate, &str); 9] = [
    (ymd(1977, 6, 7), "Queen's Silver Jubilee"),
    (ymd(1981, 7, 29), "Royal wedding (Prince Charles and Lady Diana Spencer)"),
    (ymd(1999, 12, 31), "Millennium celebrations"),
    (ymd(2002, 6, 3), "Queen's Golden Jubilee"),
    (ymd(2011, 4, 29), "Royal wedding (Prince William and Catherine Middleton)"),
    (ymd(2012, 6, 5), "Queen's Diamond Jubilee"),
    (ymd(2022, 6, 3), "Platinum Jubilee bank holiday"),
    (ymd(2022, 9, 19), "Bank holiday for the State Funeral of Queen Elizabeth II"),
    (ymd(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),
];

/// A holiday before weekends are dealt with.
struct Day {
    date: NaiveDate,
    name: &'static str,
    /// Fixed-date holidays move to a substitute day when they fall at a weekend.
    substitute: bool,
}

impl Day {
    fn fixed(date: NaiveDate, name: &'static str) -> Day {
        Day { date, name, substitute: true }
    }

    fn on(date: NaiveDate, name: &'static str) -> Day {
        Day { date, name, substitute: false }
    }
}

/// Moves each fixed holiday that falls at a weekend to the first weekday after it that is not
/// already a holiday, earliest first: Christmas on a Saturday → Monday 27, Boxing Day → Tuesday 28;
/// Christmas on a Sunday → Tuesday 27 (Boxing Day keeps Monday 26). Likewise 1 and 2 January in
/// Scotland, and St Patrick's Day, the Boyne and St Andrew's Day → the Monday after.
fn with_substitutes(mut days: Vec<Day>, nation: Nation) -> Vec<Holiday> {
    days.sort_by_key(|d| d.date);
    let mut out: Vec<Holiday> = days
        .iter()
        .filter(|d| !is_weekend(d.date))
        .map(|d| Holiday { date: d.date, name: d.name.to_owned(), nation })
        .collect();
    for d in days.iter().filter(|d| d.substitute && is_weekend(d.date)) {
        let mut date = d.date;
        while is_weekend(date) || out.iter().any(|h| h.date == date) {
            date = date + Days::new(1);
        }
        out.push(Holiday { date, name: format!("{} (substitute day)", d.name), nation });
    }
    out.sort_by_key(|h| h.date);
    out
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A date from parts known to be valid (every caller passes a real day of a covered year).
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        None => panic!("a real day of the year"),
    }
}

/// The `n`th (from 1) `weekday` of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).unwrap_or_else(|| ymd(year, month, 1))
}

/// The last `weekday` of a month.
fn last_weekday(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    let first_of_next = if month == 12 { ymd(year + 1, 1, 1) } else { ymd(year, month + 1, 1) };
    let mut date = first_of_next - Days::new(1);
    while date.weekday() != weekday {
        date = date - Days::new(1);
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        ymd(y, m, day)
    }

    #[test]
    fn easter_sunday_of_known_years() {
        let known = [
            (1971, 4, 11),
            (1995, 4, 16),
            (2000, 4, 23),
            (2008, 3, 23),
            (2010, 4, 4),
            (2011, 4, 24),
            (2019, 4, 21),
            (2022, 4, 17),
            (2023, 4, 9),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ];
        for (y, m, day) in known {
            assert_eq!(easter_sunday(y), d(y, m, day), "{y}");
        }
    }

    #[test]
    fn monday_helpers() {
        assert_eq!(nth_weekday(2026, 5, Weekday::Mon, 1), d(2026, 5, 4));
        assert_eq!(last_weekday(2026, 5, Weekday::Mon), d(2026, 5, 25));
        assert_eq!(last_weekday(2026, 8, Weekday::Mon), d(2026, 8, 31));
        assert_eq!(last_weekday(2027, 12, Weekday::Mon), d(2027, 12, 27));
    }

    #[test]
    fn christmas_on_a_saturday_moves_both_days() {
        let h = holidays(Nation::EnglandAndWales, 2021);
        let dec: Vec<(NaiveDate, &str)> =
            h.iter().filter(|h| h.date.month() == 12).map(|h| (h.date, h.name.as_str())).collect();
        assert_eq!(
            dec,
            [(d(2021, 12, 27), "Christmas Day (substitute day)"), (d(2021, 12, 28), "Boxing Day (substitute day)")]
        );
    }

    #[test]
    fn christmas_on_a_sunday_moves_to_the_tuesday() {
        let h = holidays(Nation::Scotland, 2022);
        let dec: Vec<(NaiveDate, &str)> =
            h.iter().filter(|h| h.date.month() == 12).map(|h| (h.date, h.name.as_str())).collect();
        assert_eq!(dec, [(d(2022, 12, 26), "Boxing Day"), (d(2022, 12, 27), "Christmas Day (substitute day)")]);
    }

    #[test]
    fn outside_the_covered_years_there_are_none() {
        assert!(holidays(Nation::EnglandAndWales, 1970).is_empty());
        assert!(holidays(Nation::Scotland, 2201).is_empty());
        assert!(!holidays(Nation::NorthernIreland, 2200).is_empty());
    }

    #[test]
    fn the_first_years_follow_the_dates_each_holiday_began() {
        let names = |n, y| holidays(n, y).into_iter().map(|h| h.name).collect::<Vec<_>>();
        assert!(!names(Nation::EnglandAndWales, 1973).iter().any(|n| n.starts_with("New Year")));
        assert!(names(Nation::EnglandAndWales, 1974).iter().any(|n| n.starts_with("New Year")));
        assert!(!names(Nation::EnglandAndWales, 1977).iter().any(|n| n.starts_with("Early May")));
        assert!(names(Nation::EnglandAndWales, 1978).iter().any(|n| n.starts_with("Early May")));
        assert!(!names(Nation::Scotland, 2006).iter().any(|n| n.starts_with("St Andrew")));
        assert!(names(Nation::Scotland, 2007).iter().any(|n| n.starts_with("St Andrew")));
    }
}
