//! Alerts on contracts and arrangements: expiring, an extension decision due, and no replacement
//! round under way.

use tenderdesk_domain::*;

use super::{alert, when, Alert, AlertKind, Scan};
use crate::contracts::{arrangement_status_as_at, contract_status_as_at, replacement_round_for_arrangement};
use crate::fmt::date_long;
use crate::term::term_as_at;

impl Scan<'_> {
    /// A contract in force: its extension decisions due, its end, and a missing replacement round.
    pub(super) fn contract(&self, c: &Contract, out: &mut Vec<Alert>) {
        if !contract_status_as_at(c, self.as_of).is_live() {
            return;
        }
        let t = term_as_at(&c.term, self.as_of);
        out.extend(self.extension_decisions_due(Kind::Contracts, &c.key, &c.title, &t, "contract"));
        out.extend(self.contract_expiring(c, &t));
        out.extend(self.contract_without_replacement(c, &t));
    }

    /// A running arrangement: its extension decisions due, its end, and a missing replacement.
    pub(super) fn arrangement(&self, a: &Arrangement, out: &mut Vec<Alert>) {
        if !arrangement_status_as_at(a, self.as_of).is_live() {
            return;
        }
        let t = term_as_at(&a.term, self.as_of);
        out.extend(self.extension_decisions_due(Kind::Arrangements, &a.key, &a.title, &t, "arrangement"));
        out.extend(self.arrangement_expiring(a, &t));
        out.extend(self.arrangement_without_replacement(a, &t));
    }

    fn contract_expiring(&self, c: &Contract, t: &Term) -> Option<Alert> {
        let end = t.current_end();
        if !self.in_horizon(end) {
            return None;
        }
        let days = (end - self.as_of).num_days();
        Some(alert(
            AlertKind::ContractExpiring,
            end,
            self.as_of,
            Kind::Contracts,
            &c.key,
            c.title.clone(),
            format!("Contract {} ends on {} ({}){}.", c.key, date_long(end), when(days), options_left(t)),
        ))
    }

    /// A contract ending within the horizon, not a spot contract, whose replacement round has not
    /// been published (or none is linked to it).
    fn contract_without_replacement(&self, c: &Contract, t: &Term) -> Option<Alert> {
        let end = t.current_end();
        if !self.in_horizon(end) {
            return None;
        }
        let spot = self.facts.arrangement(&c.arrangement).is_some_and(|a| a.kind == ArrangementKind::SpotContract);
        let successor = c.successor_round.as_ref().and_then(|k| self.facts.round(k));
        if spot || successor.is_some_and(|r| r.timetable.published <= self.as_of) {
            return None;
        }
        let msg = match successor {
            Some(r) => format!(
                "Contract {} ends on {}; its replacement round {} is not published until {}.",
                c.key,
                date_long(end),
                r.key,
                date_long(r.timetable.published)
            ),
            None => format!(
                "Contract {} ends on {} and no replacement round has been started or linked to it.",
                c.key,
                date_long(end)
            ),
        };
        Some(alert(AlertKind::NoReplacementRound, end, self.as_of, Kind::Contracts, &c.key, c.title.clone(), msg))
    }

    fn arrangement_expiring(&self, a: &Arrangement, t: &Term) -> Option<Alert> {
        let end = t.current_end();
        if !self.in_horizon(end) {
            return None;
        }
        let days = (end - self.as_of).num_days();
        Some(alert(
            AlertKind::ArrangementExpiring,
            end,
            self.as_of,
            Kind::Arrangements,
            &a.key,
            a.title.clone(),
            format!("{} {} ends on {} ({}){}.", a.kind.label(), a.key, date_long(end), when(days), options_left(t)),
        ))
    }

    /// An arrangement ending within the horizon, not a spot contract, with no tender for its
    /// replacement published.
    fn arrangement_without_replacement(&self, a: &Arrangement, t: &Term) -> Option<Alert> {
        let end = t.current_end();
        if !self.in_horizon(end) || a.kind == ArrangementKind::SpotContract {
            return None;
        }
        let ds = self.facts.ds;
        let successor = replacement_round_for_arrangement(a, &ds.arrangements, &ds.rounds);
        if successor.is_some_and(|r| r.timetable.published <= self.as_of) {
            return None;
        }
        Some(alert(
            AlertKind::NoReplacementRound,
            end,
            self.as_of,
            Kind::Arrangements,
            &a.key,
            a.title.clone(),
            format!(
                "{} {} ends on {} and no tender for a replacement arrangement has been published.",
                a.kind.label(),
                a.key,
                date_long(end)
            ),
        ))
    }

    /// Extension decisions due: every option still available (as at the date), not blocked by an
    /// earlier declined option, whose decide-by date is within the horizon or already passed while
    /// the term still runs.
    fn extension_decisions_due(&self, kind: Kind, key: &Key, title: &str, t: &Term, noun: &str) -> Vec<Alert> {
        if self.as_of > t.current_end() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, o) in t.extension_options.iter().enumerate() {
            if o.status == OptionStatus::Declined {
                break;
            }
            if o.status != OptionStatus::Available || o.decide_by > self.horizon {
                continue;
            }
            let days = (o.decide_by - self.as_of).num_days();
            let message = if days < 0 {
                format!(
                    "The decision on option {} ({} months) of {noun} {key} was due by {} ({}) and is not recorded.",
                    i + 1,
                    o.months,
                    date_long(o.decide_by),
                    when(days)
                )
            } else {
                format!(
                    "Decide by {} ({}) whether to exercise option {} ({} months) of {noun} {key}.",
                    date_long(o.decide_by),
                    when(days),
                    i + 1,
                    o.months
                )
            };
            out.push(alert(
                AlertKind::ExtensionDecisionDue,
                o.decide_by,
                self.as_of,
                kind,
                key,
                title.to_owned(),
                message,
            ));
        }
        out
    }
}

fn options_left(t: &Term) -> String {
    let available: Vec<&ExtensionOption> =
        t.extension_options.iter().filter(|o| o.status == OptionStatus::Available).collect();
    if available.is_empty() || t.extension_options.iter().any(|o| o.status == OptionStatus::Declined) {
        ", with no option left to extend it".into()
    } else {
        format!(
            " unless option {} ({} months, to be decided by {}) is exercised",
            t.extension_options.iter().position(|o| o.status == OptionStatus::Available).map_or(0, |i| i + 1),
            available[0].months,
            date_long(available[0].decide_by)
        )
    }
}
