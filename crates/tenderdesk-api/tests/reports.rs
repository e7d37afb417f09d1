//! The printed reports on the demo data, read back with pdftotext (poppler-utils): their figures
//! are the API's own (round results, notices, coverage, rates, spend, FOI answers, the contract
//! register), bidders are named in the committee report only once the award is complete, the
//! bytes are deterministic, and bad requests are refused with nothing made.

use std::process::Command;

mod support;

use chrono::{DateTime, Utc};
use support::{d, demo_as, SEALED};
use tenderdesk_api::reports::{CommitteeNotesChange, CommitteeReportRequest};
use tenderdesk_api::{Api, ApiError, ErrorCode};
use tenderdesk_domain::*;
use tenderdesk_market::fmt::pounds;

const FRAMEWORK: &str = "ARR-HC-FW-2025";
const TENDER: &str = "RND-HC-FW-2025-EST";
const CALL_OFF: &str = "RND-CSF-L1-MC-2025-01";

fn created() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

/// Who the tests act as: the name the committee notes' history records.
const ACTOR: &str = "report tester";

/// The text of each page, as pdftotext lays it out.
fn pages(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn text(pdf: &[u8]) -> String {
    pages(pdf).join("\n")
}

/// Every page says "Page N of M" with the right N and M.
fn numbered(pdf: &[u8]) {
    let p = pages(pdf);
    for (i, page) in p.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {}", i + 1, p.len())), "page {} unnumbered", i + 1);
        assert!(page.contains("OFFICIAL"));
    }
}

/// The words of `s` that carry a figure (a digit), which must each appear in the PDF whole.
fn figures(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')')).to_owned())
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .collect()
}

fn committee(api: &Api, meeting: &str) -> Vec<u8> {
    let mut req = CommitteeReportRequest::new(FRAMEWORK, d(meeting), "Adults and Health Committee", created());
    req.agenda_item = Some("Item 7".into());
    api.report_committee(&req).unwrap()
}

#[test]
fn the_committee_report_carries_the_apis_own_figures() {
    let (_dir, api) = demo_as(ACTOR);
    let meeting = d("2026-11-23");
    let pdf = committee(&api, "2026-11-23");
    numbered(&pdf);
    let t = text(&pdf);
    for s in [
        "Adults and Health Committee",
        "23 November 2026",
        "Item 7",
        "Purpose of the report",
        "Recommendations",
        "Risks",
        "Contingency",
    ] {
        assert!(t.contains(s), "{s} missing");
    }
    // The round's outcome: every awarded bid's total score, beside its bidder (named: the award is complete).
    let result = api.round_result(TENDER).unwrap();
    for lot in &result.lots {
        for b in lot.bids.iter().filter(|b| b.awarded) {
            let total = &b.total.as_ref().unwrap().shown;
            assert!(
                t.lines().any(|l| l.contains(total.as_str()) && l.contains(b.bidder_name.split_whitespace().next().unwrap())),
                "awarded bid {} ({total}) missing",
                b.bidder_name
            );
        }
    }
    // Coverage: each zone's active and admitted counts.
    let cov = api.coverage(meeting, None).unwrap();
    let lots: Vec<_> = cov.lots.iter().filter(|l| l.arrangement == FRAMEWORK).collect();
    assert!(!lots.is_empty());
    for l in lots {
        for z in &l.zones {
            let line = format!("{} active of {} admitted", z.active, z.admitted);
            assert!(t.contains(&line), "zone {}: {line} missing", z.name);
        }
    }
    // Rates: the overall range and averages of each group.
    let rates = api.rates(meeting, &[FRAMEWORK.to_owned()]).unwrap();
    assert!(!rates.groups.is_empty());
    for g in &rates.groups {
        let s = &g.overall;
        let row =
            t.lines().find(|l| l.contains(&pounds(s.lowest)) && l.contains(&pounds(s.highest)) && l.contains("All"));
        let row = row.unwrap_or_else(|| panic!("rates of {} missing", g.name));
        assert!(row.contains(&pounds(s.simple_average)), "{row}");
    }
    // Spend: this framework has no cap recorded, and the report says so.
    let spend = api.spend_summary(FRAMEWORK, Some(meeting)).unwrap();
    assert!(spend.cap.is_none() && t.contains("No spend cap is recorded"));
    // The officer's notes kept with the arrangement.
    assert!(t.contains("Harling Moor"));
}

