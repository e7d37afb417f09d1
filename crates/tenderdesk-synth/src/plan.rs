//! The plan: what must agree between kinds of record (each arrangement's term, the providers
//! admitted to each lot, each round's lot and date), computed once; everything else comes from the
//! generator, record by record, in the modules below, one per part of the data set.

use std::io;

use chrono::{Datelike, NaiveDate};
use tenderdesk_domain::*;

use crate::rng::{Rng, S_ADMIT, S_ARRANGEMENT, S_ROUND};
use crate::sink::Sink;
use crate::values::{date, plus};
use crate::Shape;

mod activity;
mod arrangements;
mod awards;
mod contracts;
mod marks;
mod providers;
mod rounds;

const FIRST_DAY: (i32, u32, u32) = (2016, 4, 1);

struct ArrPlan {
    kind: ArrangementKind,
    service: ServiceType,
    regime: Regime,
    term: Term,
    /// The days of the initial term.
    initial_days: i64,
}

struct RoundPlan {
    arrangement: usize,
    /// Global lot number (arrangement × lots per arrangement + lot).
    lot: usize,
    published: NaiveDate,
    zone_basket: bool,
    places: usize,
}

pub(crate) struct Plan {
    shape: Shape,
    seed: u64,
    first_day: NaiveDate,
    last_day: NaiveDate,
    arrangements: Vec<ArrPlan>,
    /// The providers admitted to each lot (by global lot number), in admission order.
    admitted: Vec<Vec<usize>>,
    rounds: Vec<RoundPlan>,
}

impl ArrPlan {
    /// Arrangement `a`: starts spread over the first half of the period; four years, then two
    /// options of a year, exercised while their decision falls within the period.
    fn new(shape: &Shape, seed: u64, a: usize, first_day: NaiveDate, last_day: NaiveDate) -> ArrPlan {
        let span = (last_day - first_day).num_days();
        let mut rng = Rng::new(seed, S_ARRANGEMENT, a as u64);
        let start = plus(first_day, (span / 2) * a as i64 / shape.arrangements as i64);
        let initial_end = plus(date(start.year() + 4, start.month(), start.day()), -1);
        let mut period_end = initial_end;
        let mut options = Vec::new();
        let mut open = false;
        for _ in 0..2 {
            let decide_by = plus(period_end, -180);
            let exercised = !open && decide_by < last_day;
            open |= !exercised;
            options.push(ExtensionOption {
                months: 12,
                decide_by,
                status: if exercised { OptionStatus::Exercised } else { OptionStatus::Available },
                decided_on: exercised.then(|| plus(decide_by, -21)),
                decided_by: exercised.then(|| "Director of Adult Social Care".to_owned()),
            });
            period_end = common::add_months_to_end(period_end, 12);
        }
        let term = Term { start, initial_end, extension_options: options, maximum_end: Some(period_end) };
        let kind = *rng.pick(&[
            ArrangementKind::ClosedFramework,
            ArrangementKind::OpenFramework,
            ArrangementKind::DynamicPurchasingSystem,
        ]);
        let service = *rng.pick(&[
            ServiceType::HomeCare,
            ServiceType::HomeCare,
            ServiceType::SupportedLivingLearningAndPhysicalDisabilities,
            ServiceType::SupportedLivingMentalHealth,
            ServiceType::LiveInCare,
        ]);
        let regime = if start >= date(2025, 2, 24) { Regime::ProcurementAct2023 } else { Regime::Pcr2015LightTouch };
        ArrPlan { kind, service, regime, initial_days: (initial_end - start).num_days(), term }
    }
}

/// The providers admitted to each lot: a run through the pool with a stride coprime to its size,
/// so that the providers of a lot are distinct.
fn admitted(shape: &Shape, seed: u64) -> Vec<Vec<usize>> {
    let n = shape.providers;
    let stride = [7usize, 11, 13, 17, 19, 23, 1].into_iter().find(|s| gcd(*s, n) == 1).unwrap_or(1);
    let lots = shape.arrangements * shape.lots_per_arrangement;
    (0..lots)
        .map(|l| {
            let offset = Rng::new(seed, S_ADMIT, l as u64).below(n as u64) as usize;
            (0..shape.admitted_per_lot).map(|j| (offset + j * stride) % n).collect()
        })
        .collect()
}

