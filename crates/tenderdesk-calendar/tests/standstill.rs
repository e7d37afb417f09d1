//! Standstill end dates under each regime, computed by hand against the published calendars.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use tenderdesk_calendar::{
    is_working_day, standstill, Calendar, CalendarAdjustments, Nation, Regime, Standstill, NATIONS,
};

use Nation::{EnglandAndWales as EW, NorthernIreland as NI, Scotland as SC};
use Regime::{
    Pcr2015LightTouch as PCR, ProcurementAct2023 as PA, ProviderSelectionRegime as PSR, ScottishRegulations as SCOT,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The last day of the standstill with the standard calendar.
fn ends(regime: Regime, from: NaiveDate, nation: Nation) -> NaiveDate {
    standstill(regime, from, nation, &Calendar::standard()).ends
}

fn skipped(s: &Standstill) -> Vec<NaiveDate> {
    s.days_skipped.iter().map(|(d, _)| *d).collect()
}

// Easter 2026: Good Friday 3 April, Easter Monday 6 April (not Scotland).

#[test]
fn easter_2026_notices_on_thursday_2_april() {
    let from = d(2026, 4, 2);
    // PA 2023: Thu 2 is day 1; Fri 3, the weekend and Mon 6 are passed over; day 8 is Wed 15.
    let s = standstill(PA, from, EW, &Calendar::standard());
    assert_eq!(s.ends, d(2026, 4, 15));
    assert_eq!(s.earliest_contract, d(2026, 4, 16));
    assert_eq!(
        skipped(&s),
        [d(2026, 4, 3), d(2026, 4, 4), d(2026, 4, 5), d(2026, 4, 6), d(2026, 4, 11), d(2026, 4, 12)]
    );
    assert_eq!(s.days_skipped[0].1, "Good Friday (bank holiday in all of the UK)");
    assert_eq!(s.days_skipped[1].1, "Saturday");
    assert_eq!(s.days_skipped[3].1, "Easter Monday (bank holiday in England and Wales and Northern Ireland)");
    assert!(s.rule.starts_with("Procurement Act 2023, s.51"), "{}", s.rule);
    // A Scottish council counts the same days under the Act: Easter Monday is a holiday elsewhere.
    assert_eq!(ends(PA, from, SC), d(2026, 4, 15));
    // PCR 2015: the 10th day after is Sun 12, so the end moves to Mon 13.
    let s = standstill(PCR, from, EW, &Calendar::standard());
    assert_eq!(s.ends, d(2026, 4, 13));
    assert_eq!(s.days_skipped, [(d(2026, 4, 12), "Sunday".to_owned())]);
    // PSR: begins Fri 3; the 8th working day after it (England and Wales) is Thu 16.
    assert_eq!(ends(PSR, from, EW), d(2026, 4, 16));
    // Scotland: the 10th day is Sun 12 → Mon 13.
    assert_eq!(ends(SCOT, from, SC), d(2026, 4, 13));
}

#[test]
fn easter_2026_ten_days_landing_on_easter_monday() {
    // Notices sent Fri 27 March: the 10th day after is Easter Monday, 6 April.
    let from = d(2026, 3, 27);
    assert_eq!(ends(PCR, from, EW), d(2026, 4, 7));
    assert_eq!(ends(PCR, from, NI), d(2026, 4, 7));
    // Not a bank holiday in Scotland, so a Scottish council's standstill ends on it.
    assert_eq!(ends(PCR, from, SC), d(2026, 4, 6));
    assert_eq!(ends(SCOT, from, EW), d(2026, 4, 6));
}

// Easter 2025: Good Friday 18 April, Easter Monday 21 April.

#[test]
fn easter_2025_notices_on_thursday_17_april() {
    let from = d(2025, 4, 17);
    assert_eq!(ends(PA, from, EW), d(2025, 4, 30));
    assert_eq!(ends(PCR, from, EW), d(2025, 4, 28)); // 10th day Sun 27 → Mon 28
    assert_eq!(ends(PSR, from, EW), d(2025, 5, 1)); // begins Fri 18; Tue 22 … Thu 1 May
    assert_eq!(ends(SCOT, from, SC), d(2025, 4, 28));
    // Notices sent Tue 8 April: the 10th day is Good Friday.
    let from = d(2025, 4, 8);
    let s = standstill(PCR, from, EW, &Calendar::standard());
    assert_eq!(s.ends, d(2025, 4, 22));
    assert_eq!(skipped(&s), [d(2025, 4, 18), d(2025, 4, 19), d(2025, 4, 20), d(2025, 4, 21)]);
    assert_eq!(ends(SCOT, from, SC), d(2025, 4, 21)); // Easter Monday is a working day in Scotland
}

#[test]
fn pcr_2015_good_friday_2010_as_published_in_guidance() {
    // Letters emailed Tue 23 March 2010: 10th day Good Friday 2 April; Easter Monday 5 April;
    // the standstill ends at midnight at the end of Tue 6 April.
    assert_eq!(ends(PCR, d(2010, 3, 23), EW), d(2010, 4, 6));
}

// Christmas 2025: Thu 25, Fri 26; New Year 2026: Thu 1 January, and Fri 2 January in Scotland.

#[test]
fn christmas_2025_notices_on_friday_19_december() {
    let from = d(2025, 12, 19);
    // PA 2023: Fri 19, Mon 22, Tue 23, Wed 24, Mon 29, Tue 30, Wed 31 — then 1 and 2 January
    // (Scotland's 2 January counts: a bank holiday in any part of the UK) — Mon 5 January is day 8.
    let s = standstill(PA, from, EW, &Calendar::standard());
    assert_eq!(s.ends, d(2026, 1, 5));
    assert!(s.days_skipped.contains(&(d(2026, 1, 2), "2nd January (bank holiday in Scotland)".to_owned())));
    // PCR 2015: the 10th day is Mon 29 December, a working day.
    assert_eq!(ends(PCR, from, EW), d(2025, 12, 29));
    assert_eq!(ends(SCOT, from, SC), d(2025, 12, 29));
    // PSR: begins Sat 20; Mon 22, Tue 23, Wed 24, Mon 29, Tue 30, Wed 31, Fri 2 Jan, Mon 5 Jan.
    assert_eq!(ends(PSR, from, EW), d(2026, 1, 5));
}

#[test]
fn christmas_2025_notices_on_monday_22_december() {
    let from = d(2025, 12, 22);
    assert_eq!(ends(PA, from, EW), d(2026, 1, 6));
    // PCR 2015: the 10th day is New Year's Day → Fri 2 January in England and Wales…
    assert_eq!(ends(PCR, from, EW), d(2026, 1, 2));
    // …but Mon 5 January for a council using Scotland's calendar, and under the Scottish rules.
    assert_eq!(ends(PCR, from, SC), d(2026, 1, 5));
    assert_eq!(ends(SCOT, from, SC), d(2026, 1, 5));
    // PSR: Tue 23, Wed 24, Mon 29, Tue 30, Wed 31, Fri 2, Mon 5, Tue 6 January.
    assert_eq!(ends(PSR, from, EW), d(2026, 1, 6));
}

#[test]
fn christmas_eve_2024_under_the_act() {
    // Tue 24 Dec 2024: the 2 January 2025 Scottish holiday pushes the end to Wed 8 January.
    assert_eq!(ends(PA, d(2024, 12, 24), EW), d(2025, 1, 8));
}

#[test]
fn any_part_of_the_uk_under_the_act() {
    // St Andrew's Day 2025 falls on a Sunday; Monday 1 December is Scotland's substitute day.
    let s = standstill(PA, d(2025, 11, 24), EW, &Calendar::standard());
    assert_eq!(s.ends, d(2025, 12, 4));
    assert!(s
        .days_skipped
        .contains(&(d(2025, 12, 1), "St Andrew's Day (substitute day) (bank holiday in Scotland)".into())));
    // The Boyne 2026 falls on a Sunday; Monday 13 July is Northern Ireland's substitute day.
    let s = standstill(PA, d(2026, 7, 6), EW, &Calendar::standard());
    assert_eq!(s.ends, d(2026, 7, 16));
    assert!(s.days_skipped.iter().any(|(x, why)| *x == d(2026, 7, 13) && why.contains("Northern Ireland")));
    // St Patrick's Day 2024 falls on a Sunday; Monday 18 March is the substitute day.
    assert_eq!(ends(PA, d(2024, 3, 11), SC), d(2024, 3, 21));
    // The same days are working days for PCR 2015 in England and Wales and for the PSR.
    assert_eq!(ends(PCR, d(2025, 11, 21), EW), d(2025, 12, 1));
    assert_eq!(ends(SCOT, d(2025, 11, 21), SC), d(2025, 12, 2));
    assert_eq!(ends(PCR, d(2026, 7, 3), EW), d(2026, 7, 13));
    assert_eq!(ends(PCR, d(2026, 7, 3), NI), d(2026, 7, 14));
    assert_eq!(ends(PSR, d(2026, 7, 3), EW), d(2026, 7, 15)); // begins Sat 4; Mon 6 … Wed 15
}

#[test]
fn ordinary_weeks() {
    let from = d(2026, 1, 5); // a Monday
    assert_eq!(ends(PA, from, EW), d(2026, 1, 14)); // Mon 5 … Fri 9, Mon 12, Tue 13, Wed 14
    assert_eq!(ends(PSR, from, EW), d(2026, 1, 15)); // Tue 6 … Fri 9, Mon 12 … Thu 15
    assert_eq!(ends(PCR, from, EW), d(2026, 1, 15));
    // Published on a Saturday: the count starts on the next working day.
    assert_eq!(ends(PA, d(2026, 4, 4), EW), d(2026, 4, 16));
}

#[test]
fn a_day_the_council_adds_extends_and_one_it_removes_shortens() {
    let added = Calendar::new(&CalendarAdjustments { added: vec![d(2026, 1, 9)], removed: vec![] });
    let s = standstill(PA, d(2026, 1, 5), EW, &added);
    assert_eq!(s.ends, d(2026, 1, 15));
    assert!(s.days_skipped.contains(&(d(2026, 1, 9), "Added by the council (bank holiday in all of the UK)".into())));
    assert_eq!(standstill(PSR, d(2026, 1, 5), EW, &added).ends, d(2026, 1, 16));
    // An added day at the 10th day moves a PCR 2015 end on.
    let added = Calendar::new(&CalendarAdjustments { added: vec![d(2026, 1, 15)], removed: vec![] });
    assert_eq!(standstill(PCR, d(2026, 1, 5), EW, &added).ends, d(2026, 1, 16));

    let removed = Calendar::new(&CalendarAdjustments { added: vec![], removed: vec![d(2026, 4, 6)] });
    assert_eq!(standstill(PA, d(2026, 4, 2), EW, &removed).ends, d(2026, 4, 14));
    assert_eq!(standstill(PCR, d(2026, 3, 27), EW, &removed).ends, d(2026, 4, 6));
    // Good Friday stays a non-working day whatever the settings say.
    let no_gf = Calendar::new(&CalendarAdjustments { added: vec![], removed: vec![d(2026, 4, 3)] });
    let s = standstill(PA, d(2026, 4, 2), EW, &no_gf);
    assert_eq!(s.ends, d(2026, 4, 15));
    assert_eq!(s.days_skipped[0], (d(2026, 4, 3), "Good Friday".to_owned()));
}

#[test]
fn outside_the_calendar_only_weekends_and_the_common_law_days_count() {
    let s = standstill(PA, d(2201, 1, 1), EW, &Calendar::standard());
    assert!(s.rule.contains("No bank holidays are known outside 1971–2200"), "{}", s.rule);
    assert_eq!(s.ends, d(2201, 1, 12)); // Thu 1 … Fri 2, Mon 5 … Fri 9, Mon 12 (no New Year holiday)
    assert!(!standstill(PA, d(2026, 1, 5), EW, &Calendar::standard()).rule.contains("No bank holidays"));
    // The very end of chrono's range does not panic.
    let _ = standstill(PCR, NaiveDate::MAX, EW, &Calendar::standard());
    let _ = standstill(PA, NaiveDate::MAX, EW, &Calendar::standard());
}

#[test]
fn standstill_serializes_for_the_window() {
    let s = standstill(PCR, d(2026, 4, 2), EW, &Calendar::standard());
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["regime"], "pcr2015_light_touch");
    assert_eq!(v["ends"], "2026-04-13");
    assert_eq!(v["earliest_contract"], "2026-04-14");
    assert_eq!(v["days_skipped"], serde_json::json!([["2026-04-12", "Sunday"]]));
}

