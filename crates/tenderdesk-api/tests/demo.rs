//! The built-in demo data set (demo/demo.json) parses, passes every check,
//! and holds the figures of the five seed documents.

mod support;

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use support::{d as date, m as money};
use tenderdesk_domain::{
    ArrangementKind, CallOffMethod, Conflict, Dataset, Hours, Key, Money, Nothing, OptionStatus, RoundKind,
    ServiceType, SubmissionStatus,
};

use tenderdesk_api::DEMO_JSON;

fn demo() -> Dataset {
    match serde_json::from_str::<Dataset>(DEMO_JSON) {
        Ok(ds) => ds,
        Err(e) => panic!("demo.json does not parse as a dataset at line {}, column {}: {e}", e.line(), e.column()),
    }
}

fn key(s: &str) -> Key {
    Key::parse(s).unwrap()
}

fn hours(s: &str) -> Option<Hours> {
    Some(Hours::parse(s).unwrap())
}

#[test]
fn the_demo_parses_and_passes_every_check() {
    let ds = demo();
    ds.check_header().expect("the header is that of a TenderDesk dataset, version 1");
    let problems = ds.validate(&Nothing);
    if !problems.is_empty() {
        let all: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        panic!("the demo data set has {} problems:\n{}", all.len(), all.join("\n"));
    }
}

/// The file is in the form TenderDesk itself writes (2-space indentation, fields in the records'
/// order, empty optional fields left out), so that loading the demo and exporting it gives the same bytes.
#[test]
fn the_demo_is_in_the_canonical_form() {
    let ds = demo();
    let mut again = serde_json::to_string_pretty(&ds).unwrap();
    again.push('\n');
    if again != DEMO_JSON {
        let line = again.lines().zip(DEMO_JSON.lines()).position(|(a, b)| a != b).map_or(0, |i| i + 1);
        panic!("demo.json is not in the canonical form (first difference at line {line}); re-serialise it with serde_json::to_string_pretty");
    }
}

#[test]
fn seed_000_standalone_contract() {
    let ds = demo();
    let a = ds.arrangements.iter().find(|a| a.key == key("ARR-HC-SA-2021")).unwrap();
    assert_eq!(a.kind, ArrangementKind::StandaloneContract);
    assert_eq!(a.call_off, CallOffMethod::SingleProvider);
    assert_eq!(a.capacity_note.as_deref(), Some("19,800 hours per month"));
    assert!(a.call_off_description.as_deref().unwrap().contains("twice weekly operational hub meeting"));

    let c = ds.contracts.iter().find(|c| c.key == key("CON-HC-SA-2021-COASTLINE-CARE-AT-HOME")).unwrap();
    assert_eq!(c.term.initial_end, date("2024-10-31"));
    assert_eq!(c.term.extension_options.len(), 2);
    assert!(c.term.extension_options.iter().all(|o| o.months == 12));
    assert_eq!(c.term.extension_options[0].status, OptionStatus::Exercised);
    assert_eq!(c.term.current_end(), date("2026-10-31"));
    assert_eq!(c.rates.len(), 1);
    assert_eq!(c.rates[0].amount, money("20.44"));
    assert!(c.rates.iter().all(|r| r.zone.is_none()));

    let s = ds.activity.iter().find(|s| s.arrangement.as_ref() == Some(&a.key)).unwrap();
    assert_eq!(s.as_at, date("2023-08-03"));
    assert_eq!(s.hours_per_week, hours("18268"));
    assert_eq!(s.live_in_packages, Some(0));
}

