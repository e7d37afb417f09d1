//! The window's forms as use cases: each takes one request shaped like its form, parses and checks
//! it, and stores the change through `Store::apply` (every rule checked, one audit entry naming
//! the actor). A refusal is `ErrorCode::Invalid` whose `problems[].field` is the **form's** field
//! name, as documented on each request type, so the window shows the message beside that field;
//! nothing is stored on a refusal.
//!
//! Text fields arrive as typed; dates are `YYYY-MM-DD`; instants are UK local time
//! `YYYY-MM-DD HH:MM` (as the window's hints show it) or `YYYY-MM-DDTHH:MM`, or RFC 3339; money is in
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
use tenderdesk_domain::{
    Conflict, Key, Kind, Nation, PriceBasis, PriceFormula, Problems, Regime, RoundKind, Section, SubmissionStatus,
    TieBreak,
};
use tenderdesk_store::{ChangeSet, StoreError};

use crate::{Api, ApiError, Coded, Result};

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

    /// An instant given in UK local time (`YYYY-MM-DD HH:MM` as the window's hints show it, or
    /// `YYYY-MM-DDTHH:MM`; seconds optional) or RFC 3339.
    pub(crate) fn instant(&mut self, field: &str, value: &str) -> Option<DateTime<Utc>> {
        let v = value.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(v) {
            return Some(t.with_timezone(&Utc));
        }
        let local = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
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
                        "\"{value}\" is not a date and time; write it as YYYY-MM-DD HH:MM, such as 2026-11-13 12:00"
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

    /// The value of a choice of one of the domain's enums ("mini_competition"), refused beside
    /// `field` when it is none of `choices`.
    pub(crate) fn choice<T: DeserializeOwned + Clone>(
        &mut self,
        field: &str,
        value: &Coded<T>,
        choices: &str,
    ) -> Option<T> {
        match value.value() {
            Ok(v) => Some(v),
            Err(text) => {
                self.add(field, format!("\"{text}\" is not one of {choices}"));
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
pub struct Choice<T> {
    pub code: T,
    pub label: String,
}

/// The select lists of the forms, so the window never spells a code itself.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FormChoices {
    pub round_kinds: Vec<Choice<RoundKind>>,
    pub regimes: Vec<Choice<Regime>>,
    pub nations: Vec<Choice<Nation>>,
    pub conflicts: Vec<Choice<Conflict>>,
    pub bid_statuses: Vec<Choice<SubmissionStatus>>,
    /// The evaluation model form's price formulas.
    pub price_formulas: Vec<Choice<PriceFormula>>,
    /// The evaluation model form's tie-break rules.
    pub tie_breaks: Vec<Choice<TieBreak>>,
    /// The evaluation model form's price bases.
    pub price_bases: Vec<Choice<PriceBasis>>,
    /// The sections a question of the model form can be in.
    pub sections: Vec<Choice<Section>>,
}

fn choices<T: Copy>(values: &[T], label: impl Fn(T) -> &'static str) -> Vec<Choice<T>> {
    values.iter().map(|&code| Choice { code, label: label(code).to_owned() }).collect()
}

/// The choices of every form.
pub fn form_choices() -> FormChoices {
    FormChoices {
        round_kinds: choices(
            &[RoundKind::MiniCompetition, RoundKind::Reopening, RoundKind::Establishment],
            RoundKind::label,
        ),
        regimes: choices(
            &[
                Regime::ProcurementAct2023,
                Regime::Pcr2015LightTouch,
                Regime::ProviderSelectionRegime,
                Regime::ScottishRegulations,
            ],
            Regime::label,
        ),
        nations: choices(&tenderdesk_calendar::NATIONS, tenderdesk_calendar::nation_label),
        conflicts: choices(
            &[Conflict::None, Conflict::Actual, Conflict::Perceived, Conflict::Potential],
            |c| match c {
                Conflict::None => "No conflict",
                Conflict::Actual => "Actual conflict",
                Conflict::Perceived => "Perceived conflict",
                Conflict::Potential => "Potential conflict",
            },
        ),
        bid_statuses: choices(
            &[
                SubmissionStatus::Received,
                SubmissionStatus::Compliant,
                SubmissionStatus::Excluded,
                SubmissionStatus::Withdrawn,
            ],
            |s| match s {
                SubmissionStatus::Received => "Received",
                SubmissionStatus::Compliant => "Compliant",
                SubmissionStatus::Excluded => "Excluded",
                SubmissionStatus::Withdrawn => "Withdrawn",
            },
        ),
        price_formulas: choices(
            &[PriceFormula::Relative, PriceFormula::DeviationFromMean, PriceFormula::Linear],
            PriceFormula::label,
        ),
        tie_breaks: choices(
            &[
                TieBreak::HigherQuality,
                TieBreak::HigherInterview,
                TieBreak::LowerPrice,
                TieBreak::HigherSocialValue,
                TieBreak::DrawingOfLots,
            ],
            TieBreak::label,
        ),
        price_bases: choices(&[PriceBasis::HourlyRate, PriceBasis::ZoneBasket], |b| match b {
            PriceBasis::HourlyRate => "A single hourly rate",
            PriceBasis::ZoneBasket => "Zone rates weighted by each zone's expected hours",
        }),
        sections: choices(&[Section::Quality, Section::Interview, Section::SocialValue], Section::label),
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<FormChoices>();
    rounds::typescript(b);
    panel::typescript(b);
    contracts::typescript(b);
    settings::typescript(b);
    reports::typescript(b);
    model::typescript(b);
    bid_update::typescript(b);
    drawing::typescript(b);
    withdrawal::typescript(b);
}
