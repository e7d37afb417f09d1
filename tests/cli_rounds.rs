//! `tenderdesk round …` as an officer runs it on the demo data.

mod support;

use support::{demo_store as demo, fails, ok};

#[test]
fn results_compare_and_notices_of_the_completed_call_off() {
    let dir = demo();
    let d = dir.path();
    let out = ok(d, &["round", "results", "RND-CSF-L1-MC-2025-01"]);
    let kestrel = out.lines().find(|l| l.contains("Kestrel")).unwrap();
    assert!(kestrel.trim_start().starts_with("1 "), "{kestrel}");
    assert!(kestrel.contains("37.50") && kestrel.contains("29.50") && kestrel.contains("81.00"), "{kestrel}");
    assert!(kestrel.ends_with("awarded"), "{kestrel}");
    assert!(out.contains("by the higher quality score (37.50 against 35.00)"), "{out}");
    assert!(out.contains("below threshold: the quality score of 25.00 is below the threshold of 30.00"), "{out}");

    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["round", "results", "RND-CSF-L1-MC-2025-01", "--json"])).unwrap();
    assert_eq!(json["lots"][0]["bids"][0]["total"]["exact"], "81");
    assert_eq!(json["lots"][0]["bids"][1]["price_score"]["exact"], "30");

    let cmp = ok(d, &["round", "compare", "RND-CSF-L1-MC-2025-01"]);
    let q1 = cmp.lines().find(|l| l.starts_with("Q1 ")).unwrap();
    assert!(q1.contains("4 → 10.00") && q1.contains("3 → 7.50") && q1.contains("2 → 5.00"), "{q1}");

    let notices = ok(d, &["round", "notices", "RND-CSF-L1-MC-2025-01"]);
    assert!(
        notices.contains("Oakapple Homecare Ltd — Home care — unsuccessful: total 81.00; winner Kestrel"),
        "{notices}"
    );
}

#[test]
fn a_sealed_round_has_no_result_and_opens_only_once() {
    let dir = demo();
    let d = dir.path();
    let err = fails(d, &["round", "results", "RND-CSF-L1-MC-2026-02"]);
    assert!(err.contains("are sealed"), "{err}");
    let shown = ok(d, &["show", "submissions", "SUB-CSF-L1-MC-2026-02-OAKAPPLE-HOMECARE"]);
    assert!(!shown.contains("22.48") && shown.contains("prices sealed until the bids are opened"), "{shown}");
    let sealed_prices = |file: &str| -> usize {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.join(file)).unwrap()).unwrap();
        v["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["round"] == "RND-CSF-L1-MC-2026-02" && s.get("prices").is_some())
            .count()
    };
    let out = ok(d, &["export", "--out", d.join("plain.json").to_str().unwrap()]);
    assert!(out.contains("The prices of bids still sealed are withheld."), "{out}");
    assert_eq!(sealed_prices("plain.json"), 0);
    ok(d, &["export", "--include-sealed", "--out", d.join("full.json").to_str().unwrap()]);
    assert_eq!(sealed_prices("full.json"), 4);
    let err =
        fails(d, &["export", "--format", "ocds", "--include-sealed", "--out", d.join("o.json").to_str().unwrap()]);
    assert!(err.contains("applies only to the dataset format"), "{err}");
    // The deadline (13 November 2026) has passed on this machine's clock.
    let out = ok(d, &["round", "open-bids", "RND-CSF-L1-MC-2026-02"]);
    assert!(out.contains("opened by cli tester"), "{out}");
    let shown = ok(d, &["show", "submissions", "SUB-CSF-L1-MC-2026-02-OAKAPPLE-HOMECARE"]);
    assert!(shown.contains("22.48"), "{shown}");
    let err = fails(d, &["round", "open-bids", "RND-CSF-L1-MC-2026-02"]);
    assert!(err.contains("already opened by cli tester"), "{err}");
    // Opened, but not yet checked for compliance or marked: no award can be made.
    let err = fails(d, &["round", "award", "RND-CSF-L1-MC-2026-02", "--date", "2026-12-18", "--decision-maker", "AD"]);
    assert!(err.contains("cannot be awarded yet") && err.contains("has not been checked for compliance"), "{err}");
}

#[test]
fn award_withdraw_and_award_again_with_the_standstill_printed() {
    let dir = demo();
    let d = dir.path();
    let err = fails(d, &["round", "award", "RND-CSF-L1-MC-2025-01", "--date", "2025-07-20", "--decision-maker", "AD"]);
    assert!(err.contains("already has award decision AWD-CSF-L1-MC-2025-01"), "{err}");
    let out =
        ok(d, &["round", "withdraw-award", "RND-CSF-L1-MC-2025-01", "--reason", "Error in Q3", "--on", "2025-07-21"]);
    assert!(out.contains("Withdrew award decision AWD-CSF-L1-MC-2025-01"), "{out}");
    let out = ok(
        d,
        &[
            "round",
            "award",
            "RND-CSF-L1-MC-2025-01",
            "--date",
            "2025-12-19",
            "--decision-maker",
            "Assistant Director, Commissioning",
            "--regime",
            "pa2023",
        ],
    );
    assert!(out.contains("awarded: PRV-KESTREL-COMMUNITY-CARE on LOT-CSF-2019-1"), "{out}");
    // PA 2023: 8 working days beginning Friday 19 December 2025, skipping the weekends, Christmas
    // Day, Boxing Day, New Year's Day and 2 January (a bank holiday in Scotland): Fri 19, Mon 22,
    // Tue 23, Wed 24, Mon 29, Tue 30, Wed 31 December, Mon 5 January.
    assert!(out.contains("the standstill ends at the end of Monday 5 January 2026"), "{out}");
    let err = fails(d, &["round", "award", "RND-CSF-L1-MC-2025-01", "--date", "2025-02-30", "--decision-maker", "AD"]);
    assert!(err.contains("2025-02-30"), "{err}");
}
