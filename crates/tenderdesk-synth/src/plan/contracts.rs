//! Contracts: one per award place, the rest called off by brokerage.

use std::io;

use chrono::{Datelike, NaiveDate};
use tenderdesk_domain::*;

use super::Plan;
use crate::rng::{Rng, S_CONTRACT};
use crate::sink::Sink;
use crate::values::{date, key, money, plus};

impl Plan {
    pub(super) fn contract_status(
        &self,
        term: &Term,
        rng: &mut Rng,
    ) -> (ContractStatus, Option<NaiveDate>, Option<String>) {
        let end = term.current_end();
        if term.start > self.last_day {
            (ContractStatus::Pending, None, None)
        } else if end < self.last_day {
            if rng.chance(4) {
                let on = plus(term.start, (end - term.start).num_days() / 2);
                (
                    ContractStatus::Terminated,
                    Some(on),
                    Some("Ended by agreement: the packages moved to another provider.".into()),
                )
            } else {
                (ContractStatus::Expired, Some(plus(end, 1)), None)
            }
        } else if term.extension_options.iter().any(|o| o.status == OptionStatus::Exercised) {
            (ContractStatus::Extended, None, None)
        } else {
            (ContractStatus::Active, None, None)
        }
    }

    pub(super) fn contract_term(&self, start: NaiveDate, years: i32, option_months: u32) -> Term {
        let initial_end = plus(date(start.year() + years, start.month(), start.day().min(28)), -1);
        let decide_by = plus(initial_end, -90);
        let exercised = decide_by < self.last_day;
        let option = ExtensionOption {
            months: option_months,
            decide_by,
            status: if exercised { OptionStatus::Exercised } else { OptionStatus::Available },
            decided_on: exercised.then(|| plus(decide_by, -14)),
            decided_by: exercised.then(|| "Head of Commissioning".to_owned()),
        };
        let maximum_end = common::add_months_to_end(initial_end, option_months);
        Term { start, initial_end, extension_options: vec![option], maximum_end: Some(maximum_end) }
    }

    /// One contract per award place, then packages called off by brokerage up to the shape's
    /// number of contracts.
    pub(super) fn contracts<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let awarded = self.awarded_contracts(s)?;
        self.called_off_contracts(s, awarded)
    }

    /// A contract for each place awarded, numbered from 0; gives how many.
    fn awarded_contracts<S: Sink>(&self, s: &mut S) -> io::Result<usize> {
        let mut n = 0usize;
        for r in 0..self.rounds.len() {
            let rp = &self.rounds[r];
            let award = self.award(r);
            let start = self.timetable(r).contract_start.unwrap_or(rp.published);
            let bidders = self.bidders(r);
            for w in &award.awarded {
                let mut rng = self.rng(S_CONTRACT, n as u64);
                let b = bidders.iter().position(|(p, _)| self.provider_key(*p) == w.provider).unwrap_or(0);
                let term = self.contract_term(start, 2, 12);
                let (status, since, reason) = self.contract_status(&term, &mut rng);
                let hourly = bidders[b].1[0];
                let weekly_hours = rng.range(100, 900);
                s.put(Contract {
                    key: key(format!("CON-{n:05}")),
                    title: format!(
                        "{} — call-off {} — {}",
                        self.lot_key(rp.lot),
                        r + 1,
                        self.provider_name(bidders[b].0)
                    ),
                    provider: w.provider.clone(),
                    arrangement: self.arrangement_key(rp.arrangement),
                    lot: Some(w.lot.clone()),
                    award: Some(award.key.clone()),
                    estimated_value: money(hourly * weekly_hours * 52 * 3),
                    annual_value: Some(money(hourly * weekly_hours * 52)),
                    irrecoverable_vat: None,
                    rates: vec![ContractRate {
                        name: "Standard hour".into(),
                        zone: None,
                        amount: money(hourly),
                        unit: RateUnit::PerHour,
                    }],
                    route: ProcurementRoute::CallOffFromFramework,
                    status,
                    status_since: since,
                    status_reason: reason,
                    successor_round: None,
                    term,
                })?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// The rest, numbered on from `n`: packages called off from the lots in turn by brokerage,
    /// without a competition.
    fn called_off_contracts<S: Sink>(&self, s: &mut S, mut n: usize) -> io::Result<()> {
        let per = self.shape.lots_per_arrangement;
        let lots = self.admitted.len();
        let mut c = 0usize;
        while n < self.shape.contracts {
            let mut rng = self.rng(S_CONTRACT, n as u64);
            let l = c % lots;
            let a = l / per;
            let p = self.admitted[l][(c / lots) % self.admitted[l].len()];
            let ap = &self.arrangements[a];
            let start = plus(ap.term.start, 30 + rng.range(0, ap.initial_days - 400));
            let term = self.contract_term(start, 1, 6);
            let (status, since, reason) = self.contract_status(&term, &mut rng);
            let hourly = rng.range(1900, 2600);
            let weekly_hours = rng.range(5, 60);
            s.put(Contract {
                key: key(format!("CON-{n:05}")),
                title: format!("Care package {} — {}", c + 1, self.provider_name(p)),
                provider: self.provider_key(p),
                arrangement: self.arrangement_key(a),
                lot: Some(self.lot_key(l)),
                award: None,
                estimated_value: money(hourly * weekly_hours * 78),
                annual_value: Some(money(hourly * weekly_hours * 52)),
                irrecoverable_vat: None,
                rates: vec![ContractRate {
                    name: "Standard hour".into(),
                    zone: Some(format!("Z{:02}", rng.below(self.shape.zones_per_lot as u64) + 1)),
                    amount: money(hourly),
                    unit: RateUnit::PerHour,
                }],
                route: ProcurementRoute::CallOffFromFramework,
                status,
                status_since: since,
                status_reason: reason,
                successor_round: None,
                term,
            })?;
            n += 1;
            c += 1;
        }
        Ok(())
    }
}
