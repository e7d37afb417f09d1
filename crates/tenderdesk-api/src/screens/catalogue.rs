//! The catalogue screens: an arrangement's lots with their zones and rate cards, and the
//! providers with their registration, rating, prerequisites and the lots they are admitted to.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;

use super::{holds_all, search_text, search_words, Paging};
use crate::{Api, Coded, Result};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ZoneView {
    pub code: String,
    pub name: String,
    pub setting: Setting,
    /// e.g. "Urban"
    pub setting_label: String,
    /// Decimal hours, where the lot states them.
    pub expected_hours_per_week: Option<String>,
    #[ts(type = "number | null")]
    pub hourly_pence: Option<i64>,
}

/// A rate card line other than the zones' hourly rates: a named rate or an uplift.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RateLine {
    pub name: String,
    /// e.g. "£12.50 per night", "+ 25 %", "+ £1.20 per hour"
    pub shown: String,
    /// For amounts: the amount in pence.
    #[ts(type = "number | null")]
    pub pence: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LotView {
    pub key: String,
    pub arrangement: String,
    pub number: u32,
    pub title: String,
    /// e.g. "Home care"
    pub service: String,
    pub zones: Vec<ZoneView>,
    /// The one rate for every zone, where the lot pays a consolidated rate.
    #[ts(type = "number | null")]
    pub standard_hourly_pence: Option<i64>,
    #[ts(type = "number | null")]
    pub live_in_weekly_pence: Option<i64>,
    pub named_rates: Vec<RateLine>,
    pub enhancements: Vec<RateLine>,
    pub max_providers: Option<u32>,
    /// Providers admitted and active on the lot.
    pub admitted: u32,
    pub prerequisites_note: Option<String>,
}

fn pounds(pence: i64) -> String {
    format!("£{}.{:02}", pence / 100, pence % 100)
}

