//! The window's forms as use cases: each takes one request shaped like its form, parses and checks
//! it, and stores the change through `Store::apply` (every rule checked, one audit entry naming
//! the actor). A refusal is `ErrorCode::Invalid` whose `problems[].field` is the **form's** field
//! name, as documented on each request type, so the window shows the message beside that field;
//! nothing is stored on a refusal.
//!
//! Text fields arrive as typed; dates are `YYYY-MM-DD`; instants are UK local time
//! `YYYY-MM-DDTHH:MM` (what an `<input type="datetime-local">` gives) or RFC 3339; money is in
//! integer pence.

pub mod bid_update;
pub mod contracts;
pub mod drawing;
pub mod model;
pub mod panel;
pub mod reports;
pub mod rounds;
pub mod settings;
pub mod withdrawal;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{de::DeserializeOwned, Serialize};
use tenderdesk_domain::{Key, Kind, Problems};
use tenderdesk_store::{ChangeSet, StoreError};

use crate::{Api, ApiError, Result};

/// Problems found in a form before anything is stored, each naming a form field.
pub(crate) struct FormCheck {
    kind: Kind,
    key: String,
    problems: Problems,
}

impl FormCheck {
    pub(crate) fn new(kind: Kind, key: impl Into<String>) -> FormCheck {
        FormCheck { kind, key: key.into(), problems: Problems::new() }
    }

    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(self.kind, &self.key, field, message);
    }

    pub(crate) fn required(&mut self, field: &str, value: &str, what: &str) -> String {
        if value.trim().is_empty() {
            self.add(field, format!("give {what}"));
        }
        value.trim().to_owned()
    }

    pub(crate) fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.add(field, format!("\"{value}\" is not a date; write it as YYYY-MM-DD, such as 2026-11-23"));
                None
            }
        }
    }

    pub(crate) fn optional_date(&mut self, field: &str, value: &Option<String>) -> Option<NaiveDate> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => self.date(field, v),
            None => None,
        }
    }

    /// An instant given in UK local time (`YYYY-MM-DDTHH:MM`, seconds optional) or RFC 3339.
    pub(crate) fn instant(&mut self, field: &str, value: &str) -> Option<DateTime<Utc>> {
        let v = value.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(v) {
            return Some(t.with_timezone(&Utc));
        }
        let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(v, f).ok());
        match local.map(|l| chrono_tz::Europe::London.from_local_datetime(&l).earliest()) {
            Some(Some(t)) => Some(t.with_timezone(&Utc)),
            Some(None) => {
                self.add(
                    field,
                    format!("{v} does not exist in UK time (the clocks go forward then); give another time"),
                );
                None
            }
            None => {
                self.add(
                    field,
                    format!(
                        "\"{value}\" is not a date and time; write it as YYYY-MM-DDTHH:MM, such as 2026-11-13T12:00"
                    ),
                );
                None
            }
        }
    }

    pub(crate) fn optional_instant(&mut self, field: &str, value: &Option<String>) -> Option<DateTime<Utc>> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => self.instant(field, v),
            None => None,
        }
    }

    /// A value of one of the domain's enums, by its code ("mini_competition").
    pub(crate) fn code<T: DeserializeOwned>(&mut self, field: &str, value: &str, choices: &str) -> Option<T> {
        match serde_json::from_value(serde_json::Value::String(value.trim().to_owned())) {
            Ok(v) => Some(v),
            Err(_) => {
                self.add(field, format!("\"{value}\" is not one of {choices}"));
                None
            }
        }
    }

    pub(crate) fn key(&mut self, field: &str, value: &str) -> Option<Key> {
        match Key::parse(value.trim()) {
            Ok(k) => Some(k),
            Err(e) => {
                self.add(field, e);
                None
            }
        }
    }

    /// Refused with every problem found, or Ok when there is none.
    pub(crate) fn finish(self) -> Result<()> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Store(StoreError::Invalid(self.problems)))
        }
    }
}

/// A refusal of one form field, for checks that need the store.
pub(crate) fn refuse(kind: Kind, key: &str, field: &str, message: impl Into<String>) -> ApiError {
    let mut p = Problems::new();
    p.push(kind, key, field, message);
    ApiError::Store(StoreError::Invalid(p))
}

