//! Activity as at a date: the latest snapshot of each arrangement (and lot), and totals per service
//! on the framework, off it, and overall — the shape of seed 001's answer.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use tenderdesk_domain::*;

use crate::contracts::arrangement_status_as_at;
use crate::term::StatusAsAt;

/// How work reaches providers: through a framework, a dynamic purchasing system, or off them
/// (spot, block and standalone contracts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Total,
    Framework,
    Dps,
    OffFramework,
}

impl Channel {
    pub fn of(kind: ArrangementKind) -> Channel {
        match kind {
            ArrangementKind::ClosedFramework | ArrangementKind::OpenFramework => Channel::Framework,
            ArrangementKind::DynamicPurchasingSystem => Channel::Dps,
            _ => Channel::OffFramework,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Total => "Total",
            Channel::Framework => "Framework",
            Channel::Dps => "Dynamic purchasing system",
            Channel::OffFramework => "Off framework",
        }
    }
}

/// The families FOI answers are given in: home care, supported living (every client group), or a
/// service on its own.
pub fn family(s: ServiceType) -> ServiceType {
    match s {
        ServiceType::SupportedLiving
        | ServiceType::SupportedLivingLearningAndPhysicalDisabilities
        | ServiceType::SupportedLivingMentalHealth => ServiceType::SupportedLiving,
        other => other,
    }
}

/// One snapshot, the latest of its arrangement, lot and service as at the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityRow {
    pub snapshot: String,
    pub arrangement: Option<String>,
    pub arrangement_title: Option<String>,
    pub lot: Option<String>,
    /// The service family ("Home care", "Supported living").
    pub service: String,
    pub channel: Channel,
    pub as_at: NaiveDate,
    pub period_start: Option<NaiveDate>,
    pub packages: Option<u32>,
    pub people: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub hours_per_week: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub brokerage_hours_per_week: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub average_package_hours: Option<Decimal>,
    pub live_in_packages: Option<u32>,
    /// Visits of 15, 30, 45 and 60 minutes, where recorded.
    pub visits: Option<Vec<u32>>,
}

/// A total for one service and channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityTotal {
    pub service: String,
    pub channel: Channel,
    /// The earliest and latest dates of the figures added up.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub packages: Option<u32>,
    pub people: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub hours_per_week: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub brokerage_hours_per_week: Option<Decimal>,
    pub live_in_packages: Option<u32>,
    /// "recorded" when a whole-service snapshot gives the total (people counted once), "added up"
    /// when the rows are summed (a person served under two arrangements may be counted twice).
    pub source: String,
    /// The snapshots it comes from.
    pub snapshots: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityReport {
    pub as_of: NaiveDate,
    pub rows: Vec<ActivityRow>,
    pub totals: Vec<ActivityTotal>,
}

