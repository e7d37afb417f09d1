//! The `tenderdesk` binary as a user runs it: every subcommand without a display, exit codes,
//! one-line errors, all-or-nothing imports, byte-for-byte round trips, a folder in use, and an
//! audit log tampered with behind its back.

mod support;

use std::path::Path;
use std::process::Command;

use support::{demo_store, fails, ok, run, BIN};

use tenderdesk_domain::fixtures;

fn export(dir: &Path) -> String {
    let file = dir.join("export.json");
    ok(dir, &["export", "--out", file.to_str().unwrap()]);
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn every_subcommand_has_help_and_runs_without_a_display() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["demo", "import", "export", "list", "show", "verify"] {
        let out = ok(dir.path(), &[cmd, "--help"]);
        assert!(out.contains("Usage: tenderdesk"), "{cmd}: {out}");
        assert!(out.contains("--data-dir"), "{cmd} help should mention --data-dir");
    }
}

#[test]
fn demo_list_show_and_verify() {
    let dir = demo_store();
    let d = dir.path();
    let list = ok(d, &["list", "arrangements"]);
    for key in ["ARR-HC-FW-2017", "ARR-HC-FW-2025", "ARR-CSF-2019", "ARR-DPS-HCSS-CCC", "ARR-HC-SA-2021"] {
        assert!(list.contains(key), "{key} missing from {list}");
    }
    let json: serde_json::Value = serde_json::from_str(&ok(d, &["list", "arrangements", "--json"])).unwrap();
    let dps = json.as_array().unwrap().iter().find(|a| a["key"] == "ARR-DPS-HCSS-CCC").unwrap();
    assert_eq!(dps["spend_approval"]["cap"], "11672606.00");
    assert!(dps["id"].as_u64().is_some());
    let shown = ok(d, &["show", "arrangements", "ARR-DPS-HCSS-CCC"]);
    assert!(shown.contains("spend_approval.decision_reference") && shown.contains("FEB24/CAB/78"), "{shown}");
    let id = dps["id"].as_u64().unwrap().to_string();
    let by_id: serde_json::Value = serde_json::from_str(&ok(d, &["show", "arrangements", &id, "--json"])).unwrap();
    assert_eq!(by_id["record"]["key"], "ARR-DPS-HCSS-CCC");
    for kind in [
        "authority",
        "providers",
        "lots",
        "openings",
        "admissions",
        "rounds",
        "submissions",
        "evaluators",
        "marks",
        "moderated_marks",
        "awards",
        "contracts",
        "activity",
        "spend",
    ] {
        let out = ok(d, &["list", kind]);
        assert!(out.trim_start().starts_with("ID"), "{kind}: {out}");
    }
    let verified = ok(d, &["verify"]);
    assert!(verified.contains("The store is sound"), "{verified}");
}

#[test]
fn bad_requests_fail_with_one_line() {
    let dir = demo_store();
    let err = fails(dir.path(), &["show", "providers", "PRV-NOBODY"]);
    assert!(err.contains("there is no provider with id or reference \"PRV-NOBODY\""), "{err}");
    let err = fails(dir.path(), &["list", "widgets"]);
    assert!(err.contains("not a kind of record"), "{err}");
    let err = fails(dir.path(), &["demo"]);
    assert!(err.contains("loads only into an empty store"), "{err}");
    let err = fails(dir.path(), &["import", "/nonexistent/file.json"]);
    assert!(err.contains("cannot read /nonexistent/file.json"), "{err}");
}

