//! What the generator's tests share: a store opened through the API on a folder of the test's own.
#![allow(dead_code)]

use std::path::Path;

use tenderdesk_api::{Api, OpenOptions};

/// Opens (or creates) the store in `dir`, acting as "synth test".
pub fn open_at(dir: &Path) -> Api {
    Api::open(OpenOptions { data_dir: Some(dir.to_owned()), actor: Some("synth test".into()) })
        .unwrap_or_else(|e| panic!("open the store in {}: {e}", dir.display()))
}
