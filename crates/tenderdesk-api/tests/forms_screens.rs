//! The window's read views on the demo data: the dashboard in one call, pages of providers,
//! contracts and rounds that stay small and filter, and a round's view keeping sealed prices out.

mod support;

use support::{d, demo};
use tenderdesk_api::screens::catalogue::ProviderQuery;
use tenderdesk_api::screens::contracts::ContractQuery;
use tenderdesk_api::screens::round::{RoundQuery, RoundStage};
use tenderdesk_api::screens::Paging;

#[test]
fn the_dashboard_gathers_alerts_rounds_in_progress_and_figures() {
    let (_d, api) = demo();
    let dash = api.dashboard(d("2026-11-23")).unwrap();
    assert_eq!(dash.alerts, api.alerts(d("2026-11-23"), dash.alert_days).unwrap());
    // The 2026 call-off is past its deadline with its bids sealed; the two awarded rounds' standstills are over.
    let keys: Vec<&str> = dash.rounds_in_progress.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, vec!["RND-CSF-L1-MC-2026-02"]);
    assert_eq!(dash.rounds_in_progress[0].stage, RoundStage::BidsSealed);
    assert_eq!(dash.headline.rounds_in_progress, 1);
    assert!(dash.headline.contracts_running > 0 && dash.headline.providers_active > 0);
    // Before publication the same round is only planned.
    let early = api.dashboard(d("2026-09-01")).unwrap();
    let r = early.rounds_in_progress.iter().find(|r| r.key == "RND-CSF-L1-MC-2026-02").unwrap();
    assert_eq!(r.stage, RoundStage::Planned);
}

#[test]
fn providers_come_a_page_at_a_time_filtered_by_lot_and_words() {
    let (_d, api) = demo();
    let all =
        api.provider_views(&ProviderQuery { paging: Paging { offset: 0, limit: 10 }, ..Default::default() }).unwrap();
    assert_eq!(all.rows.len(), 10);
    assert_eq!(all.total, 71);
    let next =
        api.provider_views(&ProviderQuery { paging: Paging { offset: 10, limit: 10 }, ..Default::default() }).unwrap();
    assert_ne!(all.rows[0].key, next.rows[0].key);
    let on_lot =
        api.provider_views(&ProviderQuery { lot: Some("LOT-CSF-2019-1".into()), ..Default::default() }).unwrap();
    assert_eq!(on_lot.total, 10);
    assert!(on_lot.rows.iter().all(|p| p.admissions.iter().any(|a| a.lot == "LOT-CSF-2019-1")));
    let found = api.provider_views(&ProviderQuery { search: Some("kestrel".into()), ..Default::default() }).unwrap();
    assert_eq!(found.rows.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), vec!["PRV-KESTREL-COMMUNITY-CARE"]);
}

#[test]
fn contracts_and_rounds_are_paged_and_filtered() {
    let (_d, api) = demo();
    let page = api
        .contract_positions(&ContractQuery {
            as_of: Some(d("2026-11-23")),
            paging: Paging { offset: 0, limit: 5 },
            ..Default::default()
        })
        .unwrap();
    assert_eq!((page.total, page.rows.len()), (68, 5));
    let ends: Vec<_> = page.rows.iter().map(|c| c.term.current_end).collect();
    assert!(ends.windows(2).all(|w| w[0] <= w[1]), "soonest end first");
    let bluewood =
        api.contract_positions(&ContractQuery { provider: Some("PRV-BLUEWOOD".into()), ..Default::default() }).unwrap();
    assert!(bluewood.total >= 1 && bluewood.rows.iter().all(|c| c.provider == "PRV-BLUEWOOD"));
    let running = api
        .contract_positions(&ContractQuery {
            status: Some("active".into()),
            as_of: Some(d("2026-11-23")),
            ..Default::default()
        })
        .unwrap();
    assert!(running.rows.iter().all(|c| c.term.status == tenderdesk_api::market::rules::StatusAsAt::Active));
    let rounds = api
        .round_rows(&RoundQuery { in_progress_only: true, as_of: Some(d("2026-11-23")), ..Default::default() })
        .unwrap();
    assert_eq!(rounds.total, 1);
    let all = api.round_rows(&RoundQuery::default()).unwrap();
    assert_eq!(all.total, 3);
}

#[test]
fn a_sealed_round_shows_its_bids_without_prices_and_no_result() {
    let (_d, api) = demo();
    let view = api.round_view("RND-CSF-L1-MC-2026-02", Some(d("2026-11-23"))).unwrap();
    assert!(view.sealed);
    assert!(!view.bids.is_empty());
    assert!(view.bids.iter().all(|b| b.prices.is_empty() && b.live_in_weekly_pence.is_none()));
    assert!(view.result.is_none());
    assert!(view.result_unavailable.as_deref().unwrap_or("").contains("sealed"));
    let awarded = api.round_view("RND-CSF-L1-MC-2025-01", None).unwrap();
    assert!(awarded.locked && awarded.award.is_some() && awarded.result.is_some());
    assert!(!awarded.spreads.is_empty(), "moderation shows the spread of individual marks");
}
