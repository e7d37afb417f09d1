//! `tenderdesk calendar …` as an officer runs it: the holidays of a year, a standstill's end, and
//! one clear line on stderr for a mistake.

mod support;

use support::{fails, ok};

#[test]
fn holidays_of_a_year_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["calendar", "holidays", "--year", "2026", "--nation", "northern-ireland"]);
    assert!(out.starts_with("Bank holidays in 2026 (Northern Ireland)\n"), "{out}");
    assert!(out.contains("2026-07-13  Monday     Battle of the Boyne (Orangemen's Day) (substitute day)"), "{out}");
    assert_eq!(out.lines().count(), 2 + 10, "{out}");

    let all = ok(dir.path(), &["calendar", "holidays", "--year", "2023"]);
    assert!(
        all.contains("2023-05-08  Monday     Bank holiday for the coronation of King Charles III  All of the UK"),
        "{all}"
    );
    assert!(all.contains("Easter Monday"), "{all}");
    let easter = all.lines().find(|l| l.contains("Easter Monday")).unwrap();
    assert!(easter.ends_with("England and Wales, Northern Ireland"), "{easter}");
}

#[test]
fn holidays_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["calendar", "holidays", "--year", "2025", "--nation", "scotland", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let days: Vec<&str> = v.as_array().unwrap().iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert_eq!(
        days,
        [
            "2025-01-01",
            "2025-01-02",
            "2025-04-18",
            "2025-05-05",
            "2025-05-26",
            "2025-08-04",
            "2025-12-01",
            "2025-12-25",
            "2025-12-26"
        ]
    );
    assert_eq!(v[6]["nation"], "scotland");
}

#[test]
fn standstill_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["calendar", "standstill", "--regime", "pa2023", "--from", "2026-04-02"]);
    assert!(out.contains("Procurement Act 2023: notice published Thursday 2 April 2026."), "{out}");
    assert!(
        out.contains(
            "Standstill ends at the end of Wednesday 15 April 2026; the contract may be entered into from Thursday 16 April 2026."
        ),
        "{out}"
    );
    assert!(out.contains("Rule: Procurement Act 2023, s.51"), "{out}");
    assert!(
        out.contains("Monday 6 April 2026     Easter Monday (bank holiday in England and Wales and Northern Ireland)"),
        "{out}"
    );

    let pcr = ok(dir.path(), &["calendar", "standstill", "--regime", "pcr2015", "--from", "2025-12-22"]);
    assert!(pcr.contains("Standstill ends at the end of Friday 2 January 2026"), "{pcr}");
    let scot = ok(dir.path(), &["calendar", "standstill", "--regime", "scotland", "--from", "2025-12-22"]);
    assert!(scot.contains("Standstill ends at the end of Monday 5 January 2026"), "{scot}");
    let psr = ok(dir.path(), &["calendar", "standstill", "--regime", "psr", "--from", "2025-12-22"]);
    assert!(psr.contains("Standstill ends at the end of Tuesday 6 January 2026"), "{psr}");
}

#[test]
fn standstill_as_json_uses_the_default_regime_without_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["calendar", "standstill", "--from", "2025-11-24", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["regime"], "procurement_act2023");
    assert_eq!(v["ends"], "2025-12-04");
    assert_eq!(v["earliest_contract"], "2025-12-05");
    assert!(v["days_skipped"].as_array().unwrap().iter().any(|d| d[0] == "2025-12-01"));
}

#[test]
fn mistakes_get_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let e = fails(dir.path(), &["calendar", "standstill", "--regime", "psr", "--from", "2026-02-30"]);
    assert!(e.contains("February 2026 has no day 30"), "{e}");
    let e = fails(dir.path(), &["calendar", "standstill", "--regime", "pa2023", "--from", "02/04/2026"]);
    assert!(e.contains("write it as YYYY-MM-DD"), "{e}");
    let e = fails(dir.path(), &["calendar", "holidays", "--year", "1900"]);
    assert!(e.contains("covers 1971 to 2200; 1900 is outside it"), "{e}");
    let e = fails(dir.path(), &["calendar", "standstill", "--regime", "eu2014", "--from", "2026-01-05"]);
    assert!(e.contains("invalid value 'eu2014' for '--regime"), "{e}");
    let e = fails(dir.path(), &["calendar", "holidays", "--year", "2026", "--nation", "wales"]);
    assert!(e.contains("invalid value 'wales'"), "{e}");
    let e = fails(dir.path(), &["calendar", "standstill", "--regime", "pa2023"]);
    assert!(e.contains("required arguments were not provided"), "{e}");
}

#[test]
fn the_subcommands_have_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in
        [&["calendar", "--help"][..], &["calendar", "holidays", "--help"], &["calendar", "standstill", "--help"]]
    {
        let out = ok(dir.path(), args);
        assert!(out.contains("Usage: tenderdesk calendar"), "{args:?}: {out}");
    }
    let out = ok(dir.path(), &["calendar", "standstill", "--help"]);
    for regime in ["pa2023", "pcr2015", "psr", "scotland"] {
        assert!(out.contains(regime), "{regime}: {out}");
    }
}
