//! The report forms: what the officer types before a committee report is produced, and the
//! committee narrative kept on an arrangement.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tenderdesk_domain::Kind;

use super::FormCheck;
use crate::reports::{CommitteeNotesChange, CommitteeReportRequest};
use crate::{Api, Result};

/// The "committee report" form. Refusals name `arrangement`, `meeting_date`, `committee`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CommitteeReportForm {
    pub arrangement: String,
    pub meeting_date: String,
    /// The committee's name ("Adults and Health Committee").
    pub committee: String,
    pub agenda_item: Option<String>,
    /// Whose report it is; empty: the arrangement's notes, else the council's directorate.
    pub report_of: Option<String>,
}

/// The committee narrative of an arrangement: each field given replaces the text kept (blank
/// removes it); null leaves it as it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CommitteeNotesForm {
    pub arrangement: String,
    pub purpose: Option<String>,
    pub report_of: Option<String>,
    pub risks: Option<String>,
    pub contingency: Option<String>,
    pub recommendations: Option<String>,
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

impl CommitteeReportForm {
    /// The request the report use case takes, or the form's problems.
    pub fn request(&self, created: DateTime<Utc>) -> Result<CommitteeReportRequest> {
        let mut f = FormCheck::new(Kind::Arrangements, self.arrangement.clone());
        f.required("arrangement", &self.arrangement, "the arrangement");
        let committee = f.required("committee", &self.committee, "the committee's name");
        let meeting = f.date("meeting_date", &self.meeting_date);
        f.finish()?;
        let Some(meeting) = meeting else {
            return Err(super::refuse(Kind::Arrangements, &self.arrangement, "meeting_date", "give the meeting date"));
        };
        let mut req = CommitteeReportRequest::new(self.arrangement.trim(), meeting, &committee, created);
        req.agenda_item = opt(&self.agenda_item);
        req.report_of = opt(&self.report_of);
        Ok(req)
    }
}

impl Api {
    /// Stores the committee narrative of an arrangement (see [`CommitteeNotesForm`]).
    pub fn save_committee_notes(&self, form: &CommitteeNotesForm) -> Result<()> {
        let change = CommitteeNotesChange {
            purpose: form.purpose.clone(),
            report_of: form.report_of.clone(),
            risks: form.risks.clone(),
            contingency: form.contingency.clone(),
            recommendations: form.recommendations.clone(),
        };
        self.set_committee_notes(&form.arrangement, &change).map(|_| ())
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<CommitteeReportForm>();
    b.add::<CommitteeNotesForm>();
}
