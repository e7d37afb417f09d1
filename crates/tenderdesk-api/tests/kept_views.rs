//! The window's read views are kept in memory between calls (until a kind they read changes):
//! each test reads a view, writes through the API, and proves the next read shows the write — a
//! bid counted, a stage moved, a provider or contract listed — and that a refused write changes
//! nothing. Counting a round's bids from the reference index agrees with reading them.

mod support;

use chrono::NaiveDate;
use support::{audit_len, bid_form, d, demo, invite, timetabled_round_form, KESTREL, LOT, OAKAPPLE};
use tenderdesk_api::forms::rounds::BidForm;
use tenderdesk_api::rounds::AwardRequest;
use tenderdesk_api::screens::catalogue::ProviderQuery;
use tenderdesk_api::screens::contracts::ContractQuery;
use tenderdesk_api::screens::round::{RoundQuery, RoundRow, RoundStage};
use tenderdesk_api::Api;
use tenderdesk_domain::{
    Admission, AdmissionStatus, Arrangement, Contract, Evaluator, Key, Kind, Lot, Mark, Provider, ProviderStatus,
    Round, Submission,
};
use tenderdesk_store::ChangeSet;

const DONE: &str = "RND-CSF-L1-MC-2025-01";

/// A new round on the demo's lot 1, published 2 November 2026, bids due 16 November at noon, with
/// Kestrel and Oakapple invited.
fn new_round(api: &Api) -> String {
    let round = api.create_round(&timetabled_round_form("Home care — kept views call-off")).unwrap().key;
    invite(api, &round, &[KESTREL, OAKAPPLE]);
    round
}

/// A compliant bid at £24.00 an hour.
fn bid(round: &str, bidder: &str, received_at: &str) -> BidForm {
    bid_form(round, bidder, received_at, 2400)
}

/// The round's line in the list of rounds as at `as_of`.
fn row(api: &Api, round: &str, as_of: NaiveDate) -> RoundRow {
    let page =
        api.round_rows(&RoundQuery { search: Some(round.into()), as_of: Some(as_of), ..Default::default() }).unwrap();
    page.rows.into_iter().find(|r| r.key == round).unwrap_or_else(|| panic!("{round} is not listed"))
}

fn in_progress(api: &Api, as_of: NaiveDate) -> Vec<(String, u32)> {
    api.dashboard(as_of).unwrap().rounds_in_progress.into_iter().map(|r| (r.key, r.bids)).collect()
}

#[test]
fn a_recorded_bid_is_counted_by_the_list_of_rounds_the_dashboard_and_the_round_view() {
    let (_d, api) = demo();
    let round = new_round(&api);
    let as_of = d("2026-11-10");
    // Read (and so keep) every view first.
    assert_eq!(row(&api, &round, as_of).bids, 0);
    assert!(in_progress(&api, as_of).contains(&(round.clone(), 0)));
    assert!(api.round_view(&round, Some(as_of)).unwrap().bids.is_empty());
    let total = api.round_rows(&RoundQuery { as_of: Some(as_of), ..Default::default() }).unwrap().total;

    api.record_bid(&bid(&round, KESTREL, "2026-11-15T09:30")).unwrap();
    assert_eq!(row(&api, &round, as_of).bids, 1);
    assert!(in_progress(&api, as_of).contains(&(round.clone(), 1)));
    assert_eq!(api.round_view(&round, Some(as_of)).unwrap().bids.len(), 1);

    // A refused bid (late and compliant, with no reason) changes no view.
    let before = audit_len(&api);
    assert!(api.record_bid(&bid(&round, OAKAPPLE, "2026-11-16T12:05")).is_err());
    assert_eq!(audit_len(&api), before, "nothing stored");
    assert_eq!(row(&api, &round, as_of).bids, 1);
    assert!(in_progress(&api, as_of).contains(&(round.clone(), 1)));
    assert_eq!(api.round_view(&round, Some(as_of)).unwrap().bids.len(), 1);

    api.record_bid(&bid(&round, OAKAPPLE, "2026-11-16T11:59")).unwrap();
    assert_eq!(row(&api, &round, as_of).bids, 2);
    assert!(in_progress(&api, as_of).contains(&(round.clone(), 2)));
    assert_eq!(api.round_view(&round, Some(as_of)).unwrap().bids.len(), 2);
    assert_eq!(api.round_rows(&RoundQuery { as_of: Some(as_of), ..Default::default() }).unwrap().total, total);
}

