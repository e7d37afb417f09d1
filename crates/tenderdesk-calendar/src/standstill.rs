//! The end of the standstill period under each procurement regime.
//!
//! The standstill is the pause between telling bidders who won and entering into the contract, in
//! which a bidder may challenge. Each regime counts it differently:
//!
//! | Regime | Counting | Working days exclude |
//! |---|---|---|
//! | Procurement Act 2023, s.51 | 8 working days beginning with the day the contract award notice is published | weekends, Christmas Day, Good Friday, bank holidays in **any** part of the UK (s.123) |
//! | PCR 2015, reg 87 (light touch) | 10 days after the day the notices were sent electronically; if the 10th is not a working day, the end of the next working day | weekends, Christmas Day, Good Friday, the council's nation's bank holidays |
//! | Provider Selection Regime 2023, reg 12 | begins the day after the notice is published; ends at the end of the 8th working day after that day | weekends, Christmas Day, Good Friday, bank holidays in England and Wales |
//! | Public Contracts (Scotland) Regulations 2015, reg 85 | as PCR 2015 | weekends, Christmas Day, Good Friday, Scotland's bank holidays |
//!
//! Under the Procurement Act 2023 a light-touch contract may be awarded without a standstill, or
//! with a voluntary one (s.51(3)–(5)): that is the officer's choice, recorded on the award
//! (`AwardDecision::standstill`); when one is observed it is counted as the mandatory one is.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;
use tenderdesk_domain::{Nation, Regime};

use crate::calendar::{is_christmas_or_good_friday, is_weekend};
use crate::{covers, nation_label, Calendar, NATIONS};

/// Working days in a Procurement Act 2023 standstill.
pub const PA2023_WORKING_DAYS: u32 = 8;
/// Working days in a Provider Selection Regime standstill, after the day it begins.
pub const PSR_WORKING_DAYS: u32 = 8;
/// Days after the notices were sent in a PCR 2015 (or Scottish) standstill.
pub const PCR_DAYS: u64 = 10;

/// When a standstill ends, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Standstill {
    pub regime: Regime,
    /// The day the notice was published (PA 2023, PSR) or the notices were sent (PCR 2015, Scotland).
    pub from: NaiveDate,
    /// The last day of the standstill: it ends at midnight at the end of this day.
    pub ends: NaiveDate,
    /// The day after `ends`: the first day the contract may be entered into (if no challenge is
    /// made). It may be a weekend or a bank holiday.
    pub earliest_contract: NaiveDate,
    /// The rule applied, in one sentence citing it.
    pub rule: String,
    /// Days that were not counted (PA 2023, PSR) or that the end was moved past (PCR 2015,
    /// Scotland), each with the reason ("Sunday", "Easter Monday (bank holiday in England and
    /// Wales and Northern Ireland)").
    pub days_skipped: Vec<(NaiveDate, String)>,
}

/// Whose working days a regime counts.
#[derive(Debug, Clone, Copy)]
enum Basis {
    /// A bank holiday in any part of the UK is not a working day.
    AnyPartOfTheUk,
    /// Only the nation's own bank holidays.
    Nation(Nation),
}

fn basis(regime: Regime, nation: Nation) -> Basis {
    match regime {
        Regime::ProcurementAct2023 => Basis::AnyPartOfTheUk,
        Regime::Pcr2015LightTouch => Basis::Nation(nation),
        // The PSR applies in England only.
        Regime::ProviderSelectionRegime => Basis::Nation(Nation::EnglandAndWales),
        Regime::ScottishRegulations => Basis::Nation(Nation::Scotland),
    }
}

/// Whether `date` is a working day under the regime's definition. `nation` matters only for
/// PCR 2015, whose standstill this calendar counts with the council's own nation's bank holidays.
pub fn is_working_day(regime: Regime, nation: Nation, cal: &Calendar, date: NaiveDate) -> bool {
    why_not_working(basis(regime, nation), cal, date).is_none()
}

/// The standstill period of a contract under `regime`, counted from `from`: the day the contract
/// award notice (PA 2023) or notice of intention to award (PSR) was published, or the day the
/// award notices were sent electronically (PCR 2015, Scotland). `nation` is the council's
/// bank-holiday calendar, used by PCR 2015 only; PA 2023 counts every nation's bank holidays, the
/// PSR England and Wales's, the Scottish regulations Scotland's.
///
/// Outside the years the calendar covers only weekends, Christmas Day and Good Friday are passed
/// over, and `rule` says so.
pub fn standstill(regime: Regime, from: NaiveDate, nation: Nation, cal: &Calendar) -> Standstill {
    let basis = basis(regime, nation);
    let (ends, days_skipped) = match regime {
        Regime::ProcurementAct2023 => count_working_days(basis, cal, from, PA2023_WORKING_DAYS),
        Regime::ProviderSelectionRegime => {
            // Eight working days counted from the day after the notice is published.
            count_working_days(basis, cal, add_days(from, 1), PSR_WORKING_DAYS)
        }
        Regime::Pcr2015LightTouch | Regime::ScottishRegulations => {
            let mut ends = add_days(from, PCR_DAYS);
            let mut skipped = Vec::new();
            for _ in 0..LOOP_LIMIT {
                match why_not_working(basis, cal, ends) {
                    Some(why) => skipped.push((ends, why)),
                    None => break,
                }
                ends = add_days(ends, 1);
            }
            (ends, skipped)
        }
    };
    let mut rule = rule(regime, nation);
    if !covers(from.year()) || !covers(ends.year()) {
        rule.push_str(&format!(
            " No bank holidays are known outside {}–{}, so only weekends, Christmas Day and Good Friday were passed over.",
            crate::FIRST_YEAR,
            crate::LAST_YEAR
        ));
    }
    Standstill { regime, from, ends, earliest_contract: add_days(ends, 1), rule, days_skipped }
}

