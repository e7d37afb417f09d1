//! Sealed prices stay sealed everywhere: on the demo data with the bids of its sealed round given
//! prices found nowhere else, every view and export the API offers is walked — the round views,
//! the lists, every record listed or shown, the audit log, the dashboard, the catalogue, the market
//! views, the forms, the refusals, the dataset export as value, text and file, the open-data
//! exports and the printed reports — and none holds one of those prices. The full backup
//! (`ExportScope::IncludingSealed`) is the one path that does.

use std::process::Command;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use tenderdesk_api::opendata::OcdsOptions;
use tenderdesk_api::reports::CommitteeReportRequest;
use tenderdesk_api::screens::catalogue::ProviderQuery;
use tenderdesk_api::screens::contracts::ContractQuery;
use tenderdesk_api::screens::round::RoundQuery;
use tenderdesk_api::{Api, ExportScope};
use tenderdesk_domain::Kind;

mod support;

const SEALED: &str = "RND-CSF-L1-MC-2026-02";
const ARRANGEMENT: &str = "ARR-CSF-2019";
/// The hourly prices given to the sealed bids, and one live-in weekly price: in pence.
const HOURLY: [i64; 4] = [9731, 9683, 9547, 9419];
const LIVE_IN: i64 = 118_743;

fn created() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

fn pounds(pence: i64) -> String {
    format!("{}.{:02}", pence / 100, pence % 100)
}

fn all_pence() -> Vec<i64> {
    HOURLY.iter().copied().chain([LIVE_IN]).collect()
}

/// The demo data set with the sealed round's bids priced at `HOURLY`, the first also live-in.
fn store() -> (tempfile::TempDir, Api) {
    let mut demo: Value = serde_json::from_str(tenderdesk_api::DEMO_JSON).unwrap();
    let bids = demo["submissions"].as_array_mut().unwrap().iter_mut().filter(|s| s["round"] == SEALED);
    let mut priced = 0;
    for (bid, pence) in bids.zip(HOURLY) {
        bid["prices"][0]["hourly"] = pounds(pence).into();
        if priced == 0 {
            bid["live_in_weekly"] = pounds(LIVE_IN).into();
        }
        priced += 1;
    }
    assert_eq!(priced, HOURLY.len(), "the sealed round has a bid for each price");
    let dir = tempfile::tempdir().unwrap();
    let api = support::open_at(dir.path());
    api.import_bytes(demo.to_string().as_bytes(), "demo with distinctive sealed prices").unwrap();
    (dir, api)
}

/// Where a sealed price shows in a JSON value: a number of pence, or a text holding the pounds.
fn leaks_in_json(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n.as_i64().filter(|p| all_pence().contains(p)).map(|p| format!("{p} pence")),
        Value::String(s) => leaks_in_text(s),
        Value::Array(items) => items.iter().find_map(leaks_in_json),
        Value::Object(map) => map.values().find_map(leaks_in_json),
        _ => None,
    }
}

/// Where a sealed price shows in a text: the pounds ("97.31"), whatever is around them.
fn leaks_in_text(text: &str) -> Option<String> {
    all_pence().into_iter().map(pounds).find(|p| text.contains(p.as_str()))
}

/// Every view, export and report, each as (what it is, what it gives).
struct Walk {
    checked: Vec<String>,
    leaks: Vec<String>,
}

impl Walk {
    fn json<T: Serialize>(&mut self, what: &str, value: tenderdesk_api::Result<T>) {
        let v = match value {
            Ok(v) => serde_json::to_value(v).unwrap(),
            // A refusal's message is what the officer reads: it must not hold a price either.
            Err(e) => Value::String(e.to_string()),
        };
        self.found(what, leaks_in_json(&v));
    }

    fn text(&mut self, what: &str, text: &str) {
        self.found(what, leaks_in_text(text));
    }

    fn found(&mut self, what: &str, leak: Option<String>) {
        self.checked.push(what.to_owned());
        if let Some(price) = leak {
            self.leaks.push(format!("{what} shows {price}"));
        }
    }
}

/// The text of a PDF, as pdftotext reads it.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn views(w: &mut Walk, api: &Api) {
    let as_of = support::d("2026-11-20");
    for r in api.list(Kind::Rounds).unwrap() {
        w.json(&format!("round view of {}", r.key), api.round_view(&r.key, Some(as_of)));
        w.json(&format!("round view of {} today", r.key), api.round_view(&r.key, None));
    }
    w.json("round result", api.round_result(SEALED));
    w.json("notices", api.notices(SEALED));
    w.json("evaluation model form", api.evaluation_model_form(SEALED));
    w.json("rounds", api.round_rows(&RoundQuery { as_of: Some(as_of), ..Default::default() }));
    w.json("dashboard", api.dashboard(as_of));
    w.json("arrangements", api.arrangement_summaries());
    w.json("lots", api.lot_views(None));
    w.json("providers", api.provider_views(&ProviderQuery::default()));
    for p in api.list(Kind::Providers).unwrap() {
        w.json(&format!("provider {}", p.key), api.provider_view(&p.key, Some(as_of)));
    }
    w.json("contracts", api.contract_positions(&ContractQuery { as_of: Some(as_of), ..Default::default() }));
    w.json("form choices", Ok(tenderdesk_api::forms::form_choices()));
    w.json("settings", api.settings());
}