#[test]
fn opening_bids_withdrawing_and_awarding_move_the_stage_everywhere() {
    let (_d, api) = demo();
    let as_of = d("2026-11-23");
    let stage = |api: &Api| row(api, DONE, as_of).stage;
    assert_eq!(stage(&api), RoundStage::Awarded);
    assert!(!in_progress(&api, as_of).iter().any(|(k, _)| k == DONE));
    assert!(api.round_view(DONE, Some(as_of)).unwrap().locked);
    let only_in_progress = |api: &Api| {
        api.round_rows(&RoundQuery { in_progress_only: true, as_of: Some(as_of), ..Default::default() })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.key)
            .collect::<Vec<_>>()
    };
    assert!(!only_in_progress(&api).contains(&DONE.to_owned()));

    // Withdrawn: back to evaluation, in progress again, unlocked.
    api.withdraw_award(DONE, "Challenge upheld", d("2025-07-21")).unwrap();
    assert_eq!(stage(&api), RoundStage::Evaluation);
    assert!(in_progress(&api, as_of).iter().any(|(k, _)| k == DONE));
    assert!(only_in_progress(&api).contains(&DONE.to_owned()));
    let view = api.round_view(DONE, Some(as_of)).unwrap();
    assert!(!view.locked && view.award.is_none() && view.withdrawn_awards.len() == 1);
    assert_eq!(view.stage, RoundStage::Evaluation);

    // A second withdrawal is refused and moves nothing.
    let before = audit_len(&api);
    assert!(api.withdraw_award(DONE, "Again", d("2025-07-22")).is_err());
    assert_eq!(audit_len(&api), before);
    assert_eq!(stage(&api), RoundStage::Evaluation);

    // Awarded again with a standstill running on the date asked.
    let award = api
        .record_award(&AwardRequest {
            round: DONE.into(),
            decided_on: d("2026-11-20"),
            decision_maker: "Director of Adult Social Care".into(),
            regime: None,
            notices_sent_on: None,
            standstill: true,
        })
        .unwrap();
    assert!(award.standstill_ends.is_some_and(|e| e >= as_of), "{:?}", award.standstill_ends);
    assert_eq!(stage(&api), RoundStage::Standstill);
    assert!(in_progress(&api, as_of).iter().any(|(k, _)| k == DONE));
    let view = api.round_view(DONE, Some(as_of)).unwrap();
    assert!(view.locked && view.award.is_some());
    assert_eq!(view.stage, RoundStage::Standstill);
}

#[test]
fn opening_a_rounds_bids_moves_it_from_sealed_to_evaluation() {
    let (_d, api) = demo();
    let round = new_round(&api);
    api.record_bid(&bid(&round, KESTREL, "2026-11-15T09:30")).unwrap();
    let as_of = d("2026-11-18");
    assert_eq!(row(&api, &round, as_of).stage, RoundStage::BidsSealed);
    assert!(api.round_view(&round, Some(as_of)).unwrap().sealed);
    api.open_bids_at(&round, "2026-11-16T14:00:00Z".parse().unwrap()).unwrap();
    assert_eq!(row(&api, &round, as_of).stage, RoundStage::Evaluation);
    let view = api.round_view(&round, Some(as_of)).unwrap();
    assert!(!view.sealed && view.bids.iter().all(|b| !b.prices.is_empty()));
}

fn a_provider_like(api: &Api, key: &str, name: &str) -> Provider {
    let (_, mut p) = api.store().get_by_key::<Provider>(KESTREL).unwrap().unwrap();
    p.key = Key::parse(key).unwrap();
    p.legal_name = name.into();
    p.trading_name = None;
    p.companies_house_number = None;
    p.registration = None;
    p
}

