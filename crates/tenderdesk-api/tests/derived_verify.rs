//! `verify` checks the derived copy kept on disk (each round's first moderation date, which the
//! alerts use after reopening) against the moderated marks themselves: a copy that was altered
//! outside TenderDesk is reported, not silently trusted.

mod support;

use chrono::NaiveDate;
use support::{open, open_at};

const KEPT: &str = "market/first_moderations";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

#[test]
fn verify_reports_a_derived_copy_that_differs_from_the_moderated_marks() {
    let (dir, api) = open();
    api.load_demo().unwrap();
    // The alerts compute each round's first moderation date and keep a copy on disk.
    let before = api.alerts(as_of(), 365).unwrap();
    let tree = api.store().raw_tree("derived").unwrap();
    let bytes = tree.get(KEPT.as_bytes()).unwrap().expect("the alerts keep their copy on disk");
    assert!(api.verify().unwrap().is_ok(), "an untouched copy agrees with the marks");

    // Move one round's date by a year, as an edit outside TenderDesk would.
    let mut stamped: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let value = stamped["value"].as_object_mut().expect("the copy maps rounds to dates");
    let (round, date) = value.iter_mut().next().expect("the demo has moderated rounds");
    let round = round.clone();
    *date = serde_json::json!("2001-01-01");
    tree.insert(KEPT.as_bytes(), serde_json::to_vec(&stamped).unwrap()).unwrap();
    drop(tree);
    drop(api);

    // After reopening the altered copy would be used, and verify says so.
    let api = open_at(dir.path());
    let report = api.verify().unwrap();
    assert!(!report.is_ok(), "an altered copy must be reported");
    let problem = report.problems.iter().find(|p| p.contains("first moderation date")).expect("the copy's problem");
    assert!(problem.contains("1 round"), "it counts the rounds that differ: {problem} ({round})");
    assert!(problem.contains("derived tree"), "it says what to do: {problem}");

    // Deleting the copy, as the message says, brings back the true alerts and a sound store.
    api.store().raw_tree("derived").unwrap().remove(KEPT.as_bytes()).unwrap();
    drop(api);
    let api = open_at(dir.path());
    assert!(api.verify().unwrap().is_ok());
    assert_eq!(api.alerts(as_of(), 365).unwrap(), before);
}
