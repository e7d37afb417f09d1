//! Synthetic data sets in the dataset format (docs/data-format.md), deterministic from a seed: a
//! decade of a large county for benchmarks, and the same shape at about a hundredth for tests.
//!
//! Every record passes the domain's checks: evaluators declare their interests before marking,
//! compliant bids carry a result for every gate and prices on the round's basis, marks lie within
//! their scale with a justification, timetables run in order, keys and natural keys are unique.
//! Names of people, places and companies are invented.
//!
//! The large set holds 1.5 million marks, so [`write`] streams it straight to a writer in the
//! exact bytes `tenderdesk export` would write for the same records (pretty JSON, two-space
//! indent): generate → import → export gives the file back unchanged. Each record's random
//! choices come from a generator seeded by (seed, kind, record number), so records need not be
//! held in memory to stay consistent with one another, and the same seed always gives the same
//! bytes. The generator is a SplitMix64 written here rather than a crate's, so that the bytes do
//! not change when a dependency does.

use std::io::{self, Write};
use std::str::FromStr;

use tenderdesk_domain::dataset::{FORMAT, FORMAT_VERSION};
use tenderdesk_domain::*;

mod plan;
mod rng;
mod sink;
mod values;
mod words;

use plan::Plan;
use sink::{Collect, JsonSink};

/// How big a data set to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About a hundredth of `Large`, for tests: quick to make and import.
    Small,
    /// A decade of a large county: 3,000 providers, 40 arrangements of 15 lots with 10 zones,
    /// 1,000 rounds of 25 bids marked by 5 evaluators on 12 questions (1.5 million marks).
    Large,
}

impl FromStr for Scale {
    type Err = String;
    fn from_str(s: &str) -> Result<Scale, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" => Ok(Scale::Small),
            "large" => Ok(Scale::Large),
            _ => Err(format!("\"{s}\" is not a scale; the scales are: small, large")),
        }
    }
}

/// The numbers that make a data set's size. Rounds are mini-competitions on one lot among the
/// providers admitted to it, so `admitted_per_lot` must be at least `bids_per_round`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub providers: usize,
    pub arrangements: usize,
    pub lots_per_arrangement: usize,
    pub zones_per_lot: usize,
    pub admitted_per_lot: usize,
    pub rounds: usize,
    pub bids_per_round: usize,
    pub evaluators_per_round: usize,
    /// Scored questions per round: all but two are quality questions, two are interview ones.
    pub questions: usize,
    /// Contracts in all: one per award place, the rest called off without a competition.
    pub contracts: usize,
    /// Weekly activity snapshots for each arrangement and for the whole service, and monthly
    /// spend, over this many years from 1 April 2016.
    pub years: u32,
}

impl Shape {
    pub fn of(scale: Scale) -> Shape {
        match scale {
            Scale::Large => Shape {
                providers: 3_000,
                arrangements: 40,
                lots_per_arrangement: 15,
                zones_per_lot: 10,
                admitted_per_lot: 30,
                rounds: 1_000,
                bids_per_round: 25,
                evaluators_per_round: 5,
                questions: 12,
                contracts: 20_000,
                years: 10,
            },
            Scale::Small => Shape {
                providers: 40,
                arrangements: 2,
                lots_per_arrangement: 3,
                zones_per_lot: 4,
                admitted_per_lot: 30,
                rounds: 10,
                bids_per_round: 25,
                evaluators_per_round: 5,
                questions: 12,
                contracts: 200,
                years: 2,
            },
        }
    }

    /// The marks the shape makes: every evaluator marks every question of every bid.
    pub fn marks(&self) -> usize {
        self.rounds * self.bids_per_round * self.evaluators_per_round * self.questions
    }

    pub(crate) fn check(&self) -> Result<(), String> {
        let positive = [
            self.providers,
            self.arrangements,
            self.lots_per_arrangement,
            self.zones_per_lot,
            self.admitted_per_lot,
            self.bids_per_round,
            self.evaluators_per_round,
        ];
        if positive.contains(&0) || self.years == 0 {
            return Err("every number of the shape but rounds and contracts must be at least 1".into());
        }
        if self.admitted_per_lot > self.providers || self.bids_per_round > self.admitted_per_lot {
            return Err("bids per round ≤ providers admitted per lot ≤ providers".into());
        }
        if !(3..=99).contains(&self.questions) || self.evaluators_per_round > 99 || self.bids_per_round > 999 {
            return Err("questions 3 to 99, at most 99 evaluators and 999 bids per round".into());
        }
        if self.arrangements > 999 || self.lots_per_arrangement > 99 || self.zones_per_lot > 99 {
            return Err("at most 999 arrangements of 99 lots of 99 zones".into());
        }
        if self.contracts < self.rounds * 3 {
            return Err("contracts must be at least three times the rounds (one per award place)".into());
        }
        Ok(())
    }
}

/// The whole data set in memory (fine for `Small`; `Large` is better streamed with [`write`]).
pub fn generate(scale: Scale, seed: u64) -> Dataset {
    generate_shape(&Shape::of(scale), seed).expect("the built-in shapes are consistent")
}

/// A data set of any consistent shape, in memory.
pub fn generate_shape(shape: &Shape, seed: u64) -> Result<Dataset, String> {
    let plan = Plan::new(shape, seed)?;
    let mut sink = Collect(Dataset::default());
    plan.emit(&mut sink).map_err(|e| e.to_string())?;
    Ok(sink.0)
}

/// Writes a data set of the shape to `out`, record by record, as the dataset document; returns
/// how many records of each kind it wrote.
pub fn write(shape: &Shape, seed: u64, out: impl Write) -> io::Result<Vec<(Kind, usize)>> {
    let plan = Plan::new(shape, seed).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let mut sink = JsonSink { out: io::BufWriter::with_capacity(1 << 20, out), count: 0, counts: Vec::new() };
    sink.out
        .write_all(format!("{{\n  \"format\": \"{FORMAT}\",\n  \"format_version\": {FORMAT_VERSION}").as_bytes())?;
    plan.emit(&mut sink)?;
    sink.out.write_all(b"\n}\n")?;
    sink.out.flush()?;
    Ok(sink.counts)
}
