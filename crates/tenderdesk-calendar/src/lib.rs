//! UK bank holidays, working days and standstill periods.
//!
//! Pure: no I/O, no clock. Three parts:
//!
//! - [`holidays`] — the bank holidays of England and Wales, Scotland or Northern Ireland for any year
//!   from [`FIRST_YEAR`] to [`LAST_YEAR`], worked out from the rules (Easter, the Monday holidays,
//!   the fixed days with their substitute days) plus the one-off and moved days that have been
//!   announced (jubilees, royal weddings, the 2022 State Funeral, the 2023 Coronation…).
//! - [`Calendar`] — those rules with the days the council added or removed in its settings
//!   (`CalendarAdjustments`), and the working-day tests built on them.
//! - [`standstill`] — the end of the standstill period under each regime, with the rule applied and
//!   the days passed over.
//!
//! `docs/calendar.md` explains the rules, their sources and worked examples.

mod calendar;
mod error;
mod rules;
mod standstill;

pub use calendar::{Calendar, ADDED_BY_THE_COUNCIL};
pub use error::{parse_date, CalendarError, Year};
pub use rules::{easter_sunday, holidays, Holiday};
pub use standstill::{is_working_day, standstill, Standstill, PA2023_WORKING_DAYS, PCR_DAYS, PSR_WORKING_DAYS};
pub use tenderdesk_domain::{CalendarAdjustments, Nation, Regime};

/// The first year the calendar covers: the Banking and Financial Dealings Act 1971.
pub const FIRST_YEAR: i32 = 1971;
/// The last year the calendar covers. The rules run on for ever, but nobody can know what will be
/// announced by then; 2200 is far enough for any contract term.
pub const LAST_YEAR: i32 = 2200;

/// Every nation, in the order GOV.UK lists them.
pub const NATIONS: [Nation; 3] = [Nation::EnglandAndWales, Nation::Scotland, Nation::NorthernIreland];

/// The nation's name as officers write it ("England and Wales").
pub fn nation_label(nation: Nation) -> &'static str {
    match nation {
        Nation::EnglandAndWales => "England and Wales",
        Nation::Scotland => "Scotland",
        Nation::NorthernIreland => "Northern Ireland",
    }
}

/// Whether the calendar knows the bank holidays of this year.
pub fn covers(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}