// Properties over any day from 1971 to 2200, any regime, any nation, and a few days the council
// added or removed near it.

fn regime() -> impl Strategy<Value = Regime> {
    prop_oneof![Just(PA), Just(PCR), Just(PSR), Just(SCOT)]
}

fn nation() -> impl Strategy<Value = Nation> {
    prop_oneof![Just(EW), Just(SC), Just(NI)]
}

fn day() -> impl Strategy<Value = NaiveDate> {
    // 1 Jan 1971 to about 1 Dec 2200.
    (0u64..83_500).prop_map(|n| d(1971, 1, 1) + Days::new(n))
}

fn calendar_near(from: NaiveDate) -> impl Strategy<Value = Calendar> {
    (proptest::collection::btree_set(0u64..25, 0..3), proptest::collection::btree_set(0u64..25, 0..3)).prop_map(
        move |(added, removed)| {
            let removed: Vec<NaiveDate> = removed.difference(&added).map(|&n| from + Days::new(n)).collect();
            let added: Vec<NaiveDate> = added.into_iter().map(|n| from + Days::new(n)).collect();
            Calendar::new(&CalendarAdjustments { added, removed })
        },
    )
}

fn working_days_between(regime: Regime, nation: Nation, cal: &Calendar, first: NaiveDate, last: NaiveDate) -> usize {
    first.iter_days().take_while(|x| *x <= last).filter(|x| is_working_day(regime, nation, cal, *x)).count()
}

