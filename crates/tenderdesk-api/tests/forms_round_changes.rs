//! The round forms that change what is already recorded: the model's questions, gates, tie-break
//! order and price basis; a bid's status and gate results; the drawing of lots that breaks a tie;
//! withdrawing the award decision. Each success changes the stored record and writes one audit
//! entry; each bad value is refused naming the form field, leaving the record and the audit log
//! exactly as they were; and each is refused while an award decision is in force.

mod support;

use support::{at, demo, fields, round_with_two_bids, LOT};
use tenderdesk_api::forms::bid_update::BidUpdateForm;
use tenderdesk_api::forms::drawing::DrawingForm;
use tenderdesk_api::forms::model::{EvaluationModelForm, GateRow, QuestionInput};
use tenderdesk_api::forms::panel::ModeratedMarkForm;
use tenderdesk_api::forms::rounds::{AwardForm, GateInput};
use tenderdesk_api::forms::withdrawal::WithdrawAwardForm;
use tenderdesk_api::{Api, ApiError, Result};
use tenderdesk_domain::{PriceBasis, Round, Submission, SubmissionStatus, TieBreak};

/// The round and its bids as stored, serialised, and the length of the audit log.
fn stored(api: &Api, round: &str) -> (String, usize) {
    let r = api.round(round).unwrap();
    let bids = api.round_records(&r).unwrap().submissions;
    (serde_json::to_string(&(r, bids)).unwrap(), api.audit_log().unwrap().len())
}

/// Runs `submit`, expecting a refusal that stores nothing: the refusal's fields.
fn refused<T: std::fmt::Debug>(api: &Api, round: &str, submit: impl FnOnce() -> Result<T>) -> Vec<String> {
    let before = stored(api, round);
    let e: ApiError = submit().expect_err("the form should be refused");
    let fields = fields(e);
    assert_eq!(stored(api, round), before, "a refusal leaves the round, its bids and the audit log as they were");
    fields
}

/// A round on the demo lot with two compliant bids at the same price, its model copied from the
/// demo round (two gates; quality, interview and price; top 1 awarded).
fn round_with_bids(api: &Api) -> (String, String, String) {
    round_with_two_bids(api, "Home care — round changes test", ("2026-11-15T09:30", 2450), ("2026-11-15T09:30", 2450))
}

/// Opens the bids and gives both the same moderated marks: a tie no rule breaks.
fn tied(api: &Api, round: &str, bids: &[&String]) {
    api.open_bids_at(round, at("2026-11-16T14:00:00Z")).unwrap();
    let questions: Vec<String> =
        api.round_view(round, None).unwrap().model.questions.into_iter().map(|q| q.code).collect();
    for sub in bids {
        for q in &questions {
            api.enter_moderated_mark(&ModeratedMarkForm {
                submission: (*sub).clone(),
                question: q.clone(),
                mark: 4,
                rationale: "Agreed at moderation".into(),
                agreed_on: "2026-11-19".into(),
            })
            .unwrap();
        }
    }
}

fn award(api: &Api, round: &str) {
    api.award_round(&AwardForm {
        round: round.into(),
        decided_on: "2026-11-20".into(),
        decision_maker: "Director of Adult Social Care".into(),
        standstill: true,
        ..AwardForm::default()
    })
    .unwrap();
}

fn bid(api: &Api, key: &str) -> Submission {
    api.store().get_by_key::<Submission>(key).unwrap().unwrap().1
}

fn round(api: &Api, key: &str) -> Round {
    api.round(key).unwrap()
}

fn drawing(round: &str, order: [&String; 2]) -> DrawingForm {
    DrawingForm {
        round: round.into(),
        lot: LOT.into(),
        order: order.iter().map(|s| (*s).clone()).collect(),
        drawn_on: "2026-11-19".into(),
        drawn_by: "Head of Procurement".into(),
        witnessed_by: "Legal Services".into(),
    }
}

// ---- The evaluation model: questions, gates, tie-break order, price basis ----------------------

