//! The rates screen: per source, service and rate name, the range and averages of the hourly
//! rates paid, overall then by setting then by zone, every amount in integer pence. (The command
//! line and the FOI answers use the market's `RatesReport` itself.)

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_market::{RateStats, RatesGroup};

use crate::{Api, Result};

/// One line of a group's table: all its rates, or those of one setting or zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RateRow {
    /// "All", a setting ("Rural") or a zone.
    pub label: String,
    pub count: u32,
    #[ts(type = "number")]
    pub lowest_pence: i64,
    #[ts(type = "number")]
    pub highest_pence: i64,
    /// Σ rate ÷ count, rounded half-up to the penny.
    #[ts(type = "number")]
    pub simple_average_pence: i64,
    /// Σ (rate × hours) ÷ Σ hours, rounded half-up to the penny, where hours are known.
    #[ts(type = "number | null")]
    pub weighted_average_pence: Option<i64>,
}

/// The rates of one source, service family and rate name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RatesGroupView {
    /// "contract" or "rate card".
    pub source: String,
    pub service: String,
    pub name: String,
    /// What the hours-weighted average is weighted by.
    pub weights_from: String,
    /// All the rates first, then by setting, then by zone.
    pub rows: Vec<RateRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RatesView {
    pub as_of: NaiveDate,
    pub groups: Vec<RatesGroupView>,
}

fn row(label: &str, s: &RateStats) -> RateRow {
    RateRow {
        label: label.to_owned(),
        count: s.count,
        lowest_pence: s.lowest.pence(),
        highest_pence: s.highest.pence(),
        simple_average_pence: s.simple_average.pence(),
        weighted_average_pence: s.weighted_average.map(|m| m.pence()),
    }
}

fn group(g: &RatesGroup) -> RatesGroupView {
    let mut rows = vec![row("All", &g.overall)];
    rows.extend(g.by_setting.iter().chain(&g.by_zone).map(|l| row(&l.label, &l.stats)));
    RatesGroupView {
        source: g.source.clone(),
        service: g.service.clone(),
        name: g.name.clone(),
        weights_from: g.weights_from.clone(),
        rows,
    }
}

impl Api {
    /// The rates screen as at a date, for the arrangements named (none: every one running).
    pub fn rates_view(&self, as_of: NaiveDate, arrangements: &[String]) -> Result<RatesView> {
        let r = self.rates(as_of, arrangements)?;
        Ok(RatesView { as_of: r.as_of, groups: r.groups.iter().map(group).collect() })
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<RatesView>();
}