proptest! {
    #[test]
    fn the_end_is_a_working_day_and_never_before_the_start(
        (regime, nation, from, cal) in (regime(), nation(), day()).prop_flat_map(|(r, n, f)| (Just(r), Just(n), Just(f), calendar_near(f)))
    ) {
        let s = standstill(regime, from, nation, &cal);
        prop_assert!(s.ends >= from);
        prop_assert!(is_working_day(regime, nation, &cal, s.ends), "{s:?}");
        prop_assert_eq!(s.earliest_contract, s.ends + Days::new(1));
        for (x, why) in &s.days_skipped {
            prop_assert!(!is_working_day(regime, nation, &cal, *x), "{} skipped as {}", x, why);
            prop_assert!(*x >= from && *x < s.ends);
        }
        match regime {
            Regime::ProcurementAct2023 => {
                prop_assert_eq!(working_days_between(regime, nation, &cal, from, s.ends), 8);
                prop_assert_eq!(s.days_skipped.len() + 8, (s.ends - from).num_days() as usize + 1);
            }
            Regime::ProviderSelectionRegime => {
                prop_assert_eq!(working_days_between(regime, nation, &cal, from + Days::new(1), s.ends), 8);
            }
            Regime::Pcr2015LightTouch | Regime::ScottishRegulations => {
                let tenth = from + Days::new(10);
                prop_assert!(s.ends >= tenth);
                prop_assert_eq!(working_days_between(regime, nation, &cal, tenth, s.ends), 1);
            }
        }
    }

    #[test]
    fn the_act_counts_the_same_days_whatever_the_councils_nation(from in day()) {
        let cal = Calendar::standard();
        let e = standstill(PA, from, EW, &cal).ends;
        for n in NATIONS {
            prop_assert_eq!(standstill(PA, from, n, &cal).ends, e);
        }
        // …and never ends sooner than any one nation's own count would.
        for n in NATIONS {
            let own = from.iter_days().filter(|x| cal.working_day_in(n, *x)).nth(7).unwrap();
            prop_assert!(e >= own);
        }
    }
}