#[test]
fn the_model_form_adds_and_removes_questions_and_changes_gates_tie_break_and_basis() {
    let (_d, api) = demo();
    let (key, _, _) = round_with_bids(&api);
    let mut form = api.evaluation_model_form(&key).unwrap();
    assert_eq!(
        form.tie_break.as_deref(),
        Some(&["higher_quality".into(), "lower_price".into(), "drawing_of_lots".into()][..])
    );
    assert_eq!(form.price_basis, Some("hourly_rate".into()));
    let codes: Vec<&str> = form.questions.iter().map(|q| q.code.as_str()).collect();
    assert_eq!(codes, ["Q1", "Q2", "Q3", "Q4", "INT1", "INT2"]);
    // Remove Q4 and add Q5 with its weight, so quality still adds up to 50 %.
    form.questions.retain(|q| q.code != "Q4");
    form.questions.push(QuestionInput {
        code: "Q5".into(),
        section: "quality".into(),
        title: "Use of technology in care planning".into(),
        weight: "12.5".into(),
        max_mark: 10,
        minimum_mark: Some(3),
    });
    form.tie_break = Some(vec!["lower_price".into(), "higher_interview".into(), "drawing_of_lots".into()]);
    // The bids hold results for CQC and INS, so those stay; a third gate cannot be added while
    // the bids are compliant (tested below), so only the titles change here.
    form.gates = Some(vec![
        GateRow { code: "CQC".into(), title: "Registered with the CQC".into() },
        GateRow { code: "INS".into(), title: "Insured".into() },
    ]);
    form.price_basis = Some("hourly_rate".into());
    let audit = api.audit_log().unwrap().len();
    let view = api.update_evaluation_model(&form).unwrap();

    assert_eq!(api.audit_log().unwrap().len(), audit + 1, "one audit entry for the change");
    let m = round(&api, &key).model;
    let quality: Vec<&str> = m.quality.questions.iter().map(|q| q.code.as_str()).collect();
    assert_eq!(quality, ["Q1", "Q2", "Q3", "Q5"]);
    let q5 = &m.quality.questions[3];
    assert_eq!((q5.scale.min, q5.scale.max, q5.minimum_mark), (0, 10, Some(3)));
    assert_eq!(m.tie_break, [TieBreak::LowerPrice, TieBreak::HigherInterview, TieBreak::DrawingOfLots]);
    assert_eq!(m.gates.iter().map(|g| g.title.as_str()).collect::<Vec<_>>(), ["Registered with the CQC", "Insured"]);
    assert_eq!(m.price.basis, PriceBasis::HourlyRate);
    assert_eq!(view.model.tie_break, ["lower price", "higher interview score", "drawing of lots"]);
    // The form as read back is the form as stored.
    let again = api.evaluation_model_form(&key).unwrap();
    assert_eq!(
        again.questions.iter().map(|q| q.code.as_str()).collect::<Vec<_>>(),
        ["Q1", "Q2", "Q3", "Q5", "INT1", "INT2"]
    );
}

