//! The evaluation model form: a change is stored and the round's result is computed with it; each
//! refusal names the form field and leaves the stored round exactly as it was.

mod support;

use support::{at, demo, fields, round_with_two_bids, KESTREL, LOT, OAKAPPLE};
use tenderdesk_api::forms::model::{EvaluationModelForm, QuestionInput};
use tenderdesk_api::forms::panel::{DeclarationForm, EvaluatorForm, MarkForm, ModeratedMarkForm};
use tenderdesk_api::forms::rounds::AwardForm;
use tenderdesk_api::{Api, ErrorCode};
use tenderdesk_domain::{AwardRule, PriceFormula};

const QUALITY: [&str; 4] = ["Q1", "Q2", "Q3", "Q4"];

/// Submits the form, expecting a refusal that stores nothing: the refusal's (field, message)s.
fn refused(api: &Api, form: &EvaluationModelForm) -> Vec<(String, String)> {
    let before = stored(api, &form.round);
    let e = api.update_evaluation_model(form).expect_err("the form should be refused");
    let messages = e.to_dto().problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>();
    let found = fields(e).into_iter().zip(messages).collect();
    assert_eq!(stored(api, &form.round), before, "a refusal leaves the stored round byte-identical: {found:?}");
    found
}

/// The round as stored, serialised, and the length of the audit log.
fn stored(api: &Api, round: &str) -> (String, usize) {
    (serde_json::to_string(&api.round(round).unwrap()).unwrap(), api.audit_log().unwrap().len())
}

/// A round on the demo lot with two invited bids recorded, its model copied from the demo round.
fn round_with_bids(api: &Api) -> (String, String, String) {
    round_with_two_bids(api, "Home care — model editor test", ("2026-11-15T09:30", 2450), ("2026-11-16T11:59", 2390))
}

/// The form filled in from the round's current model, as the window fills it.
fn form_of(api: &Api, round: &str) -> EvaluationModelForm {
    let m = api.round_view(round, None).unwrap().model;
    EvaluationModelForm {
        round: round.into(),
        quality_weight: m.quality_weight,
        interview_weight: m.interview_weight,
        social_value_weight: m.social_value_weight,
        price_weight: m.price_weight,
        questions: m
            .questions
            .iter()
            .map(|q| QuestionInput {
                code: q.code.clone(),
                section: q.section.code().to_owned(),
                title: q.title.clone(),
                weight: q.weight.clone(),
                max_mark: q.max.into(),
                minimum_mark: q.minimum_mark.map(i64::from),
            })
            .collect(),
        quality_threshold: m.quality_threshold,
        price_formula: tenderdesk_api::Coded::Known(m.price_formula),
        award_places: None,
        gates: None,
        tie_break: None,
        price_basis: None,
    }
}

/// Price-led: quality 5 % over the four quality questions, no interview, price 95 %, top 2.
fn price_led(api: &Api, round: &str) -> EvaluationModelForm {
    let mut form = form_of(api, round);
    form.quality_weight = "5".into();
    form.interview_weight = None;
    form.social_value_weight = None;
    form.price_weight = "95".into();
    form.questions.retain(|q| q.section == "quality");
    assert_eq!(form.questions.len(), QUALITY.len(), "the demo model has four quality questions");
    for q in &mut form.questions {
        q.weight = "1.25".into();
        q.title = format!("{} (revised)", q.title);
    }
    form.quality_threshold = Some("40".into());
    form.price_formula = "linear".into();
    form.award_places = Some(2);
    form
}

