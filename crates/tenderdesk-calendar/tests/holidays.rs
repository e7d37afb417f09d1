//! The bank holidays of each nation against GOV.UK's published lists, written out by hand.

use chrono::{Datelike, NaiveDate, Weekday};
use tenderdesk_calendar::{holidays, Calendar, CalendarAdjustments, Holiday, Nation, ADDED_BY_THE_COUNCIL, NATIONS};

use Nation::{EnglandAndWales as EW, NorthernIreland as NI, Scotland as SC};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Asserts the nation's list for the year is exactly `expected` (month, day, name), in order.
fn check(nation: Nation, year: i32, expected: &[(u32, u32, &str)]) {
    let got: Vec<(NaiveDate, String)> = holidays(nation, year).into_iter().map(|h| (h.date, h.name)).collect();
    let want: Vec<(NaiveDate, String)> = expected.iter().map(|&(m, day, n)| (d(year, m, day), n.to_owned())).collect();
    assert_eq!(got, want, "{nation:?} {year}");
    for h in holidays(nation, year) {
        assert_eq!(h.nation, nation);
        assert!(!matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun), "{h:?} is at a weekend");
    }
}

const NY: &str = "New Year's Day";
const NY_SUB: &str = "New Year's Day (substitute day)";
const JAN2: &str = "2nd January";
const JAN2_SUB: &str = "2nd January (substitute day)";
const PAT: &str = "St Patrick's Day";
const PAT_SUB: &str = "St Patrick's Day (substitute day)";
const GF: &str = "Good Friday";
const EM: &str = "Easter Monday";
const MAY: &str = "Early May bank holiday";
const SPRING: &str = "Spring bank holiday";
const BOYNE: &str = "Battle of the Boyne (Orangemen's Day)";
const BOYNE_SUB: &str = "Battle of the Boyne (Orangemen's Day) (substitute day)";
const SUMMER: &str = "Summer bank holiday";
const ANDREW: &str = "St Andrew's Day";
const ANDREW_SUB: &str = "St Andrew's Day (substitute day)";
const XMAS: &str = "Christmas Day";
const XMAS_SUB: &str = "Christmas Day (substitute day)";
const BOXING: &str = "Boxing Day";
const BOXING_SUB: &str = "Boxing Day (substitute day)";
const JUBILEE: &str = "Platinum Jubilee bank holiday";
const FUNERAL: &str = "Bank holiday for the State Funeral of Queen Elizabeth II";
const CORONATION: &str = "Bank holiday for the coronation of King Charles III";

#[test]
fn year_2022_with_the_platinum_jubilee_and_the_state_funeral() {
    check(
        EW,
        2022,
        &[
            (1, 3, NY_SUB),
            (4, 15, GF),
            (4, 18, EM),
            (5, 2, MAY),
            (6, 2, SPRING),
            (6, 3, JUBILEE),
            (8, 29, SUMMER),
            (9, 19, FUNERAL),
            (12, 26, BOXING),
            (12, 27, XMAS_SUB),
        ],
    );
    check(
        SC,
        2022,
        &[
            (1, 3, NY_SUB),
            (1, 4, JAN2_SUB),
            (4, 15, GF),
            (5, 2, MAY),
            (6, 2, SPRING),
            (6, 3, JUBILEE),
            (8, 1, SUMMER),
            (9, 19, FUNERAL),
            (11, 30, ANDREW),
            (12, 26, BOXING),
            (12, 27, XMAS_SUB),
        ],
    );
    check(
        NI,
        2022,
        &[
            (1, 3, NY_SUB),
            (3, 17, PAT),
            (4, 15, GF),
            (4, 18, EM),
            (5, 2, MAY),
            (6, 2, SPRING),
            (6, 3, JUBILEE),
            (7, 12, BOYNE),
            (8, 29, SUMMER),
            (9, 19, FUNERAL),
            (12, 26, BOXING),
            (12, 27, XMAS_SUB),
        ],
    );
}