#[test]
fn an_added_provider_is_listed_and_counted_and_a_refused_one_is_not() {
    let (_d, api) = demo();
    let all = |api: &Api| api.provider_views(&ProviderQuery::default()).unwrap();
    let search = |api: &Api, s: &str| {
        api.provider_views(&ProviderQuery { search: Some(s.into()), ..Default::default() }).unwrap().total
    };
    let before = all(&api);
    assert_eq!(search(&api, "zzyzx"), 0);
    let active = api.dashboard(d("2026-11-23")).unwrap().headline.providers_active;

    let mut c = ChangeSet::new();
    c.insert(a_provider_like(&api, "PRV-ZZYZX-CARE", "Zzyzx Care Ltd"));
    api.apply(c).unwrap();
    let after = all(&api);
    assert_eq!(after.total, before.total + 1);
    assert_eq!(search(&api, "zzyzx"), 1);
    let found = api.provider_views(&ProviderQuery { search: Some("zzyzx".into()), ..Default::default() }).unwrap();
    assert_eq!(found.rows[0].key, "PRV-ZZYZX-CARE");
    assert_eq!(found.rows[0].name, "Zzyzx Care Ltd");
    assert!(found.rows[0].admissions.is_empty());
    assert_eq!(api.dashboard(d("2026-11-23")).unwrap().headline.providers_active, active + 1);

    // Refused (a provider with that reference exists): no view changes.
    let audit = audit_len(&api);
    let mut c = ChangeSet::new();
    c.insert(a_provider_like(&api, "PRV-ZZYZX-CARE", "Zzyzx Care Again Ltd"));
    assert!(api.apply(c).is_err());
    assert_eq!(audit_len(&api), audit);
    assert_eq!(all(&api).total, after.total);
    assert_eq!(search(&api, "again"), 0);

    // Suspended: the status filter and the dashboard's count follow.
    let suspended = |api: &Api| {
        api.provider_views(&ProviderQuery { status: Some("suspended".into()), ..Default::default() }).unwrap().total
    };
    let was = suspended(&api);
    let (_, mut p) = api.store().get_by_key::<Provider>("PRV-ZZYZX-CARE").unwrap().unwrap();
    p.status = ProviderStatus::Suspended;
    p.status_since = Some(d("2026-11-01"));
    let mut c = ChangeSet::new();
    c.update(p);
    api.apply(c).unwrap();
    assert_eq!(suspended(&api), was + 1);
    assert_eq!(api.dashboard(d("2026-11-23")).unwrap().headline.providers_active, active);
}

#[test]
fn an_admission_moves_the_providers_lot_filter_and_the_lots_admitted_count() {
    let (_d, api) = demo();
    let admitted = |api: &Api| api.lot_views(None).unwrap().into_iter().find(|l| l.key == LOT).unwrap().admitted;
    let on_lot =
        |api: &Api| api.provider_views(&ProviderQuery { lot: Some(LOT.into()), ..Default::default() }).unwrap().total;
    let (count, listed) = (admitted(&api), on_lot(&api));
    let mut c = ChangeSet::new();
    c.insert(a_provider_like(&api, "PRV-ZZYZX-CARE", "Zzyzx Care Ltd"));
    api.apply(c).unwrap();
    let (_, mut a) = api
        .store()
        .list::<Admission>()
        .unwrap()
        .into_iter()
        .find(|(_, a)| a.lot.as_str() == LOT && a.status == AdmissionStatus::Active)
        .unwrap();
    a.key = Key::parse("ADM-ZZYZX-LOT-1").unwrap();
    a.provider = Key::parse("PRV-ZZYZX-CARE").unwrap();
    let mut c = ChangeSet::new();
    c.insert(a);
    api.apply(c).unwrap();
    assert_eq!(admitted(&api), count + 1);
    assert_eq!(on_lot(&api), listed + 1);
    let zz = api.provider_views(&ProviderQuery { search: Some("zzyzx".into()), ..Default::default() }).unwrap();
    assert_eq!(zz.rows[0].admissions.len(), 1);
}

#[test]
fn an_added_contract_is_listed_and_a_deleted_one_is_gone() {
    let (_d, api) = demo();
    let as_of = d("2026-11-23");
    let page = |api: &Api, search: Option<&str>| {
        api.contract_positions(&ContractQuery {
            search: search.map(str::to_owned),
            as_of: Some(as_of),
            ..Default::default()
        })
        .unwrap()
    };
    let active = |api: &Api| {
        api.contract_positions(&ContractQuery {
            status: Some("active".into()),
            as_of: Some(as_of),
            ..Default::default()
        })
        .unwrap()
        .total
    };
    let before = page(&api, None).total;
    let active_before = active(&api);
    let running = api.dashboard(as_of).unwrap().headline.contracts_running;
    let (_, mut c) = api
        .store()
        .list::<Contract>()
        .unwrap()
        .into_iter()
        .find(|(_, c)| {
            matches!(
                tenderdesk_api::market::rules::contracts::contract_status_as_at(c, as_of),
                tenderdesk_api::market::rules::StatusAsAt::Active
            )
        })
        .unwrap();
    c.key = Key::parse("CON-ZZYZX-1").unwrap();
    c.title = "Zzyzx night sitting".into();
    let mut changes = ChangeSet::new();
    changes.insert(c);
    api.apply(changes).unwrap();
    assert_eq!(page(&api, None).total, before + 1);
    let found = page(&api, Some("zzyzx"));
    assert_eq!(found.rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), vec!["CON-ZZYZX-1"]);
    assert_eq!(api.dashboard(as_of).unwrap().headline.contracts_running, running + 1);
    assert_eq!(active(&api), active_before + 1);

    let mut changes = ChangeSet::new();
    changes.delete(Kind::Contracts, Key::parse("CON-ZZYZX-1").unwrap());
    api.apply(changes).unwrap();
    assert_eq!(page(&api, None).total, before);
    assert_eq!(page(&api, Some("zzyzx")).total, 0);
    assert_eq!(api.dashboard(as_of).unwrap().headline.contracts_running, running);
    assert_eq!(active(&api), active_before);
    let unknown = ContractQuery { status: Some("dormant".into()), as_of: Some(as_of), ..Default::default() };
    assert_eq!(api.contract_positions(&unknown).unwrap().total, 0, "no contract has a status never heard of");
}