#[test]
fn a_bad_tie_break_gate_or_price_basis_is_refused_naming_the_field() {
    let (_d, api) = demo();
    let (key, kestrel, _) = round_with_bids(&api);
    let base = api.evaluation_model_form(&key).unwrap();
    let with = |change: &dyn Fn(&mut EvaluationModelForm)| {
        let mut f = base.clone();
        change(&mut f);
        f
    };
    let cases: Vec<(EvaluationModelForm, Vec<&str>)> = vec![
        (with(&|f| f.tie_break = Some(vec!["drawing_of_lots".into(), "lower_price".into()])), vec!["tie_break"]),
        (with(&|f| f.tie_break = Some(vec!["coin_toss".into(), "drawing_of_lots".into()])), vec!["tie_break"]),
        (
            with(&|f| f.tie_break = Some(vec!["lower_price".into(), "lower_price".into(), "drawing_of_lots".into()])),
            vec!["tie_break"],
        ),
        (with(&|f| f.price_basis = Some("per_visit".into())), vec!["price_basis"]),
        // The demo lot has no zones with expected hours, so a zone basket cannot price it.
        (with(&|f| f.price_basis = Some("zone_basket".into())), vec!["price_basis"]),
        (
            with(&|f| {
                f.gates = Some(vec![
                    GateRow { code: "CQC".into(), title: "Registered".into() },
                    GateRow { code: "INS".into(), title: String::new() },
                    GateRow { code: "CQC".into(), title: "Twice".into() },
                ])
            }),
            vec!["gates[0].code", "gates[1].title", "gates[2].code"],
        ),
        // Removing a gate a bid holds a result for.
        (
            with(&|f| f.gates = Some(vec![GateRow { code: "CQC".into(), title: "Registered".into() }])),
            vec!["gates", "gates"],
        ),
        // A removed interview section cannot stay in the tie-break order.
        (
            with(&|f| {
                f.interview_weight = None;
                f.quality_weight = "70".into();
                f.questions.retain(|q| q.section == "quality");
                for q in &mut f.questions {
                    q.weight = "17.5".into();
                }
                f.tie_break = Some(vec!["higher_interview".into(), "drawing_of_lots".into()]);
            }),
            vec!["tie_break"],
        ),
    ];
    for (form, expected) in cases {
        let found = refused(&api, &key, || api.update_evaluation_model(&form));
        assert_eq!(found, expected, "{:?} / {:?}", form.tie_break, form.gates);
    }
    // Adding a gate while a bid is compliant without its result.
    let mut form = base.clone();
    let mut gates = form.gates.clone().unwrap();
    gates.push(GateRow { code: "FIN".into(), title: "Financial standing".into() });
    form.gates = Some(gates);
    let found = refused(&api, &key, || api.update_evaluation_model(&form));
    assert_eq!(found, ["gates", "gates"]);
    // Once both bids are back to received, the gate can be added.
    for sub in api.round_view(&key, None).unwrap().bids {
        api.update_bid(&BidUpdateForm {
            submission: sub.key,
            status: "received".into(),
            status_reason: None,
            gates: vec![],
        })
        .unwrap();
    }
    api.update_evaluation_model(&form).unwrap();
    assert_eq!(round(&api, &key).model.gates.len(), 3);
    assert_eq!(bid(&api, &kestrel).status, SubmissionStatus::Received);
}

// ---- A bid's status and gate results --------------------------------------------------------

#[test]
fn a_bids_status_and_gates_change_after_recording_and_bad_values_are_refused() {
    let (_d, api) = demo();
    let (key, kestrel, _) = round_with_bids(&api);
    let audit = api.audit_log().unwrap().len();
    let view = api
        .update_bid(&BidUpdateForm {
            submission: kestrel.clone(),
            status: "excluded".into(),
            status_reason: Some("  Failed the insurance gate  ".into()),
            gates: vec![
                GateInput { gate: "CQC".into(), passed: true, note: None },
                GateInput { gate: "INS".into(), passed: false, note: Some("Public liability £2m only".into()) },
            ],
        })
        .unwrap();
    assert_eq!(api.audit_log().unwrap().len(), audit + 1);
    let b = bid(&api, &kestrel);
    assert_eq!(b.status, SubmissionStatus::Excluded);
    assert_eq!(b.status_reason.as_deref(), Some("Failed the insurance gate"));
    assert_eq!(b.gate_results[1].note.as_deref(), Some("Public liability £2m only"));
    assert!(!b.gate_results[1].passed);
    let shown = view.bids.iter().find(|v| v.key == kestrel).unwrap();
    assert_eq!(
        (shown.status, shown.status_reason.as_deref()),
        (SubmissionStatus::Excluded, Some("Failed the insurance gate"))
    );

    let form = |status: &str, reason: Option<&str>, gates: Vec<GateInput>| BidUpdateForm {
        submission: kestrel.clone(),
        status: status.into(),
        status_reason: reason.map(str::to_owned),
        gates,
    };
    let pass = |gate: &str, passed: bool| GateInput { gate: gate.into(), passed, note: None };
    let cases = vec![
        (form("rejected", None, vec![]), vec!["status"]),
        (form("withdrawn", Some("  "), vec![]), vec!["status_reason"]),
        (form("received", None, vec![pass("NOPE", true)]), vec!["gates[0].gate"]),
        (form("received", None, vec![pass("", true)]), vec!["gates[0].gate"]),
        (form("received", None, vec![pass("CQC", true), pass("CQC", false)]), vec!["gates[0].gate", "gates[1].gate"]),
        // Failed a gate, so it cannot be compliant; and compliant needs every gate's result.
        (form("compliant", None, vec![pass("CQC", true), pass("INS", false)]), vec!["gates[1].passed"]),
        (form("compliant", None, vec![pass("CQC", true)]), vec!["gates"]),
    ];
    for (f, expected) in cases {
        assert_eq!(refused(&api, &key, || api.update_bid(&f)), expected, "{:?} {:?}", f.status, f.gates);
    }
    let unknown = BidUpdateForm { submission: "SUB-NO-SUCH".into(), ..form("received", None, vec![]) };
    assert_eq!(refused(&api, &key, || api.update_bid(&unknown)), ["submission"]);

    // Back to compliant: the reason is dropped.
    api.update_bid(&form("compliant", Some("ignored"), vec![pass("CQC", true), pass("INS", true)])).unwrap();
    let b = bid(&api, &kestrel);
    assert_eq!((b.status, b.status_reason), (SubmissionStatus::Compliant, None));
}