/// No standstill needs more than a few weeks; the bound only guards against a date at the very end
/// of chrono's range.
const LOOP_LIMIT: usize = 400;

/// The `n`th working day counting `start` as the first candidate, and the days passed over.
fn count_working_days(basis: Basis, cal: &Calendar, start: NaiveDate, n: u32) -> (NaiveDate, Vec<(NaiveDate, String)>) {
    let mut date = start;
    let mut counted = 0;
    let mut skipped = Vec::new();
    for _ in 0..LOOP_LIMIT {
        match why_not_working(basis, cal, date) {
            None => {
                counted += 1;
                if counted == n {
                    break;
                }
            }
            Some(why) => skipped.push((date, why)),
        }
        date = add_days(date, 1);
    }
    (date, skipped)
}

fn add_days(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// Why `date` is not a working day on this basis, or None when it is one.
fn why_not_working(basis: Basis, cal: &Calendar, date: NaiveDate) -> Option<String> {
    if is_weekend(date) {
        return Some(if date.weekday() == Weekday::Sat { "Saturday".into() } else { "Sunday".into() });
    }
    let nations: &[Nation] = match basis {
        Basis::AnyPartOfTheUk => &NATIONS,
        Basis::Nation(Nation::EnglandAndWales) => &[Nation::EnglandAndWales],
        Basis::Nation(Nation::Scotland) => &[Nation::Scotland],
        Basis::Nation(Nation::NorthernIreland) => &[Nation::NorthernIreland],
    };
    // (name, nations where it is a bank holiday that day)
    let mut found: Vec<(String, Vec<Nation>)> = Vec::new();
    for &n in nations {
        if let Some(h) = cal.holiday(n, date) {
            match found.iter_mut().find(|(name, _)| *name == h.name) {
                Some((_, ns)) => ns.push(n),
                None => found.push((h.name, vec![n])),
            }
        }
    }
    if !found.is_empty() {
        let parts: Vec<String> =
            found.into_iter().map(|(name, ns)| format!("{name} (bank holiday in {})", where_(&ns))).collect();
        return Some(parts.join("; "));
    }
    if is_christmas_or_good_friday(date) {
        return Some(if date.month() == 12 { "Christmas Day".into() } else { "Good Friday".into() });
    }
    None
}

fn where_(nations: &[Nation]) -> String {
    if nations.len() == NATIONS.len() {
        return "all of the UK".into();
    }
    let names: Vec<&str> = nations.iter().map(|&n| nation_label(n)).collect();
    match names.as_slice() {
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

fn rule(regime: Regime, nation: Nation) -> String {
    match regime {
        Regime::ProcurementAct2023 => "Procurement Act 2023, s.51: the standstill period is 8 working days beginning with \
             the day the contract award notice is published; a working day is not a Saturday, Sunday, Christmas Day, \
             Good Friday or a bank holiday in any part of the UK (s.123)."
            .into(),
        Regime::Pcr2015LightTouch => format!(
            "Public Contracts Regulations 2015, reg 87: where the notices are sent electronically the standstill period \
             ends at midnight at the end of the 10th day after the day they were sent, or at the end of the next \
             working day if the 10th day is not a working day (counted with the bank holidays of {}).",
            nation_label(nation)
        ),
        Regime::ProviderSelectionRegime => "Health Care Services (Provider Selection Regime) Regulations 2023, reg 12: \
             the standstill period begins with the publication of the notice of intention to award and ends at \
             midnight at the end of the 8th working day after the day it is published; a working day is not a Saturday, Sunday, \
             Christmas Day, Good Friday or a bank holiday in England and Wales."
            .into(),
        Regime::ScottishRegulations => "Public Contracts (Scotland) Regulations 2015, reg 85: where the notices are sent \
             electronically the standstill period ends at midnight at the end of the 10th day after the day they were \
             sent, or at the end of the next working day if the 10th day is not a working day (counted with the bank \
             holidays of Scotland)."
            .into(),
    }
}
