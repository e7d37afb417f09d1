//! Alerts on providers still working: a prerequisite lapsing, and a rating of Inadequate.

use tenderdesk_domain::*;

use super::{alert, when, Alert, AlertKind, Scan};
use crate::contracts::contract_status_as_at;
use crate::fmt::date_long;

impl Scan<'_> {
    /// A provider that had not exited by the date: its prerequisites lapsing, its rating.
    pub(super) fn provider(&self, p: &Provider, out: &mut Vec<Alert>) {
        if p.status == ProviderStatus::Exited && p.status_since.is_none_or(|d| d <= self.as_of) {
            return;
        }
        out.extend(self.prerequisites_lapsing(p));
        out.extend(self.provider_rated_inadequate(p));
    }

    /// The latest evidence of each prerequisite (as at the date) that expires within the horizon
    /// or has expired.
    fn prerequisites_lapsing(&self, p: &Provider) -> Vec<Alert> {
        let mut latest: Vec<&Prerequisite> = Vec::new();
        for pre in p.prerequisites.iter().filter(|x| x.evidence_date <= self.as_of) {
            let same = |o: &&Prerequisite| o.requirement == pre.requirement && o.description == pre.description;
            match latest.iter().position(same) {
                Some(i) if latest[i].evidence_date < pre.evidence_date => latest[i] = pre,
                Some(_) => {}
                None => latest.push(pre),
            }
        }
        latest.into_iter().filter_map(|pre| self.prerequisite_lapsing(p, pre)).collect()
    }

    fn prerequisite_lapsing(&self, p: &Provider, pre: &Prerequisite) -> Option<Alert> {
        let exp = pre.expires.filter(|e| *e <= self.horizon)?;
        let days = (exp - self.as_of).num_days();
        let what = pre.description.clone().unwrap_or_else(|| requirement_label(pre.requirement).to_owned());
        let message = if days < 0 {
            format!(
                "{}: {what} lapsed on {} ({}); no newer evidence is recorded.",
                p.display_name(),
                date_long(exp),
                when(days)
            )
        } else {
            format!("{}: {what} lapses on {} ({}); ask for the renewal.", p.display_name(), date_long(exp), when(days))
        };
        Some(alert(
            AlertKind::PrerequisiteLapsing,
            exp,
            self.as_of,
            Kind::Providers,
            &p.key,
            p.display_name().to_owned(),
            message,
        ))
    }

    /// A provider rated Inadequate by the date that still holds a contract in force or an active
    /// admission.
    fn provider_rated_inadequate(&self, p: &Provider) -> Option<Alert> {
        let as_of = self.as_of;
        let rating = p.registration.as_ref().and_then(|r| r.rating.as_ref())?;
        if rating.grade != RatingGrade::Inadequate || rating.date > as_of {
            return None;
        }
        let holds: Vec<&Contract> =
            self.facts.contracts_of(&p.key).filter(|c| contract_status_as_at(c, as_of).is_live()).collect();
        let admitted = self.facts.admissions_of(&p.key).any(|ad| {
            ad.status == AdmissionStatus::Active && ad.admitted_on <= as_of && ad.ends.is_none_or(|e| e >= as_of)
        });
        if holds.is_empty() && !admitted {
            return None;
        }
        Some(alert(
            AlertKind::ProviderRatedInadequate,
            rating.date,
            as_of,
            Kind::Providers,
            &p.key,
            p.display_name().to_owned(),
            format!(
                "{} was rated Inadequate on {} and still holds {} contract{}{}; review its registration and the packages it delivers.",
                p.display_name(),
                date_long(rating.date),
                holds.len(),
                if holds.len() == 1 { "" } else { "s" },
                if admitted { " and an active admission" } else { "" }
            ),
        ))
    }
}

fn requirement_label(r: Requirement) -> &'static str {
    match r {
        Requirement::RegulatorRegistration => "registration with the regulator",
        Requirement::TrainingAndInduction => "training and induction",
        Requirement::Insurance => "insurance",
        Requirement::AcceptsAgreedRate => "acceptance of the agreed rate",
        Requirement::FinancialStanding => "financial standing",
        Requirement::DbsChecks => "DBS checks",
        Requirement::ElectronicCallMonitoring => "electronic call monitoring",
        Requirement::Other => "a prerequisite",
    }
}