fn records(w: &mut Walk, api: &Api) {
    for &kind in Kind::ALL {
        w.json(&format!("list of {kind}"), api.list(kind));
        w.json(&format!("page of {kind}"), api.list_page(kind, 0, 500, ""));
        w.json(&format!("records of {kind}"), api.list_records(kind));
    }
    for s in api.list(Kind::Submissions).unwrap() {
        w.json(&format!("bid {}", s.key), api.show(Kind::Submissions, &s.key));
    }
    w.json("the sealed round", api.show(Kind::Rounds, SEALED));
    w.json("audit log", api.audit_log());
    let round = api.round(SEALED).unwrap();
    let bids = api.round_records(&round).unwrap().submissions;
    w.found(
        "the sealed round's records",
        bids.iter().find(|s| !s.prices.is_empty() || s.live_in_weekly.is_some()).map(|s| s.key.to_string()),
    );
}

fn market(w: &mut Walk, api: &Api) {
    let as_of = support::d("2026-11-20");
    w.json("alerts", api.alerts(as_of, 365));
    w.json("FOI answers", api.foi(as_of, &[]));
    for a in api.list(Kind::Arrangements).unwrap() {
        w.json(&format!("spend of {}", a.key), api.spend_summary(&a.key, None));
        w.json(&format!("spend screen of {}", a.key), api.spend_view(&a.key, None));
        w.json(&format!("position of {}", a.key), api.arrangement_position(&a.key, as_of));
    }
    w.json("rates", api.rates(as_of, &[]));
    w.json("rates screen", api.rates_view(as_of, &[]));
    w.json("activity", api.activity(as_of, &[]));
    w.json("coverage", api.coverage(as_of, None));
    w.json("openings", api.openings(None));
}

fn exports(w: &mut Walk, api: &Api) {
    let dir = tempfile::tempdir().unwrap();
    w.json("dataset export", api.export_dataset(ExportScope::SealedWithheld));
    w.text("dataset export text", &api.export_json().unwrap());
    let file = dir.path().join("export.json");
    api.export_file(&file).unwrap();
    w.text("dataset export file", &std::fs::read_to_string(&file).unwrap());
    let csv = dir.path().join("register.csv");
    api.export_contracts_csv(&csv).unwrap();
    w.text("contract register CSV", &std::fs::read_to_string(&csv).unwrap());
    w.json("contract register rows", api.register_rows(support::d("2026-11-20")));
    let ocds = dir.path().join("ocds.json");
    api.export_ocds_with(&ocds, &OcdsOptions::new(created())).unwrap();
    w.text("OCDS release package", &std::fs::read_to_string(&ocds).unwrap());
    w.json("evaluation matrix CSV", api.report_matrix_csv(SEALED));
}

fn reports(w: &mut Walk, api: &Api) {
    let req =
        CommitteeReportRequest::new(ARRANGEMENT, support::d("2026-12-01"), "Adults and Health Committee", created());
    w.text("committee report", &pdf_text(&api.report_committee(&req).unwrap()));
    w.text("FOI pack", &pdf_text(&api.report_foi(support::d("2026-11-20"), created()).unwrap()));
    w.text("contract register report", &pdf_text(&api.report_register(support::d("2026-11-20"), created()).unwrap()));
    w.json("evaluation matrix", api.report_matrix(SEALED, created()).map(|pdf| pdf_text(&pdf)));
    w.json("letters", api.report_letters(SEALED, created()).map(|files| files.len()));
}

#[test]
fn no_view_export_or_report_shows_the_price_of_a_bid_not_yet_opened() {
    let (_dir, api) = store();
    let mut w = Walk { checked: Vec::new(), leaks: Vec::new() };
    views(&mut w, &api);
    records(&mut w, &api);
    market(&mut w, &api);
    exports(&mut w, &api);
    reports(&mut w, &api);
    assert!(w.checked.len() > 100, "walked {} views", w.checked.len());
    assert!(w.leaks.is_empty(), "sealed prices leaked: {:#?}", w.leaks);
}

#[test]
fn the_full_backup_is_the_one_export_that_keeps_sealed_prices() {
    let (_dir, api) = store();
    let full = api.export_json_with(ExportScope::IncludingSealed).unwrap();
    for pence in all_pence() {
        assert!(full.contains(&format!("\"{}\"", pounds(pence))), "the full backup keeps {}", pounds(pence));
    }
    let ds = api.export_dataset(ExportScope::IncludingSealed).unwrap();
    assert!(leaks_in_json(&serde_json::to_value(&ds).unwrap()).is_some(), "the full dataset carries them");
    // The same store opened: the round view shows every price.
    api.open_bids(SEALED, "2026-11-16T09:30:00Z".parse().unwrap()).unwrap();
    let view = api.round_view(SEALED, Some(support::d("2026-11-20"))).unwrap();
    let shown: Vec<i64> = view.bids.iter().flat_map(|b| b.prices.iter().map(|p| p.hourly_pence.pence())).collect();
    assert_eq!(shown.len(), HOURLY.len());
    assert!(HOURLY.iter().all(|p| shown.contains(p)), "{shown:?}");
    assert!(view.bids.iter().any(|b| b.live_in_weekly_pence.is_some_and(|p| p == LIVE_IN)));
}
