//! Weekly activity snapshots and monthly spend.

use std::io;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use tenderdesk_domain::*;

use super::Plan;
use crate::rng::{S_ACTIVITY, S_SPEND};
use crate::sink::Sink;
use crate::values::{hours, key, money, month_end, plus};

impl Plan {
    /// Weekly snapshots: the whole service, then each arrangement over its term (within the period).
    pub(super) fn activity<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let mut week = 0u64;
        let snapshot =
            |k: Key, arrangement: Option<Key>, service: ServiceType, as_at: NaiveDate, size: i64, idx: u64| {
                let mut rng = self.rng(S_ACTIVITY, idx);
                let packages = (size + rng.range(-size / 20, size / 20)).max(1);
                let people = packages - rng.range(0, packages / 10);
                let per_package = Decimal::new(rng.range(80, 220), 1);
                ActivitySnapshot {
                    key: k,
                    arrangement,
                    lot: None,
                    service,
                    as_at,
                    period_start: None,
                    packages: Some(packages as u32),
                    people: Some(people as u32),
                    hours_per_week: Some(hours(per_package * Decimal::from(packages))),
                    brokerage_hours_per_week: Some(hours(Decimal::new(rng.range(500, 9000), 1))),
                    average_package_hours: Some(hours(per_package)),
                    live_in_packages: None,
                    visits: None,
                }
            };
        let mut d = self.first_day;
        while d <= self.last_day {
            s.put(snapshot(key(format!("ACT-ALL-{d}")), None, ServiceType::HomeCare, d, 4000, week))?;
            d = plus(d, 7);
            week += 1;
        }
        for (a, ap) in self.arrangements.iter().enumerate() {
            let end = ap.term.current_end().min(self.last_day);
            let mut d = ap.term.start;
            while d <= end {
                let idx = 1_000_000 * (a as u64 + 1) + week;
                s.put(snapshot(
                    key(format!("ACT-{a:03}-{d}")),
                    Some(self.arrangement_key(a)),
                    ap.service,
                    d,
                    300,
                    idx,
                ))?;
                d = plus(d, 7);
                week += 1;
            }
        }
        Ok(())
    }

    /// Monthly spend for each arrangement over its term (within the period).
    pub(super) fn spend<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        for (a, ap) in self.arrangements.iter().enumerate() {
            let end = ap.term.current_end().min(self.last_day);
            let mut start = ap.term.start;
            let mut m = 0u64;
            while start <= end {
                let period_end = month_end(start).min(end);
                let mut rng = self.rng(S_SPEND, a as u64 * 1000 + m);
                s.put(SpendEntry {
                    key: key(format!("SPN-{a:03}-{}-{:02}", start.year(), start.month())),
                    arrangement: self.arrangement_key(a),
                    period_start: start,
                    period_end,
                    amount: money(rng.range(150_000, 900_000) * 100 + rng.range(0, 99)),
                    note: (start.day() != 1 || period_end != month_end(start)).then(|| "Part month.".to_owned()),
                })?;
                start = plus(period_end, 1);
                m += 1;
            }
        }
        Ok(())
    }
}
