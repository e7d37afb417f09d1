//! The round use cases on the demo data: the result of the completed call-off worked by hand
//! (docs/scoring.md), sealed bids and their opening, conflicts, locked marks, the award decision
//! and its withdrawal, and the notices.

mod support;

use support::{at, d as date, demo_as, SEALED};
use tenderdesk_api::rounds::AwardRequest;
use tenderdesk_api::{Api, ApiError, OpenOptions};
use tenderdesk_domain::{Evaluator, Key, Kind, Mark, ModeratedMark, Regime, Round};
use tenderdesk_evaluation::{Outcome, Standing};
use tenderdesk_store::ChangeSet;

const DONE: &str = "RND-CSF-L1-MC-2025-01";
const OAKAPPLE_BID: &str = "SUB-CSF-L1-MC-2025-01-OAKAPPLE-HOMECARE";

/// Who the tests act as: the name the opening, the audit and the withdrawal record.
const ACTOR: &str = "Daniel Ashby";

fn refused(e: ApiError) -> String {
    e.to_string()
}

#[test]
fn the_completed_call_off_scores_as_worked_by_hand() {
    let (_dir, api) = demo_as(ACTOR);
    let r = api.round_result(DONE).unwrap();
    assert!(r.complete);
    let lot = &r.lots[0];
    let bid = |name: &str| lot.bids.iter().find(|b| b.bidder_name.starts_with(name)).unwrap();

    // Kestrel: quality (4+4+3+4)/5 × 12.5 = 37.5; interview (4+3)/5 × 10 = 14; price 21.24/21.60 × 30 = 29.5.
    let k = bid("Kestrel");
    assert_eq!(k.quality.as_ref().unwrap().exact, "37.5");
    assert_eq!(k.interview.as_ref().unwrap().exact, "14");
    assert_eq!(k.price_score.as_ref().unwrap().exact, "29.5");
    assert_eq!(k.total.as_ref().unwrap().exact, "81");
    // Oakapple: 35 + 16 + 30 = 81, the lowest compliant price scoring the full 30.
    let o = bid("Oakapple");
    assert_eq!(o.price_score.as_ref().unwrap().exact, "30");
    assert_eq!(o.total.as_ref().unwrap().exact, "81");
    // The tie on 81 is broken by the higher quality score.
    assert_eq!((k.rank, o.rank, k.awarded, o.awarded), (Some(1), Some(2), true, false));
    assert_eq!(lot.tie_breaks.len(), 1);
    assert_eq!(lot.tie_breaks[0].rule.as_deref(), Some("higher quality score"));
    // Lanternfield: quality 25 is below 60 % of 50 = 30, so it is not ranked and its £22.10 is not compared.
    let l = bid("Lanternfield");
    assert_eq!(l.standing, Standing::BelowThreshold);
    assert_eq!(lot.prices.as_ref().unwrap().count, 2);
    // Foxglove failed the insurance gate; Quayside was late and not accepted.
    assert_eq!(bid("Foxglove").standing, Standing::Excluded);
    assert!(bid("Foxglove").reasons[0].contains("insurance gate"));
    assert_eq!(bid("Quayside").standing, Standing::Excluded);
    assert!(bid("Quayside").reasons[0].contains("after the submission deadline"));
    // Ashworth declared an actual conflict with Oakapple: no mark of hers on its bid; two on Kestrel's.
    let ashworth = |b: &tenderdesk_evaluation::BidResult| {
        b.criteria.iter().flat_map(|c| &c.marks).filter(|m| m.evaluator_name == "Gillian Ashworth").count()
    };
    assert_eq!(ashworth(o), 0);
    assert!(ashworth(k) > 0);
    // The computed award is the one recorded.
    let recorded = api.show(Kind::Awards, "AWD-CSF-L1-MC-2025-01").unwrap();
    assert_eq!(recorded.record["awarded"][0]["submission"], k.submission.as_str());
}

