//! Times the contract register of a large county (20,000 rows) from rows to PDF bytes, split into
//! laying out (page count) and rendering, so the register's cost can be profiled without a store:
//! `cargo run --release -p tenderdesk-report --example register_timing [ROWS]`.

use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};
use tenderdesk_report::register::{register, PRINTED};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let header: Vec<String> = PRINTED.iter().map(|(name, ..)| (*name).to_owned()).collect();
    let rows: Vec<Vec<String>> = (0..n)
        .map(|i| {
            vec![
                format!("CON-{i:05}-ARR-{:03}-LOT-{:02}", i % 40, i % 15),
                format!("Home care and support, zone {} of lot {}", i % 10, i % 15),
                format!("Provider {} Care Services Limited", i % 3000),
                format!("ARR-{:03}", i % 40),
                format!("{}.00", 100_000 + i * 37),
                format!("{}.50", 20_000 + i * 7),
                "2021-04-01".into(),
                "2024-03-31".into(),
                "2026-03-31".into(),
                "Active".into(),
                if i % 3 == 0 { "Yes" } else { "No" }.into(),
            ]
        })
        .collect();
    let created = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("a fixed instant");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a fixed date");
    let t = Instant::now();
    let doc = register("A County Council", "Commissioning", as_of, &header, &rows, created);
    let build = t.elapsed();
    let t = Instant::now();
    let pages = doc.page_count().expect("pages");
    let layout = t.elapsed();
    let t = Instant::now();
    let bytes = doc.render().expect("bytes");
    let render = t.elapsed();
    println!(
        "{n} rows: document {build:.2?}, layout {layout:.2?} ({pages} pages), render {render:.2?} ({} KB)",
        bytes.len() / 1024
    );
}
