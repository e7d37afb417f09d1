//! Where the first dashboard's alerts after opening spend their time: each market kind read from
//! the store, the moderated marks' two fields, the rules, then the same again warm.
//!
//! Run: `cargo run --release -p tenderdesk-api --example first_alerts -- <store folder>` on a copy
//! of a store (it takes the folder's lock like the app).

use std::path::PathBuf;
use std::time::Instant;

/// The app's allocator (src-tauri/main.rs), so that the views are timed as the window runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use chrono::NaiveDate;
use tenderdesk_api::{Api, OpenOptions};
use tenderdesk_domain::*;

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: first_alerts <store folder>");
        std::process::exit(2);
    };
    let started = Instant::now();
    let api = match Api::open(OpenOptions { data_dir: Some(dir), actor: Some("first_alerts".into()) }) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("open: {e}");
            std::process::exit(1);
        }
    };
    println!("open {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    let store = api.store();
    fn time<T: Record>(store: &tenderdesk_store::Store) {
        let started = Instant::now();
        let n = store.list::<T>().map(|l| l.len()).unwrap_or(0);
        println!("{:<16} {n:>8} records {:>8.1} ms", T::KIND.plural(), started.elapsed().as_secs_f64() * 1e3);
    }
    for pass in 0..2 {
        println!("pass {pass}");
        time::<Provider>(store);
        time::<Arrangement>(store);
        time::<Lot>(store);
        time::<Opening>(store);
        time::<Admission>(store);
        time::<Round>(store);
        time::<AwardDecision>(store);
        time::<Contract>(store);
        time::<ActivitySnapshot>(store);
        time::<SpendEntry>(store);
        #[derive(serde::Deserialize)]
        struct Agreed {
            #[allow(dead_code)]
            round: Key,
            #[allow(dead_code)]
            agreed_on: NaiveDate,
        }
        let started = Instant::now();
        let mut n = 0;
        let _ = store.read_fields::<Agreed>(Kind::ModeratedMarks, |_, _| n += 1);
        println!("moderated (2 fields) {n:>8} records {:>8.1} ms", started.elapsed().as_secs_f64() * 1e3);
        let started = Instant::now();
        let mut n = 0;
        let _ = store.read_fields::<serde::de::IgnoredAny>(Kind::ModeratedMarks, |_, _| n += 1);
        println!("moderated (skipped) {n:>8} records {:>8.1} ms", started.elapsed().as_secs_f64() * 1e3);
    }
    let as_of: NaiveDate = "2025-06-01".parse().unwrap_or_default();
    for what in ["first alerts call", "alerts again", "alerts, new date"] {
        let day = if what == "alerts, new date" { as_of + chrono::Duration::days(3) } else { as_of };
        let started = Instant::now();
        let n = api.alerts(day, 90).map(|a| a.len()).unwrap_or(0);
        println!("{what}: {n} alerts {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    }
}
