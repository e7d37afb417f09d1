//! Arrangements, their lots and zones, their openings and the providers admitted.

use std::io;

use chrono::Datelike;
use rust_decimal::Decimal;
use tenderdesk_domain::*;

use super::Plan;
use crate::rng::{Rng, S_ARRANGEMENT, S_LOT};
use crate::sink::Sink;
use crate::values::{hours, key, money, pct, plus};
use crate::words::{place, LOT_TITLES};

impl Plan {
    pub(super) fn arrangement_key(&self, a: usize) -> Key {
        key(format!("ARR-{a:03}"))
    }

    pub(super) fn arrangement(&self, a: usize) -> Arrangement {
        let ap = &self.arrangements[a];
        let mut rng = self.rng(S_ARRANGEMENT, 1_000_000 + a as u64);
        let start = ap.term.start;
        let end = ap.term.maximum_end.unwrap_or(ap.term.initial_end);
        let decision = plus(start, -90);
        Arrangement {
            key: self.arrangement_key(a),
            title: format!("{} {} {}", place(a as u64 * 7 + 3), ap.service.label(), start.year()),
            kind: ap.kind,
            regime: ap.regime,
            services: vec![ap.service],
            term: ap.term.clone(),
            spend_approval: Some(SpendApproval {
                cap: money(rng.range(20, 90) * 1_000_000 * 100),
                decision_title: Some(format!("Approval of spend through arrangement ARR-{a:03}")),
                decision_reference: format!("CAB/{}/{:03}", decision.year(), a + 1),
                decision_maker: "Cabinet".into(),
                decision_date: decision,
                published_on: Some(plus(decision, 2)),
                effective_from: Some(plus(decision, 10)),
                key_decision: Some(true),
                period_start: start,
                period_end: end,
            }),
            hosted_by: None,
            call_off: CallOffMethod::MiniCompetition,
            call_off_description: None,
            capacity_note: Some(format!("{} hours per week across the lots", rng.range(20, 90) * 100)),
            new_providers: None,
            prerequisites_note: None,
            committee_notes: CommitteeNotes::default(),
        }
    }

    pub(super) fn lot_key(&self, l: usize) -> Key {
        let per = self.shape.lots_per_arrangement;
        key(format!("LOT-{:03}-{:02}", l / per, l % per + 1))
    }

    pub(super) fn zone_hours(&self, l: usize, z: usize) -> i64 {
        100 + (Rng::new(self.seed, S_LOT, (l * 100 + z) as u64).below(900) as i64)
    }

    pub(super) fn lot(&self, l: usize) -> Lot {
        let per = self.shape.lots_per_arrangement;
        let a = l / per;
        let mut rng = self.rng(S_LOT, 1_000_000 + l as u64);
        let zones: Vec<Zone> = (0..self.shape.zones_per_lot)
            .map(|z| Zone {
                code: format!("Z{:02}", z + 1),
                name: place((l * 13 + z) as u64),
                setting: if z % 3 == 2 { Setting::Rural } else { Setting::Urban },
                expected_hours_per_week: Some(hours(Decimal::from(self.zone_hours(l, z)))),
            })
            .collect();
        let base = rng.range(1900, 2300);
        Lot {
            key: self.lot_key(l),
            arrangement: self.arrangement_key(a),
            number: (l % per + 1) as u32,
            title: format!("{} — area {}", LOT_TITLES[l % LOT_TITLES.len()], l % per + 1),
            service: self.arrangements[a].service,
            rate_card: RateCard {
                zone_rates: zones
                    .iter()
                    .enumerate()
                    .map(|(z, zone)| ZoneRate {
                        zone: zone.code.clone(),
                        hourly: money(base + if zone.setting == Setting::Rural { 120 } else { 0 } + z as i64 * 3),
                    })
                    .collect(),
                enhancements: vec![Enhancement { name: "Bank holidays".into(), uplift: Uplift::Percent(pct(50)) }],
                ..RateCard::default()
            },
            zones,
            max_providers: None,
            new_providers: None,
            prerequisites_note: None,
        }
    }

    pub(super) fn opening_key(&self, a: usize, n: usize) -> Key {
        key(format!("OPN-{a:03}-{n}"))
    }

    pub(super) fn openings<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        for (a, ap) in self.arrangements.iter().enumerate() {
            s.put(Opening {
                key: self.opening_key(a, 0),
                arrangement: self.arrangement_key(a),
                number: 0,
                title: format!("Establishment of arrangement ARR-{a:03}"),
                lots: Vec::new(),
                commencement: ap.term.start,
            })?;
            if ap.kind != ArrangementKind::ClosedFramework {
                for n in 1..=2 {
                    s.put(Opening {
                        key: self.opening_key(a, n),
                        arrangement: self.arrangement_key(a),
                        number: n as u32,
                        title: format!("Re-opening {n} of arrangement ARR-{a:03}"),
                        lots: Vec::new(),
                        commencement: plus(ap.term.start, 365 * n as i64),
                    })?;
                }
            }
        }
        Ok(())
    }

    pub(super) fn admissions<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let per = self.shape.lots_per_arrangement;
        for (l, providers) in self.admitted.iter().enumerate() {
            let a = l / per;
            for (j, p) in providers.iter().enumerate() {
                s.put(Admission {
                    key: key(format!("ADM-{:03}-{:02}-{j:03}", a, l % per + 1)),
                    provider: self.provider_key(*p),
                    lot: self.lot_key(l),
                    opening: self.opening_key(a, 0),
                    admitted_on: self.arrangements[a].term.start,
                    zones: Vec::new(),
                    status: AdmissionStatus::Active,
                    ends: None,
                    capacity_hours_per_week: Some(hours(Decimal::from(50 + (j as i64 * 37) % 400))),
                })?;
            }
        }
        Ok(())
    }
}