#[test]
fn a_renamed_provider_shows_its_new_name_on_its_contracts() {
    let (_d, api) = demo();
    let as_of = d("2026-11-23");
    let q = ContractQuery { provider: Some(KESTREL.into()), as_of: Some(as_of), ..Default::default() };
    let page = api.contract_positions(&q).unwrap();
    assert!(page.total > 0);
    let (_, mut p) = api.store().get_by_key::<Provider>(KESTREL).unwrap().unwrap();
    p.trading_name = Some("Kestrel Renamed".into());
    let mut c = ChangeSet::new();
    c.update(p);
    api.apply(c).unwrap();
    let page = api.contract_positions(&q).unwrap();
    assert!(page.rows.iter().all(|r| r.provider_name == "Kestrel Renamed"));
    let found = api
        .contract_positions(&ContractQuery { search: Some("renamed".into()), as_of: Some(as_of), ..Default::default() })
        .unwrap();
    assert_eq!(found.total, page.total);
}

#[test]
fn counting_a_rounds_bids_from_the_index_agrees_with_reading_them() {
    let (_d, api) = demo();
    let round = new_round(&api);
    api.record_bid(&bid(&round, KESTREL, "2026-11-15T09:30")).unwrap();
    let store = api.store();
    let rounds = store.list::<Round>().unwrap();
    assert!(rounds.len() >= 4);
    for (id, r) in &rounds {
        let key = r.key.as_str();
        for (source, read) in [
            (Kind::Submissions, store.referring::<Submission>(Kind::Rounds, key).unwrap().len()),
            (Kind::Marks, store.referring::<Mark>(Kind::Rounds, key).unwrap().len()),
            (Kind::Evaluators, store.referring::<Evaluator>(Kind::Rounds, key).unwrap().len()),
        ] {
            assert_eq!(store.count_referring(Kind::Rounds, *id, source).unwrap(), read, "{key} {source:?}");
            assert_eq!(store.count_referring_key(Kind::Rounds, key, source).unwrap(), read, "{key} {source:?}");
        }
        assert_eq!(
            row(&api, key, d("2026-11-23")).bids as usize,
            store.referring::<Submission>(Kind::Rounds, key).unwrap().len()
        );
    }
    assert!(store.count_referring_key(Kind::Rounds, DONE, Kind::Marks).unwrap() > 0, "the awarded round has marks");
    assert_eq!(store.count_referring_key(Kind::Rounds, "RND-NO-SUCH", Kind::Submissions).unwrap(), 0);
}

#[test]
fn the_list_of_rounds_follows_bids_recorded_moved_and_deleted_in_two_rounds() {
    let (_d, api) = demo();
    let (first, second) = (new_round(&api), new_round(&api));
    assert_ne!(first, second);
    let as_of = d("2026-11-10");
    let counts = |api: &Api| (row(api, &first, as_of).bids, row(api, &second, as_of).bids);
    let truth = |api: &Api| {
        let store = api.store();
        let n = |k: &str| store.referring::<Submission>(Kind::Rounds, k).unwrap().len() as u32;
        (n(&first), n(&second))
    };
    assert_eq!(counts(&api), (0, 0));
    api.record_bid(&bid(&first, KESTREL, "2026-11-15T09:30")).unwrap();
    assert_eq!(counts(&api), (1, 0));
    api.record_bid(&bid(&second, KESTREL, "2026-11-15T09:30")).unwrap();
    api.record_bid(&bid(&second, OAKAPPLE, "2026-11-15T10:30")).unwrap();
    assert_eq!(counts(&api), (1, 2));
    assert_eq!(counts(&api), truth(&api));

    // A bid moved to the other round: both rounds are counted again.
    let store = api.store();
    let (_, mut moved) = store
        .referring::<Submission>(Kind::Rounds, &second)
        .unwrap()
        .into_iter()
        .find(|(_, b)| b.bidder.as_str() == OAKAPPLE)
        .expect("Oakapple's bid in the second round");
    moved.round = Key::parse(&first).unwrap();
    store.update(moved).unwrap();
    assert_eq!(counts(&api), (2, 1));
    assert_eq!(counts(&api), truth(&api));

    // A bid deleted: the round it was counted under is counted again.
    let (_, gone) = store.referring::<Submission>(Kind::Rounds, &second).unwrap().remove(0);
    store.delete(Kind::Submissions, &gone.key).unwrap();
    assert_eq!(counts(&api), (2, 0));
    assert_eq!(counts(&api), truth(&api));
}