#[test]
fn an_edited_model_is_stored_audited_and_used_for_the_result() {
    let (_d, api) = demo();
    let (round, kestrel, oakapple) = round_with_bids(&api);
    let before = api.round(&round).unwrap().model;
    let audit = api.audit_log().unwrap().len();

    let view = api.update_evaluation_model(&price_led(&api, &round)).unwrap();
    assert_eq!(api.audit_log().unwrap().len(), audit + 1, "one audit entry for the change");
    assert_eq!(view.model.price_weight, "95");
    assert_eq!(view.model.interview_weight, None);

    let model = api.round(&round).unwrap().model;
    assert_ne!(model, before);
    assert_eq!(model.quality.weight.to_string(), "5");
    assert_eq!(model.price.weight.to_string(), "95");
    assert_eq!(model.price.formula, PriceFormula::Linear);
    assert!(model.interview.is_none(), "no interview weight: no interview section");
    assert_eq!(model.quality_threshold.map(|t| t.to_string()).as_deref(), Some("40"));
    assert_eq!(model.award_rule, AwardRule::TopRanked { places: 2 });
    let codes: Vec<&str> = model.quality.questions.iter().map(|q| q.code.as_str()).collect();
    assert_eq!(codes, QUALITY);
    assert!(model.quality.questions.iter().all(|q| q.title.ends_with("(revised)") && q.weight.to_string() == "1.25"));

    // The result is computed with the edited model: the interview questions no longer exist.
    api.open_bids_at(&round, at("2026-11-16T14:00:00Z")).unwrap();
    let moderate = |sub: &str, q: &str, mark: u32| {
        api.enter_moderated_mark(&ModeratedMarkForm {
            submission: sub.into(),
            question: q.into(),
            mark,
            rationale: "Agreed at moderation".into(),
            agreed_on: "2026-11-19".into(),
        })
    };
    assert!(moderate(&kestrel, "INT1", 4).is_err(), "INT1 was removed from the model");
    for q in QUALITY {
        moderate(&kestrel, q, 4).unwrap();
        moderate(&oakapple, q, 3).unwrap();
    }
    let result = api.round_result(&round).unwrap();
    assert!(result.award_rule.contains('2'), "{}", result.award_rule);
    let lot = result.lot(LOT).unwrap();
    let rank = |sub: &str| lot.bids.iter().find(|b| b.submission == sub).and_then(|b| b.rank);
    // With price at 95 % on a linear scale, the cheaper Oakapple ranks first despite lower marks.
    assert_eq!(rank(&oakapple), Some(1), "{lot:#?}");
    assert_eq!(rank(&kestrel), Some(2));
    let oak = lot.bids.iter().find(|b| b.submission == oakapple).unwrap();
    assert!(oak.interview.is_none(), "no interview score under the edited model");
}

#[test]
fn weights_not_adding_up_to_100_are_refused_naming_weights() {
    let (_d, api) = demo();
    let (round, _, _) = round_with_bids(&api);
    let mut form = price_led(&api, &round);
    form.price_weight = "90".into();
    let found = refused(&api, &form);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "weights");
    assert!(found[0].1.contains("add up to 95 %"), "{}", found[0].1);
}

#[test]
fn a_question_weight_or_mark_out_of_range_is_refused_naming_the_question_field() {
    let (_d, api) = demo();
    let (round, _, _) = round_with_bids(&api);
    let field = |i: usize, f: &str| format!("questions[{i}].{f}");

    let mut form = price_led(&api, &round);
    form.questions[1].weight = "150".into();
    let found = refused(&api, &form);
    assert_eq!(found[0].0, field(1, "weight"));
    let code = &form.questions[1].code;
    assert!(found[0].1.starts_with(&format!("{code}: ")), "the message names the question: {}", found[0].1);

    let mut form = price_led(&api, &round);
    form.questions[2].weight = "0".into();
    assert_eq!(refused(&api, &form)[0].0, field(2, "weight"));

    for bad in [0, -3, 101] {
        let mut form = price_led(&api, &round);
        form.questions[0].max_mark = bad;
        let found = refused(&api, &form);
        assert_eq!(found[0].0, field(0, "max_mark"), "max mark {bad}: {found:?}");
        assert!(found[0].1.contains(&bad.to_string()));
    }

    let mut form = price_led(&api, &round);
    let top = form.questions[3].max_mark;
    form.questions[3].minimum_mark = Some(top + 1);
    let found = refused(&api, &form);
    assert_eq!(found[0].0, field(3, "minimum_mark"));
    assert!(found[0].1.contains(&format!("{}", top + 1)), "{}", found[0].1);

    // Question weights that do not add up to their section's weight: refused by the model's own
    // rules, shown against the question list.
    let mut form = price_led(&api, &round);
    form.questions[0].weight = "2".into();
    form.questions[1].weight = "0.5".into();
    form.questions[2].weight = "2".into();
    let found = refused(&api, &form);
    assert!(found.iter().all(|(f, _)| f == "questions" || f == "weights"), "{found:?}");
    assert!(found.iter().any(|(f, _)| f == "questions"), "{found:?}");
}

