//! Producing each printed report on the demo data: the committee update (with the arrangement's
//! rounds, coverage, rates, contracts and spend gathered through the reference index), the letters
//! of a round, its evaluation matrix, the FOI pack and the contract register.
//!
//! Run: `cargo bench -p tenderdesk-api --bench reports`. `TENDERDESK_BENCH_STORE=DIR` runs the
//! committee report against a store already in DIR instead (a large county made by
//! `dev generate --scale large` and imported; the store must not be open elsewhere), with
//! `TENDERDESK_BENCH_ARRANGEMENT` naming the arrangement (default: the first listed), and then
//! the letters and matrix of the first awarded round, the FOI pack and the contract register.

use criterion::{criterion_group, criterion_main, Criterion};
use tenderdesk_api::reports::CommitteeReportRequest;
use tenderdesk_api::{Api, OpenOptions};
use tenderdesk_domain::Kind;

fn open(dir: &std::path::Path) -> Api {
    Api::open(OpenOptions { data_dir: Some(dir.to_owned()), actor: Some("bench".into()) }).expect("open the store")
}

fn reports(c: &mut Criterion) {
    let created = "2026-11-23T09:00:00Z".parse().expect("a time");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    if let Some(dir) = std::env::var_os("TENDERDESK_BENCH_STORE") {
        let api = open(std::path::Path::new(&dir));
        let arrangement = std::env::var("TENDERDESK_BENCH_ARRANGEMENT")
            .ok()
            .unwrap_or_else(|| api.list(Kind::Arrangements).expect("list")[0].key.clone());
        let req = CommitteeReportRequest::new(&arrangement, as_of, "Adults and Health Committee", created);
        let mut g = c.benchmark_group("large");
        g.sample_size(10);
        g.bench_function(format!("committee report on {arrangement}"), |b| {
            b.iter(|| api.report_committee(&req).expect("report"))
        });
        // Letters and matrix of the first round with an award decision in force.
        let award = api.list_records(Kind::Awards).expect("awards").into_iter().next();
        if let Some(round) = award.as_ref().and_then(|a| a["round"].as_str()).map(str::to_owned) {
            g.bench_function(format!("letters of {round}"), |b| {
                b.iter(|| api.report_letters(&round, created).expect("letters"))
            });
            g.bench_function(format!("matrix of {round}"), |b| {
                b.iter(|| api.report_matrix(&round, created).expect("matrix"))
            });
        }
        g.bench_function("FOI pack, whole council", |b| b.iter(|| api.report_foi(as_of, created).expect("foi")));
        g.bench_function("contract register, whole council", |b| {
            b.iter(|| api.report_register(as_of, created).expect("register"))
        });
        g.finish();
        return;
    }
    let loaded = tempfile::tempdir().expect("temp dir");
    open(loaded.path()).load_demo().expect("load the demo");
    let api = open(loaded.path());
    let mut g = c.benchmark_group("reports on the demo");
    g.sample_size(20);
    let req = CommitteeReportRequest::new("ARR-HC-FW-2025", as_of, "Adults and Health Committee", created);
    g.bench_function("committee report, framework (9 pages)", |b| {
        b.iter(|| api.report_committee(&req).expect("report"))
    });
    g.bench_function("letters of the 2025 call-off (5 bidders)", |b| {
        b.iter(|| api.report_letters("RND-CSF-L1-MC-2025-01", created).expect("letters"))
    });
    g.bench_function("matrix of the 2025 call-off", |b| {
        b.iter(|| api.report_matrix("RND-CSF-L1-MC-2025-01", created).expect("matrix"))
    });
    g.bench_function("matrix of the framework tender (40 bids)", |b| {
        b.iter(|| api.report_matrix("RND-HC-FW-2025-EST", created).expect("matrix"))
    });
    g.bench_function("FOI pack", |b| b.iter(|| api.report_foi(as_of, created).expect("foi")));
    g.bench_function("contract register (68 contracts)", |b| {
        b.iter(|| api.report_register(as_of, created).expect("register"))
    });
    g.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);
