//! Alerts on spend against an arrangement's approved cap: exceeded, or forecast to be reached.

use tenderdesk_domain::*;

use super::{alert, Alert, AlertKind, Scan};
use crate::fmt::{date_long, percent, pounds};
use crate::spend::{spend_summary, SpendSummary};

impl Scan<'_> {
    /// The cap of an approval whose period overlaps the horizon: exceeded, else reached within it.
    pub(super) fn spend_cap(&self, a: &Arrangement) -> Option<Alert> {
        let approval = a.spend_approval.as_ref()?;
        if approval.period_end < self.as_of || approval.period_start > self.horizon {
            return None;
        }
        let s = spend_summary(a, &self.facts.ds.spend, Some(self.as_of));
        if s.over_cap {
            Some(self.spend_cap_exceeded(a, approval, &s))
        } else {
            self.spend_cap_forecast(a, approval, &s)
        }
    }

    /// Due on the end of the first period that took the spend over the cap.
    fn spend_cap_exceeded(&self, a: &Arrangement, approval: &SpendApproval, s: &SpendSummary) -> Alert {
        let crossed = s.lines.iter().find(|l| l.over_cap).map_or(self.as_of, |l| l.period_end);
        alert(
            AlertKind::SpendCapExceeded,
            crossed,
            self.as_of,
            Kind::Arrangements,
            &a.key,
            a.title.clone(),
            format!(
                "Spend under {} is {}, over the cap of {} approved by {} ({}) by {}.",
                a.key,
                pounds(s.total),
                pounds(approval.cap),
                approval.decision_maker,
                approval.decision_reference,
                pounds(s.over_cap_by.unwrap_or(Money::ZERO))
            ),
        )
    }

    /// At the run rate, the day the cap is reached, where that is within the horizon.
    fn spend_cap_forecast(&self, a: &Arrangement, approval: &SpendApproval, s: &SpendSummary) -> Option<Alert> {
        let (Some(d), Some(r)) = (s.cap_reached_on, &s.run_rate) else { return None };
        if d > self.horizon {
            return None;
        }
        Some(alert(
            AlertKind::SpendCapForecast,
            d.max(self.as_of),
            self.as_of,
            Kind::Arrangements,
            &a.key,
            a.title.clone(),
            format!(
                "At {} a month, spend under {} reaches the approved cap of {} ({}) on {}{}; {} of it is used.",
                pounds(r.monthly),
                a.key,
                pounds(approval.cap),
                approval.decision_reference,
                date_long(d),
                if d <= approval.period_end {
                    format!(", before the approval ends on {}", date_long(approval.period_end))
                } else {
                    String::new()
                },
                s.share_used_percent.map(percent).unwrap_or_default()
            ),
        ))
    }
}