#[test]
fn seed_001_framework_spot_and_activity() {
    let ds = demo();
    let fw = key("ARR-CSF-2019");
    let a = ds.arrangements.iter().find(|a| a.key == fw).unwrap();
    assert_eq!(a.call_off, CallOffMethod::MiniCompetition);
    assert_eq!(ds.lots.iter().filter(|l| l.arrangement == fw).count(), 17);
    assert_eq!(
        a.prerequisites_note.as_deref(),
        Some("Must be on the Framework and CQC registered and accept the agreed cost")
    );
    assert!(!a.new_providers.as_ref().unwrap().needed);
    // Supported living answers questions 10 and 11 differently from home care: held on its lots.
    for l in ["LOT-CSF-2019-2", "LOT-CSF-2019-3"] {
        let lot = ds.lots.iter().find(|x| x.key == key(l)).unwrap();
        assert_eq!(lot.new_providers.as_ref().unwrap().note, "Framework is not opening for new entrants.");
        assert!(lot.prerequisites_note.as_deref().unwrap().contains("specification will be issued via The Chest"));
    }

    let lot1 = key("LOT-CSF-2019-1");
    let lot1_rec = ds.lots.iter().find(|l| l.key == lot1).unwrap();
    assert_eq!(lot1_rec.rate_card.standard_hourly, Some(money("19.44")));

    // 8 contracted providers to March 2029 at £19.44; 8 spot providers; range £16.79–£26.66, average £20.89.
    let framework_hc: Vec<_> =
        ds.contracts.iter().filter(|c| c.lot.as_ref() == Some(&lot1) && c.award.is_none()).collect();
    assert_eq!(framework_hc.len(), 8);
    assert!(framework_hc
        .iter()
        .all(|c| c.term.current_end() == date("2029-03-31") && c.rates[0].amount == money("19.44")));
    let spot: Vec<_> = ds.contracts.iter().filter(|c| c.arrangement == key("ARR-SPOT-ASC")).collect();
    assert_eq!(spot.len(), 8);
    let rates: Vec<i64> = framework_hc.iter().chain(spot.iter()).map(|c| c.rates[0].amount.pence()).collect();
    assert_eq!(rates.iter().min(), Some(&1679));
    assert_eq!(rates.iter().max(), Some(&2666));
    assert_eq!(rates.iter().sum::<i64>(), 2089 * 16, "the simple average of the 16 home-care rates is £20.89");

    // Supported living: nine call-offs to 30 November 2026 with two 12-month options; £17.80 and £11.36.
    let sl: Vec<_> = ds
        .contracts
        .iter()
        .filter(|c| matches!(c.lot.as_ref().map(|l| l.as_str()), Some("LOT-CSF-2019-2" | "LOT-CSF-2019-3")))
        .collect();
    assert_eq!(sl.len(), 9);
    for c in &sl {
        assert_eq!(c.term.initial_end, date("2026-11-30"));
        assert_eq!(c.term.extension_options.iter().map(|o| o.months).collect::<Vec<_>>(), vec![12, 12]);
        let amounts: Vec<Money> = c.rates.iter().map(|r| r.amount).collect();
        assert_eq!(amounts, vec![money("17.80"), money("11.36")]);
    }

    let snap = |k: &str| ds.activity.iter().find(|s| s.key == key(k)).unwrap();
    let f = snap("ACT-CSF-2019-HC-2023-03-31");
    assert_eq!((f.packages, f.people, f.hours_per_week), (Some(1843), Some(1715), hours("17590.0")));
    assert_eq!(f.hours_per_week.unwrap().to_string(), "17590.0");
    let o = snap("ACT-SPOT-ASC-HC-2023-03-31");
    assert_eq!((o.packages, o.people, o.hours_per_week), (Some(133), Some(126), hours("1377.75")));
    let t = snap("ACT-ALL-HC-2023-03-31");
    assert!(t.arrangement.is_none());
    assert_eq!(t.service, ServiceType::HomeCare);
    assert_eq!((t.packages, t.people, t.hours_per_week), (Some(1976), Some(1806), hours("18967.75")));
    assert_eq!(
        f.hours_per_week.unwrap().value() + o.hours_per_week.unwrap().value(),
        t.hours_per_week.unwrap().value()
    );
    let f = snap("ACT-CSF-2019-SL-2023-03-31");
    assert_eq!((f.packages, f.people, f.hours_per_week), (Some(1026), Some(401), hours("29985.11")));
    let o = snap("ACT-SPOT-ASC-SL-2023-03-31");
    assert_eq!((o.packages, o.people, o.hours_per_week), (Some(28), Some(14), hours("1552.1")));
    let t = snap("ACT-ALL-SL-2023-03-31");
    assert_eq!(t.service, ServiceType::SupportedLiving);
    assert_eq!((t.packages, t.people, t.hours_per_week), (Some(1054), Some(415), hours("31537.21")));
}