impl LotView {
    fn of(lot: &Lot, admitted: u32) -> LotView {
        let zone_rate = |code: &str| lot.rate_card.zone_rates.iter().find(|r| r.zone == code).map(|r| r.hourly.pence());
        LotView {
            key: lot.key.to_string(),
            arrangement: lot.arrangement.to_string(),
            number: lot.number,
            title: lot.title.clone(),
            service: lot.service.label().to_owned(),
            zones: lot
                .zones
                .iter()
                .map(|z| ZoneView {
                    code: z.code.clone(),
                    name: z.name.clone(),
                    setting: z.setting,
                    setting_label: z.setting.label().to_owned(),
                    expected_hours_per_week: z.expected_hours_per_week.map(|h| h.to_string()),
                    hourly_pence: zone_rate(&z.code),
                })
                .collect(),
            standard_hourly_pence: lot.rate_card.standard_hourly.map(|m| m.pence()),
            live_in_weekly_pence: lot.rate_card.live_in_weekly.map(|m| m.pence()),
            named_rates: lot
                .rate_card
                .named_rates
                .iter()
                .map(|r| {
                    let unit = match r.unit {
                        RateUnit::PerHour => "per hour",
                        RateUnit::PerNight => "per night",
                        RateUnit::PerWeek => "per week",
                        RateUnit::PerVisit => "per visit",
                    };
                    RateLine {
                        name: r.name.clone(),
                        shown: format!("{} {unit}", pounds(r.amount.pence())),
                        pence: Some(r.amount.pence()),
                    }
                })
                .collect(),
            enhancements: lot
                .rate_card
                .enhancements
                .iter()
                .map(|e| match &e.uplift {
                    Uplift::Percent(p) => RateLine { name: e.name.clone(), shown: format!("+ {p} %"), pence: None },
                    Uplift::PerHour(m) => RateLine {
                        name: e.name.clone(),
                        shown: format!("+ {} per hour", pounds(m.pence())),
                        pence: Some(m.pence()),
                    },
                })
                .collect(),
            max_providers: lot.max_providers,
            admitted,
            prerequisites_note: lot.prerequisites_note.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PrerequisiteView {
    pub requirement: Requirement,
    pub description: Option<String>,
    pub evidence_date: NaiveDate,
    pub expires: Option<NaiveDate>,
    /// The evidence has lapsed as at the date asked.
    pub expired: bool,
}

/// A provider's admission to a lot.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AdmissionView {
    pub key: String,
    pub lot: String,
    pub opening: String,
    pub admitted_on: NaiveDate,
    pub zones: Vec<String>,
    pub status: AdmissionStatus,
    pub ends: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ProviderView {
    pub key: String,
    /// The name people know it by (trading name, else legal name).
    pub name: String,
    pub legal_name: String,
    pub companies_house_number: Option<String>,
    /// e.g. "CQC", with the regulator's id, where registered.
    pub regulator: Option<String>,
    pub registration_id: Option<String>,
    /// The latest rating, with the date it was published.
    pub rating: Option<RatingGrade>,
    pub rating_date: Option<NaiveDate>,
    pub town: String,
    pub postcode: String,
    pub sme: bool,
    pub voluntary_sector: bool,
    pub status: ProviderStatus,
    pub status_since: Option<NaiveDate>,
    pub prerequisites: Vec<PrerequisiteView>,
    pub admissions: Vec<AdmissionView>,
}

/// What to list of the providers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ProviderQuery {
    /// Words to find in the reference, names, town or postcode.
    pub search: Option<String>,
    /// Only providers admitted (active) to this lot (reference).
    pub lot: Option<String>,
    /// Only providers with this status.
    pub status: Option<Coded<ProviderStatus>>,
    /// The date prerequisites are judged at; None means today.
    pub as_of: Option<NaiveDate>,
    pub paging: Paging,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ProviderPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ProviderView>,
}

fn provider_view(p: &Provider, admissions: Vec<AdmissionView>, as_of: NaiveDate) -> ProviderView {
    let reg = p.registration.as_ref();
    ProviderView {
        key: p.key.to_string(),
        name: p.display_name().to_owned(),
        legal_name: p.legal_name.clone(),
        companies_house_number: p.companies_house_number.clone(),
        regulator: reg.map(|r| r.regulator.label().to_owned()),
        registration_id: reg.map(|r| r.registration_id.clone()),
        rating: reg.and_then(|r| r.rating.as_ref()).map(|r| r.grade),
        rating_date: reg.and_then(|r| r.rating.as_ref()).map(|r| r.date),
        town: p.address.town.clone(),
        postcode: p.address.postcode.clone(),
        sme: p.sme,
        voluntary_sector: p.voluntary_sector,
        status: p.status,
        status_since: p.status_since,
        prerequisites: p
            .prerequisites
            .iter()
            .map(|q| PrerequisiteView {
                requirement: q.requirement,
                description: q.description.clone(),
                evidence_date: q.evidence_date,
                expires: q.expires,
                expired: q.expires.is_some_and(|e| e < as_of),
            })
            .collect(),
        admissions,
    }
}

fn admission_view(a: &Admission) -> AdmissionView {
    AdmissionView {
        key: a.key.to_string(),
        lot: a.lot.to_string(),
        opening: a.opening.to_string(),
        admitted_on: a.admitted_on,
        zones: a.zones.clone(),
        status: a.status,
        ends: a.ends,
    }
}

/// Every lot as the catalogue shows it, by arrangement then number, with its arrangement's
/// reference; kept until a lot or an admission changes.
struct LotLines(Vec<(Key, LotView)>);

impl LotLines {
    fn read(store: &tenderdesk_store::Store) -> tenderdesk_store::Result<LotLines> {
        let mut admitted: HashMap<&Key, u32> = HashMap::new();
        let admissions = store.list_shared::<Admission>()?;
        for (_, a) in admissions.iter() {
            if a.status == AdmissionStatus::Active {
                *admitted.entry(&a.lot).or_default() += 1;
            }
        }
        let lots = store.list_shared::<Lot>()?;
        let mut sorted: Vec<&Lot> = lots.iter().map(|(_, l)| l).collect();
        sorted.sort_by(|a, b| a.arrangement.cmp(&b.arrangement).then(a.number.cmp(&b.number)));
        Ok(LotLines(
            sorted
                .into_iter()
                .map(|l| (l.arrangement.clone(), LotView::of(l, admitted.get(&l.key).copied().unwrap_or(0))))
                .collect(),
        ))
    }
}

/// What the list of providers keeps of one provider: where it stands in the kept list of
/// providers, its status, the lots it is admitted to and active on, its admissions as shown,
/// and the lower-case text the search looks in.
struct ProviderLine {
    at: usize,
    status: ProviderStatus,
    active_lots: Vec<Key>,
    admissions: Vec<AdmissionView>,
    hay: String,
}

/// Every provider as the list of providers needs it, by name, kept until a provider or an
/// admission changes.
struct ProviderLines {
    providers: Arc<Vec<(u64, Provider)>>,
    lines: Vec<ProviderLine>,
}

impl ProviderLines {
    fn read(store: &tenderdesk_store::Store) -> tenderdesk_store::Result<ProviderLines> {
        let mut by_provider: HashMap<&Key, Vec<&Admission>> = HashMap::new();
        let admissions = store.list_shared::<Admission>()?;
        for (_, a) in admissions.iter() {
            by_provider.entry(&a.provider).or_default().push(a);
        }
        let providers = store.list_shared::<Provider>()?;
        let mut lines: Vec<ProviderLine> = providers
            .iter()
            .enumerate()
            .map(|(at, (_, p))| {
                let ads = by_provider.get(&p.key).map(Vec::as_slice).unwrap_or_default();
                ProviderLine {
                    at,
                    status: p.status,
                    active_lots: ads
                        .iter()
                        .filter(|a| a.status == AdmissionStatus::Active)
                        .map(|a| a.lot.clone())
                        .collect(),
                    admissions: ads.iter().map(|a| admission_view(a)).collect(),
                    hay: search_text(&[
                        p.key.as_str(),
                        &p.legal_name,
                        p.trading_name.as_deref().unwrap_or(""),
                        &p.address.town,
                        &p.address.postcode,
                    ]),
                }
            })
            .collect();
        lines.sort_by_cached_key(|l| providers[l.at].1.display_name().to_lowercase());
        Ok(ProviderLines { providers, lines })
    }
}

impl Api {
    /// The lots of one arrangement (or of all), in number order, with their rate cards.
    pub fn lot_views(&self, arrangement: Option<&str>) -> Result<Vec<LotView>> {
        let arrangement = match arrangement.map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => Some(self.find_record::<Arrangement>(a)?.1.key),
            None => None,
        };
        let kept = self.store.view("screens/lot_lines", &[Kind::Lots, Kind::Admissions], LotLines::read)?;
        Ok(kept
            .0
            .iter()
            .filter(|(a, _)| arrangement.as_ref().is_none_or(|want| a == want))
            .map(|(_, l)| l.clone())
            .collect())
    }

    /// One page of the providers matching the query, by name.
    pub fn provider_views(&self, q: &ProviderQuery) -> Result<ProviderPage> {
        let as_of = q.as_of.unwrap_or_else(crate::market::today);
        let lot = q.lot.as_deref().map(str::trim).filter(|l| !l.is_empty());
        // The status asked for (None inside: a word no status has, so nothing matches).
        let status = q.status.as_ref().filter(|s| !s.is_blank()).map(|s| s.value().ok());
        let words = search_words(q.search.as_deref());
        let kept =
            self.store.view("screens/provider_lines", &[Kind::Providers, Kind::Admissions], ProviderLines::read)?;
        let chosen: Vec<&ProviderLine> = kept
            .lines
            .iter()
            .filter(|l| status.is_none_or(|s| s == Some(l.status)))
            .filter(|l| lot.is_none_or(|want| l.active_lots.iter().any(|k| k.as_str() == want)))
            .filter(|l| holds_all(&l.hay, &words))
            .collect();
        let total = chosen.len() as u32;
        let rows = q
            .paging
            .window(chosen)
            .into_iter()
            .map(|l| provider_view(&kept.providers[l.at].1, l.admissions.clone(), as_of))
            .collect();
        Ok(ProviderPage { total, offset: q.paging.offset, rows })
    }

    /// One provider, with its admissions.
    pub fn provider_view(&self, id_or_key: &str, as_of: Option<NaiveDate>) -> Result<ProviderView> {
        let (_, p) = self.find_record::<Provider>(id_or_key)?;
        let ads = self.store.referring::<Admission>(Kind::Providers, p.key.as_str())?;
        Ok(provider_view(
            &p,
            ads.iter().map(|(_, a)| admission_view(a)).collect(),
            as_of.unwrap_or_else(crate::market::today),
        ))
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<ZoneView>();
    b.add::<RateLine>();
    b.add::<LotView>();
    b.add::<PrerequisiteView>();
    b.add::<AdmissionView>();
    b.add::<ProviderView>();
    b.add::<ProviderQuery>();
    b.add::<ProviderPage>();
}
