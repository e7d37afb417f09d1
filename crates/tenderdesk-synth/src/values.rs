//! Dates and values built from generated numbers, which are valid by construction.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use tenderdesk_domain::*;

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

pub(crate) fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d + Days::new(days as u64)
    } else {
        d - Days::new(days.unsigned_abs())
    }
}

pub(crate) fn at(d: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("a real time")))
}

pub(crate) fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    plus(date(y, m, 1), -1)
}

pub(crate) fn money(pence: i64) -> Money {
    Money::from_pence(pence).expect("generated amounts are positive")
}

pub(crate) fn key(s: String) -> Key {
    Key::parse(&s).expect("generated keys are valid")
}

pub(crate) fn pct(n: i64) -> Percent {
    Percent::new(Decimal::from(n)).expect("a percentage from 0 to 100")
}

pub(crate) fn hours(d: Decimal) -> Hours {
    Hours::new(d).expect("a number of hours")
}