#[test]
fn seed_002_framework_openings_providers_and_brokerage() {
    let ds = demo();
    let fw = key("ARR-HC-FW-2017");
    let a = ds.arrangements.iter().find(|a| a.key == fw).unwrap();
    assert_eq!(a.kind, ArrangementKind::ClosedFramework);
    assert_eq!(a.call_off, CallOffMethod::BrokerageOfferToAll);
    assert_eq!(a.term.start, date("2017-10-09"));
    assert_eq!(a.term.current_end(), date("2025-10-12"));

    let openings: Vec<_> = ds.openings.iter().filter(|o| o.arrangement == fw).collect();
    let dates: Vec<(u32, NaiveDate, usize)> =
        openings.iter().map(|o| (o.number, o.commencement, o.lots.len())).collect();
    assert_eq!(dates, vec![(0, date("2017-10-09"), 0), (1, date("2019-06-10"), 1), (2, date("2021-04-01"), 1)]);

    let lots: Vec<_> = ds.lots.iter().filter(|l| l.arrangement == fw).collect();
    let rates: Vec<i64> = lots.iter().flat_map(|l| l.rate_card.zone_rates.iter().map(|r| r.hourly.pence())).collect();
    assert_eq!(rates.iter().min(), Some(&2087));
    assert_eq!(rates.iter().max(), Some(&2195));

    // The 31 providers named in seed 002 were all on the framework in October 2024.
    let on_oct_2024: std::collections::BTreeSet<&str> = ds
        .admissions
        .iter()
        .filter(|ad| lots.iter().any(|l| l.key == ad.lot))
        .filter(|ad| !matches!(ad.ends, Some(e) if e < date("2024-10-31")))
        .map(|ad| ad.provider.as_str())
        .collect();
    assert_eq!(on_oct_2024.len(), 31);
    for k in ["PRV-BLUEWOOD", "PRV-MI-LIFE", "PRV-NDH", "PRV-SOVA-HEALTHCARE", "PRV-CARE-4-U"] {
        assert!(on_oct_2024.contains(k), "{k}");
    }

    let b = ds.activity.iter().find(|s| s.arrangement.as_ref() == Some(&fw)).unwrap();
    assert_eq!(b.period_start, Some(date("2023-10-01")));
    assert_eq!(b.brokerage_hours_per_week, hours("492.34"));
    assert_eq!(b.average_package_hours, hours("16.3"));
}

#[test]
fn seed_003_dps_spend_approval() {
    let ds = demo();
    let a = ds.arrangements.iter().find(|a| a.key == key("ARR-DPS-HCSS-CCC")).unwrap();
    assert_eq!(a.kind, ArrangementKind::DynamicPurchasingSystem);
    assert_eq!(a.hosted_by.as_deref(), Some("Cambridgeshire County Council"));
    let s = a.spend_approval.as_ref().unwrap();
    assert_eq!(s.cap.pence(), 1_167_260_600);
    assert_eq!(s.decision_reference, "FEB24/CAB/78");
    assert_eq!(s.decision_maker, "Cabinet");
    assert_eq!(s.decision_title.as_deref(), Some("Approval on PCC's Home Care Spend through CCC's DPS 2024-27"));
    assert_eq!((s.published_on, s.key_decision), (Some(date("2024-02-13")), Some(true)));
    assert_eq!(s.decision_date, date("2024-02-12"));
    assert_eq!(s.effective_from, Some(date("2024-02-17")));
    assert_eq!((s.period_start, s.period_end), (date("2024-03-02"), date("2027-10-31")));
    let entries: Vec<_> = ds.spend.iter().filter(|e| e.arrangement == a.key).collect();
    assert_eq!(entries.len(), 32, "March 2024 to October 2026");
    let total: i64 = entries.iter().map(|e| e.amount.pence()).sum();
    assert!(total < s.cap.pence());
}

