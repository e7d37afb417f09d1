//! The interactive queries answered from views kept in memory give what the rules give on the
//! whole data set read afresh, on any date, before and after a change; the list screens page and
//! filter the same lines as the whole list; bad page requests are refused.

use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use tenderdesk_api::{Api, ApiError, OpenOptions};
use tenderdesk_domain::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn demo() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().unwrap();
    let api =
        Api::open(OpenOptions { data_dir: Some(dir.path().to_owned()), actor: Some("query tester".into()) }).unwrap();
    api.load_demo().unwrap();
    (dir, api)
}

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
        let ds = api.export_dataset().unwrap();
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
    assert_eq!(after, tenderdesk_market::alerts(&api.export_dataset().unwrap(), as_of, 120));
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
