//! The settings form: the authority profile's names and lead commissioner, the bank-holiday
//! calendar's nation and the days the council added or removed, and its usual regime.

use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;
use tenderdesk_store::ChangeSet;

use super::FormCheck;
use crate::{Api, Coded, Result};

/// The settings form, also what `settings()` returns to fill it. Refusals name `council_name`,
/// `directorate`, `lead_name`, `lead_role`, `lead_email`, `lead_phone`, `nation`,
/// `default_regime`, `added_days`, `removed_days`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SettingsForm {
    pub council_name: String,
    pub directorate: String,
    pub lead_name: String,
    pub lead_role: Option<String>,
    pub lead_email: Option<String>,
    pub lead_phone: Option<String>,
    /// The bank holidays counted are this nation's.
    pub nation: Coded<Nation>,
    pub default_regime: Coded<Regime>,
    /// Days the council adds to the bank holidays, `YYYY-MM-DD`.
    pub added_days: Vec<String>,
    /// Bank holidays the council works, `YYYY-MM-DD`.
    pub removed_days: Vec<String>,
}

fn settings_field(field: &str) -> Option<String> {
    Some(
        match field {
            f if f.starts_with("lead_commissioner.") => {
                return Some(format!("lead_{}", f.trim_start_matches("lead_commissioner.")))
            }
            f if f.starts_with("calendar_adjustments.added") => "added_days",
            f if f.starts_with("calendar_adjustments.removed") => "removed_days",
            "calendar" => "nation",
            _ => return None,
        }
        .to_owned(),
    )
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn regulator_of(nation: Nation) -> Regulator {
    match nation {
        Nation::EnglandAndWales => Regulator::Cqc,
        Nation::Scotland => Regulator::CareInspectorate,
        Nation::NorthernIreland => Regulator::Rqia,
    }
}

impl Api {
    /// The settings as the form shows them (empty fields when there is no profile yet).
    pub fn settings(&self) -> Result<SettingsForm> {
        let Some((_, p)) = self.store.get_by_key::<AuthorityProfile>(AuthorityProfile::the_key().as_str())? else {
            return Ok(SettingsForm {
                nation: Coded::Known(Nation::EnglandAndWales),
                default_regime: Coded::Known(Regime::ProcurementAct2023),
                ..SettingsForm::default()
            });
        };
        Ok(SettingsForm {
            council_name: p.council_name,
            directorate: p.directorate,
            lead_name: p.lead_commissioner.name,
            lead_role: p.lead_commissioner.role,
            lead_email: p.lead_commissioner.email,
            lead_phone: p.lead_commissioner.phone,
            nation: Coded::Known(p.calendar),
            default_regime: Coded::Known(p.default_regime),
            added_days: p.calendar_adjustments.added.iter().map(|d| d.to_string()).collect(),
            removed_days: p.calendar_adjustments.removed.iter().map(|d| d.to_string()).collect(),
        })
    }

    /// Stores the settings: the profile is changed in place (other fields kept), or made.
    pub fn save_settings(&self, form: &SettingsForm) -> Result<SettingsForm> {
        let mut f = FormCheck::new(Kind::Authority, "");
        let council_name = f.required("council_name", &form.council_name, "the council's name");
        let directorate = f.required("directorate", &form.directorate, "the directorate");
        let lead_name = f.required("lead_name", &form.lead_name, "the lead commissioner's name");
        let nation = f.choice("nation", &form.nation, "england_and_wales, scotland or northern_ireland");
        let regime = f.choice("default_regime", &form.default_regime, "the regimes listed");
        let added: Vec<_> = form.added_days.iter().filter_map(|d| f.date("added_days", d)).collect();
        let removed: Vec<_> = form.removed_days.iter().filter_map(|d| f.date("removed_days", d)).collect();
        if let Some(d) = added.iter().find(|d| removed.contains(d)) {
            f.add("removed_days", format!("{d} is both added and removed; keep it in one list"));
        }
        f.finish()?;
        let (Some(nation), Some(regime)) = (nation, regime) else {
            return Err(super::refuse(Kind::Authority, "", "nation", "the form is incomplete"));
        };
        let lead = Contact {
            name: lead_name,
            role: opt(&form.lead_role),
            email: opt(&form.lead_email),
            phone: opt(&form.lead_phone),
        };
        let existing = self.store.get_by_key::<AuthorityProfile>(AuthorityProfile::the_key().as_str())?;
        let mut c = ChangeSet::new();
        let adjustments = CalendarAdjustments { added, removed };
        match existing {
            Some((_, mut p)) => {
                p.council_name = council_name;
                p.directorate = directorate;
                p.lead_commissioner = lead;
                p.calendar = nation;
                p.default_regime = regime;
                p.calendar_adjustments = adjustments;
                c.update(p);
            }
            None => {
                c.insert(AuthorityProfile {
                    council_name,
                    directorate,
                    lead_commissioner: lead,
                    provider_contact_route: None,
                    advertising: Vec::new(),
                    regulator: regulator_of(nation),
                    calendar: nation,
                    calendar_adjustments: adjustments,
                    default_regime: regime,
                });
            }
        }
        self.apply_form(c, settings_field)?;
        self.settings()
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<SettingsForm>();
}
