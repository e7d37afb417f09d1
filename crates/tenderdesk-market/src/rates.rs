//! Rates paid: lowest, highest, simple average and hours-weighted average — overall, per zone,
//! rural against urban, per arrangement — from contracts in force and from lots' rate cards.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use tenderdesk_domain::*;

use crate::activity::family;
use crate::contracts::contract_status_as_at;
use crate::fmt::{round_dp, to_money};
use crate::term::StatusAsAt;

/// One hourly rate, with the hours per week it applies to where known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateObservation {
    /// "contract" or "rate card".
    pub source: String,
    pub arrangement: String,
    pub lot: Option<String>,
    pub contract: Option<String>,
    pub provider: Option<String>,
    pub service: String,
    /// "Standard hour", "Waking support", "Sleep-in"…
    pub name: String,
    pub zone: Option<String>,
    pub zone_name: Option<String>,
    pub setting: Option<Setting>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub hourly: Money,
    /// The weight: hours per week at this rate, where known.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub hours: Option<Decimal>,
}

/// Statistics of a set of hourly rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateStats {
    pub count: u32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub lowest: Money,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub highest: Money,
    /// Σ rate ÷ count, exact.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub simple_average_exact: Decimal,
    /// The same, rounded half-up to the penny.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub simple_average: Money,
    /// Σ (rate × hours) ÷ Σ hours over the rates whose hours are known, rounded half-up to the penny.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub weighted_average: Option<Money>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub weighted_average_exact: Option<Decimal>,
    /// Σ hours of the weighted rates, and how many rates had hours.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub weighted_hours: Option<Decimal>,
    pub weighted_count: u32,
}

/// Lowest, highest, simple and hours-weighted average of some rates; None for none.
pub fn rate_stats(obs: &[&RateObservation]) -> Option<RateStats> {
    let lowest = obs.iter().map(|o| o.hourly).min()?;
    let highest = obs.iter().map(|o| o.hourly).max()?;
    let n = Decimal::from(obs.len() as u64);
    let sum: Decimal = obs.iter().map(|o| o.hourly.as_decimal()).sum();
    let simple = sum / n;
    let weighted: Vec<(Decimal, Decimal)> =
        obs.iter().filter_map(|o| o.hours.filter(|h| *h > Decimal::ZERO).map(|h| (o.hourly.as_decimal(), h))).collect();
    let hours: Decimal = weighted.iter().map(|(_, h)| *h).sum();
    let w =
        if hours > Decimal::ZERO { Some(weighted.iter().map(|(r, h)| r * h).sum::<Decimal>() / hours) } else { None };
    Some(RateStats {
        count: obs.len() as u32,
        lowest,
        highest,
        simple_average_exact: round_dp(simple, 6),
        simple_average: to_money(simple),
        weighted_average: w.map(to_money),
        weighted_average_exact: w.map(|w| round_dp(w, 6)),
        weighted_hours: (hours > Decimal::ZERO).then_some(hours),
        weighted_count: weighted.len() as u32,
    })
}

/// Statistics under a label (a zone, a setting, an arrangement).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelledStats {
    pub label: String,
    pub stats: RateStats,
}

/// The rates of one source, service family and rate name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatesGroup {
    pub source: String,
    pub service: String,
    pub name: String,
    pub overall: RateStats,
    pub by_arrangement: Vec<LabelledStats>,
    pub by_zone: Vec<LabelledStats>,
    pub by_setting: Vec<LabelledStats>,
    /// What the hours-weighted average is weighted by.
    pub weights_from: String,
    pub observations: Vec<RateObservation>,
}

/// An uplift on a lot's standard rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnhancementLine {
    pub arrangement: String,
    pub lot: String,
    pub lot_title: String,
    pub name: String,
    /// "50 % on the hourly rate" or "£1.50 an hour".
    pub uplift: String,
}

/// A weekly live-in rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiveInRate {
    pub arrangement: String,
    pub lot: Option<String>,
    pub contract: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub weekly: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatesReport {
    pub as_of: NaiveDate,
    pub arrangements: Vec<String>,
    pub groups: Vec<RatesGroup>,
    pub enhancements: Vec<EnhancementLine>,
    pub live_in: Vec<LiveInRate>,
}

