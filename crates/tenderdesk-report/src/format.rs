//! Figures as a council officer writes them: "£1,234,567.89", "12 October 2025".

use chrono::NaiveDate;
use tenderdesk_domain::Money;

/// "12 October 2025".
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "£1,234,567.89".
pub fn pounds(m: Money) -> String {
    tenderdesk_market::fmt::pounds(m)
}

/// An optional date, or a dash.
pub fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_else(|| "–".to_owned())
}

/// 1234567 → "1,234,567".
pub fn count(n: usize) -> String {
    tenderdesk_market::fmt::thousands(n as i64)
}