/// The activity as at `as_of` over the arrangements in `scope` (None: all). A row is the latest
/// snapshot (as_at on or before the date) of each arrangement, lot and service family, for
/// arrangements that had started by the date and had not ended before the snapshot was taken.
///
/// Totals per service family: Framework, Dynamic purchasing system and Off framework add up their
/// rows. Total is a whole-service snapshot (one without an arrangement) when there is one dated the
/// same day as every row of that service and every arrangement with a row that day is in scope;
/// otherwise the rows added up.
pub fn activity_report(ds: &Dataset, as_of: NaiveDate, scope: Option<&[Key]>) -> ActivityReport {
    let in_scope = |k: &Key| scope.is_none_or(|s| s.contains(k));
    let arrangement = |k: &Key| ds.arrangements.iter().find(|a| &a.key == k);
    let mut latest: Vec<&ActivitySnapshot> = Vec::new();
    for s in ds.activity.iter().filter(|s| s.as_at <= as_of) {
        let Some(a) = s.arrangement.as_ref() else { continue };
        if !in_scope(a) {
            continue;
        }
        if let Some(arr) = arrangement(a) {
            let status = arrangement_status_as_at(arr, as_of);
            let ended_before = status == StatusAsAt::Expired && arr.term.current_end() < s.as_at;
            if status == StatusAsAt::Pending || ended_before {
                continue;
            }
        }
        let same = |o: &&ActivitySnapshot| {
            o.arrangement == s.arrangement && o.lot == s.lot && family(o.service) == family(s.service)
        };
        match latest.iter().position(same) {
            Some(i) if latest[i].as_at < s.as_at => latest[i] = s,
            Some(_) => {}
            None => latest.push(s),
        }
    }
    let rows: Vec<ActivityRow> = latest
        .iter()
        .map(|s| {
            let arr = s.arrangement.as_ref().and_then(&arrangement);
            row(s, arr)
        })
        .collect();
    let mut totals = Vec::new();
    let mut families: Vec<ServiceType> = latest.iter().map(|s| family(s.service)).collect();
    families.sort();
    families.dedup();
    for fam in families {
        let of: Vec<&ActivityRow> = rows.iter().filter(|r| r.service == fam.label()).collect();
        let mut parts = Vec::new();
        for ch in [Channel::Framework, Channel::Dps, Channel::OffFramework] {
            let part: Vec<&ActivityRow> = of.iter().copied().filter(|r| r.channel == ch).collect();
            if !part.is_empty() {
                parts.push(add_up(fam, ch, &part));
            }
        }
        let whole = ds
            .activity
            .iter()
            .filter(|s| s.arrangement.is_none() && family(s.service) == fam && s.as_at <= as_of)
            .max_by_key(|s| s.as_at)
            .filter(|w| of.iter().all(|r| r.as_at == w.as_at))
            .filter(|w| {
                ds.activity
                    .iter()
                    .filter(|o| o.as_at == w.as_at && family(o.service) == fam)
                    .filter_map(|o| o.arrangement.as_ref())
                    .all(in_scope)
            });
        let total = match whole {
            Some(w) => {
                let r = row(w, None);
                ActivityTotal {
                    service: fam.label().to_owned(),
                    channel: Channel::Total,
                    from: w.as_at,
                    to: w.as_at,
                    packages: r.packages,
                    people: r.people,
                    hours_per_week: r.hours_per_week,
                    brokerage_hours_per_week: r.brokerage_hours_per_week,
                    live_in_packages: r.live_in_packages,
                    source: "recorded".into(),
                    snapshots: vec![w.key.to_string()],
                }
            }
            None => add_up(fam, Channel::Total, &of),
        };
        totals.push(total);
        totals.extend(parts);
    }
    ActivityReport { as_of, rows, totals }
}

fn row(s: &ActivitySnapshot, arr: Option<&Arrangement>) -> ActivityRow {
    ActivityRow {
        snapshot: s.key.to_string(),
        arrangement: s.arrangement.as_ref().map(|k| k.to_string()),
        arrangement_title: arr.map(|a| a.title.clone()),
        lot: s.lot.as_ref().map(|k| k.to_string()),
        service: family(s.service).label().to_owned(),
        channel: arr.map_or(Channel::Total, |a| Channel::of(a.kind)),
        as_at: s.as_at,
        period_start: s.period_start,
        packages: s.packages,
        people: s.people,
        hours_per_week: s.hours_per_week.map(|h| h.value()),
        brokerage_hours_per_week: s.brokerage_hours_per_week.map(|h| h.value()),
        average_package_hours: s.average_package_hours.map(|h| h.value()),
        live_in_packages: s.live_in_packages,
        visits: s.visits.as_ref().map(|v| vec![v.minutes_15, v.minutes_30, v.minutes_45, v.minutes_60]),
    }
}

fn sum_u32(rows: &[&ActivityRow], f: impl Fn(&ActivityRow) -> Option<u32>) -> Option<u32> {
    rows.iter().filter_map(|r| f(r)).fold(None, |acc, v| Some(acc.unwrap_or(0) + v))
}

fn sum_dec(rows: &[&ActivityRow], f: impl Fn(&ActivityRow) -> Option<Decimal>) -> Option<Decimal> {
    rows.iter().filter_map(|r| f(r)).fold(None, |acc, v| Some(acc.unwrap_or(Decimal::ZERO) + v))
}

fn add_up(fam: ServiceType, ch: Channel, rows: &[&ActivityRow]) -> ActivityTotal {
    ActivityTotal {
        service: fam.label().to_owned(),
        channel: ch,
        from: rows.iter().map(|r| r.as_at).min().unwrap_or(NaiveDate::MIN),
        to: rows.iter().map(|r| r.as_at).max().unwrap_or(NaiveDate::MIN),
        packages: sum_u32(rows, |r| r.packages),
        people: sum_u32(rows, |r| r.people),
        hours_per_week: sum_dec(rows, |r| r.hours_per_week),
        brokerage_hours_per_week: sum_dec(rows, |r| r.brokerage_hours_per_week),
        live_in_packages: sum_u32(rows, |r| r.live_in_packages),
        source: "added up".into(),
        snapshots: rows.iter().map(|r| r.snapshot.clone()).collect(),
    }
}
