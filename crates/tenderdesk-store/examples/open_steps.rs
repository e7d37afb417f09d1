//! Where the time of opening a store goes: sled's own open (snapshot read and log replay), the
//! trees, and `Store::open` as a whole, each timed on a store folder given as the argument.
//!
//! Run: `cargo run --release -p tenderdesk-store --example open_steps -- <store folder> [runs]`
//! (the folder holding `store/` and `tenderdesk.lock`). Never point it at a folder another
//! process has open: it takes the folder's lock like the app.

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: open_steps <store folder> [runs]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let sled_dir = dir.join("store");
    for run in 0..runs {
        let started = Instant::now();
        let db = match sled::Config::new().path(&sled_dir).open() {
            Ok(db) => db,
            Err(e) => {
                eprintln!("sled open: {e}");
                std::process::exit(1);
            }
        };
        let sled_open = started.elapsed();
        let names = db.tree_names();
        let trees: Vec<sled::Tree> = names.iter().filter_map(|n| db.open_tree(n).ok()).collect();
        let with_trees = started.elapsed();
        drop(trees);
        drop(db);
        wait_released(&dir);
        let started = Instant::now();
        let store = match tenderdesk_store::Store::open(&dir, "open_steps") {
            Ok(s) => s,
            Err(e) => {
                eprintln!("Store::open: {e}");
                std::process::exit(1);
            }
        };
        let store_open = started.elapsed();
        drop(store);
        wait_released(&dir);
        println!(
            "run {run}: sled open {:.1} ms, + {} trees {:.1} ms; Store::open {:.1} ms",
            ms(sled_open),
            names.len(),
            ms(with_trees),
            ms(store_open)
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// sled's flusher lets go of the files a moment after the last handle is dropped.
fn wait_released(dir: &std::path::Path) {
    std::thread::sleep(Duration::from_millis(300));
    let _ = dir;
}