#[test]
fn seed_004_new_framework_award_and_committee_notes() {
    let ds = demo();
    let a = ds.arrangements.iter().find(|a| a.key == key("ARR-HC-FW-2025")).unwrap();
    assert!(a.committee_notes.risks.as_deref().unwrap().contains("lowest"));
    assert!(a.committee_notes.contingency.as_deref().unwrap().contains("neighbouring zones"));
    assert!(a.committee_notes.recommendations.as_deref().unwrap().contains("further report"));
    let est = ds.rounds.iter().find(|r| r.key == key("RND-HC-FW-2025-EST")).unwrap();
    assert_eq!(est.kind, RoundKind::Establishment);
    let award = ds.awards.iter().find(|w| w.round == est.key).unwrap();
    // Some seed-002 providers are admitted, some are not.
    assert!(award.awarded.iter().any(|w| w.provider == key("PRV-BLUEWOOD")));
    assert!(!award.awarded.iter().any(|w| w.provider == key("PRV-CARERS-DIRECT")));
    assert!(!award.awarded.iter().any(|w| w.provider == key("PRV-WESTMINSTER")));
    for l in ds.lots.iter().filter(|l| l.arrangement == a.key) {
        let settings: std::collections::BTreeSet<_> = l.zones.iter().map(|z| z.setting).collect();
        assert_eq!(settings.len(), 2, "lot {} has rural and urban zones", l.key);
    }
}

#[test]
fn the_completed_mini_competition() {
    let ds = demo();
    let r = ds.rounds.iter().find(|r| r.key == key("RND-CSF-L1-MC-2025-01")).unwrap();
    assert_eq!(r.invited.len(), 5);
    let subs: Vec<_> = ds.submissions.iter().filter(|s| s.round == r.key).collect();
    assert_eq!(subs.len(), 5);
    assert_eq!(subs.iter().filter(|s| s.status == SubmissionStatus::Compliant).count(), 3);
    assert!(subs
        .iter()
        .any(|s| s.status == SubmissionStatus::Excluded && s.received_at > r.timetable.submission_deadline));
    // The conflicted evaluator has no marks for that bidder.
    let ev: Vec<_> = ds.evaluators.iter().filter(|e| e.round == r.key).collect();
    assert_eq!(ev.len(), 3);
    let conflicted: Vec<_> = ev
        .iter()
        .flat_map(|e| e.declarations.iter().filter(|d| d.conflict == Conflict::Actual).map(move |d| (e, d)))
        .collect();
    assert_eq!(conflicted.len(), 1);
    let (e, d) = conflicted[0];
    let bid = subs.iter().find(|s| s.bidder == d.bidder).unwrap();
    assert!(!ds.marks.iter().any(|m| m.evaluator == e.key && m.submission == bid.key));
    let award = ds.awards.iter().find(|w| w.round == r.key).unwrap();
    assert!(award.standstill);
    assert!(ds.contracts.iter().any(|c| c.award.as_ref() == Some(&award.key)));
    assert_eq!(Decimal::from_str("60").unwrap(), r.model.quality_threshold.unwrap().value());
}

#[test]
fn a_round_is_in_progress() {
    let ds = demo();
    let r = ds.rounds.iter().find(|r| r.key == key("RND-CSF-L1-MC-2026-02")).unwrap();
    assert!(r.bids_opened.is_none());
    assert!(r.timetable.submission_deadline.date_naive() < date("2026-11-23"));
    assert!(ds.submissions.iter().filter(|s| s.round == r.key).all(|s| s.status == SubmissionStatus::Received));
    assert!(!ds.moderated_marks.iter().any(|m| m.round == r.key));
}
