//! The "change a bid's status and gate results" form, for a bid already recorded: received,
//! compliant, excluded or withdrawn (the last two with the reason), and its result on each of the
//! round's gates. Stored through `Store::apply`, so the award lock, the domain's rules (a bid that
//! failed a gate cannot be compliant, a late bid cannot be compliant unless accepted…) and the
//! audit entry apply.

use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;
use tenderdesk_store::ChangeSet;

use super::rounds::GateInput;
use super::{refuse, FormCheck};
use crate::screens::round::RoundView;
use crate::{Api, Coded, Result};

/// The "change bid" form. Field names in refusals: `submission` (unknown, or its round is locked
/// by an award), `status`, `status_reason`, `gates` (the list as a whole), `gates[i].gate`,
/// `gates[i].passed`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BidUpdateForm {
    /// The bid's reference (`BidView.key`).
    pub submission: String,
    pub status: Coded<SubmissionStatus>,
    /// Why the bid was excluded or withdrawn; dropped for a received or compliant bid.
    pub status_reason: Option<String>,
    /// The bid's result on each gate assessed, replacing those recorded; a gate left out has no
    /// result.
    pub gates: Vec<GateInput>,
}

/// Where a field of the bid record is shown on the form.
fn bid_field(field: &str) -> Option<String> {
    if let Some(rest) = field.strip_prefix("gate_results") {
        return Some(match rest {
            "" => "gates".into(),
            r if r.ends_with("].gate") => format!("gates{r}"),
            // "gate_results[i]": a failed gate on a compliant bid.
            r => format!("gates{r}.passed"),
        });
    }
    Some(
        match field {
            "status_reason" => "status_reason",
            // A late bid, or one without the round's prices, cannot take the status chosen.
            "status" | "received_at" | "late_acceptance" | "prices" => "status",
            _ => "submission",
        }
        .into(),
    )
}

impl Api {
    /// Changes a recorded bid's status and gate results. Refused, naming the form field and
    /// storing nothing, on an unknown status or gate, a missing reason, a status the bid's facts
    /// do not allow, or once the round is awarded.
    pub fn update_bid(&self, form: &BidUpdateForm) -> Result<RoundView> {
        let key = form.submission.trim();
        let Some((_, mut bid)) = self.store.get_by_key::<Submission>(key)? else {
            return Err(refuse(Kind::Submissions, key, "submission", format!("there is no bid \"{key}\"")));
        };
        let mut f = FormCheck::new(Kind::Submissions, key);
        let status = f.choice("status", &form.status, "received, compliant, excluded or withdrawn");
        let reason = form.status_reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
        if matches!(status, Some(SubmissionStatus::Excluded | SubmissionStatus::Withdrawn)) && reason.is_none() {
            f.add(
                "status_reason",
                format!("give the reason the bid is {}", status.map(SubmissionStatus::label).unwrap_or_default()),
            );
        }
        let mut gates = Vec::new();
        for (i, g) in form.gates.iter().enumerate() {
            let gate = f.required(&format!("gates[{i}].gate"), &g.gate, &format!("the gate of result {}", i + 1));
            gates.push(GateResult {
                gate,
                passed: g.passed,
                note: g.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned),
            });
        }
        f.finish()?;
        let Some(status) = status else {
            return Err(refuse(Kind::Submissions, key, "status", "choose the bid's status"));
        };
        bid.status = status;
        bid.status_reason = match status {
            SubmissionStatus::Excluded | SubmissionStatus::Withdrawn => reason,
            SubmissionStatus::Received | SubmissionStatus::Compliant => None,
        };
        bid.gate_results = gates;
        let round = bid.round.to_string();
        let mut c = ChangeSet::new();
        c.update(bid);
        self.apply_form(c, bid_field)?;
        self.round_view(&round, None)
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<BidUpdateForm>();
}
