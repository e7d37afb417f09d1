//! Times the window's read views on a store: `cargo run --release -p tenderdesk-api --example
//! window_queries -- <data folder> [<dataset.json> to import into an empty folder]`.
//! Each view is timed on its first call (what the officer waits for after opening the store or
//! after a change) and on its second (kept data). Figures go in docs/PERFORMANCE.md (window
//! section); nothing here asserts a time, and nothing here writes to the store but the import.

use std::time::Instant;

/// The app's allocator (src-tauri/main.rs), so that the views are timed as the window runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tenderdesk_api::screens::catalogue::ProviderQuery;
use tenderdesk_api::screens::contracts::ContractQuery;
use tenderdesk_api::screens::round::RoundQuery;
use tenderdesk_api::screens::Paging;
use tenderdesk_api::{Api, ApiError, OpenOptions};
use tenderdesk_domain::Kind;

type Answer = Result<String, ApiError>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--lists-first`: time the lists before the dashboard, so their first calls read the store
    // cold rather than after the dashboard has read the market's records.
    let lists_first = args.iter().any(|a| a == "--lists-first");
    args.retain(|a| a != "--lists-first");
    let mut args = args.into_iter();
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
    let time = |name: &str, f: &dyn Fn() -> Answer| {
        let t = Instant::now();
        let first = f();
        let first_took = t.elapsed();
        let t = Instant::now();
        let second = f();
        let second_took = t.elapsed();
        let shown = |r: Answer| r.unwrap_or_else(|e| e.to_string());
        let (first, second) = (shown(first), shown(second));
        let same = if first == second { String::new() } else { format!(" [first call said: {first}]") };
        println!("{name}: first {first_took:?}, second {second_took:?} ({second}){same}");
    };
    let dashboard = || {
        time("dashboard", &|| {
            api.dashboard(as_of).map(|d| format!("{} alerts, {} rounds", d.alerts.len(), d.rounds_in_progress.len()))
        })
    };
    if !lists_first {
        dashboard();
    }
    time("list_providers page 1", &|| {
        api.provider_views(&ProviderQuery::default()).map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_providers page 30", &|| {
        api.provider_views(&ProviderQuery { paging: Paging { offset: 2_900, limit: 100 }, ..Default::default() })
            .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_providers search", &|| {
        api.provider_views(&ProviderQuery { search: Some("care".into()), ..Default::default() })
            .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_contracts page 1", &|| {
        api.contract_positions(&ContractQuery { as_of: Some(as_of), ..Default::default() })
            .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_contracts status active", &|| {
        api.contract_positions(&ContractQuery {
            as_of: Some(as_of),
            status: Some("active".into()),
            ..Default::default()
        })
        .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_contracts search", &|| {
        api.contract_positions(&ContractQuery { as_of: Some(as_of), search: Some("care".into()), ..Default::default() })
            .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_rounds page 1", &|| {
        api.round_rows(&RoundQuery { as_of: Some(as_of), ..Default::default() })
            .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("list_rounds in progress", &|| {
        api.round_rows(&RoundQuery { as_of: Some(as_of), in_progress_only: true, ..Default::default() })
            .map(|p| format!("{} of {}", p.rows.len(), p.total))
    });
    time("lot_views (all)", &|| api.lot_views(None).map(|l| format!("{} lots", l.len())));
    time("arrangement_summaries", &|| api.arrangement_summaries().map(|a| format!("{} arrangements", a.len())));
    if lists_first {
        dashboard();
    }
    let first = api.round_rows(&RoundQuery { as_of: Some(as_of), ..Default::default() })?.rows.into_iter().next();
    if let Some(a) = first.as_ref().map(|r| r.arrangement.clone()) {
        time("lot_views (one arrangement)", &|| api.lot_views(Some(&a)).map(|l| format!("{} lots", l.len())));
    }
    if let Some(k) = first.map(|r| r.key) {
        time("round_view (latest round)", &|| {
            api.round_view(&k, Some(as_of)).map(|v| format!("{} bids, {} marks", v.bids.len(), v.marks.len()))
        });
        time("notices (latest round)", &|| api.notices(&k).map(|n| format!("{} notices", n.len())));
        time("evaluation_model_form (latest round)", &|| {
            api.evaluation_model_form(&k).map(|_| "the model's form".to_owned())
        });
    }
    // The other screens: the first arrangement, provider and contract of the store.
    let first_key = |kind: Kind| {
        api.list_page(kind, 0, 1, "").ok().and_then(|p| p.items.into_iter().next()).map(|r| r.key).unwrap_or_default()
    };
    let (arrangement, provider, contract) =
        (first_key(Kind::Arrangements), first_key(Kind::Providers), first_key(Kind::Contracts));
    time("arrangement_position", &|| api.arrangement_position(&arrangement, as_of).map(|_| arrangement.clone()));
    time("provider_view", &|| api.provider_view(&provider, Some(as_of)).map(|_| provider.clone()));
    time("contract_position", &|| api.contract_position(&contract, as_of).map(|_| contract.clone()));
    time("spend_summary", &|| api.spend_summary(&arrangement, Some(as_of)).map(|_| arrangement.clone()));
    time("rates (whole council)", &|| api.rates(as_of, &[]).map(|_| "rates".to_owned()));
    time("activity (whole council)", &|| api.activity(as_of, &[]).map(|_| "activity".to_owned()));
    time("coverage (every lot)", &|| api.coverage(as_of, None).map(|_| "coverage".to_owned()));
    time("openings (all)", &|| api.openings(None).map(|o| format!("{} openings", o.len())));
    Ok(())
}