#[test]
fn year_2023_with_the_coronation() {
    check(
        EW,
        2023,
        &[
            (1, 2, NY_SUB),
            (4, 7, GF),
            (4, 10, EM),
            (5, 1, MAY),
            (5, 8, CORONATION),
            (5, 29, SPRING),
            (8, 28, SUMMER),
            (12, 25, XMAS),
            (12, 26, BOXING),
        ],
    );
    check(
        SC,
        2023,
        &[
            (1, 2, JAN2),
            (1, 3, NY_SUB),
            (4, 7, GF),
            (5, 1, MAY),
            (5, 8, CORONATION),
            (5, 29, SPRING),
            (8, 7, SUMMER),
            (11, 30, ANDREW),
            (12, 25, XMAS),
            (12, 26, BOXING),
        ],
    );
    check(
        NI,
        2023,
        &[
            (1, 2, NY_SUB),
            (3, 17, PAT),
            (4, 7, GF),
            (4, 10, EM),
            (5, 1, MAY),
            (5, 8, CORONATION),
            (5, 29, SPRING),
            (7, 12, BOYNE),
            (8, 28, SUMMER),
            (12, 25, XMAS),
            (12, 26, BOXING),
        ],
    );
}

#[test]
fn year_2024() {
    check(
        EW,
        2024,
        &[
            (1, 1, NY),
            (3, 29, GF),
            (4, 1, EM),
            (5, 6, MAY),
            (5, 27, SPRING),
            (8, 26, SUMMER),
            (12, 25, XMAS),
            (12, 26, BOXING),
        ],
    );
    check(
        SC,
        2024,
        &[
            (1, 1, NY),
            (1, 2, JAN2),
            (3, 29, GF),
            (5, 6, MAY),
            (5, 27, SPRING),
            (8, 5, SUMMER),
            (12, 2, ANDREW_SUB),
            (12, 25, XMAS),
            (12, 26, BOXING),
        ],
    );
    check(
        NI,
        2024,
        &[
            (1, 1, NY),
            (3, 18, PAT_SUB),
            (3, 29, GF),
            (4, 1, EM),
            (5, 6, MAY),
            (5, 27, SPRING),
            (7, 12, BOYNE),
            (8, 26, SUMMER),
            (12, 25, XMAS),
            (12, 26, BOXING),
        ],
    );
}

#[test]
fn year_2025() {
    check(
        EW,
        2025,
        &[
            (1, 1, NY),
            (4, 18, GF),
            (4, 21, EM),
            (5, 5, MAY),
            (5, 26, SPRING),
            (8, 25, SUMMER),
            (12, 25, XMAS),
            (12, 26, BOXING),
        ],
    );
    check(
        SC,
        2025,
        &[
            (1, 1, NY),
            (1, 2, JAN2),
            (4, 18, GF),
            (5, 5, MAY),
            (5, 26, SPRING),
            (8, 4, SUMMER),
            (12, 1, ANDREW_SUB),
            (12, 25, XMAS),
            (12, 26, BOXING),
        ],
    );
    check(
        NI,
        2025,
        &[
            (1, 1, NY),
            (3, 17, PAT),
            (4, 18, GF),
            (4, 21, EM),
            (5, 5, MAY),
            (5, 26, SPRING),
            (7, 14, BOYNE_SUB),
            (8, 25, SUMMER),
            (12, 25, XMAS),
            (12, 26, BOXING),
        ],
    );
}

#[test]
fn year_2026() {
    check(
        EW,
        2026,
        &[
            (1, 1, NY),
            (4, 3, GF),
            (4, 6, EM),
            (5, 4, MAY),
            (5, 25, SPRING),
            (8, 31, SUMMER),
            (12, 25, XMAS),
            (12, 28, BOXING_SUB),
        ],
    );
    check(
        SC,
        2026,
        &[
            (1, 1, NY),
            (1, 2, JAN2),
            (4, 3, GF),
            (5, 4, MAY),
            (5, 25, SPRING),
            (8, 3, SUMMER),
            (11, 30, ANDREW),
            (12, 25, XMAS),
            (12, 28, BOXING_SUB),
        ],
    );
    check(
        NI,
        2026,
        &[
            (1, 1, NY),
            (3, 17, PAT),
            (4, 3, GF),
            (4, 6, EM),
            (5, 4, MAY),
            (5, 25, SPRING),
            (7, 13, BOYNE_SUB),
            (8, 31, SUMMER),
            (12, 25, XMAS),
            (12, 28, BOXING_SUB),
        ],
    );
}

