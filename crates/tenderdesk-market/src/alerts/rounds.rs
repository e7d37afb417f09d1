//! Alerts on rounds and their awards: a standstill period ending, and the next milestone of a
//! round's timetable.

use tenderdesk_domain::*;

use super::{alert, milestone_words, when, Alert, AlertKind, Scan};
use crate::fmt::date_long;

impl Scan<'_> {
    /// The standstill period of an award in force, decided by the date, ending within the horizon.
    pub(super) fn standstill_ending(&self, w: &AwardDecision) -> Option<Alert> {
        let as_of = self.as_of;
        if w.withdrawn.as_ref().is_some_and(|x| x.on <= as_of) || !w.standstill || w.decided_on > as_of {
            return None;
        }
        let round = self.facts.round(&w.round);
        let end = w.standstill_ends.or_else(|| round.and_then(|r| r.timetable.standstill_end))?;
        if !self.in_horizon(end) {
            return None;
        }
        let days = (end - as_of).num_days();
        Some(alert(
            AlertKind::StandstillEnding,
            end,
            as_of,
            Kind::Awards,
            &w.key,
            format!("Award of {}", w.round),
            format!(
                "The standstill period of award {} ends on {} ({}); contracts may be entered into from {}.",
                w.key,
                date_long(end),
                when(days),
                date_long(end.succ_opt().unwrap_or(end))
            ),
        ))
    }

    /// A round's next milestone not yet done, due within the horizon or overdue.
    pub(super) fn round_milestone(&self, r: &Round) -> Option<Alert> {
        let (name, date) = self.facts.next_milestone(r, self.as_of)?;
        if date > self.horizon {
            return None;
        }
        let days = (date - self.as_of).num_days();
        let what = milestone_words(name);
        let message = if days < 0 {
            format!("Round {}: the {what} was due on {} ({}) and has not happened.", r.key, date_long(date), when(days))
        } else {
            format!("Round {}: the {what} is on {} ({}).", r.key, date_long(date), when(days))
        };
        Some(alert(AlertKind::RoundMilestone, date, self.as_of, Kind::Rounds, &r.key, r.title.clone(), message))
    }
}