impl Api {
    /// Stores the change; when the store refuses it, renames each problem's field from the
    /// record's spelling to the form's with `to_form` (unchanged where it returns None).
    pub(crate) fn apply_form(&self, changes: ChangeSet, to_form: impl Fn(&str) -> Option<String>) -> Result<()> {
        match self.store.apply(changes) {
            Ok(_) => Ok(()),
            Err(StoreError::Invalid(ps)) => {
                let mut out = Problems::new();
                for p in ps.into_vec() {
                    let field = to_form(&p.field).unwrap_or(p.field);
                    out.push(p.kind, &p.key, field, p.message);
                }
                Err(ApiError::Store(StoreError::Invalid(out)))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The first free reference `stem`, `stem-2`, `stem-3`… of a kind.
    pub(crate) fn free_key(&self, kind: Kind, stem: &str) -> Result<Key> {
        let stem: String =
            stem.chars().map(|c| if c.is_alphanumeric() || c == '-' { c.to_ascii_uppercase() } else { '-' }).collect();
        let stem: String = stem.chars().take(Key::MAX_LEN - 4).collect();
        for n in 1..1000 {
            let text = if n == 1 { stem.clone() } else { format!("{stem}-{n}") };
            let key = Key::parse(&text).map_err(ApiError::Refused)?;
            if self.store.id_of(kind, key.as_str())?.is_none() {
                return Ok(key);
            }
        }
        Err(ApiError::Refused(format!("no free reference starting {stem}")))
    }
}

/// One choice of a form's select list: the code sent back, and what the officer reads.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

/// The select lists of the forms, so the window never spells a code itself.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FormChoices {
    pub round_kinds: Vec<Choice>,
    pub regimes: Vec<Choice>,
    pub nations: Vec<Choice>,
    pub conflicts: Vec<Choice>,
    pub bid_statuses: Vec<Choice>,
    /// The evaluation model form's price formulas.
    pub price_formulas: Vec<Choice>,
    /// The evaluation model form's tie-break rules.
    pub tie_breaks: Vec<Choice>,
    /// The evaluation model form's price bases.
    pub price_bases: Vec<Choice>,
}

/// The choices of every form.
pub fn form_choices() -> FormChoices {
    use tenderdesk_domain::*;
    let c = |code: &str, label: &str| Choice { code: code.to_owned(), label: label.to_owned() };
    FormChoices {
        round_kinds: [RoundKind::MiniCompetition, RoundKind::Reopening, RoundKind::Establishment]
            .iter()
            .map(|k| c(&crate::screens::code_of(k), k.label()))
            .collect(),
        regimes: [
            Regime::ProcurementAct2023,
            Regime::Pcr2015LightTouch,
            Regime::ProviderSelectionRegime,
            Regime::ScottishRegulations,
        ]
        .iter()
        .map(|r| c(&crate::screens::code_of(r), r.label()))
        .collect(),
        nations: tenderdesk_calendar::NATIONS
            .iter()
            .map(|n| c(&crate::screens::code_of(n), tenderdesk_calendar::nation_label(*n)))
            .collect(),
        conflicts: vec![
            c("none", "No conflict"),
            c("actual", "Actual conflict"),
            c("perceived", "Perceived conflict"),
            c("potential", "Potential conflict"),
        ],
        bid_statuses: vec![
            c("received", "Received"),
            c("compliant", "Compliant"),
            c("excluded", "Excluded"),
            c("withdrawn", "Withdrawn"),
        ],
        price_formulas: [PriceFormula::Relative, PriceFormula::DeviationFromMean, PriceFormula::Linear]
            .iter()
            .map(|f| c(&crate::screens::code_of(f), f.label()))
            .collect(),
        tie_breaks: [
            TieBreak::HigherQuality,
            TieBreak::HigherInterview,
            TieBreak::LowerPrice,
            TieBreak::HigherSocialValue,
            TieBreak::DrawingOfLots,
        ]
        .iter()
        .map(|t| c(&crate::screens::code_of(t), t.label()))
        .collect(),
        price_bases: vec![
            c(&crate::screens::code_of(&PriceBasis::HourlyRate), "A single hourly rate"),
            c(&crate::screens::code_of(&PriceBasis::ZoneBasket), "Zone rates weighted by each zone's expected hours"),
        ],
    }
}

pub fn typescript(cfg: &ts_rs::Config) -> Vec<(String, String)> {
    use crate::bindings::one;
    let mut all = vec![one::<Choice>(cfg), one::<FormChoices>(cfg)];
    all.extend(rounds::typescript(cfg));
    all.extend(panel::typescript(cfg));
    all.extend(contracts::typescript(cfg));
    all.extend(settings::typescript(cfg));
    all.extend(reports::typescript(cfg));
    all.extend(model::typescript(cfg));
    all.extend(bid_update::typescript(cfg));
    all.extend(drawing::typescript(cfg));
    all.extend(withdrawal::typescript(cfg));
    all
}