#[test]
fn sealed_bids_show_no_price_until_an_officer_opens_them_after_the_deadline() {
    let (_dir, api) = demo_as(ACTOR);
    let bid = "SUB-CSF-L1-MC-2026-02-BRIGHTWATER-HOME-CARE";

    let err = api.round_result(SEALED).unwrap_err();
    assert!(refused(err).contains("are sealed"));
    let shown = api.show(Kind::Submissions, bid).unwrap();
    assert!(shown.record.get("prices").is_none(), "{}", shown.record);
    assert_eq!(shown.record["sealed"], "prices sealed until the bids are opened");
    let listed = api.list_records(Kind::Submissions).unwrap();
    let l = listed.iter().find(|r| r["key"] == bid).unwrap();
    assert!(l.get("prices").is_none());
    let bids_of = |json: &str, round: &str| -> Vec<serde_json::Value> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v["submissions"].as_array().unwrap().iter().filter(|s| s["round"] == round).cloned().collect()
    };
    let export = api.export_json().unwrap();
    let sealed = bids_of(&export, SEALED);
    assert_eq!(sealed.len(), 4);
    assert!(sealed.iter().all(|s| s.get("prices").is_none()), "a sealed price leaked into the export");
    assert!(bids_of(&export, DONE).iter().all(|s| s.get("prices").is_some()), "an opened round's prices are exported");
    let full = api.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap();
    assert!(bids_of(&full, SEALED).iter().all(|s| s.get("prices").is_some()), "a full backup keeps them");
    // The redacted export is itself a dataset that imports.
    let dir2 = tempfile::tempdir().unwrap();
    let other = Api::open(OpenOptions { data_dir: Some(dir2.path().to_owned()), actor: None }).unwrap();
    other.import_bytes(export.as_bytes(), "redacted export").unwrap();
    assert_eq!(other.export_json().unwrap(), export);

    // Not before the deadline of 13 November 2026 12:00 GMT.
    let early = api.open_bids(SEALED, at("2026-11-13T11:59:00Z")).unwrap_err();
    assert!(refused(early).contains("cannot be opened before the submission deadline of 13 Nov 2026 12:00 GMT"));
    assert!(api.round(SEALED).unwrap().bids_opened.is_none());

    let opening = api.open_bids(SEALED, at("2026-11-16T09:30:00Z")).unwrap();
    assert_eq!(opening.by, "Daniel Ashby");
    let shown = api.show(Kind::Submissions, bid).unwrap();
    assert_eq!(shown.record["prices"][0]["hourly"], "22.35");
    // The opening is in the audit log, by whom, as a change to the round.
    let round = api.show(Kind::Rounds, SEALED).unwrap();
    let last = round.history.last().unwrap();
    assert_eq!((last.action.as_str(), last.actor.as_str()), ("update", "Daniel Ashby"));
    assert_eq!(round.record["bids_opened"]["at"], "2026-11-16T09:30:00Z");
    // Only once.
    let again = api.open_bids(SEALED, at("2026-11-17T09:30:00Z")).unwrap_err();
    assert!(refused(again).contains("were already opened by Daniel Ashby"));
}

fn moderated(api: &Api, key: &str) -> ModeratedMark {
    api.store().get_by_key::<ModeratedMark>(key).unwrap().unwrap().1
}

#[test]
fn a_decision_locks_the_marks_until_it_is_withdrawn_with_a_reason() {
    let (_dir, api) = demo_as(ACTOR);
    let key = "MOD-CSF-L1-MC-2025-01-KESTREL-COMMUNITY-CARE-Q1";
    let before = moderated(&api, key);

    let mut raised = before.clone();
    raised.mark = 5;
    let mut c = ChangeSet::new();
    c.update(raised.clone());
    let err = refused(api.apply(c).unwrap_err());
    assert!(err.contains("locked by award decision AWD-CSF-L1-MC-2025-01"), "{err}");
    assert_eq!(moderated(&api, key), before, "nothing stored");

    let mut c = ChangeSet::new();
    c.delete(Kind::Marks, Key::parse("MRK-CSF-L1-MC-2025-01-OAKAPPLE-HOMECARE-Q1-RAMAN").unwrap());
    assert!(refused(api.apply(c).unwrap_err()).contains("locked by award decision"));

    // The model cannot change under a decision either.
    let mut round: Round = api.round(DONE).unwrap();
    round.model.price.weight = tenderdesk_domain::Percent::parse("40").unwrap();
    round.model.quality.weight = tenderdesk_domain::Percent::parse("40").unwrap();
    let mut c = ChangeSet::new();
    c.update(round);
    assert!(refused(api.apply(c).unwrap_err()).contains("is locked by award decision"));

    // A second decision is refused while one is in force.
    let req = AwardRequest {
        round: DONE.into(),
        decided_on: date("2025-07-20"),
        decision_maker: "Director".into(),
        regime: None,
        notices_sent_on: None,
        standstill: true,
    };
    assert!(refused(api.record_award(&req).unwrap_err()).contains("already has award decision AWD-CSF-L1-MC-2025-01"));

    // Withdrawn with a reason: the marks unlock, and the withdrawal is in the audit log.
    let w = api.withdraw_award(DONE, "Challenge upheld on Q3's moderation", date("2025-07-21")).unwrap();
    assert_eq!(w.withdrawn.as_ref().unwrap().by, "Daniel Ashby");
    let mut c = ChangeSet::new();
    c.update(raised.clone());
    api.apply(c).unwrap();
    assert_eq!(moderated(&api, key).mark, 5);
    let history = api.show(Kind::Awards, "AWD-CSF-L1-MC-2025-01").unwrap().history;
    assert_eq!(history.last().unwrap().action, "update");

    // A new decision is computed again: Kestrel's Q1 at 5 adds 2.5; a PCR 2015 standstill of 10
    // days from Tuesday 22 July 2025 ends on Friday 1 August 2025.
    let d = api.record_award(&AwardRequest { notices_sent_on: Some(date("2025-07-22")), ..req.clone() }).unwrap();
    assert_eq!(d.key.as_str(), "AWD-CSF-L1-MC-2025-01-2");
    assert_eq!(d.regime, Regime::Pcr2015LightTouch);
    assert_eq!(d.awarded.len(), 1);
    assert_eq!(d.awarded[0].provider.as_str(), "PRV-KESTREL-COMMUNITY-CARE");
    assert_eq!(d.standstill_ends, Some(date("2025-08-01")));
    let r = api.round_result(DONE).unwrap();
    assert_eq!(r.lots[0].bids[0].total.as_ref().unwrap().exact, "83.5");

    // A decision cannot be edited, only withdrawn.
    let mut edited = d.clone();
    edited.decision_maker = "Someone else".into();
    let mut c = ChangeSet::new();
    c.update(edited);
    assert!(refused(api.apply(c).unwrap_err()).contains("cannot be edited"));
}