/// The rounds, taken by the arrangements in turn, each on the next of its lots, spaced over the
/// arrangement's initial term.
fn round_plans(shape: &Shape, seed: u64, arrangements: &[ArrPlan]) -> Vec<RoundPlan> {
    let a_count = shape.arrangements;
    let per_arrangement = shape.rounds.div_ceil(a_count).max(1);
    (0..shape.rounds)
        .map(|r| {
            let (a, k) = (r % a_count, r / a_count);
            let ap = &arrangements[a];
            let mut rng = Rng::new(seed, S_ROUND, r as u64);
            let spacing = (ap.initial_days - 250).max(per_arrangement as i64) / per_arrangement as i64;
            RoundPlan {
                arrangement: a,
                lot: a * shape.lots_per_arrangement + k % shape.lots_per_arrangement,
                published: plus(ap.term.start, 60 + k as i64 * spacing + rng.range(0, spacing / 3)),
                zone_basket: rng.chance(25),
                places: rng.range(1, 3) as usize,
            }
        })
        .collect()
}

impl Plan {
    pub(crate) fn new(shape: &Shape, seed: u64) -> Result<Plan, String> {
        shape.check()?;
        let first_day = date(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
        let last_day = plus(date(FIRST_DAY.0 + shape.years as i32, FIRST_DAY.1, FIRST_DAY.2), -1);
        let arrangements: Vec<ArrPlan> =
            (0..shape.arrangements).map(|a| ArrPlan::new(shape, seed, a, first_day, last_day)).collect();
        let admitted = admitted(shape, seed);
        let rounds = round_plans(shape, seed, &arrangements);
        Ok(Plan { shape: shape.clone(), seed, first_day, last_day, arrangements, admitted, rounds })
    }

    fn rng(&self, stream: u64, index: u64) -> Rng {
        Rng::new(self.seed, stream, index)
    }

    pub(crate) fn emit<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        s.begin(Kind::Authority)?;
        s.put(self.authority())?;
        s.end()?;
        self.list(s, Kind::Providers, |p, s| (0..p.shape.providers).try_for_each(|i| s.put(p.provider(i))))?;
        self.list(s, Kind::Arrangements, |p, s| (0..p.arrangements.len()).try_for_each(|a| s.put(p.arrangement(a))))?;
        self.list(s, Kind::Lots, |p, s| (0..p.admitted.len()).try_for_each(|l| s.put(p.lot(l))))?;
        self.list(s, Kind::Openings, |p, s| p.openings(s))?;
        self.list(s, Kind::Admissions, |p, s| p.admissions(s))?;
        self.list(s, Kind::Rounds, |p, s| (0..p.rounds.len()).try_for_each(|r| s.put(p.round(r))))?;
        self.list(s, Kind::Submissions, |p, s| {
            (0..p.rounds.len()).try_for_each(|r| p.bids(r).into_iter().try_for_each(|b| s.put(b)))
        })?;
        self.list(s, Kind::Evaluators, |p, s| {
            (0..p.rounds.len())
                .try_for_each(|r| (0..p.shape.evaluators_per_round).try_for_each(|e| s.put(p.evaluator(r, e))))
        })?;
        self.list(s, Kind::Marks, |p, s| (0..p.rounds.len()).try_for_each(|r| p.marks(r, s)))?;
        self.list(s, Kind::ModeratedMarks, |p, s| (0..p.rounds.len()).try_for_each(|r| p.moderated(r, s)))?;
        self.list(s, Kind::Awards, |p, s| (0..p.rounds.len()).try_for_each(|r| s.put(p.award(r))))?;
        self.list(s, Kind::Contracts, |p, s| p.contracts(s))?;
        self.list(s, Kind::Activity, |p, s| p.activity(s))?;
        self.list(s, Kind::Spend, |p, s| p.spend(s))?;
        Ok(())
    }

    fn list<S: Sink>(&self, s: &mut S, kind: Kind, f: impl FnOnce(&Plan, &mut S) -> io::Result<()>) -> io::Result<()> {
        s.begin(kind)?;
        f(self, s)?;
        s.end()
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
