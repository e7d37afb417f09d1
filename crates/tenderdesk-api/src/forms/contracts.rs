//! The option form: exercise or decline an extension option of a contract.

use serde::{Deserialize, Serialize};
use tenderdesk_domain::Kind;
use tenderdesk_market::ContractPosition;

use super::FormCheck;
use crate::{Api, Result};

/// The "extension option" form. Refusals name `number`, `on`, `decision`, `by` (or the record's
/// own field where the contract's rules refuse).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OptionForm {
    pub contract: String,
    /// The option's number, from 1.
    pub number: u32,
    /// `exercise` or `decline`.
    pub decision: String,
    /// The day of the decision.
    pub on: String,
    /// Who decided; empty: the person named in the audit log.
    pub by: Option<String>,
}

impl Api {
    /// Exercises or declines a contract's option; returns its position as at the decision day.
    pub fn decide_option(&self, form: &OptionForm) -> Result<ContractPosition> {
        let mut f = FormCheck::new(Kind::Contracts, form.contract.clone());
        let on = f.date("on", &form.on);
        let exercise = match form.decision.trim() {
            "exercise" => Some(true),
            "decline" => Some(false),
            other => {
                f.add("decision", format!("\"{other}\" is not a decision; choose exercise or decline"));
                None
            }
        };
        if form.number == 0 {
            f.add("number", "options are numbered from 1");
        }
        f.finish()?;
        let (Some(on), Some(exercise)) = (on, exercise) else {
            return Err(super::refuse(Kind::Contracts, &form.contract, "decision", "the form is incomplete"));
        };
        let by = form.by.as_deref().map(str::trim).filter(|b| !b.is_empty());
        let number = form.number as usize;
        let done = if exercise {
            self.exercise_contract_option(&form.contract, number, on, by)
        } else {
            self.decline_contract_option(&form.contract, number, on, by)
        }?;
        self.contract_position(done.key.as_str(), on)
    }
}

pub fn typescript(cfg: &ts_rs::Config) -> Vec<(String, String)> {
    vec![crate::bindings::one::<OptionForm>(cfg)]
}
