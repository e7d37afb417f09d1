//! The council and the providers.

use tenderdesk_domain::*;

use super::Plan;
use crate::rng::S_PROVIDER;
use crate::values::{key, plus};
use crate::words::{person, place, COMPANY_A, COMPANY_B, STREETS};

impl Plan {
    pub(super) fn authority(&self) -> AuthorityProfile {
        AuthorityProfile {
            council_name: "Westmoor County Council".into(),
            directorate: "Adult Social Care and Health".into(),
            lead_commissioner: Contact {
                name: "Morwenna Treloar".into(),
                role: Some("Head of Commissioning".into()),
                email: Some("commissioning@westmoor.example".into()),
                phone: Some("01632 960000".into()),
            },
            provider_contact_route: Some("Providers contact the commissioning team mailbox.".into()),
            advertising: vec![AdvertisingChannel {
                name: "Westmoor Supplier Portal".into(),
                url: Some("https://suppliers.westmoor.example".into()),
                note: None,
            }],
            regulator: Regulator::Cqc,
            calendar: Nation::EnglandAndWales,
            calendar_adjustments: CalendarAdjustments::default(),
            default_regime: Regime::ProcurementAct2023,
        }
    }

    pub(super) fn provider_key(&self, i: usize) -> Key {
        key(format!("PRV-{i:05}"))
    }

    pub(super) fn provider_name(&self, i: usize) -> String {
        let mut rng = self.rng(S_PROVIDER, i as u64);
        format!("{} {}", rng.pick(COMPANY_A), rng.pick(COMPANY_B))
    }

    pub(super) fn provider(&self, i: usize) -> Provider {
        let name = self.provider_name(i);
        let mut rng = self.rng(S_PROVIDER, i as u64);
        rng.next();
        rng.next();
        let manager = person(&mut rng);
        let rated = plus(self.first_day, rng.range(0, 1500));
        let grade = *rng.pick(&[
            RatingGrade::Good,
            RatingGrade::Good,
            RatingGrade::Good,
            RatingGrade::Outstanding,
            RatingGrade::RequiresImprovement,
        ]);
        let district = rng.range(1, 29);
        let evidence = plus(self.first_day, rng.range(-200, 0));
        Provider {
            key: self.provider_key(i),
            legal_name: format!("{name} Ltd"),
            trading_name: rng.chance(30).then(|| name.clone()),
            companies_house_number: Some(format!("{:08}", 7_000_000 + i * 13)),
            registration: Some(Registration {
                regulator: Regulator::Cqc,
                registration_id: format!("1-{:09}", 100_000_000 + i * 7),
                rating: Some(Rating { grade, date: rated }),
            }),
            address: Address {
                lines: vec![format!("{} {}", rng.range(1, 240), rng.pick(STREETS))],
                town: place(rng.below(280)),
                postcode: format!(
                    "WM{district} {}{}{}",
                    rng.range(1, 9),
                    (b'A' + rng.below(26) as u8) as char,
                    (b'A' + rng.below(26) as u8) as char
                ),
            },
            contacts: vec![Contact {
                name: manager,
                role: Some("Registered Manager".into()),
                email: Some(format!("manager@p{i:05}.example")),
                phone: Some(format!("01632 {:06}", 960_000 + i % 40_000)),
            }],
            sme: rng.chance(80),
            voluntary_sector: rng.chance(10),
            status: ProviderStatus::Active,
            status_since: None,
            prerequisites: vec![
                Prerequisite {
                    requirement: Requirement::RegulatorRegistration,
                    description: Some("Registered with the CQC for personal care".into()),
                    evidence_date: evidence,
                    expires: None,
                },
                Prerequisite {
                    requirement: Requirement::Insurance,
                    description: Some("Employer's liability £10m, public liability £5m".into()),
                    evidence_date: evidence,
                    expires: Some(plus(evidence, 364)),
                },
            ],
        }
    }
}