#[test]
fn year_2027() {
    check(
        EW,
        2027,
        &[
            (1, 1, NY),
            (3, 26, GF),
            (3, 29, EM),
            (5, 3, MAY),
            (5, 31, SPRING),
            (8, 30, SUMMER),
            (12, 27, XMAS_SUB),
            (12, 28, BOXING_SUB),
        ],
    );
    check(
        SC,
        2027,
        &[
            (1, 1, NY),
            (1, 4, JAN2_SUB),
            (3, 26, GF),
            (5, 3, MAY),
            (5, 31, SPRING),
            (8, 2, SUMMER),
            (11, 30, ANDREW),
            (12, 27, XMAS_SUB),
            (12, 28, BOXING_SUB),
        ],
    );
    check(
        NI,
        2027,
        &[
            (1, 1, NY),
            (3, 17, PAT),
            (3, 26, GF),
            (3, 29, EM),
            (5, 3, MAY),
            (5, 31, SPRING),
            (7, 12, BOYNE),
            (8, 30, SUMMER),
            (12, 27, XMAS_SUB),
            (12, 28, BOXING_SUB),
        ],
    );
}

fn dates(nation: Nation, year: i32) -> Vec<NaiveDate> {
    holidays(nation, year).into_iter().map(|h| h.date).collect()
}

#[test]
fn substitute_days() {
    // Christmas 2021 on a Saturday: Monday 27 and Tuesday 28.
    for n in NATIONS {
        let dec: Vec<NaiveDate> = dates(n, 2021).into_iter().filter(|x| x.month() == 12).collect();
        assert_eq!(dec, [d(2021, 12, 27), d(2021, 12, 28)], "{n:?}");
    }
    // Christmas 2022 on a Sunday: Boxing Day keeps Monday 26, Christmas moves to Tuesday 27.
    for n in NATIONS {
        let dec: Vec<NaiveDate> = dates(n, 2022).into_iter().filter(|x| x.month() == 12).collect();
        assert_eq!(dec, [d(2022, 12, 26), d(2022, 12, 27)], "{n:?}");
    }
    // Christmas 2020 on a Friday: Boxing Day (Saturday) moves to Monday 28.
    assert!(dates(EW, 2020).contains(&d(2020, 12, 28)));
    // St Andrew's Day 2025 on a Sunday → Monday 1 December; 2024 on a Saturday → Monday 2 December.
    assert!(dates(SC, 2025).contains(&d(2025, 12, 1)));
    assert!(!dates(SC, 2025).contains(&d(2025, 11, 30)));
    assert!(dates(SC, 2024).contains(&d(2024, 12, 2)));
    // The Boyne 2026 on a Sunday → Monday 13 July; 2020 likewise.
    assert!(dates(NI, 2026).contains(&d(2026, 7, 13)));
    assert!(dates(NI, 2020).contains(&d(2020, 7, 13)));
    // St Patrick's Day 2024 on a Sunday → Monday 18 March; 2029 on a Saturday → Monday 19 March.
    assert!(dates(NI, 2024).contains(&d(2024, 3, 18)));
    assert!(dates(NI, 2029).contains(&d(2029, 3, 19)));
    // New Year in Scotland: 2022 (Saturday and Sunday) → Monday 3 and Tuesday 4; 2021 (Friday and
    // Saturday) → Friday 1 and Monday 4; 2023 (Sunday and Monday) → Monday 2 and Tuesday 3.
    let jan = |y| dates(SC, y).into_iter().filter(|x| x.month() == 1).collect::<Vec<_>>();
    assert_eq!(jan(2022), [d(2022, 1, 3), d(2022, 1, 4)]);
    assert_eq!(jan(2021), [d(2021, 1, 1), d(2021, 1, 4)]);
    assert_eq!(jan(2023), [d(2023, 1, 2), d(2023, 1, 3)]);
    // New Year's Day 2033 on a Saturday → Monday 3 January in England and Wales.
    assert_eq!(dates(EW, 2033)[0], d(2033, 1, 3));
}

#[test]
fn the_one_off_and_moved_days_in_every_nation() {
    let one_offs = [
        (d(1977, 6, 7), "Queen's Silver Jubilee"),
        (d(1981, 7, 29), "Royal wedding (Prince Charles and Lady Diana Spencer)"),
        (d(1995, 5, 8), "Early May bank holiday (VE Day)"),
        (d(1999, 12, 31), "Millennium celebrations"),
        (d(2002, 6, 3), "Queen's Golden Jubilee"),
        (d(2002, 6, 4), SPRING),
        (d(2011, 4, 29), "Royal wedding (Prince William and Catherine Middleton)"),
        (d(2012, 6, 4), SPRING),
        (d(2012, 6, 5), "Queen's Diamond Jubilee"),
        (d(2020, 5, 8), "Early May bank holiday (VE Day)"),
        (d(2022, 6, 2), SPRING),
        (d(2022, 6, 3), JUBILEE),
        (d(2022, 9, 19), FUNERAL),
        (d(2023, 5, 8), CORONATION),
    ];
    for n in NATIONS {
        for (date, name) in one_offs {
            let h = holidays(n, date.year());
            assert!(h.iter().any(|h| h.date == date && h.name == name), "{n:?} {date} {name}: {h:?}");
        }
        // The days they replaced are not bank holidays.
        for moved in [d(1995, 5, 1), d(2002, 5, 27), d(2012, 5, 28), d(2020, 5, 4), d(2022, 5, 30)] {
            assert!(!dates(n, moved.year()).contains(&moved), "{n:?} {moved}");
        }
    }
}