/// The name rates are grouped by: the name up to any note in brackets, so that "Standard hour
/// (consolidated rate)" counts with "Standard hour".
pub fn rate_name(name: &str) -> String {
    name.split('(').next().unwrap_or(name).trim().to_owned()
}

pub fn uplift_text(u: &Uplift) -> String {
    match u {
        Uplift::Percent(p) => format!("{p} % on the hourly rate"),
        Uplift::PerHour(m) => format!("{} an hour", crate::fmt::pounds(*m)),
    }
}

/// Every hourly rate in force on `as_of` for the arrangements in `scope` (None: all).
///
/// Contract rates: per-hour rates of contracts active or extended on the date. Their weight is the
/// hours per week the provider said it could take on the lot (its admission's capacity), shared
/// equally among the zones the contract prices; without a capacity they count in the range and
/// simple average only. Rate-card rates: each zone rate (or the lot's one standard rate) of the lots
/// of arrangements running on the date, weighted by the zone's expected hours per week.
pub fn observations(ds: &Dataset, as_of: NaiveDate, scope: Option<&[Key]>) -> Vec<RateObservation> {
    let in_scope = |k: &Key| scope.is_none_or(|s| s.contains(k));
    // Looked up once per contract: indexed once here (the first of each key, as a search finds).
    let mut lots: HashMap<&Key, &Lot> = HashMap::with_capacity(ds.lots.len());
    for l in &ds.lots {
        lots.entry(&l.key).or_insert(l);
    }
    let mut admissions: HashMap<(&Key, &Key), &Admission> = HashMap::with_capacity(ds.admissions.len());
    for a in &ds.admissions {
        admissions.entry((&a.lot, &a.provider)).or_insert(a);
    }
    let lot = |k: &Key| lots.get(k).copied();
    let mut out = Vec::new();
    for c in ds.contracts.iter().filter(|c| in_scope(&c.arrangement)) {
        if !matches!(contract_status_as_at(c, as_of), StatusAsAt::Active | StatusAsAt::Extended) {
            continue;
        }
        let l = c.lot.as_ref().and_then(&lot);
        let service = l.map(|l| l.service).or_else(|| {
            ds.arrangements.iter().find(|a| a.key == c.arrangement).and_then(|a| a.services.first().copied())
        });
        let hourly: Vec<&ContractRate> = c.rates.iter().filter(|r| r.unit == RateUnit::PerHour).collect();
        let capacity = l.and_then(|l| admissions.get(&(&l.key, &c.provider)).and_then(|a| a.capacity_hours_per_week));
        let zoned = hourly.iter().filter(|r| r.zone.is_some()).count().max(1);
        for r in hourly {
            let zone = r.zone.as_ref().and_then(|z| l.and_then(|l| l.zone(z)));
            out.push(RateObservation {
                source: "contract".into(),
                arrangement: c.arrangement.to_string(),
                lot: c.lot.as_ref().map(|k| k.to_string()),
                contract: Some(c.key.to_string()),
                provider: Some(c.provider.to_string()),
                service: service.map(family).unwrap_or(ServiceType::Other).label().to_owned(),
                name: rate_name(&r.name),
                zone: r.zone.clone(),
                zone_name: zone.map(|z| z.name.clone()),
                setting: zone.map(|z| z.setting),
                hourly: r.amount,
                hours: capacity.map(|h| h.value() / Decimal::from(zoned as u64)),
            });
        }
    }
    for a in ds.arrangements.iter().filter(|a| in_scope(&a.key)) {
        let status = crate::contracts::arrangement_status_as_at(a, as_of);
        if !matches!(status, StatusAsAt::Active | StatusAsAt::Extended) {
            continue;
        }
        for l in ds.lots.iter().filter(|l| l.arrangement == a.key) {
            let base = |zone: Option<&Zone>, hourly: Money| RateObservation {
                source: "rate card".into(),
                arrangement: a.key.to_string(),
                lot: Some(l.key.to_string()),
                contract: None,
                provider: None,
                service: family(l.service).label().to_owned(),
                name: "Standard hour".into(),
                zone: zone.map(|z| z.code.clone()),
                zone_name: zone.map(|z| z.name.clone()),
                setting: zone.map(|z| z.setting),
                hourly,
                hours: zone.and_then(|z| z.expected_hours_per_week).map(|h| h.value()),
            };
            for zr in &l.rate_card.zone_rates {
                out.push(base(l.zone(&zr.zone), zr.hourly));
            }
            if let Some(s) = l.rate_card.standard_hourly {
                if l.zones.is_empty() {
                    out.push(base(None, s));
                }
                for z in l.zones.iter().filter(|z| !l.rate_card.zone_rates.iter().any(|r| r.zone == z.code)) {
                    out.push(base(Some(z), s));
                }
            }
            for n in l.rate_card.named_rates.iter().filter(|n| n.unit == RateUnit::PerHour) {
                let mut o = base(None, n.amount);
                o.name = rate_name(&n.name);
                out.push(o);
            }
        }
    }
    out
}

