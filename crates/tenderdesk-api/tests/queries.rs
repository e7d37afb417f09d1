//! The interactive queries answered from views kept in memory give what the rules give on the
//! whole data set read afresh, on any date, before and after a change; the list screens page and
//! filter the same lines as the whole list; bad page requests are refused.

mod support;

use std::sync::OnceLock;

use proptest::prelude::*;
use support::{d, demo, open_at};
use tenderdesk_api::{Api, ApiError};
use tenderdesk_domain::*;

/// One demo store shared by the property tests (read only).
fn shared() -> &'static Api {
    static DEMO: OnceLock<(tempfile::TempDir, Api)> = OnceLock::new();
    &DEMO.get_or_init(demo).1
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Alerts, coverage and rates from the kept views equal the rules run on the store exported
    /// whole, on any date and horizon.
    #[test]
    fn kept_views_answer_as_the_whole_data_set_does(day in 0i64..4_000, within in 0u32..400) {
        let api = shared();
        let as_of = d("2017-01-01") + chrono::Duration::days(day);
        let ds = api.export_dataset(tenderdesk_api::ExportScope::IncludingSealed).unwrap();
        prop_assert_eq!(api.alerts(as_of, within).unwrap(), tenderdesk_market::alerts(&ds, as_of, within));
        prop_assert_eq!(api.coverage(as_of, None).unwrap(), tenderdesk_market::coverage(&ds, as_of, None));
        prop_assert_eq!(api.rates(as_of, &[]).unwrap(), tenderdesk_market::rates_report(&ds, as_of, None));
    }
}

#[test]
fn alerts_follow_a_change_at_once() {
    let (_dir, api) = demo();
    let sa = "CON-HC-SA-2021-COASTLINE-CARE-AT-HOME";
    let as_of = d("2024-05-01");
    let before = api.alerts(as_of, 120).unwrap();
    assert!(before.iter().any(|a| a.record_key == sa), "the contract's option decision is due");
    // The contract renamed (an update through the store): its alerts carry the new title at once.
    let (_, mut c) = api.store().get_by_key::<Contract>(sa).unwrap().unwrap();
    c.title = "Renamed for the query test".into();
    let mut changes = tenderdesk_api::Changes::new();
    changes.update(c);
    api.apply(changes).unwrap();
    let after = api.alerts(as_of, 120).unwrap();
    assert_ne!(before, after);
    assert!(after.iter().filter(|a| a.record_key == sa).all(|a| a.title == "Renamed for the query test"));
    assert_eq!(
        after,
        tenderdesk_market::alerts(
            &api.export_dataset(tenderdesk_api::ExportScope::IncludingSealed).unwrap(),
            as_of,
            120
        )
    );
}

#[test]
fn pages_are_slices_of_the_whole_list_and_follow_changes() {
    let (_dir, api) = demo();
    let all = api.list(Kind::Providers).unwrap();
    assert!(all.len() > 20);
    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = api.list_page(Kind::Providers, offset, 7, "").unwrap();
        assert_eq!(page.total as usize, all.len());
        assert_eq!(page.matching as usize, all.len());
        assert_eq!(page.offset as usize, offset);
        if page.items.is_empty() {
            break;
        }
        offset += page.items.len();
        paged.extend(page.items);
    }
    assert_eq!(paged, all);

    // A filter matches the reference or the title, in any case.
    let needle = all[3].title.to_uppercase();
    let found = api.list_page(Kind::Providers, 0, 1_000, &needle).unwrap();
    let expected: Vec<_> = all
        .iter()
        .filter(|s| {
            s.title.to_lowercase().contains(&needle.to_lowercase())
                || s.key.to_lowercase().contains(&needle.to_lowercase())
        })
        .cloned()
        .collect();
    assert!(found.items.contains(&all[3]));
    assert_eq!(found.items, expected);
    assert_eq!(found.matching as usize, expected.len());
    let by_key = api.list_page(Kind::Providers, 0, 10, &all[5].key.to_lowercase()).unwrap();
    assert!(by_key.items.contains(&all[5]));

    // A new provider shows at once in the list and in the pages.
    let mut p = api.store().get_by_key::<Provider>(&all[0].key).unwrap().unwrap().1;
    p.key = Key::parse("PRV-QUERY-TEST").unwrap();
    p.legal_name = "Zebra Query Care Ltd".into();
    p.trading_name = None;
    let mut changes = tenderdesk_api::Changes::new();
    changes.insert(p);
    api.apply(changes).unwrap();
    assert_eq!(api.list(Kind::Providers).unwrap().len(), all.len() + 1);
    let page = api.list_page(Kind::Providers, 0, 5, "zebra query").unwrap();
    assert_eq!(page.total as usize, all.len() + 1);
    assert_eq!(page.matching, 1);
    assert_eq!(page.items[0].key, "PRV-QUERY-TEST");
}

