//! The window's forms as use cases: a whole mini-competition through them on the demo data, and
//! each refusal naming the form field with nothing stored.

mod support;

use support::{at, audit_len, bid_form as bid, demo, fields, timetabled_round_form, FOXGLOVE, KESTREL, OAKAPPLE};
use tenderdesk_api::forms::contracts::OptionForm;
use tenderdesk_api::forms::panel::{DeclarationForm, EvaluatorForm, MarkForm, ModeratedMarkForm};
use tenderdesk_api::forms::rounds::{AwardForm, ClarificationForm, CreateRoundForm, InviteForm};
use tenderdesk_api::forms::settings::SettingsForm;
use tenderdesk_api::screens::round::RoundStage;

const QUESTIONS: [&str; 6] = ["Q1", "Q2", "Q3", "Q4", "INT1", "INT2"];

fn new_round_form() -> CreateRoundForm {
    timetabled_round_form("Home care — Saltmarsh north call-off 2027")
}

#[test]
fn a_mini_competition_from_set_up_to_award_through_the_forms() {
    let (_d, api) = demo();
    let view = api.create_round(&new_round_form()).unwrap();
    let round = view.key.clone();
    assert_eq!(round, "RND-CSF-2019-1-2026");
    assert_eq!(view.model.questions.len(), 6, "the model is copied from the round named");
    // 12:00 on 16 November is GMT, so the instant stored is 12:00 UTC.
    let deadline = view.timetable.iter().find(|m| m.field == "submission_deadline").unwrap();
    assert_eq!(deadline.at.as_deref(), Some("2026-11-16T12:00:00+00:00"));
    assert!(view.invitable.iter().any(|p| p.key == KESTREL));

    let view = api
        .invite_providers(&InviteForm {
            round: round.clone(),
            providers: vec![KESTREL.into(), OAKAPPLE.into(), FOXGLOVE.into()],
        })
        .unwrap();
    assert_eq!(view.invited.len(), 3);

    let view = api
        .add_clarification(&ClarificationForm {
            round: round.clone(),
            asked_on: "2026-11-04".into(),
            question: "Is there a TUPE list?".into(),
            answer: Some("No staff transfer.".into()),
            answered_on: Some("2026-11-05".into()),
            published_to_all: true,
        })
        .unwrap();
    assert_eq!(view.clarifications[0].number, 1);

    let kestrel = api.record_bid(&bid(&round, KESTREL, "2026-11-15T09:30", 2450)).unwrap();
    assert!(!kestrel.late);
    assert!(kestrel.bid.sealed && kestrel.bid.prices.is_empty(), "prices are sealed in the view until opened");
    let oakapple = api.record_bid(&bid(&round, OAKAPPLE, "2026-11-16T11:59", 2390)).unwrap();
    // A late bid: refused while compliant with no reason, stored once the officer accepts it.
    let mut late = bid(&round, FOXGLOVE, "2026-11-16T12:05", 2300);
    let before = audit_len(&api);
    assert_eq!(fields(api.record_bid(&late).unwrap_err()), vec!["received_at"]);
    assert_eq!(audit_len(&api), before, "nothing stored on refusal");
    late.status = Some("excluded".into());
    late.status_reason = Some("Arrived five minutes after the deadline".into());
    let foxglove = api.record_bid(&late).unwrap();
    assert!(foxglove.late && foxglove.bid.late);

    let view = api.open_bids_at(&round, at("2026-11-16T14:00:00Z")).unwrap();
    assert!(!view.sealed);
    assert_eq!(view.stage, RoundStage::Evaluation);
    let k = view.bids.iter().find(|b| b.key == kestrel.key).unwrap();
    assert_eq!(k.prices[0].hourly_pence, 2450);

    let raman = api
        .add_evaluator(&EvaluatorForm {
            round: round.clone(),
            name: "Priya Raman".into(),
            role: "Commissioning Manager".into(),
        })
        .unwrap();
    for bidder in [KESTREL, OAKAPPLE] {
        api.declare_interest(&DeclarationForm {
            evaluator: raman.key.clone(),
            bidder: bidder.into(),
            conflict: "none".into(),
            resolution: None,
            declared_on: "2026-11-17".into(),
        })
        .unwrap();
    }
    let mark = api
        .enter_mark(&MarkForm {
            submission: kestrel.key.clone(),
            evaluator: raman.key.clone(),
            question: "INT1".into(),
            mark: Some(4),
            abstained: None,
            justification: "Clear plan for the first month".into(),
        })
        .unwrap();
    // Entering the same cell again changes it rather than adding a second mark.
    let again = api
        .enter_mark(&MarkForm {
            mark: Some(3),
            ..MarkForm {
                submission: kestrel.key.clone(),
                evaluator: raman.key.clone(),
                question: "INT1".into(),
                mark: None,
                abstained: None,
                justification: "Sound plan".into(),
            }
        })
        .unwrap();
    assert_eq!(again.key, mark.key);
    assert_eq!(api.round_view(&round, None).unwrap().marks.len(), 1);

    for (sub, m) in [(&kestrel.key, 4), (&oakapple.key, 3)] {
        for q in QUESTIONS {
            api.enter_moderated_mark(&ModeratedMarkForm {
                submission: sub.clone(),
                question: q.into(),
                mark: m,
                rationale: "Agreed at moderation".into(),
                agreed_on: "2026-11-19".into(),
            })
            .unwrap();
        }
    }
    let view = api.round_view(&round, None).unwrap();
    let result = view.result.expect("the result is computed once the bids are open");
    assert!(result.complete, "{:?}", result.lots[0].blockers);

    let award = api
        .award_round(&AwardForm {
            round: round.clone(),
            decided_on: "2026-11-20".into(),
            decision_maker: "Director of Adult Social Care".into(),
            regime: None,
            notices_sent_on: None,
            standstill: true,
        })
        .unwrap();
    assert_eq!(award.awarded.len(), 1);
    assert_eq!(award.awarded[0].provider, KESTREL, "Kestrel's higher quality outweighs Oakapple's lower price");
    assert!(award.standstill_ends.is_some());
    let view = api.round_view(&round, Some("2026-11-23".parse().unwrap())).unwrap();
    assert!(view.locked);
    assert_eq!(view.stage, RoundStage::Standstill);

    // Locked after the award: a mark is refused on the round, and nothing is stored.
    let before = audit_len(&api);
    let e = api
        .enter_moderated_mark(&ModeratedMarkForm {
            submission: kestrel.key.clone(),
            question: "Q1".into(),
            mark: 5,
            rationale: "Second thoughts".into(),
            agreed_on: "2026-11-21".into(),
        })
        .unwrap_err();
    assert_eq!(fields(e), vec!["round"]);
    assert_eq!(audit_len(&api), before);
    let e = api
        .award_round(&AwardForm {
            round: round.clone(),
            decided_on: "2026-11-21".into(),
            decision_maker: "X".into(),
            ..AwardForm::default()
        })
        .unwrap_err();
    assert_eq!(fields(e), vec!["round"]);
}

