//! The "withdraw this decision" form: the award decision in force for a round is withdrawn with
//! the reason (kept in the record and the audit log, never erased), and the round's bids, panel,
//! marks and model unlock.

use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;

use super::{refuse, FormCheck};
use crate::screens::round::RoundView;
use crate::{Api, ApiError, Result};

/// The "withdraw the award decision" form. Field names in refusals: `reason`, `on`, `round` (no
/// decision in force).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct WithdrawAwardForm {
    pub round: String,
    /// Why the decision is withdrawn (a challenge upheld, an error found…); required.
    pub reason: String,
    /// `YYYY-MM-DD`; empty: today.
    pub on: Option<String>,
}

impl Api {
    /// Withdraws the decision in force for a round from the form, in this store's actor's name.
    /// Refused, storing nothing, without a reason, on a bad date or one before the decision, or
    /// when the round has no decision in force.
    pub fn withdraw_award_form(&self, form: &WithdrawAwardForm) -> Result<RoundView> {
        let round = self.round(form.round.trim())?;
        let key = round.key.to_string();
        let Some(award) = self.store.live_award(&key)? else {
            return Err(refuse(
                Kind::Rounds,
                &key,
                "round",
                format!("round {key} has no award decision in force to withdraw"),
            ));
        };
        let mut f = FormCheck::new(Kind::Awards, award.key.to_string());
        let reason = f.required("reason", &form.reason, "the reason the decision is withdrawn");
        let on = match form.on.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            Some(o) => f.date("on", o),
            None => Some(crate::market::today()),
        };
        if let Some(d) = on.filter(|d| *d < award.decided_on) {
            f.add(
                "on",
                format!("{d} is before the decision of {}; a decision is withdrawn after it", award.decided_on),
            );
        }
        f.finish()?;
        let Some(on) = on else { return Err(refuse(Kind::Awards, award.key.as_str(), "on", "give the date")) };
        match self.withdraw_award(award.key.as_str(), &reason, on) {
            Ok(_) => {}
            Err(ApiError::Refused(m)) => return Err(refuse(Kind::Rounds, &key, "round", m)),
            Err(ApiError::Store(tenderdesk_store::StoreError::Invalid(ps))) => {
                let mut out = Problems::new();
                for p in ps.into_vec() {
                    let field = match p.field.as_str() {
                        "withdrawn.reason" => "reason",
                        "withdrawn.on" => "on",
                        _ => "round",
                    };
                    out.push(p.kind, &p.key, field, p.message);
                }
                return Err(ApiError::Store(tenderdesk_store::StoreError::Invalid(out)));
            }
            Err(e) => return Err(e),
        }
        self.round_view(&key, None)
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<WithdrawAwardForm>();
}