#[test]
fn a_page_past_the_end_is_empty_and_a_bad_size_is_refused() {
    let (_dir, api) = demo();
    let n = api.list(Kind::Contracts).unwrap().len();
    let past = api.list_page(Kind::Contracts, n + 10, 10, "").unwrap();
    assert!(past.items.is_empty());
    assert_eq!(past.matching as usize, n);
    for bad in [0, tenderdesk_api::lists::MAX_PAGE + 1] {
        let err = api.list_page(Kind::Contracts, 0, bad, "").unwrap_err();
        assert!(matches!(err, ApiError::Refused(_)));
        assert!(err.to_string().contains("a page holds from 1 to 1000 lines"), "{err}");
    }
    assert!(api.list_page(Kind::Contracts, 0, 10, "no such words anywhere").unwrap().items.is_empty());
}

#[test]
fn a_kept_round_result_is_the_result_computed_afresh_for_every_round() {
    let (_dir, api) = demo();
    for s in api.list(Kind::Rounds).unwrap() {
        let round = api.round(&s.key).unwrap();
        let fresh = tenderdesk_evaluation::evaluate(&api.round_records(&round).unwrap());
        for _ in 0..2 {
            match (&fresh, api.round_result(&s.key)) {
                (Ok(f), Ok(kept)) => assert_eq!(*f, kept),
                (Err(f), Err(kept)) => assert_eq!(ApiError::from(f.clone()).to_string(), kept.to_string()),
                (f, kept) => panic!("round {}: computed {f:?}, kept {kept:?}", s.key),
            }
        }
    }
}

/// One change an officer might make between two looks at the dashboard.
#[derive(Debug, Clone)]
enum Step {
    /// A contract's title and initial end moved (by `days`).
    Contract { pick: usize, days: i64 },
    /// A contract's whole term moved (its start too: what the alerts' index reads of it).
    ContractStart { pick: usize, days: i64 },
    /// A moderated mark's agreement day moved (refused once its round's award is in force).
    Moderation { pick: usize, days: i64 },
    /// A new provider, or the last one added here removed again.
    Provider { add: bool },
    /// A contract written with an empty title: refused, nothing stored.
    Refused { pick: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..10_000, -400i64..400).prop_map(|(pick, days)| Step::Contract { pick, days }),
        (0usize..10_000, -400i64..400).prop_map(|(pick, days)| Step::ContractStart { pick, days }),
        (0usize..10_000, -400i64..400).prop_map(|(pick, days)| Step::Moderation { pick, days }),
        any::<bool>().prop_map(|add| Step::Provider { add }),
        (0usize..10_000).prop_map(|pick| Step::Refused { pick }),
    ]
}