#[test]
fn the_new_round_form_names_each_bad_field_and_stores_nothing() {
    let (_d, api) = demo();
    let before = audit_len(&api);
    let form = CreateRoundForm {
        title: " ".into(),
        lots: vec![],
        published: "2026-13-01".into(),
        submission_deadline: "tomorrow".into(),
        ..CreateRoundForm::default()
    };
    let f = fields(api.create_round(&form).unwrap_err());
    for want in ["title", "lots", "published", "submission_deadline"] {
        assert!(f.iter().any(|x| x == want), "{want} not in {f:?}");
    }
    // The store's own rule (timetable order), reported on the form's field.
    let mut form = new_round_form();
    form.decision = Some("2026-11-01".into());
    assert_eq!(fields(api.create_round(&form).unwrap_err()), vec!["decision"]);
    let mut form = new_round_form();
    form.model_from = Some("RND-NOPE".into());
    assert_eq!(fields(api.create_round(&form).unwrap_err()), vec!["model_from"]);
    assert_eq!(audit_len(&api), before);
}

#[test]
fn only_providers_admitted_to_the_lot_can_be_invited() {
    let (_d, api) = demo();
    let round = api.create_round(&new_round_form()).unwrap().key;
    let before = audit_len(&api);
    let e = api
        .invite_providers(&InviteForm { round: round.clone(), providers: vec![KESTREL.into(), "PRV-BLUEWOOD".into()] });
    assert_eq!(fields(e.unwrap_err()), vec!["providers"]);
    assert_eq!(audit_len(&api), before);
    assert!(api.round_view(&round, None).unwrap().invited.is_empty(), "all or nothing");
}