#[test]
fn the_model_is_fixed_once_a_mark_is_entered() {
    let (_d, api) = demo();
    let (round, kestrel, _) = round_with_bids(&api);
    let panel = api
        .add_evaluator(&EvaluatorForm { round: round.clone(), name: "Priya Raman".into(), role: "Manager".into() })
        .unwrap();
    for bidder in [KESTREL, OAKAPPLE] {
        api.declare_interest(&DeclarationForm {
            evaluator: panel.key.clone(),
            bidder: bidder.into(),
            conflict: "none".into(),
            resolution: None,
            declared_on: "2026-11-17".into(),
        })
        .unwrap();
    }
    // Still editable with a panel but no marks.
    api.update_evaluation_model(&form_of(&api, &round)).unwrap();
    api.enter_mark(&MarkForm {
        submission: kestrel,
        evaluator: panel.key,
        question: "Q1".into(),
        mark: Some(4),
        abstained: None,
        justification: "Clear plan".into(),
    })
    .unwrap();
    let found = refused(&api, &price_led(&api, &round));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "round");
    assert!(found[0].1.contains("mark"), "{}", found[0].1);
}

#[test]
fn the_model_is_fixed_once_the_bids_are_opened_and_after_the_award() {
    let (_d, api) = demo();
    let (round, kestrel, oakapple) = round_with_bids(&api);
    api.open_bids_at(&round, at("2026-11-16T14:00:00Z")).unwrap();
    // Even a form that changes nothing is refused: the model is fixed.
    for form in [price_led(&api, &round), form_of(&api, &round)] {
        let found = refused(&api, &form);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "round");
        assert!(found[0].1.contains("opened by Officer Test"), "{}", found[0].1);
    }

    let questions: Vec<String> =
        api.round_view(&round, None).unwrap().model.questions.into_iter().map(|q| q.code).collect();
    for (sub, mark) in [(&kestrel, 4), (&oakapple, 3)] {
        for q in &questions {
            api.enter_moderated_mark(&ModeratedMarkForm {
                submission: sub.clone(),
                question: q.clone(),
                mark,
                rationale: "Agreed at moderation".into(),
                agreed_on: "2026-11-19".into(),
            })
            .unwrap();
        }
    }
    api.award_round(&AwardForm {
        round: round.clone(),
        decided_on: "2026-11-20".into(),
        decision_maker: "Director of Adult Social Care".into(),
        standstill: true,
        ..AwardForm::default()
    })
    .unwrap();
    let found = refused(&api, &price_led(&api, &round));
    assert_eq!(found[0].0, "round");
}

#[test]
fn an_unknown_round_or_formula_is_refused() {
    let (_d, api) = demo();
    let (round, _, _) = round_with_bids(&api);
    let mut form = price_led(&api, &round);
    form.price_formula = "cheapest_wins".into();
    form.award_places = Some(0);
    let found: Vec<String> = refused(&api, &form).into_iter().map(|(f, _)| f).collect();
    assert_eq!(found, vec!["price_formula", "award_places"]);
    form.round = "RND-NO-SUCH".into();
    let e = api.update_evaluation_model(&form).unwrap_err();
    assert_eq!(e.to_dto().code, ErrorCode::NotFound);
}
