//! Use cases of the bank-holiday calendar: holidays of a year, standstill end dates.
//!
//! Both read the council's settings from its authority profile: its nation (`calendar`), the days
//! it added or removed (`calendar_adjustments`) and its usual regime (`default_regime`). A store
//! with no profile yet counts with England and Wales's calendar, nothing added or removed, under
//! the Procurement Act 2023.

pub use chrono::NaiveDate;
pub use tenderdesk_calendar::{
    nation_label, parse_date, Calendar, CalendarError, Holiday, Standstill, Year, FIRST_YEAR, LAST_YEAR, NATIONS,
};
use tenderdesk_domain::{AuthorityProfile, Nation, Regime};

use crate::{Api, Result};

/// The council's calendar settings, or the defaults when there is no authority profile.
struct Settings {
    nation: Nation,
    regime: Regime,
    calendar: Calendar,
}

impl Api {
    fn calendar_settings(&self) -> Result<Settings> {
        let profile = self.store.get_by_key::<AuthorityProfile>(AuthorityProfile::the_key().as_str())?;
        Ok(match profile {
            Some((_, p)) => Settings {
                nation: p.calendar,
                regime: p.default_regime,
                calendar: Calendar::new(&p.calendar_adjustments),
            },
            None => Settings {
                nation: Nation::EnglandAndWales,
                regime: Regime::ProcurementAct2023,
                calendar: Calendar::standard(),
            },
        })
    }

    /// The council's calendar: the rules with the days it added or removed.
    pub fn calendar(&self) -> Result<Calendar> {
        Ok(self.calendar_settings()?.calendar)
    }

    /// As [`Api::holidays`], for a year as the window sends it: a year outside the calendar's
    /// range is refused, saying which years it holds.
    pub fn holidays_of(&self, year: i32, nation: Option<Nation>) -> Result<Vec<Holiday>> {
        let year = Year::new(year).map_err(|e| crate::ApiError::Refused(e.to_string()))?;
        self.holidays(year, nation)
    }

    /// The bank holidays of `year` in one nation, or in all three (in date order, then England and
    /// Wales, Scotland, Northern Ireland), with the council's added and removed days.
    pub fn holidays(&self, year: Year, nation: Option<Nation>) -> Result<Vec<Holiday>> {
        let cal = self.calendar_settings()?.calendar;
        let mut out: Vec<Holiday> = match nation {
            Some(n) => cal.holidays(n, year.get()),
            None => NATIONS.iter().flat_map(|&n| cal.holidays(n, year.get())).collect(),
        };
        let rank = |n: Nation| NATIONS.iter().position(|&x| x == n);
        out.sort_by_key(|h| (h.date, rank(h.nation)));
        Ok(out)
    }

    /// The standstill from `from` under `regime`, or under the council's usual regime when None.
    pub fn standstill(&self, regime: Option<Regime>, from: NaiveDate) -> Result<Standstill> {
        let s = self.calendar_settings()?;
        Ok(tenderdesk_calendar::standstill(regime.unwrap_or(s.regime), from, s.nation, &s.calendar))
    }

    /// The standstill of an award under `regime` (a `Regime`, or `Option<Regime>` where None means
    /// the council's usual one), counted with the council's nation and its added and removed days.
    /// The award use case records `ends` as the award's `standstill_ends`.
    pub fn standstill_for(&self, regime: impl Into<Option<Regime>>, from: NaiveDate) -> Result<Standstill> {
        self.standstill(regime.into(), from)
    }
}

/// The TypeScript bindings of the calendar's types, for `bindings::typescript`.
pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<Holiday>();
    b.add::<Standstill>();
}

#[cfg(test)]
mod tests {
    use tenderdesk_domain::CalendarAdjustments;

    use super::*;
    use crate::OpenOptions;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn open(dir: &std::path::Path) -> Api {
        Api::open(OpenOptions { data_dir: Some(dir.to_owned()), actor: Some("calendar tester".into()) }).unwrap()
    }

    /// Sets the authority's calendar settings through the dataset import, as an officer's file would.
    fn with_profile(api: &Api, nation: Nation, regime: Regime, adjustments: CalendarAdjustments) {
        let mut ds = tenderdesk_domain::fixtures::small();
        let a = ds.authority.as_mut().expect("the fixture has an authority");
        a.calendar = nation;
        a.default_regime = regime;
        a.calendar_adjustments = adjustments;
        api.import_bytes(crate::dataset_io::to_json(&ds).as_bytes(), "test").unwrap();
    }

    #[test]
    fn without_a_profile_england_and_wales_and_the_act() {
        let dir = tempfile::tempdir().unwrap();
        let api = open(dir.path());
        let s = api.standstill(None, d(2026, 4, 2)).unwrap();
        assert_eq!(s.regime, Regime::ProcurementAct2023);
        assert_eq!(s.ends, d(2026, 4, 15));
        let all = api.holidays(Year::new(2026).unwrap(), None).unwrap();
        assert_eq!(all.len(), 8 + 9 + 10);
        assert!(all.windows(2).all(|w| w[0].date <= w[1].date));
        assert_eq!(
            &all[..2].iter().map(|h| h.nation).collect::<Vec<_>>(),
            &[Nation::EnglandAndWales, Nation::Scotland]
        );
        assert_eq!(api.holidays(Year::new(2026).unwrap(), Some(Nation::Scotland)).unwrap().len(), 9);
    }

    #[test]
    fn the_profile_gives_the_regime_nation_and_days() {
        let dir = tempfile::tempdir().unwrap();
        let api = open(dir.path());
        let adj = CalendarAdjustments { added: vec![d(2026, 4, 14)], removed: vec![] };
        with_profile(&api, Nation::Scotland, Regime::Pcr2015LightTouch, adj);
        // PCR 2015 with Scotland's calendar: Easter Monday 6 April is a working day there.
        let s = api.standstill(None, d(2026, 3, 27)).unwrap();
        assert_eq!((s.regime, s.ends), (Regime::Pcr2015LightTouch, d(2026, 4, 6)));
        // Under the Act the added Tuesday 14 April pushes the end from Wed 15 to Thu 16.
        let s = api.standstill_for(Regime::ProcurementAct2023, d(2026, 4, 2)).unwrap();
        assert_eq!(s.ends, d(2026, 4, 16));
        assert_eq!(api.standstill_for(None, d(2026, 3, 27)).unwrap().regime, Regime::Pcr2015LightTouch);
        let h = api.holidays(Year::new(2026).unwrap(), Some(Nation::NorthernIreland)).unwrap();
        assert!(h.iter().any(|h| h.date == d(2026, 4, 14) && h.name == "Added by the council"));
    }
}