#[test]
fn marks_are_refused_out_of_scale_without_justification_and_from_a_conflicted_evaluator() {
    let (_d, api) = demo();
    let round = api.create_round(&new_round_form()).unwrap().key;
    let sub = api.record_bid(&bid(&round, KESTREL, "2026-11-15T09:30", 2450)).unwrap().key;
    let ev = api
        .add_evaluator(&EvaluatorForm { round: round.clone(), name: "Sam Lister".into(), role: "Finance".into() })
        .unwrap();
    let cell = |mark: Option<u32>, justification: &str| MarkForm {
        submission: sub.clone(),
        evaluator: ev.key.clone(),
        question: "Q1".into(),
        mark,
        abstained: None,
        justification: justification.into(),
    };
    let before = audit_len(&api);
    // No declaration on file yet.
    assert_eq!(fields(api.enter_mark(&cell(Some(3), "ok")).unwrap_err()), vec!["evaluator"]);
    // A conflict needs its resolution; then the conflicted evaluator cannot mark.
    let mut decl = DeclarationForm {
        evaluator: ev.key.clone(),
        bidder: KESTREL.into(),
        conflict: "actual".into(),
        resolution: None,
        declared_on: "2026-11-17".into(),
    };
    assert_eq!(fields(api.declare_interest(&decl).unwrap_err()), vec!["resolution"]);
    decl.conflict = "sometimes".into();
    assert_eq!(fields(api.declare_interest(&decl).unwrap_err()), vec!["conflict"]);
    assert_eq!(audit_len(&api), before);
    decl.conflict = "actual".into();
    decl.resolution = Some("Stands aside from this bid".into());
    let ev_view = api.declare_interest(&decl).unwrap();
    assert_eq!(ev_view.conflicted, vec![KESTREL.to_owned()]);
    let before = audit_len(&api);
    assert_eq!(fields(api.enter_mark(&cell(Some(3), "ok")).unwrap_err()), vec!["evaluator"]);
    // Without a conflict: out of scale, and without justification.
    decl.conflict = "none".into();
    decl.resolution = None;
    api.declare_interest(&decl).unwrap();
    let before2 = audit_len(&api);
    assert_eq!(before2, before + 1);
    assert_eq!(fields(api.enter_mark(&cell(Some(9), "generous")).unwrap_err()), vec!["mark"]);
    assert_eq!(fields(api.enter_mark(&cell(Some(3), " ")).unwrap_err()), vec!["justification"]);
    assert_eq!(audit_len(&api), before2);
    api.enter_mark(&cell(Some(3), "Meets the requirement")).unwrap();
}

#[test]
fn settings_change_the_calendar_and_refuse_bad_days() {
    let (_d, api) = demo();
    let mut form = api.settings().unwrap();
    assert!(!form.council_name.is_empty());
    let before = audit_len(&api);
    form.added_days = vec!["2026-12-24".into(), "24/12/2026".into()];
    form.nation = "wales".into();
    let f = fields(api.save_settings(&form).unwrap_err());
    assert!(f.contains(&"added_days".to_owned()) && f.contains(&"nation".to_owned()), "{f:?}");
    assert_eq!(audit_len(&api), before);
    form.added_days = vec!["2026-12-24".into()];
    form.nation = "scotland".into();
    let saved = api.save_settings(&form).unwrap();
    assert_eq!(saved.nation, "scotland");
    assert_eq!(saved.added_days, vec!["2026-12-24".to_owned()]);
    let h = api.holidays(tenderdesk_api::calendar::Year::new(2026).unwrap(), None).unwrap();
    assert!(h.iter().any(|h| h.date.to_string() == "2026-12-24"));
    assert_eq!(audit_len(&api), before + 1, "one audited change");
    let last = api.audit_log().unwrap().pop().unwrap();
    assert_eq!(last.actor, "Officer Test");
    let _ = SettingsForm::default();
}

#[test]
fn an_option_form_with_a_bad_decision_or_number_is_refused() {
    let (_d, api) = demo();
    let before = audit_len(&api);
    let form = OptionForm {
        contract: "CON-HC-FW-2025-1-BLUEWOOD".into(),
        number: 0,
        decision: "maybe".into(),
        on: "2026-11-23".into(),
        by: None,
    };
    let f = fields(api.decide_option(&form).unwrap_err());
    assert!(f.contains(&"number".to_owned()) && f.contains(&"decision".to_owned()), "{f:?}");
    assert_eq!(audit_len(&api), before);
}

/// The example the New round form's hint gives for a deadline, read from the window's source.
fn deadline_hint_example() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/screens/NewRound.svelte");
    let source = std::fs::read_to_string(path).unwrap();
    let hint = source.lines().find(|l| l.contains("with a UK time, such as")).expect("the deadline hint");
    let example = hint.split("with a UK time, such as ").nth(1).unwrap();
    example.trim_end_matches(".</p>").trim_end_matches('.').to_string()
}

#[test]
fn a_deadline_is_taken_as_the_hint_writes_it_or_with_a_t_and_the_refusal_shows_the_hints_example() {
    let (_d, api) = demo();
    let example = deadline_hint_example();
    assert_eq!(example, "2026-11-13 12:00");
    for (title, spelling) in [("Space", "2026-11-16 12:00"), ("Tee", "2026-11-16T12:00")] {
        let mut form = new_round_form();
        form.title = format!("Home care — {title}");
        form.submission_deadline = spelling.into();
        let view = api.create_round(&form).unwrap_or_else(|e| panic!("{spelling}: {e}"));
        let deadline = view.timetable.iter().find(|m| m.field == "submission_deadline").unwrap();
        assert_eq!(deadline.at.as_deref(), Some("2026-11-16T12:00:00+00:00"), "{spelling}");
    }
    let mut form = new_round_form();
    form.submission_deadline = "16/11/2026 noon".into();
    let dto = api.create_round(&form).unwrap_err().to_dto();
    let problem = dto.problems.iter().find(|p| p.field == "submission_deadline").unwrap();
    assert_eq!(
        problem.message,
        "\"16/11/2026 noon\" is not a date and time; write it as YYYY-MM-DD HH:MM, such as 2026-11-13 12:00"
    );
    assert!(problem.message.contains(&example), "the refusal shows the hint's example {example}");
}
