//! What an officer waits for, on the demo data set: opening the store, the first screen's query,
//! import and export of the whole store, and verify. Run: `cargo bench -p tenderdesk-api`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use tenderdesk_api::{Api, OpenOptions};
use tenderdesk_domain::Kind;

fn open(dir: &std::path::Path) -> Api {
    Api::open(OpenOptions { data_dir: Some(dir.to_owned()), actor: Some("bench".into()) }).expect("open the store")
}

fn demo(c: &mut Criterion) {
    let loaded = tempfile::tempdir().expect("temp dir");
    {
        open(loaded.path()).load_demo().expect("load the demo");
    }

    c.bench_function("open the demo store", |b| b.iter(|| drop(open(loaded.path()))));

    let api = open(loaded.path());
    c.bench_function("arrangements screen query", |b| b.iter(|| api.arrangement_summaries().expect("query")));
    c.bench_function("list providers", |b| b.iter(|| api.list(Kind::Providers).expect("list")));
    c.bench_function("show one round with history", |b| {
        b.iter(|| api.show(Kind::Rounds, "RND-CSF-L1-MC-2025-01").expect("show"))
    });
    c.bench_function("round result of the 2025 call-off (5 bids)", |b| {
        b.iter(|| api.round_result("RND-CSF-L1-MC-2025-01").expect("result"))
    });
    c.bench_function("round result of the framework tender (3 lots, 40 bids)", |b| {
        b.iter(|| api.round_result("RND-HC-FW-2025-EST").expect("result"))
    });
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    c.bench_function("dashboard alerts as at 23 Nov 2026, 90 days", |b| {
        b.iter(|| api.alerts(as_of, 90).expect("alerts"))
    });
    c.bench_function("export the demo (JSON text)", |b| b.iter(|| api.export_json().expect("export")));
    c.bench_function("verify the demo store", |b| b.iter(|| api.verify().expect("verify")));
    c.bench_function("parse the demo JSON only (floor for import)", |b| {
        b.iter(|| tenderdesk_api::dataset_io::parse(tenderdesk_api::DEMO_JSON.as_bytes(), "demo").expect("parse"))
    });
    let mut group = c.benchmark_group("import");
    group.sample_size(20);
    group.bench_function("import the demo into an empty store", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                open(dir.path()).load_demo().expect("import");
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, demo);
criterion_main!(benches);