#[test]
fn a_conflicted_evaluator_cannot_mark_that_bidder_and_none_marks_without_a_declaration() {
    let (_dir, api) = demo_as(ACTOR);
    api.withdraw_award(DONE, "Re-evaluation ordered", date("2025-07-21")).unwrap();
    let mark = Mark {
        key: Key::parse("MRK-TEST-ASHWORTH-OAKAPPLE-Q1").unwrap(),
        round: Key::parse(DONE).unwrap(),
        submission: Key::parse(OAKAPPLE_BID).unwrap(),
        evaluator: Key::parse("EVL-CSF-L1-MC-2025-01-ASHWORTH").unwrap(),
        question: "Q1".into(),
        mark: Some(3),
        abstained: None,
        justification: "Sound plan".into(),
    };
    let mut c = ChangeSet::new();
    c.insert(mark.clone());
    let err = refused(api.apply(c).unwrap_err());
    assert!(err.contains("Gillian Ashworth declared a conflict of interest with PRV-OAKAPPLE-HOMECARE"), "{err}");
    assert!(api.store().get_by_key::<Mark>(mark.key.as_str()).unwrap().is_none());

    // A new panel member with no declaration on file cannot mark at all.
    let newcomer = Evaluator {
        key: Key::parse("EVL-TEST-NEW").unwrap(),
        round: Key::parse(DONE).unwrap(),
        name: "Robin Vale".into(),
        role: "Finance".into(),
        declarations: vec![],
    };
    let mut c = ChangeSet::new();
    c.insert(newcomer);
    api.apply(c).unwrap();
    let mut c = ChangeSet::new();
    c.insert(Mark { key: Key::parse("MRK-TEST-NEW").unwrap(), evaluator: Key::parse("EVL-TEST-NEW").unwrap(), ..mark });
    let err = refused(api.apply(c).unwrap_err());
    assert!(err.contains("Robin Vale has no declaration of interest on file about PRV-OAKAPPLE-HOMECARE"), "{err}");
}

#[test]
fn notices_say_what_each_letter_must() {
    let (_dir, api) = demo_as(ACTOR);
    let notices = api.notices(DONE).unwrap();
    // Five bidders, none withdrawn: every one gets a notice.
    assert_eq!(notices.len(), 5);
    let n = |name: &str| notices.iter().find(|n| n.bidder_name.starts_with(name)).unwrap();
    assert_eq!(n("Kestrel").outcome, Outcome::Successful);
    let o = n("Oakapple");
    assert_eq!(o.outcome, Outcome::Unsuccessful);
    assert_eq!(o.own.total.as_ref().unwrap().shown, "81.00");
    assert_eq!(o.winner.as_ref().unwrap().total.as_ref().unwrap().shown, "81.00");
    assert_eq!(o.winner_name.as_deref(), Some("Kestrel Community Care Ltd"));
    let q1 = o.criteria.iter().find(|c| c.code == "Q1").unwrap();
    assert_eq!((q1.own_mark, q1.winner_mark), (Some(3), Some(4)));
    assert!(q1.reason.is_some() && q1.winner_reason.is_some());
    assert_eq!(n("Quayside").outcome, Outcome::Excluded);
    assert!(n("Quayside").reasons[0].contains("47 minutes after"));
    assert!(n("Lanternfield").reasons[0].contains("below the threshold"));
    assert_eq!(o.bids_received, 5);
}