#[test]
fn the_committee_report_shows_spend_against_the_approved_cap() {
    let (_dir, api) = demo_as(ACTOR);
    let dps = "ARR-DPS-HCSS-CCC";
    let meeting = d("2026-11-23");
    let req = CommitteeReportRequest::new(dps, meeting, "Adults and Health Committee", created());
    let pdf = api.report_committee(&req).unwrap();
    numbered(&pdf);
    let t = text(&pdf);
    let spend = api.spend_summary(dps, Some(meeting)).unwrap();
    assert!(!spend.lines.is_empty());
    assert!(t.contains(&format!("Approved cap {}", pounds(spend.cap.unwrap()))), "the cap line of the chart");
    assert!(t.lines().any(|l| l.contains("Spent to date") && l.contains(&pounds(spend.total))));
    if let Some(r) = spend.remaining {
        assert!(t.lines().any(|l| l.contains("Remaining") && l.contains(&pounds(r))));
    }
    for l in &spend.lines {
        assert!(t.contains(&pounds(l.cumulative)), "running total {} missing", pounds(l.cumulative));
    }
}

#[test]
fn bidders_are_named_only_once_the_award_is_complete() {
    let (_dir, api) = demo_as(ACTOR);
    let award = api.show(Kind::Awards, "AWD-HC-FW-2025-EST").unwrap().record;
    assert_eq!(award["standstill_ends"], "2025-05-06");
    let result = api.round_result(TENDER).unwrap();
    let winners: Vec<String> =
        result.lots.iter().flat_map(|l| l.bids.iter().filter(|b| b.awarded).map(|b| b.bidder_name.clone())).collect();
    assert!(!winners.is_empty());

    // During the standstill: the decision is taken but not complete.
    let during = text(&committee(&api, "2025-05-01"));
    assert!(during.contains("Bidder A"), "bidders anonymised");
    for w in &winners {
        assert!(!during.contains(w.as_str()), "{w} named before the standstill ended");
    }
    // After it: named.
    let after = text(&committee(&api, "2025-06-02"));
    assert!(!after.contains("Bidder A"));
    for w in &winners {
        assert!(after.contains(w.split_whitespace().next().unwrap()), "{w} not named after the award");
    }
}

#[test]
fn the_same_data_and_creation_date_give_the_same_bytes() {
    let (_dir, api) = demo_as(ACTOR);
    assert_eq!(committee(&api, "2026-11-23"), committee(&api, "2026-11-23"));
    assert_eq!(
        api.report_foi(d("2026-11-23"), created()).unwrap(),
        api.report_foi(d("2026-11-23"), created()).unwrap()
    );
}

