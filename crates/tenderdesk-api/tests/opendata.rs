//! Open-data exports through the API: the contract register and the OCDS package of the demo,
//! written whole to the path asked for, and a clear refusal when the store cannot supply them.

mod support;

use chrono::{TimeZone, Utc};
use support::{demo, open};
use tenderdesk_api::opendata::CONTRACTS_CSV_COLUMNS;
use tenderdesk_api::{ApiError, ErrorCode};

/// What is left beside the file written: nothing but the file itself.
fn leftovers(dir: &std::path::Path, out: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != out)
        .collect()
}

#[test]
fn the_contract_register_is_written_with_a_row_per_contract() {
    let (_dir, api) = demo();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("contracts.csv");
    let contracts = api.export_dataset(tenderdesk_api::ExportScope::IncludingSealed).unwrap().contracts.len();
    let s = api.export_contracts_csv(&path).unwrap();
    assert_eq!(s.contracts, contracts);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(s.bytes, bytes.len());
    let text = String::from_utf8(bytes).unwrap();
    let first = text.split("\r\n").next().unwrap();
    assert_eq!(first, CONTRACTS_CSV_COLUMNS.join(","));
    assert_eq!(text.matches("\r\n").count(), contracts + 1);
    assert!(text.contains("\r\nCON-HC-FW-2025-1-BLUEWOOD,"), "a demo contract has its row");
    assert!(leftovers(out.path(), "contracts.csv").is_empty(), "no temporary file is left behind");
}

#[test]
fn the_ocds_package_is_written_and_matches_its_summary() {
    let (_dir, api) = demo();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("ocds.json");
    let published = Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap();
    let s = api.export_ocds(&path, published).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(s.bytes, bytes.len());
    let p: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(p["version"], "1.1");
    assert_eq!(p["publishedDate"], "2026-11-02T09:30:00Z");
    assert_eq!(p["publisher"]["name"], "Eastshire County Council");
    let releases = p["releases"].as_array().unwrap();
    assert_eq!(releases.len(), s.processes);
    assert_eq!(s.rounds, 3);
    assert_eq!(s.processes, s.rounds + s.standalone_contracts);
    assert!(leftovers(out.path(), "ocds.json").is_empty());

    // The same store and instant give the same bytes, so published files can be compared.
    let again = out.path().join("again.json");
    api.export_ocds(&again, published).unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), bytes);
}

#[test]
fn an_existing_file_is_replaced_whole() {
    let (_dir, api) = demo();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("contracts.csv");
    std::fs::write(&path, "x".repeat(1_000_000)).unwrap();
    let s = api.export_contracts_csv(&path).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, s.bytes);
}

#[test]
fn an_empty_store_has_no_council_to_publish_for() {
    let (_dir, api) = open();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("contracts.csv");
    let e = api.export_contracts_csv(&path).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
    assert!(e.to_string().contains("authority profile"), "{e}");
    assert!(!path.exists(), "nothing is written");
    let e = api.export_ocds(&out.path().join("ocds.json"), Utc::now()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
}

#[test]
fn a_folder_that_does_not_exist_is_a_write_error_naming_the_path() {
    let (_dir, api) = demo();
    let path = std::path::Path::new("/nonexistent-tenderdesk-folder/contracts.csv");
    let e = api.export_contracts_csv(path).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Storage);
    assert!(e.to_string().contains("/nonexistent-tenderdesk-folder/contracts.csv"), "{e}");
}