#[test]
fn export_import_export_round_trips_byte_for_byte() {
    let a = demo_store();
    let first = export(a.path());
    let b = tempfile::tempdir().unwrap();
    let file = a.path().join("export.json");
    ok(b.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(export(b.path()), first);
}

/// A file whose keys are all new to the demo store, with one thing wrong.
fn bad_file(dir: &Path, name: &str, mutate: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(fixtures::SMALL_JSON).unwrap();
    v.as_object_mut().unwrap().remove("authority");
    v["rounds"] = serde_json::json!([{
        "key": "RND-T", "title": "Test call-off", "arrangement": "ARR-HC", "kind": "mini_competition", "lots": ["LOT-HC-1"],
        "timetable": { "published": "2025-05-01", "submission_deadline": "2025-05-30T12:00:00Z" },
        "model": {
            "quality": { "weight": "60", "questions": [ { "code": "Q1", "title": "Workforce", "weight": "60", "scale": { "min": 0, "max": 5 } } ] },
            "price": { "weight": "40", "formula": "relative", "basis": "hourly_rate" },
            "tie_break": ["drawing_of_lots"], "award_rule": { "rule": "top_ranked", "places": 1 }
        }
    }]);
    mutate(&mut v);
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn bad_imports_are_refused_naming_the_problem_and_store_nothing() {
    let dir = demo_store();
    let d = dir.path();
    let before = export(d);
    let files = tempfile::tempdir().unwrap();
    let f = files.path();

    // The good version of the file imports, in a store of its own.
    let good = bad_file(f, "good.json", |_| {});
    ok(tempfile::tempdir().unwrap().path(), &["import", &good]);

    let cases = [
        (
            bad_file(f, "ref.json", |v| v["admissions"][0]["lot"] = "LOT-NOWHERE".into()),
            "admission ADM-A-1 (lot): refers to lot \"LOT-NOWHERE\", which does not exist",
        ),
        (
            bad_file(f, "date.json", |v| v["spend"][0]["period_start"] = "2024-02-30".into()),
            "at spend[0].period_start: this date does not exist in the calendar",
        ),
        (
            bad_file(f, "weights.json", |v| v["rounds"][0]["model"]["price"]["weight"] = "30".into()),
            "the section weights add up to 90 %",
        ),
    ];
    for (file, needle) in &cases {
        let err = fails(d, &["import", file]);
        assert!(err.contains(needle), "expected {needle:?} in {err}");
        assert_eq!(export(d), before, "{file} changed the store");
    }
    let malformed = f.join("malformed.json");
    std::fs::write(&malformed, "{ \"format\": \"tenderdesk-dataset\", \"providers\": [ }").unwrap();
    let err = fails(d, &["import", malformed.to_str().unwrap()]);
    assert!(err.contains("line 1, column"), "{err}");
    assert_eq!(export(d), before);
}

#[test]
fn a_folder_in_use_by_another_process_is_refused_at_once() {
    let dir = demo_store();
    let held = tenderdesk_store::Store::open(dir.path(), "the other window").unwrap();
    let err = fails(dir.path(), &["list", "providers"]);
    assert!(err.contains("is in use by another TenderDesk"), "{err}");
    assert!(err.contains(&format!("process {}", std::process::id())), "{err}");
    drop(held);
    ok(dir.path(), &["list", "providers"]);
}

#[test]
fn verify_fails_when_an_audit_entry_is_altered_or_removed() {
    let dir = demo_store();
    // Make a few audited changes: import a small file of new records twice over (once refused).
    let files = tempfile::tempdir().unwrap();
    let good = bad_file(files.path(), "good.json", |_| {});
    ok(dir.path(), &["import", &good]);
    ok(dir.path(), &["verify"]);
    {
        let store = tenderdesk_store::Store::open(dir.path(), "attacker").unwrap();
        let audit = store.raw_tree("audit").unwrap();
        let (k, v) = audit.iter().next().unwrap().unwrap();
        let edited = String::from_utf8(v.to_vec()).unwrap().replace("cli tester", "someone else");
        audit.insert(k, edited.as_bytes()).unwrap();
        store.flush().unwrap();
    }
    let out = run(dir.path(), &["verify"]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("audit entry 1") && stdout.contains("altered"), "{stdout}");
    {
        let store = tenderdesk_store::Store::open(dir.path(), "attacker").unwrap();
        let audit = store.raw_tree("audit").unwrap();
        audit.remove(1u64.to_be_bytes()).unwrap();
        store.flush().unwrap();
    }
    let out = run(dir.path(), &["verify"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("missing"), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn data_dir_flag_overrides_the_environment() {
    let env_dir = tempfile::tempdir().unwrap();
    let flag_dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["--data-dir", flag_dir.path().to_str().unwrap(), "demo"])
        .env("TENDERDESK_DATA_DIR", env_dir.path())
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(flag_dir.path().join("store").exists());
    assert!(!env_dir.path().join("store").exists());
}
