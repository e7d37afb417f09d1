//! Coverage by zone: the providers admitted and active in each zone of each lot, their capacity
//! where known, the weakest zones flagged; and who joined a framework through which opening.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use tenderdesk_domain::*;

use crate::contracts::arrangement_status_as_at;
use crate::term::StatusAsAt;

/// One zone of a lot (or the whole lot, where it has no zones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ZoneCoverage {
    /// The zone code; None for a lot without zones.
    pub zone: Option<String>,
    pub name: String,
    pub setting: Option<Setting>,
    /// Providers admitted to the lot covering the zone by the date, whatever their status now.
    pub admitted: u32,
    /// Of those, the ones active on the date.
    pub active: u32,
    pub active_providers: Vec<String>,
    /// The hours per week the active providers covering the zone said they could take on, over
    /// every zone they cover (a provider's capacity is not split between its zones).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub capacity_hours_per_week: Option<Decimal>,
    /// How many active providers gave a capacity.
    pub capacity_known_for: u32,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub expected_hours_per_week: Option<Decimal>,
    /// 1 for the weakest zone of the arrangement.
    pub rank: u32,
    pub weakest: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LotCoverage {
    pub arrangement: String,
    pub lot: String,
    pub number: u32,
    pub title: String,
    pub zones: Vec<ZoneCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoverageReport {
    pub as_of: NaiveDate,
    pub lots: Vec<LotCoverage>,
    /// The weakest zones, as "Lot 1 N3 Harling Moor (2 active providers)".
    pub weakest: Vec<String>,
    /// The rule, in words.
    pub rule: String,
}

pub const WEAKEST_RULE: &str = "Within each arrangement, the zones are ranked by the number of providers admitted and \
active in them (fewest first), ties broken by the capacity those providers offered (least first). \
Every zone with the fewest active providers in its arrangement is flagged as weakest; so is any zone, or lot \
without zones, with none. Only arrangements running on the date are shown.";

fn admission_active(ad: &Admission, arrangement: Option<&Arrangement>, as_of: NaiveDate) -> bool {
    ad.status == AdmissionStatus::Active
        && ad.admitted_on <= as_of
        && ad.ends.is_none_or(|e| e >= as_of)
        && arrangement
            .is_none_or(|a| matches!(arrangement_status_as_at(a, as_of), StatusAsAt::Active | StatusAsAt::Extended))
}

/// Coverage as at a date of the lots with admissions (or `lot` only). The weakest zones are flagged
/// by [`WEAKEST_RULE`], over every lot of the arrangement even when one lot is asked for.
pub fn coverage(ds: &Dataset, as_of: NaiveDate, lot: Option<&Key>) -> CoverageReport {
    // Looked up once per lot and per admission: indexed once here rather than searched each time.
    let mut by_lot: HashMap<&Key, Vec<&Admission>> = HashMap::new();
    for a in ds.admissions.iter().filter(|a| a.admitted_on <= as_of) {
        by_lot.entry(&a.lot).or_default().push(a);
    }
    let mut providers: HashMap<&Key, &Provider> = HashMap::with_capacity(ds.providers.len());
    for p in &ds.providers {
        providers.entry(&p.key).or_insert(p);
    }
    let mut all: Vec<LotCoverage> = Vec::new();
    for l in &ds.lots {
        let ads: Vec<&Admission> = by_lot.get(&l.key).cloned().unwrap_or_default();
        if ads.is_empty() {
            continue;
        }
        let arr = ds.arrangements.iter().find(|a| a.key == l.arrangement);
        if arr.is_some_and(|a| !matches!(arrangement_status_as_at(a, as_of), StatusAsAt::Active | StatusAsAt::Extended))
        {
            continue;
        }
        let zones: Vec<Option<&Zone>> =
            if l.zones.is_empty() { vec![None] } else { l.zones.iter().map(Some).collect() };
        all.push(LotCoverage {
            arrangement: l.arrangement.to_string(),
            lot: l.key.to_string(),
            number: l.number,
            title: l.title.clone(),
            zones: zones.into_iter().map(|z| zone_coverage(z, &ads, arr, &providers, as_of)).collect(),
        });
    }
    rank_and_flag(&mut all);
    if let Some(k) = lot {
        all.retain(|l| l.lot == k.as_str());
    }
    let weakest = weakest_lines(&all);
    CoverageReport { as_of, lots: all, weakest, rule: WEAKEST_RULE.into() }
}

/// One zone of a lot (None: a lot without zones): the providers admitted to cover it, those
/// active on the date, and their capacity.
fn zone_coverage(
    z: Option<&Zone>,
    ads: &[&Admission],
    arr: Option<&Arrangement>,
    providers: &HashMap<&Key, &Provider>,
    as_of: NaiveDate,
) -> ZoneCoverage {
    let covers = |a: &&&Admission| match z {
        None => true,
        Some(z) => a.zones.is_empty() || a.zones.contains(&z.code),
    };
    let admitted: Vec<&&Admission> = ads.iter().filter(covers).collect();
    let active: Vec<&&Admission> = admitted.iter().copied().filter(|a| admission_active(a, arr, as_of)).collect();
    let caps: Vec<Decimal> = active.iter().filter_map(|a| a.capacity_hours_per_week.map(|h| h.value())).collect();
    let mut names: Vec<String> = active
        .iter()
        .map(|a| {
            providers.get(&a.provider).map(|p| p.display_name().to_owned()).unwrap_or_else(|| a.provider.to_string())
        })
        .collect();
    names.sort();
    ZoneCoverage {
        zone: z.map(|z| z.code.clone()),
        name: z.map(|z| z.name.clone()).unwrap_or_else(|| "Whole lot".into()),
        setting: z.map(|z| z.setting),
        admitted: admitted.len() as u32,
        active: active.len() as u32,
        active_providers: names,
        capacity_hours_per_week: (!caps.is_empty()).then(|| caps.iter().sum()),
        capacity_known_for: caps.len() as u32,
        expected_hours_per_week: z.and_then(|z| z.expected_hours_per_week).map(|h| h.value()),
        rank: 0,
        weakest: false,
    }
}

/// Ranks the zones within each arrangement, fewest active providers (then least capacity) first,
/// and flags the weakest by [`WEAKEST_RULE`].
fn rank_and_flag(all: &mut [LotCoverage]) {
    let mut arrangements: Vec<String> = all.iter().map(|l| l.arrangement.clone()).collect();
    arrangements.sort();
    arrangements.dedup();
    for a in arrangements {
        let mut cells: Vec<(usize, usize)> = Vec::new();
        for (li, l) in all.iter().enumerate().filter(|(_, l)| l.arrangement == a) {
            for (zi, z) in l.zones.iter().enumerate() {
                if z.zone.is_some() {
                    cells.push((li, zi));
                }
            }
        }
        let key = |&(li, zi): &(usize, usize)| {
            let z: &ZoneCoverage = &all[li].zones[zi];
            (z.active, z.capacity_hours_per_week.unwrap_or(Decimal::ZERO), all[li].number, zi)
        };
        cells.sort_by_key(key);
        let fewest = cells.first().map(|&(li, zi)| all[li].zones[zi].active).unwrap_or(0);
        for (rank, (li, zi)) in cells.into_iter().enumerate() {
            let z = &mut all[li].zones[zi];
            z.rank = rank as u32 + 1;
            z.weakest = z.active == fewest || z.active == 0;
        }
    }
    for l in all.iter_mut() {
        for z in l.zones.iter_mut().filter(|z| z.zone.is_none() && z.active == 0) {
            z.weakest = true;
        }
    }
}

/// "Lot 2 Z03 Ashford (1 active provider)" for each weakest zone.
fn weakest_lines(all: &[LotCoverage]) -> Vec<String> {
    let mut weakest = Vec::new();
    for l in all {
        for z in l.zones.iter().filter(|z| z.weakest) {
            weakest.push(format!(
                "Lot {} {}{} ({} active provider{})",
                l.number,
                z.zone.as_ref().map(|c| format!("{c} ")).unwrap_or_default(),
                z.name,
                z.active,
                if z.active == 1 { "" } else { "s" }
            ));
        }
    }
    weakest
}

/// Who joined through one opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpeningAdmissions {
    pub provider: String,
    pub provider_name: String,
    pub lot: String,
    pub lot_number: u32,
    pub admitted_on: NaiveDate,
    /// "active", "suspended" or "exited".
    pub status: String,
    pub ends: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpeningReport {
    pub arrangement: String,
    pub opening: String,
    pub number: u32,
    pub title: String,
    pub commencement: NaiveDate,
    /// The lots it was open for; empty means every lot.
    pub lots: Vec<String>,
    pub admitted: Vec<OpeningAdmissions>,
}

/// Every opening of the arrangements (or of `arrangement` only), in order, with who joined through it.
pub fn openings(ds: &Dataset, arrangement: Option<&Key>) -> Vec<OpeningReport> {
    // Admissions by opening, providers and lots by key: looked up, not searched, per admission.
    let mut by_opening: HashMap<&Key, Vec<&Admission>> = HashMap::new();
    for a in &ds.admissions {
        by_opening.entry(&a.opening).or_default().push(a);
    }
    let providers: HashMap<&Key, &Provider> = ds.providers.iter().map(|p| (&p.key, p)).collect();
    let lots: HashMap<&Key, &Lot> = ds.lots.iter().map(|l| (&l.key, l)).collect();
    let mut out: Vec<OpeningReport> = ds
        .openings
        .iter()
        .filter(|o| arrangement.is_none_or(|a| &o.arrangement == a))
        .map(|o| {
            let mut admitted: Vec<OpeningAdmissions> = by_opening
                .get(&o.key)
                .into_iter()
                .flatten()
                .map(|a| OpeningAdmissions {
                    provider: a.provider.to_string(),
                    provider_name: providers
                        .get(&a.provider)
                        .map(|p| p.display_name().to_owned())
                        .unwrap_or_else(|| a.provider.to_string()),
                    lot: a.lot.to_string(),
                    lot_number: lots.get(&a.lot).map_or(0, |l| l.number),
                    admitted_on: a.admitted_on,
                    status: match a.status {
                        AdmissionStatus::Active => "active",
                        AdmissionStatus::Suspended => "suspended",
                        AdmissionStatus::Exited => "exited",
                    }
                    .into(),
                    ends: a.ends,
                })
                .collect();
            admitted.sort_by(|a, b| (a.lot_number, &a.provider_name).cmp(&(b.lot_number, &b.provider_name)));
            OpeningReport {
                arrangement: o.arrangement.to_string(),
                opening: o.key.to_string(),
                number: o.number,
                title: o.title.clone(),
                commencement: o.commencement,
                lots: o.lots.iter().map(|k| k.to_string()).collect(),
                admitted,
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.arrangement, a.number).cmp(&(&b.arrangement, b.number)));
    out
}