/// Groups rates by source, service family and rate name, with statistics overall, per arrangement,
/// per zone and per setting; lists the enhancements and live-in rates of the arrangements in scope.
pub fn rates_report(ds: &Dataset, as_of: NaiveDate, scope: Option<&[Key]>) -> RatesReport {
    let obs = observations(ds, as_of, scope);
    // Each (source, service, name) with its observations in the order they were made; one pass,
    // so a whole council's observations are not filtered once per group.
    let mut grouped: BTreeMap<(&str, &str, &str), Vec<&RateObservation>> = BTreeMap::new();
    for o in &obs {
        grouped.entry((o.source.as_str(), o.service.as_str(), o.name.as_str())).or_default().push(o);
    }
    let groups: Vec<RatesGroup> = grouped
        .into_iter()
        .filter_map(|((source, service, name), of)| rates_group(source, service, name, of))
        .collect();
    let in_scope = |k: &Key| scope.is_none_or(|s| s.contains(k));
    let running: Vec<&Arrangement> = ds
        .arrangements
        .iter()
        .filter(|a| in_scope(&a.key))
        .filter(|a| {
            matches!(crate::contracts::arrangement_status_as_at(a, as_of), StatusAsAt::Active | StatusAsAt::Extended)
        })
        .collect();
    let (enhancements, mut live_in) = rate_card_extras(ds, &running);
    for c in ds.contracts.iter().filter(|c| in_scope(&c.arrangement)) {
        if !matches!(contract_status_as_at(c, as_of), StatusAsAt::Active | StatusAsAt::Extended) {
            continue;
        }
        for r in c.rates.iter().filter(|r| r.unit == RateUnit::PerWeek) {
            live_in.push(LiveInRate {
                arrangement: c.arrangement.to_string(),
                lot: c.lot.as_ref().map(|k| k.to_string()),
                contract: Some(c.key.to_string()),
                weekly: r.amount,
            });
        }
    }
    RatesReport {
        as_of,
        arrangements: running.iter().map(|a| a.key.to_string()).collect(),
        groups,
        enhancements,
        live_in,
    }
}

/// One group's statistics overall, per arrangement, per zone and per setting; None when its rates
/// give no statistics.
fn rates_group(source: &str, service: &str, name: &str, of: Vec<&RateObservation>) -> Option<RatesGroup> {
    let overall = rate_stats(&of)?;
    let by = |label: &dyn Fn(&RateObservation) -> Option<String>| -> Vec<LabelledStats> {
        let mut parts: BTreeMap<String, Vec<&RateObservation>> = BTreeMap::new();
        for o in &of {
            if let Some(l) = label(o) {
                parts.entry(l).or_default().push(o);
            }
        }
        parts
            .into_iter()
            .filter_map(|(l, part)| rate_stats(&part).map(|stats| LabelledStats { label: l, stats }))
            .collect()
    };
    let by_arrangement = by(&|o| Some(o.arrangement.clone()));
    let by_zone = by(&|o| {
        o.zone.as_ref().map(|z| match &o.zone_name {
            Some(n) => format!("{} {z} {n}", o.lot.clone().unwrap_or_default()),
            None => z.clone(),
        })
    });
    let by_setting = by(&|o| o.setting.map(|s| s.label().to_owned()));
    Some(RatesGroup {
        weights_from: if source == "contract" {
            "the hours per week each provider said it could take on the lot, shared among the zones it prices".into()
        } else {
            "the expected hours per week of each zone".into()
        },
        source: source.to_owned(),
        service: service.to_owned(),
        name: name.to_owned(),
        overall,
        by_arrangement,
        by_zone,
        by_setting,
        observations: of.into_iter().cloned().collect(),
    })
}

