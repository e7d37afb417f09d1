//! The dashboard: what needs attention as at a date, the rounds in progress with their stage, and
//! the headline figures, in one call.

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::*;
use tenderdesk_market::{Alert, Severity, StatusAsAt};

use super::round::RoundRow;
use crate::{Api, Result};

/// How far ahead the dashboard looks for alerts.
pub const DASHBOARD_ALERT_DAYS: u32 = 90;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Headline {
    /// Arrangements running on the date (started, not past their current end).
    pub arrangements_running: u32,
    /// Providers whose status is active.
    pub providers_active: u32,
    /// Contracts running on the date (active or extended).
    pub contracts_running: u32,
    /// The annual value of the running contracts that state one, in pence.
    #[ts(type = "number")]
    pub running_annual_value_pence: i64,
    pub rounds_in_progress: u32,
    /// Alerts already past their due date.
    pub alerts_overdue: u32,
    /// Alerts marked urgent (due within a fortnight or overdue).
    pub alerts_urgent: u32,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Dashboard {
    pub as_of: NaiveDate,
    pub council_name: Option<String>,
    /// Alerts due within `alert_days` of `as_of`, or overdue, soonest first.
    pub alerts: Vec<Alert>,
    pub alert_days: u32,
    pub rounds_in_progress: Vec<RoundRow>,
    pub headline: Headline,
}

/// The kinds the dashboard reads: those of the alerts (the market's records and the moderated
/// marks) and the bids the rounds in progress count — every kind but the panels and their marks,
/// the records written most often during an evaluation, which nothing on the dashboard shows.
const DASHBOARD_KINDS: [Kind; 13] = [
    Kind::Authority,
    Kind::Providers,
    Kind::Arrangements,
    Kind::Lots,
    Kind::Openings,
    Kind::Admissions,
    Kind::Rounds,
    Kind::Submissions,
    Kind::ModeratedMarks,
    Kind::Awards,
    Kind::Contracts,
    Kind::Activity,
    Kind::Spend,
];

impl Api {
    /// Everything the dashboard shows as at `as_of`, kept per date until a record of a kind it
    /// reads changes. After a change, only what that kind feeds is worked out again: the alerts
    /// and the list of rounds are kept on their own, and the records are the store's kept lists.
    pub fn dashboard(&self, as_of: NaiveDate) -> Result<Dashboard> {
        let dashboard =
            self.kept(&format!("screens/dashboard/{as_of}"), &DASHBOARD_KINDS, || self.build_dashboard(as_of))?;
        Ok(dashboard.as_ref().clone())
    }

    fn build_dashboard(&self, as_of: NaiveDate) -> Result<Dashboard> {
        let alerts = self.alerts(as_of, DASHBOARD_ALERT_DAYS)?;
        let mut rounds_in_progress = self.round_lines()?.in_progress(as_of);
        rounds_in_progress.sort_by(|a, b| a.next_milestone_on.cmp(&b.next_milestone_on).then(a.key.cmp(&b.key)));
        let arrangements_running = self
            .store
            .list_shared::<Arrangement>()?
            .iter()
            .filter(|(_, a)| a.term.start <= as_of && as_of <= a.term.current_end())
            .count() as u32;
        let providers_active =
            self.store.list_shared::<Provider>()?.iter().filter(|(_, p)| p.status == ProviderStatus::Active).count()
                as u32;
        let mut contracts_running = 0;
        let mut running_annual_value_pence = 0i64;
        for (_, c) in self.store.list_shared::<Contract>()?.iter() {
            let status = tenderdesk_market::contracts::contract_status_as_at(c, as_of);
            if matches!(status, StatusAsAt::Active | StatusAsAt::Extended) {
                contracts_running += 1;
                running_annual_value_pence += c.annual_value.map(|v| v.pence()).unwrap_or(0);
            }
        }
        let headline = Headline {
            arrangements_running,
            providers_active,
            contracts_running,
            running_annual_value_pence,
            rounds_in_progress: rounds_in_progress.len() as u32,
            alerts_overdue: alerts.iter().filter(|a| a.days_until < 0).count() as u32,
            alerts_urgent: alerts.iter().filter(|a| matches!(a.severity, Severity::Urgent | Severity::Overdue)).count()
                as u32,
        };
        Ok(Dashboard {
            as_of,
            council_name: self.council_name()?,
            alerts,
            alert_days: DASHBOARD_ALERT_DAYS,
            rounds_in_progress,
            headline,
        })
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<Headline>();
    b.add::<Dashboard>();
}