// ---- Drawing of lots -------------------------------------------------------------------------

#[test]
fn a_drawing_of_lots_breaks_the_tie_and_the_result_ranks_in_the_order_drawn() {
    let (_d, api) = demo();
    let (key, kestrel, oakapple) = round_with_bids(&api);
    tied(&api, &key, &[&kestrel, &oakapple]);
    let view = api.round_view(&key, None).unwrap();
    assert_eq!(view.ties_to_draw.len(), 1, "{:?}", view.ties_to_draw);
    let tie = &view.ties_to_draw[0];
    assert_eq!((tie.lot.as_str(), tie.rank, tie.blocks_award), (LOT, 1, true));
    let mut tied_bids: Vec<&str> = tie.bids.iter().map(|b| b.submission.as_str()).collect();
    tied_bids.sort_unstable();
    let mut expected = vec![kestrel.as_str(), oakapple.as_str()];
    expected.sort_unstable();
    assert_eq!(tied_bids, expected);
    assert!(!view.result.as_ref().unwrap().complete);

    // Bad values: each named, nothing stored.
    let with = |change: &dyn Fn(&mut DrawingForm)| {
        let mut f = drawing(&key, [&oakapple, &kestrel]);
        change(&mut f);
        f
    };
    let cases: Vec<(DrawingForm, Vec<&str>)> = vec![
        (with(&|f| f.drawn_by = " ".into()), vec!["drawn_by"]),
        (with(&|f| f.witnessed_by = String::new()), vec!["witnessed_by"]),
        (with(&|f| f.drawn_on = "19/11/2026".into()), vec!["drawn_on"]),
        (with(&|f| f.order = vec![oakapple.clone()]), vec!["order"]),
        (with(&|f| f.order = vec![oakapple.clone(), oakapple.clone()]), vec!["order"]),
        (with(&|f| f.lot = "LOT-NO-SUCH".into()), vec!["lot"]),
    ];
    for (f, expected) in cases {
        assert_eq!(refused(&api, &key, || api.record_drawing(&f)), expected, "{f:?}");
    }

    let audit = api.audit_log().unwrap().len();
    let view = api.record_drawing(&drawing(&key, [&oakapple, &kestrel])).unwrap();
    assert_eq!(api.audit_log().unwrap().len(), audit + 1);
    let stored = round(&api, &key).drawings;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].order.iter().map(|k| k.as_str()).collect::<Vec<_>>(), [oakapple.as_str(), kestrel.as_str()]);
    assert_eq!(
        (stored[0].drawn_by.as_str(), stored[0].witnessed_by.as_str()),
        ("Head of Procurement", "Legal Services")
    );
    // The resolved ranking: Oakapple first as drawn, awarded; no tie left to draw.
    let result = view.result.unwrap();
    let lot = &result.lots[0];
    let ranks: Vec<(&str, Option<u32>, bool, bool)> =
        lot.bids.iter().map(|b| (b.submission.as_str(), b.rank, b.rank_shared, b.awarded)).collect();
    assert_eq!(ranks, [(oakapple.as_str(), Some(1), false, true), (kestrel.as_str(), Some(2), false, false)]);
    assert_eq!(lot.tie_breaks[0].rule.as_deref(), Some("drawing of lots"));
    assert!(result.complete);
    assert!(view.ties_to_draw.is_empty());
    assert_eq!(view.drawings.len(), 1);
    assert_eq!(view.drawings[0].order[0].submission, oakapple);

    // A second drawing on the lot is refused, naming the lot.
    assert_eq!(refused(&api, &key, || api.record_drawing(&drawing(&key, [&kestrel, &oakapple]))), ["lot"]);
}