/// The list of arrangements counted the slow way, from every record: each arrangement's lots, and
/// the providers admitted to them or holding its contracts, once each.
fn arrangement_counts_from_records(api: &Api) -> Vec<(String, u32, u32)> {
    let store = api.store();
    let (lots, admissions, contracts) =
        (store.list::<Lot>().unwrap(), store.list::<Admission>().unwrap(), store.list::<Contract>().unwrap());
    let mut out: Vec<(String, u32, u32)> = store
        .list::<Arrangement>()
        .unwrap()
        .into_iter()
        .map(|(_, a)| {
            let its_lots: Vec<&Key> =
                lots.iter().filter(|(_, l)| l.arrangement == a.key).map(|(_, l)| &l.key).collect();
            let mut providers: Vec<&Key> = admissions
                .iter()
                .filter(|(_, ad)| its_lots.contains(&&ad.lot))
                .map(|(_, ad)| &ad.provider)
                .chain(contracts.iter().filter(|(_, c)| c.arrangement == a.key).map(|(_, c)| &c.provider))
                .collect();
            providers.sort();
            providers.dedup();
            (a.key.to_string(), its_lots.len() as u32, providers.len() as u32)
        })
        .collect();
    out.sort();
    out
}

fn arrangement_counts(api: &Api) -> Vec<(String, u32, u32)> {
    let mut out: Vec<(String, u32, u32)> =
        api.arrangement_summaries().unwrap().into_iter().map(|s| (s.key, s.lots, s.providers)).collect();
    out.sort();
    out
}

#[test]
fn the_list_of_arrangements_follows_a_new_providers_admission_and_contract() {
    let (_d, api) = demo();
    let before = arrangement_counts(&api);
    assert_eq!(before, arrangement_counts_from_records(&api));
    let (_, lot) = api.store().get_by_key::<Lot>(LOT).unwrap().unwrap();
    let providers_of = |counts: &[(String, u32, u32)]| {
        counts.iter().find(|(k, _, _)| *k == lot.arrangement.as_str()).map(|(_, _, p)| *p).unwrap()
    };

    let mut c = ChangeSet::new();
    c.insert(a_provider_like(&api, "PRV-ZZYZX-CARE", "Zzyzx Care Ltd"));
    api.apply(c).unwrap();
    assert_eq!(arrangement_counts(&api), before, "a provider admitted nowhere counts nowhere");

    let (_, mut a) = api.store().list::<Admission>().unwrap().into_iter().find(|(_, a)| a.lot.as_str() == LOT).unwrap();
    a.key = Key::parse("ADM-ZZYZX-LOT-1").unwrap();
    a.provider = Key::parse("PRV-ZZYZX-CARE").unwrap();
    let mut c = ChangeSet::new();
    c.insert(a);
    api.apply(c).unwrap();
    let admitted = arrangement_counts(&api);
    assert_eq!(providers_of(&admitted), providers_of(&before) + 1);
    assert_eq!(admitted, arrangement_counts_from_records(&api));

    // A contract of the same arrangement for the same provider: still counted once.
    let (_, mut contract) =
        api.store().list::<Contract>().unwrap().into_iter().find(|(_, c)| c.arrangement == lot.arrangement).unwrap();
    contract.key = Key::parse("CON-ZZYZX-1").unwrap();
    contract.provider = Key::parse("PRV-ZZYZX-CARE").unwrap();
    let mut c = ChangeSet::new();
    c.insert(contract);
    api.apply(c).unwrap();
    assert_eq!(arrangement_counts(&api), admitted);
    assert_eq!(arrangement_counts(&api), arrangement_counts_from_records(&api));
}