/// The enhancements and weekly live-in rates on the rate cards of the lots of the running
/// arrangements.
fn rate_card_extras(ds: &Dataset, running: &[&Arrangement]) -> (Vec<EnhancementLine>, Vec<LiveInRate>) {
    let mut enhancements = Vec::new();
    let mut live_in = Vec::new();
    for a in running {
        for l in ds.lots.iter().filter(|l| l.arrangement == a.key) {
            for e in &l.rate_card.enhancements {
                enhancements.push(EnhancementLine {
                    arrangement: a.key.to_string(),
                    lot: l.key.to_string(),
                    lot_title: format!("Lot {} {}", l.number, l.title),
                    name: e.name.clone(),
                    uplift: uplift_text(&e.uplift),
                });
            }
            if let Some(w) = l.rate_card.live_in_weekly {
                live_in.push(LiveInRate {
                    arrangement: a.key.to_string(),
                    lot: Some(l.key.to_string()),
                    contract: None,
                    weekly: w,
                });
            }
        }
    }
    (enhancements, live_in)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(hourly: &str, hours: Option<&str>) -> RateObservation {
        RateObservation {
            source: "contract".into(),
            arrangement: "A".into(),
            lot: None,
            contract: None,
            provider: None,
            service: "Home care".into(),
            name: "Standard hour".into(),
            zone: None,
            zone_name: None,
            setting: None,
            hourly: Money::parse(hourly).unwrap(),
            hours: hours.map(|h| h.parse().unwrap()),
        }
    }

    /// A worked example, by hand: rates £19.44 (100 hours a week), £21.60 (50 hours) and £26.66
    /// (hours unknown). Lowest £19.44, highest £26.66. Simple average (19.44 + 21.60 + 26.66) ÷ 3
    /// = 67.70 ÷ 3 = 22.5666… → £22.57. Hours-weighted (19.44 × 100 + 21.60 × 50) ÷ 150
    /// = (1,944 + 1,080) ÷ 150 = 3,024 ÷ 150 = £20.16; the third rate has no hours and no weight.
    #[test]
    fn worked_example() {
        let o = [obs("19.44", Some("100")), obs("21.60", Some("50")), obs("26.66", None)];
        let s = rate_stats(&o.iter().collect::<Vec<_>>()).unwrap();
        assert_eq!(s.count, 3);
        assert_eq!(s.lowest, Money::parse("19.44").unwrap());
        assert_eq!(s.highest, Money::parse("26.66").unwrap());
        assert_eq!(s.simple_average, Money::parse("22.57").unwrap());
        assert_eq!(s.simple_average_exact.to_string(), "22.566667");
        assert_eq!(s.weighted_average, Some(Money::parse("20.16").unwrap()));
        assert_eq!(s.weighted_hours, Some(Decimal::from(150)));
        assert_eq!(s.weighted_count, 2);
    }

    /// Halves round up: (20.87 + 20.90) ÷ 2 = 20.885 → £20.89; weighted (20.87 × 1 + 20.88 × 1) ÷ 2
    /// = 20.875 → £20.88.
    #[test]
    fn averages_round_half_up_to_the_penny() {
        let o = [obs("20.87", Some("1")), obs("20.90", None), obs("20.88", Some("1"))];
        let s = rate_stats(&o[..2].iter().collect::<Vec<_>>()).unwrap();
        assert_eq!(s.simple_average, Money::parse("20.89").unwrap());
        let w = rate_stats(&[&o[0], &o[2]]).unwrap();
        assert_eq!(w.weighted_average, Some(Money::parse("20.88").unwrap()));
        assert!(rate_stats(&[]).is_none());
    }
}
