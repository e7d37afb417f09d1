//! `tenderdesk export --format contracts-csv|ocds` as a user runs it: one line saying what was
//! written, the files themselves, the ocid prefix from the environment, and one-line refusals.

mod support;

use support::{demo_store, ok_with as ok, run_with as run};

fn demo_contracts() -> usize {
    let ds: serde_json::Value = serde_json::from_str(include_str!("../crates/tenderdesk-api/demo/demo.json")).unwrap();
    ds["contracts"].as_array().unwrap().len()
}

#[test]
fn export_help_lists_the_open_data_formats_and_dataset_stays_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let help = ok(dir.path(), &["export", "--help"], &[]);
    for f in ["dataset", "contracts-csv", "ocds"] {
        assert!(help.contains(f), "export --help should list {f}: {help}");
    }
    assert!(help.contains("[default: dataset]"), "{help}");
}

#[test]
fn the_contract_register_is_written_and_said_in_one_line() {
    let dir = demo_store();
    let file = dir.path().join("contracts.csv");
    let out = ok(dir.path(), &["export", "--format", "contracts-csv", "--out", file.to_str().unwrap()], &[]);
    let n = demo_contracts();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("Wrote the contract register to "), "{out}");
    assert!(out.contains(&format!(": {n} contracts (")), "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("Contract reference number,Title of agreement,"), "{}", &text[..80]);
    assert_eq!(text.matches("\r\n").count(), n + 1, "a header and a row per contract, CRLF");
}

#[test]
fn the_ocds_package_is_written_and_said_in_one_line() {
    let dir = demo_store();
    let file = dir.path().join("ocds.json");
    let out = ok(dir.path(), &["export", "--format", "ocds", "--out", file.to_str().unwrap()], &[]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("Wrote the OCDS release package to "), "{out}");
    assert!(out.contains("(3 rounds, "), "{out}");
    let p: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(p["version"], "1.1");
    let releases = p["releases"].as_array().unwrap();
    assert!(out.contains(&format!(": {} contracting processes (", releases.len())), "{out}");
    assert!(releases.iter().all(|r| r["ocid"].as_str().unwrap().starts_with("ocds-xxxxxx-")));
}

#[test]
fn the_ocid_prefix_comes_from_the_environment_and_a_bad_one_is_refused_in_one_line() {
    let dir = demo_store();
    let file = dir.path().join("ocds.json");
    let args = ["export", "--format", "ocds", "--out", file.to_str().unwrap()];
    ok(dir.path(), &args, &[("TENDERDESK_OCID_PREFIX", "ocds-213czf")]);
    let p: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(p["releases"].as_array().unwrap().iter().all(|r| r["ocid"].as_str().unwrap().starts_with("ocds-213czf-")));

    let out = run(dir.path(), &args, &[("TENDERDESK_OCID_PREFIX", "213czf")]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("TENDERDESK_OCID_PREFIX") && err.contains("\"213czf\" is not an OCDS ocid prefix"), "{err}");
}

#[test]
fn an_empty_store_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contracts.csv");
    let out = run(dir.path(), &["export", "--format", "contracts-csv", "--out", file.to_str().unwrap()], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("authority profile"), "{err}");
    assert!(!file.exists());
}