#[test]
fn each_bidder_gets_one_letter_with_its_scores_the_winners_and_the_standstill() {
    let (_dir, api) = demo_as(ACTOR);
    let notices = api.notices(CALL_OFF).unwrap();
    let letters = api.report_letters(CALL_OFF, created()).unwrap();
    let mut bidders: Vec<&str> = notices.iter().map(|n| n.bidder.as_str()).collect();
    bidders.sort();
    bidders.dedup();
    assert_eq!(letters.len(), bidders.len());
    for n in &notices {
        let letter = letters.iter().find(|l| l.file_name.contains(&n.bidder)).unwrap();
        assert!(letter.file_name.ends_with(".pdf") && letter.file_name.starts_with(CALL_OFF));
        numbered(&letter.bytes);
        let t = text(&letter.bytes);
        let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if n.outcome == tenderdesk_evaluation::Outcome::Excluded {
            assert!(flat.contains("excluded and was not scored"));
            for r in &n.reasons {
                assert!(flat.contains(&r.split_whitespace().collect::<Vec<_>>().join(" ")), "reason {r}");
            }
            continue;
        }
        let total = t.lines().find(|l| l.trim_start().starts_with("Total ")).unwrap();
        // A bid below the quality threshold has no total: the letter shows a dash.
        let own = n.own.total.as_ref().map(|s| s.shown.clone()).unwrap_or_else(|| "–".into());
        assert!(total.contains(&own), "{total}");
        if let Some(w) = n.winner.as_ref().and_then(|w| w.total.as_ref()) {
            assert!(total.contains(&w.shown), "{total}");
        }
        for c in &n.criteria {
            if let Some(s) = &c.own_score {
                assert!(t.contains(&s.shown));
            }
        }
        let end = n.standstill_ends.unwrap().format("%-d %B %Y").to_string();
        assert!(flat.contains(&format!("ends at midnight at the end of {end}")), "standstill end {end}");
        assert!(flat.contains(if n.outcome == tenderdesk_evaluation::Outcome::Successful {
            "successful"
        } else {
            "not successful"
        }));
    }
}

#[test]
fn the_matrix_shows_every_mark_and_the_result() {
    let (_dir, api) = demo_as(ACTOR);
    let result = api.round_result(CALL_OFF).unwrap();
    let pdf = api.report_matrix(CALL_OFF, created()).unwrap();
    numbered(&pdf);
    let t = text(&pdf);
    for lot in &result.lots {
        for b in &lot.bids {
            if let Some(total) = &b.total {
                let first = b.bidder_name.split_whitespace().next().unwrap();
                assert!(t.lines().any(|l| l.contains(first) && l.contains(&total.shown)), "{}", b.submission);
                assert!(t.contains(&b.submission));
            }
            for c in &b.criteria {
                for m in &c.marks {
                    assert!(t.contains(&m.evaluator_name.split_whitespace().next().unwrap().to_string()));
                }
            }
        }
    }
    let csv = api.report_matrix_csv(CALL_OFF).unwrap();
    let marks: usize = result.lots.iter().flat_map(|l| &l.bids).flat_map(|b| &b.criteria).map(|c| c.marks.len()).sum();
    assert_eq!(csv.lines().count(), marks + 1, "one row per individual mark, after the header");
    let first = result.lots[0].bids.iter().flat_map(|b| &b.criteria).flat_map(|c| &c.marks).next().unwrap();
    assert!(csv.contains(&first.justification.replace('"', "\"\"")));
}

#[test]
fn the_foi_pack_answers_all_thirteen_questions_with_the_same_figures() {
    let (_dir, api) = demo_as(ACTOR);
    let as_of = d("2026-11-23");
    let pack = api.foi(as_of, &[]).unwrap();
    let pdf = api.report_foi(as_of, created()).unwrap();
    numbered(&pdf);
    let t = text(&pdf);
    let words: std::collections::HashSet<String> = figures(&t).into_iter().collect();
    assert_eq!(pack.answers.len(), 13);
    for a in &pack.answers {
        assert!(t.contains(&format!("Question {}", a.number)));
        for p in &a.parts {
            for f in figures(&p.text) {
                assert!(words.contains(&f), "question {}: figure {f} missing", a.number);
            }
        }
    }
}

#[test]
fn the_register_lists_the_contracts_started_by_the_date_as_the_csv_does() {
    let (_dir, api) = demo_as(ACTOR);
    let as_of = d("2026-11-23");
    let (header, rows) = api.register_rows(as_of).unwrap();
    assert!(!rows.is_empty());
    let pdf = api.report_register(as_of, created()).unwrap();
    numbered(&pdf);
    let t = text(&pdf);
    let words: std::collections::HashSet<String> = figures(&t).into_iter().collect();
    let value = header.iter().position(|h| h == "Sum to be paid over the length of the contract").unwrap();
    for r in &rows {
        let shown = pounds(Money::parse(&r[value]).unwrap());
        assert!(words.contains(&shown), "{shown} of {} missing", r[0]);
    }
    assert!(t.contains(&format!("{} contracts", rows.len())));
    // A date before every contract leaves the register empty.
    assert!(api.register_rows(d("2000-01-01")).unwrap().1.is_empty());
}

