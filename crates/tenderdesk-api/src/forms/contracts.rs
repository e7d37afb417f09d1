//! The option form: exercise or decline an extension option of a contract.

use serde::{Deserialize, Serialize};
use tenderdesk_domain::Kind;
use tenderdesk_market::ContractPosition;

use super::FormCheck;
use crate::{Api, Coded, Result};

/// What is decided about an extension option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum OptionDecision {
    Exercise,
    Decline,
}

/// The "extension option" form. Refusals name `number`, `on`, `decision`, `by` (or the record's
/// own field where the contract's rules refuse).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OptionForm {
    pub contract: String,
    /// The option's number, from 1.
    pub number: u32,
    pub decision: Coded<OptionDecision>,
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
        let exercise = match form.decision.value() {
            Ok(decision) => Some(decision == OptionDecision::Exercise),
            Err(other) => {
                f.add("decision", format!("\"{}\" is not a decision; choose exercise or decline", other.trim()));
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

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<OptionForm>();
}