fn apply_step(api: &Api, s: &Step, added: &mut Vec<String>) {
    let mut changes = tenderdesk_api::Changes::new();
    match s {
        Step::Contract { pick, days } => {
            let all = api.store().list::<Contract>().unwrap();
            let (_, mut c) = all[pick % all.len()].clone();
            c.title = format!("{} (moved {days})", c.title);
            c.term.initial_end += chrono::Duration::days(*days);
            changes.update(c);
        }
        Step::ContractStart { pick, days } => {
            let all = api.store().list::<Contract>().unwrap();
            let (_, mut c) = all[pick % all.len()].clone();
            let by = chrono::Duration::days(*days);
            c.term.start += by;
            c.term.initial_end += by;
            c.term.maximum_end = c.term.maximum_end.map(|e| e + by);
            for o in &mut c.term.extension_options {
                o.decide_by += by;
                o.decided_on = o.decided_on.map(|d| d + by);
            }
            changes.update(c);
        }
        Step::Moderation { pick, days } => {
            let all = api.store().list::<ModeratedMark>().unwrap();
            let (_, mut m) = all[pick % all.len()].clone();
            m.agreed_on += chrono::Duration::days(*days);
            changes.update(m);
        }
        Step::Provider { add: true } => {
            let (_, mut p) = api.store().list::<Provider>().unwrap()[0].clone();
            let key = format!("PRV-PROP-{}", added.len() + 1);
            p.key = Key::parse(&key).unwrap();
            changes.insert(p);
            added.push(key);
        }
        Step::Provider { add: false } => match added.pop() {
            Some(key) => {
                changes.delete(Kind::Providers, Key::parse(&key).unwrap());
            }
            None => return,
        },
        Step::Refused { pick } => {
            let all = api.store().list::<Contract>().unwrap();
            let (_, mut c) = all[pick % all.len()].clone();
            c.title = String::new();
            changes.update(c);
        }
    }
    // Refused or not, what is asked next must be what is stored.
    let _ = api.apply(changes);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    /// After any run of changes (contracts, moderated marks, providers added and removed, refused
    /// writes), after reopening the store (each round's first moderation date then comes from disk)
    /// and in a store restored from a backup, the alerts are the rules run on the data exported.
    #[test]
    fn alerts_after_changes_reopening_and_a_restore_are_the_rules_on_the_data(
        steps in proptest::collection::vec(step(), 1..8),
        day in 0i64..3_000,
        within in 0u32..400,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let as_of = d("2018-01-01") + chrono::Duration::days(day);
        let mut added = Vec::new();
        {
            let api = open_at(dir.path());
            api.load_demo().unwrap();
            api.alerts(as_of, within).unwrap();
            for s in &steps {
                apply_step(&api, s, &mut added);
                let ds = api.export_dataset(tenderdesk_api::ExportScope::IncludingSealed).unwrap();
                prop_assert_eq!(api.alerts(as_of, within).unwrap(), tenderdesk_market::alerts(&ds, as_of, within));
                // The market's kept records as a whole: the FOI pack reads every market kind.
                prop_assert_eq!(api.foi(as_of, &[]).unwrap(), tenderdesk_market::foi(&ds, as_of, None));
                // A date not asked before: computed from the kept records and index.
                let later = as_of + chrono::Duration::days(30);
                prop_assert_eq!(api.alerts(later, within).unwrap(), tenderdesk_market::alerts(&ds, later, within));
                // The contract register comes from the kept records too: the same bytes as from the
                // exported data (providers renamed, added and removed; contracts moved).
                let csv = dir.path().join("register.csv");
                api.export_contracts_csv(&csv).unwrap();
                prop_assert_eq!(std::fs::read(&csv).unwrap(), tenderdesk_opendata::contracts_csv(&ds).unwrap().csv);
            }
        }
        let api = open_at(dir.path());
        let ds = api.export_dataset(tenderdesk_api::ExportScope::IncludingSealed).unwrap();
        prop_assert_eq!(api.alerts(as_of, within).unwrap(), tenderdesk_market::alerts(&ds, as_of, within));
        // One more change after reopening, then the answer again.
        apply_step(&api, &Step::Moderation { pick: day as usize, days: -30 }, &mut added);
        let ds = api.export_dataset(tenderdesk_api::ExportScope::IncludingSealed).unwrap();
        prop_assert_eq!(api.alerts(as_of, within).unwrap(), tenderdesk_market::alerts(&ds, as_of, within));

        let backup = dir.path().join("query-test.tdbackup");
        api.backup(&backup).unwrap();
        let other = tempfile::tempdir().unwrap();
        let restored = open_at(other.path());
        restored.restore(&backup).unwrap();
        prop_assert_eq!(restored.alerts(as_of, within).unwrap(), tenderdesk_market::alerts(&ds, as_of, within));
    }
}

#[test]
fn a_rounds_records_are_those_of_the_whole_data_set_that_name_it() {
    let (_dir, api) = demo();
    // As the API gives them out: a sealed round's bids without their prices, in both.
    let ds = api.export_dataset(tenderdesk_api::ExportScope::SealedWithheld).unwrap();
    for round in &ds.rounds {
        let r = api.round_records(round).unwrap();
        let marks: Vec<&Mark> = ds.marks.iter().filter(|m| m.round == round.key).collect();
        let moderated: Vec<&ModeratedMark> = ds.moderated_marks.iter().filter(|m| m.round == round.key).collect();
        let submissions: Vec<&Submission> = ds.submissions.iter().filter(|s| s.round == round.key).collect();
        let evaluators: Vec<&Evaluator> = ds.evaluators.iter().filter(|e| e.round == round.key).collect();
        assert_eq!(r.marks.iter().collect::<Vec<_>>(), marks, "{}", round.key);
        assert_eq!(r.moderated.iter().collect::<Vec<_>>(), moderated, "{}", round.key);
        assert_eq!(r.submissions.iter().collect::<Vec<_>>(), submissions, "{}", round.key);
        assert_eq!(r.evaluators.iter().collect::<Vec<_>>(), evaluators, "{}", round.key);
    }
}

#[test]
fn the_windows_holidays_of_a_year_are_those_of_the_calendar_and_a_year_outside_it_is_refused() {
    let (_dir, api) = support::demo();
    let year = tenderdesk_api::calendar::Year::new(2026).expect("2026 is in the calendar");
    assert_eq!(api.holidays_of(2026, None).unwrap(), api.holidays(year, None).unwrap());
    let refused = api.holidays_of(1066, None).expect_err("1066 is outside the calendar");
    assert!(matches!(refused, tenderdesk_api::ApiError::Refused(_)), "{refused:?}");
    assert!(refused.to_string().contains("1066"), "names the year: {refused}");
}