#[test]
fn every_year_has_the_usual_number_of_days_on_weekdays_in_order() {
    let extra = |y: i32| match y {
        2011 | 2012 | 2023 => 1,
        2022 => 2,
        _ => 0,
    };
    for year in 2008..=2200 {
        for (n, usual) in [(EW, 8), (SC, 9), (NI, 10)] {
            let h = holidays(n, year);
            assert_eq!(h.len(), usual + extra(year), "{n:?} {year}: {h:?}");
            assert!(h.windows(2).all(|w| w[0].date < w[1].date), "{n:?} {year} in order, no day twice");
            assert!(h.iter().all(|h| h.date.year() == year || h.date.month() == 1));
            assert!(h.iter().all(|h| !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun)), "{n:?} {year}");
        }
    }
}

#[test]
fn the_councils_added_and_removed_days_apply_in_every_nation() {
    let cal = Calendar::new(&CalendarAdjustments { added: vec![d(2026, 6, 15)], removed: vec![d(2026, 8, 31)] });
    for n in NATIONS {
        let h = cal.holidays(n, 2026);
        assert!(h.contains(&Holiday { date: d(2026, 6, 15), name: ADDED_BY_THE_COUNCIL.into(), nation: n }), "{n:?}");
        assert!(h.windows(2).all(|w| w[0].date < w[1].date));
        assert!(cal.is_bank_holiday(n, d(2026, 6, 15)));
        assert!(!cal.working_day_in(n, d(2026, 6, 15)));
    }
    assert!(!cal.holidays(EW, 2026).iter().any(|h| h.date == d(2026, 8, 31)));
    assert!(!cal.is_bank_holiday(NI, d(2026, 8, 31)));
    assert!(cal.working_day_in(EW, d(2026, 8, 31)));
    assert!(!cal.uk_working_day(d(2026, 6, 15)));
    // Adding a day that already is one does not list it twice.
    let twice = Calendar::new(&CalendarAdjustments { added: vec![d(2026, 4, 3)], removed: vec![] });
    assert_eq!(twice.holidays(EW, 2026), holidays(EW, 2026));
}

#[test]
fn working_days_in_a_nation_and_in_the_uk() {
    let cal = Calendar::standard();
    // Easter Monday 2026: not a bank holiday in Scotland, but one elsewhere in the UK.
    assert!(cal.working_day_in(SC, d(2026, 4, 6)));
    assert!(!cal.working_day_in(EW, d(2026, 4, 6)));
    assert!(!cal.uk_working_day(d(2026, 4, 6)));
    // 2 January 2026 (a Friday): a bank holiday in Scotland only.
    assert!(cal.working_day_in(EW, d(2026, 1, 2)));
    assert!(!cal.uk_working_day(d(2026, 1, 2)));
    // The Boyne 2026, on Monday 13 July: Northern Ireland only.
    assert!(cal.working_day_in(EW, d(2026, 7, 13)) && cal.working_day_in(SC, d(2026, 7, 13)));
    assert!(!cal.uk_working_day(d(2026, 7, 13)));
    // An ordinary Wednesday, and a weekend.
    assert!(cal.uk_working_day(d(2026, 4, 8)));
    assert!(!cal.uk_working_day(d(2026, 4, 11)));
    // Christmas Day and Good Friday stay holidays even if the officer removes them.
    let odd = Calendar::new(&CalendarAdjustments { added: vec![], removed: vec![d(2026, 12, 25), d(2026, 4, 3)] });
    assert!(!odd.is_bank_holiday(EW, d(2026, 12, 25)));
    assert!(!odd.uk_working_day(d(2026, 12, 25)));
    assert!(!odd.working_day_in(SC, d(2026, 4, 3)));
}

#[test]
fn holidays_serialize_for_the_window() {
    let h = &holidays(SC, 2025)[6];
    assert_eq!(
        serde_json::to_string(h).unwrap(),
        r#"{"date":"2025-12-01","name":"St Andrew's Day (substitute day)","nation":"scotland"}"#
    );
}
