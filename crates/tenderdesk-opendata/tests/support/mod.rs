//! What the open-data tests share: the demo data set the app ships, parsed.
#![allow(dead_code)]

use tenderdesk_domain::Dataset;

/// The demo data set (crates/tenderdesk-api/demo/demo.json).
pub const DEMO: &str = include_str!("../../../tenderdesk-api/demo/demo.json");

pub fn demo() -> Dataset {
    serde_json::from_str(DEMO).expect("the demo is a dataset")
}