#[test]
fn a_drawing_is_refused_while_the_bids_are_sealed_and_after_the_award() {
    let (_d, api) = demo();
    let (key, kestrel, oakapple) = round_with_bids(&api);
    assert_eq!(refused(&api, &key, || api.record_drawing(&drawing(&key, [&kestrel, &oakapple]))), ["round"]);
    // A three-way model: top 2 awarded, so the tie at rank 1 does not block the award.
    let mut form = api.evaluation_model_form(&key).unwrap();
    form.award_places = Some(2);
    api.update_evaluation_model(&form).unwrap();
    tied(&api, &key, &[&kestrel, &oakapple]);
    let view = api.round_view(&key, None).unwrap();
    assert!(!view.ties_to_draw[0].blocks_award);
    award(&api, &key);
    assert_eq!(refused(&api, &key, || api.record_drawing(&drawing(&key, [&kestrel, &oakapple]))), ["round"]);
}

// ---- Withdrawing the award -------------------------------------------------------------------

#[test]
fn withdrawing_the_award_needs_a_reason_and_unlocks_the_round() {
    let (_d, api) = demo();
    let (key, kestrel, oakapple) = round_with_bids(&api);
    tied(&api, &key, &[&kestrel, &oakapple]);
    api.record_drawing(&drawing(&key, [&oakapple, &kestrel])).unwrap();
    award(&api, &key);
    assert!(api.round_view(&key, None).unwrap().locked);

    // Locked: the bid and the model are refused.
    let exclude = BidUpdateForm {
        submission: kestrel.clone(),
        status: "withdrawn".into(),
        status_reason: Some("The provider withdrew".into()),
        gates: vec![],
    };
    assert_eq!(refused(&api, &key, || api.update_bid(&exclude)), ["submission"]);
    let model = api.evaluation_model_form(&key).unwrap();
    assert_eq!(refused(&api, &key, || api.update_evaluation_model(&model)), ["round"]);

    let form = |reason: &str, on: Option<&str>| WithdrawAwardForm {
        round: key.clone(),
        reason: reason.into(),
        on: on.map(str::to_owned),
    };
    assert_eq!(refused(&api, &key, || api.withdraw_award_form(&form("   ", None))), ["reason"]);
    assert_eq!(refused(&api, &key, || api.withdraw_award_form(&form("Challenge upheld", Some("tomorrow")))), ["on"]);
    assert_eq!(refused(&api, &key, || api.withdraw_award_form(&form("Challenge upheld", Some("2026-11-01")))), ["on"]);
    assert!(api.round_view(&key, None).unwrap().locked, "still locked after the refusals");

    let audit = api.audit_log().unwrap().len();
    let view = api.withdraw_award_form(&form("Challenge upheld on Q3's moderation", Some("2026-11-24"))).unwrap();
    assert_eq!(api.audit_log().unwrap().len(), audit + 1);
    assert!(!view.locked);
    assert!(view.award.is_none());
    assert_eq!(view.withdrawn_awards.len(), 1);
    let withdrawn = view.withdrawn_awards[0].withdrawn.as_deref().unwrap();
    assert!(
        withdrawn.contains("Challenge upheld on Q3's moderation") && withdrawn.contains("Officer Test"),
        "{withdrawn}"
    );
    let decision = api.store().live_award(&key).unwrap();
    assert!(decision.is_none());

    // Unlocked: the bid can now change; a second withdrawal has nothing to withdraw.
    api.update_bid(&exclude).unwrap();
    assert_eq!(bid(&api, &kestrel).status, SubmissionStatus::Withdrawn);
    assert_eq!(refused(&api, &key, || api.withdraw_award_form(&form("Again", None))), ["round"]);
}
