//! Times the window's read views on a store: `cargo run --release -p tenderdesk-api --example
//! window_queries -- <data folder> [<dataset.json> to import into an empty folder]`.
//! Figures go in docs/PERFORMANCE.md (window section); nothing here asserts a time.

use std::time::Instant;

use tenderdesk_api::screens::catalogue::ProviderQuery;
use tenderdesk_api::screens::contracts::ContractQuery;
use tenderdesk_api::screens::round::RoundQuery;
use tenderdesk_api::{Api, OpenOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("give the data folder")?;
    let api = Api::open(OpenOptions { data_dir: Some(dir.into()), actor: Some("bench".into()) })?;
    if let Some(file) = args.next() {
        if api.is_empty()? {
            let t = Instant::now();
            let s = api.import_file(std::path::Path::new(&file))?;
            println!("import: {} records in {:?}", s.records, t.elapsed());
        }
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).ok_or("date")?;
    let time = |name: &str, f: &dyn Fn() -> Result<String, tenderdesk_api::ApiError>| {
        let _ = f(); // warm
        let t = Instant::now();
        let r = f();
        println!("{name}: {:?} ({})", t.elapsed(), r.unwrap_or_else(|e| e.to_string()));
    };
    time("dashboard", &|| {
        api.dashboard(as_of).map(|d| format!("{} alerts, {} rounds", d.alerts.len(), d.rounds_in_progress.len()))
    });
    time("list_providers page 1", &|| {
        api.provider_views(&ProviderQuery::default()).map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_providers search", &|| {
        api.provider_views(&ProviderQuery { search: Some("care".into()), ..Default::default() })
            .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_contracts page 1", &|| {
        api.contract_positions(&ContractQuery { as_of: Some(as_of), ..Default::default() })
            .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_rounds page 1", &|| {
        api.round_rows(&RoundQuery { as_of: Some(as_of), ..Default::default() })
            .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    let first = api.round_rows(&RoundQuery::default())?.rows.into_iter().next().map(|r| r.key);
    if let Some(k) = first {
        time("round_view (latest round)", &|| {
            api.round_view(&k, Some(as_of)).map(|v| format!("{} bids, {} marks", v.bids.len(), v.marks.len()))
        });
    }
    Ok(())
}
