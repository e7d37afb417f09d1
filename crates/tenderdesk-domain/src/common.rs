//! Small shared parts of records: contacts, addresses, terms with extension options.

use chrono::{Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::problem::On;

/// A person to contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Contact {
    pub fn check(&self, on: &mut On, field: &str) {
        on.required(&self.name, &format!("{field}.name"), "the contact's name");
        if let Some(email) = &self.email {
            on.check(looks_like_email(email), format!("{field}.email"), || {
                format!("\"{email}\" is not an e-mail address")
            });
        }
        if let Some(phone) = &self.phone {
            let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
            let ok = (7..=15).contains(&digits) && phone.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c));
            on.check(ok, format!("{field}.phone"), || format!("\"{phone}\" is not a telephone number"));
        }
    }
}

pub fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
                && !domain.contains('@')
        }
        None => false,
    }
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub lines: Vec<String>,
    pub town: String,
    pub postcode: String,
}

impl Address {
    pub fn check(&self, on: &mut On, field: &str) {
        on.check(
            !self.lines.is_empty() && self.lines.iter().all(|l| !l.trim().is_empty()),
            format!("{field}.lines"),
            || "the address needs at least one line, and no empty lines".into(),
        );
        on.required(&self.town, &format!("{field}.town"), "the town");
        on.check(is_uk_postcode(&self.postcode), format!("{field}.postcode"), || {
            format!("\"{}\" is not a UK postcode (such as \"LE3 8RA\")", self.postcode)
        });
    }
}

/// The shape of a UK postcode: outward code (A9, A99, A9A, AA9, AA99, AA9A), a space, inward (9AA).
pub fn is_uk_postcode(s: &str) -> bool {
    let t = s.trim().to_ascii_uppercase();
    let Some((out, inw)) = t.split_once(' ') else { return false };
    let o: Vec<char> = out.chars().collect();
    let i: Vec<char> = inw.chars().collect();
    let inward_ok = i.len() == 3 && i[0].is_ascii_digit() && i[1].is_ascii_alphabetic() && i[2].is_ascii_alphabetic();
    let outward_ok = (2..=4).contains(&o.len())
        && o[0].is_ascii_alphabetic()
        && o.iter().all(|c| c.is_ascii_alphanumeric())
        && o.iter().any(|c| c.is_ascii_digit());
    inward_ok && outward_ok
}

/// Whether an extension option is still open, taken up or turned down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OptionStatus {
    Available,
    Exercised,
    Declined,
}

/// An option to extend a term, e.g. one of "two further periods of 12 months".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionOption {
    /// Length of the extension in months.
    pub months: u32,
    /// The date by which the decision to extend must be taken.
    pub decide_by: NaiveDate,
    pub status: OptionStatus,
    /// When it was exercised or declined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<NaiveDate>,
    /// Who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

/// A period of an arrangement or contract: start, initial end, options, maximum term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub start: NaiveDate,
    /// The end date before any extension is exercised (the last day of the term).
    pub initial_end: NaiveDate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension_options: Vec<ExtensionOption>,
    /// The latest end the procurement allows (maximum term), where stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_end: Option<NaiveDate>,
}

impl Term {
    /// The end as it stands: the initial end moved on by every exercised option.
    pub fn current_end(&self) -> NaiveDate {
        self.end_after(|o| o.status == OptionStatus::Exercised)
    }

    /// How far the term can still run: the current end plus every option still available.
    pub fn latest_possible_end(&self) -> NaiveDate {
        self.end_after(|o| o.status != OptionStatus::Declined)
    }

    fn end_after(&self, counts: impl Fn(&ExtensionOption) -> bool) -> NaiveDate {
        let months: u32 = self.extension_options.iter().filter(|o| counts(o)).map(|o| o.months).sum();
        add_months_to_end(self.initial_end, months)
    }

    pub fn check(&self, on: &mut On, field: &str) {
        on.check(self.initial_end > self.start, format!("{field}.initial_end"), || {
            format!("the initial end ({}) must be after the start ({})", self.initial_end, self.start)
        });
        let mut period_end = self.initial_end;
        let mut open_seen = false;
        for (i, o) in self.extension_options.iter().enumerate() {
            let f = format!("{field}.extension_options[{i}]");
            on.check(o.months > 0 && o.months <= 120, format!("{f}.months"), || {
                format!("an extension must be from 1 to 120 months long, not {}", o.months)
            });
            on.check(o.decide_by <= period_end, format!("{f}.decide_by"), || {
                format!("the decision date {} is after the period it extends ends ({period_end})", o.decide_by)
            });
            match o.status {
                OptionStatus::Available => {
                    open_seen = true;
                    on.check(o.decided_on.is_none(), format!("{f}.decided_on"), || {
                        "an option still available cannot have a decision date".into()
                    });
                }
                OptionStatus::Exercised | OptionStatus::Declined => {
                    on.check(o.decided_on.is_some(), format!("{f}.decided_on"), || {
                        "record the date on which the option was exercised or declined".into()
                    });
                    if o.status == OptionStatus::Exercised {
                        on.check(!open_seen, format!("{f}.status"), || {
                            "an option cannot be exercised while an earlier one is still undecided or was declined"
                                .into()
                        });
                    } else {
                        open_seen = true;
                    }
                }
            }
            period_end = add_months_to_end(period_end, o.months.min(120));
        }
        if let Some(max) = self.maximum_end {
            on.check(max >= self.initial_end, format!("{field}.maximum_end"), || {
                format!("the maximum end ({max}) is before the initial end ({})", self.initial_end)
            });
            let latest = self.latest_possible_end();
            on.check(latest <= max, format!("{field}.extension_options"), || {
                format!("with its extension options the term could run to {latest}, past the maximum end of {max}")
            });
        }
    }
}

/// Moves an end date on by whole months: a term ending 31 October 2024 extended by 12 months ends
/// 31 October 2025; one ending on 28 February moves to the month's end where it was the month's end.
pub fn add_months_to_end(end: NaiveDate, months: u32) -> NaiveDate {
    let next_day = end.succ_opt().unwrap_or(end);
    next_day.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn extension_moves_the_end_by_whole_months() {
        assert_eq!(add_months_to_end(d("2024-10-31"), 12), d("2025-10-31"));
        assert_eq!(add_months_to_end(d("2024-10-31"), 24), d("2026-10-31"));
        assert_eq!(add_months_to_end(d("2026-11-30"), 24), d("2028-11-30"));
        assert_eq!(add_months_to_end(d("2023-02-28"), 12), d("2024-02-29"));
    }

    #[test]
    fn postcodes() {
        for ok in ["LE3 8RA", "WN1 1YN", "PE1 1HF", "M1 1AE", "EC1A 1BB", "b33 8th"] {
            assert!(is_uk_postcode(ok), "{ok}");
        }
        for bad in ["LE38RA", "12345", "LE3 88A", ""] {
            assert!(!is_uk_postcode(bad), "{bad}");
        }
    }
}