#[test]
fn bad_requests_are_refused_with_what_to_fix() {
    let (_dir, api) = demo_as(ACTOR);
    let e = api
        .report_committee(&CommitteeReportRequest::new("ARR-NOPE", d("2026-11-23"), "Committee", created()))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(e.to_string().contains("ARR-NOPE"));
    let e =
        api.report_committee(&CommitteeReportRequest::new(FRAMEWORK, d("2026-11-23"), "  ", created())).unwrap_err();
    assert!(e.to_string().contains("committee"), "{e}");
    let e = api.report_letters(SEALED, created()).unwrap_err();
    assert!(e.to_string().contains("no award decision"), "{e}");
    let e = api.report_matrix(SEALED, created()).unwrap_err();
    assert!(matches!(e, ApiError::Evaluation(_)), "{e}");
}

#[test]
fn committee_notes_are_kept_with_the_arrangement_audited_and_never_empty() {
    let (_dir, api) = demo_as(ACTOR);
    let change = CommitteeNotesChange {
        recommendations: Some("That the committee approves the re-opening of Lot 2.".into()),
        report_of: Some("Executive Director of Adult Social Care".into()),
        ..Default::default()
    };
    let a = api.set_committee_notes(FRAMEWORK, &change).unwrap();
    assert!(a.committee_notes.risks.is_some(), "notes not given are kept");
    let shown = api.show(Kind::Arrangements, FRAMEWORK).unwrap();
    assert_eq!(shown.history.last().unwrap().actor, "report tester");
    let t = text(&committee(&api, "2026-11-23"));
    assert!(t.contains("re-opening of Lot 2"));
    assert!(t.contains("Executive Director of Adult Social Care"));

    // An empty note in a record is refused, naming the field; nothing is stored.
    let mut bad = a.clone();
    bad.committee_notes.contingency = Some("   ".into());
    let mut c = tenderdesk_api::Changes::new();
    c.update(bad);
    let e = api.apply(c).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Invalid);
    assert!(e.to_dto().field.unwrap().ends_with("committee_notes.contingency"));
    let now = api.show(Kind::Arrangements, FRAMEWORK).unwrap().record;
    assert!(now["committee_notes"]["contingency"].as_str().unwrap().contains("neighbouring zones"));
}

/// Writes one of each report from the demo data to $TENDERDESK_REPORT_SAMPLES (to look at, and
/// for docs/screenshots): `TENDERDESK_REPORT_SAMPLES=/tmp/r cargo test --test reports -- --ignored`.
#[test]
#[ignore = "writes sample PDFs to look at"]
fn write_samples() {
    let Some(dir) = std::env::var_os("TENDERDESK_REPORT_SAMPLES") else { return };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (_d, api) = demo_as(ACTOR);
    std::fs::write(dir.join("committee.pdf"), committee(&api, "2026-11-23")).unwrap();
    std::fs::write(dir.join("committee-standstill.pdf"), committee(&api, "2025-05-01")).unwrap();
    for l in api.report_letters(CALL_OFF, created()).unwrap() {
        std::fs::write(dir.join(l.file_name), l.bytes).unwrap();
    }
    std::fs::write(dir.join("matrix.pdf"), api.report_matrix(CALL_OFF, created()).unwrap()).unwrap();
    std::fs::write(dir.join("matrix-tender.pdf"), api.report_matrix(TENDER, created()).unwrap()).unwrap();
    std::fs::write(dir.join("foi.pdf"), api.report_foi(d("2026-11-23"), created()).unwrap()).unwrap();
    std::fs::write(dir.join("register.pdf"), api.report_register(d("2026-11-23"), created()).unwrap()).unwrap();
}
