//! The market's subcommands as a user runs them on the demo data: alerts, FOI, contract positions
//! and options, spend, rates, activity and coverage, in plain text and JSON; bad input refused in
//! one line with nothing stored.

mod support;

use support::{demo_store, fails, ok};

#[test]
fn market_subcommands_have_help() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        vec!["alerts", "--help"],
        vec!["foi", "--help"],
        vec!["contract", "position", "--help"],
        vec!["contract", "exercise", "--help"],
        vec!["contract", "decline", "--help"],
        vec!["contract", "from-award", "--help"],
        vec!["spend", "--help"],
        vec!["rates", "--help"],
        vec!["activity", "--help"],
        vec!["coverage", "--help"],
        vec!["openings", "--help"],
    ] {
        let out = ok(dir.path(), &cmd);
        assert!(out.contains("Usage: tenderdesk"), "{cmd:?}: {out}");
    }
}

#[test]
fn alerts_in_text_and_json() {
    let dir = demo_store();
    let d = dir.path();
    let text = ok(d, &["alerts", "--as-of", "2026-09-01"]);
    assert!(text.contains("alerts as at 1 September 2026, looking 90 days ahead"), "{text}");
    assert!(text.contains("2026-10-31") && text.contains("CON-HC-SA-2021-COASTLINE-CARE-AT-HOME"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["alerts", "--as-of", "2024-05-01", "--within-days", "120", "--json"])).unwrap();
    let alerts = json.as_array().unwrap();
    let sa = alerts
        .iter()
        .find(|a| a["record_key"] == "CON-HC-SA-2021-COASTLINE-CARE-AT-HOME" && a["kind"] == "extension_decision_due")
        .unwrap();
    assert_eq!((sa["due"].as_str(), sa["days_until"].as_i64()), (Some("2024-07-31"), Some(91)));
    let days: Vec<i64> = alerts.iter().map(|a| a["days_until"].as_i64().unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "soonest first: {days:?}");
    let err = fails(d, &["alerts", "--as-of", "31/10/2026"]);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn foi_answers_as_text_and_json() {
    let dir = demo_store();
    let d = dir.path();
    let text =
        ok(d, &["foi", "--as-of", "2023-06-30", "--arrangement", "ARR-CSF-2019", "--arrangement", "ARR-SPOT-ASC"]);
    assert!(
        text.contains("answered from TenderDesk as at 30 June 2023")
            || text.contains("Answered from TenderDesk as at 30 June 2023"),
        "{text}"
    );
    assert!(text.contains("the range is £16.79 – £26.66 and the average is £20.89"), "{text}");
    assert!(
        text.contains("1,976 packages, 1,806 people receiving a package of care, 18,967.75 hours per week"),
        "{text}"
    );
    assert!(text.contains("13. What is the name and contact details for the lead commissioner"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["foi", "--as-of", "2023-08-15", "--arrangement", "ARR-HC-SA-2021", "--json"]))
            .unwrap();
    assert_eq!(json["answers"].as_array().unwrap().len(), 13);
    assert_eq!(json["answers"][5]["text"], "£20.44 per hour.");
    assert_eq!(json["answers"][3]["parts"][0]["data"]["type"], "activity");
}

#[test]
fn contract_position_exercise_and_refusals() {
    let dir = demo_store();
    let d = dir.path();
    let key = "CON-CSF-2019-2-HOLLYOAK-SUPPORTED-LIVING";
    let pos = ok(d, &["contract", "position", key, "--as-of", "2027-05-01"]);
    assert!(pos.contains("current end 2027-11-30, latest possible end 2028-11-30"), "{pos}");
    assert!(pos.contains("options: 2 envisaged, 1 exercised, 0 declined, 1 available"), "{pos}");
    let out = ok(
        d,
        &[
            "contract",
            "exercise",
            key,
            "--option",
            "2",
            "--on",
            "2027-05-01",
            "--by",
            "Assistant Director, Commissioning",
        ],
    );
    assert!(out.contains("the end moves from 30 November 2027 to 30 November 2028"), "{out}");
    assert!(out.contains("from £23,454,704.00 to £26,805,376.00"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["contract", "position", key, "--as-of", "2027-06-01", "--json"])).unwrap();
    assert_eq!(json["term"]["current_end"], "2028-11-30");
    assert_eq!(json["term"]["options"][1]["decided_by"], "Assistant Director, Commissioning");
    let shown = ok(d, &["show", "contracts", key]);
    assert!(shown.contains("update by cli tester"), "{shown}");

    let err = fails(d, &["contract", "exercise", key, "--option", "2", "--on", "2027-05-02"]);
    assert!(err.contains("already exercised on 2027-05-01"), "{err}");
    let err = fails(
        d,
        &["contract", "decline", "CON-HC-SA-2021-COASTLINE-CARE-AT-HOME", "--option", "1", "--on", "2024-06-01"],
    );
    assert!(err.contains("already exercised on 2024-05-20"), "{err}");
    let err = fails(d, &["contract", "position", "CON-NOPE"]);
    assert!(err.contains("there is no contract with id or reference \"CON-NOPE\""), "{err}");
    let err =
        fails(d, &["contract", "from-award", "AWD-HC-FW-2025-EST", "--start", "2025-10-13", "--end", "2029-10-12"]);
    assert!(err.contains("already records the award"), "{err}");
}

#[test]
fn spend_rates_activity_and_coverage() {
    let dir = demo_store();
    let d = dir.path();
    let spend = ok(d, &["spend", "ARR-DPS-HCSS-CCC"]);
    assert!(spend.contains("approved cap £11,672,606.00 (FEB24/CAB/78, Cabinet on 2024-02-12)"), "{spend}");
    assert!(spend.contains("total £8,799,714.04, 75.39 % of the cap"), "{spend}");
    assert!(spend.contains("monthly run rate £295,769.68"), "{spend}");
    assert!(
        spend.contains("the cap is reached on 25 August 2027, before the approval ends on 31 October 2027"),
        "{spend}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(d, &["spend", "ARR-DPS-HCSS-CCC", "--json"])).unwrap();
    assert_eq!(json["total"], "8799714.04");

    let rates = ok(d, &["rates", "--arrangement", "ARR-HC-FW-2017", "--as-of", "2024-10-31"]);
    assert!(rates.contains("£20.87") && rates.contains("£21.95"), "{rates}");
    let activity = ok(d, &["activity", "--as-of", "2023-06-30"]);
    assert!(activity.contains("18,967.75") && activity.contains("31,537.21"), "{activity}");
    let coverage = ok(d, &["coverage", "--as-of", "2026-11-23"]);
    assert!(
        coverage.contains("Weakest zones: ")
            && coverage.contains("N3 Harling Moor")
            && coverage.contains("S3 Fenwick Fens"),
        "{coverage}"
    );
    let one = ok(d, &["coverage", "--lot", "LOT-HC-FW-2025-1", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(json["lots"].as_array().unwrap().len(), 1);
    let openings = ok(d, &["openings", "--arrangement", "ARR-HC-FW-2017"]);
    assert!(openings.contains("opening 2: Second re-opening (Lot 1 only) (commenced 1 April 2021"), "{openings}");
}
