//! Every rule a record must keep, broken one at a time on an otherwise valid dataset: the write is
//! refused and the message names the record, the field and what is wrong.

use serde_json::{json, Value};

use crate::{fixtures, Dataset, Nothing};

/// Applies `change` to the round fixture and returns every problem as one line each.
fn problems_after(change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut v: Value = serde_json::from_str(fixtures::ROUND_JSON).expect("fixture");
    change(&mut v);
    let ds: Dataset = serde_json::from_value(v).expect("still a well-formed dataset");
    ds.validate(&Nothing).iter().map(|p| p.to_string()).collect()
}

fn set(v: &mut Value, pointer: &str, value: Value) {
    *v.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer} in the fixture")) = value;
}

/// Checks that setting `pointer` to `value` is refused with a problem containing `expected`.
fn check(pointer: &str, value: Value, expected: &str) {
    let problems = problems_after(|v| set(v, pointer, value));
    assert!(problems.iter().any(|p| p.contains(expected)), "setting {pointer}: expected {expected:?} in {problems:#?}");
}

#[test]
fn the_fixture_itself_is_valid() {
    assert_eq!(problems_after(|_| {}), Vec::<String>::new());
}

#[test]
fn terms_and_extension_options() {
    check(
        "/arrangements/0/term/initial_end",
        json!("2025-03-01"),
        "arrangement ARR-HC (term.initial_end): the initial end (2025-03-01) must be after the start (2025-04-01)",
    );
    check(
        "/contracts/0/term/extension_options/1/status",
        json!("exercised"),
        "an option cannot be exercised while an earlier one is still undecided",
    );
    check(
        "/contracts/0/term/maximum_end",
        json!("2028-07-13"),
        "with its extension options the term could run to 2029-07-13, past the maximum end of 2028-07-13",
    );
    check(
        "/contracts/0/term/extension_options/0/decide_by",
        json!("2027-08-01"),
        "the decision date 2027-08-01 is after the period it extends ends (2027-07-13)",
    );
    check(
        "/contracts/0/term/extension_options/0/status",
        json!("declined"),
        "record the date on which the option was exercised or declined",
    );
}

#[test]
fn evaluation_models() {
    check("/rounds/0/model/price/weight", json!("20"), "round RND-1 (model.weights): the section weights add up to 90 % (quality 50 %, price 20 %, interview 20 %); they must add up to 100 %");
    check(
        "/rounds/0/model/quality/questions/1/weight",
        json!("20"),
        "the quality questions' weights add up to 45 %; they must add up to the section's weight of 50 %",
    );
    check("/rounds/0/model/quality/questions/0/minimum_mark", json!(7), "the minimum mark 7 is outside the scale 0–5");
    check("/rounds/0/model/quality/questions/1/code", json!("Q1"), "question code \"Q1\" is used more than once");
    check("/rounds/0/model/tie_break", json!(["higher_quality"]), "must end with a drawing of lots");
    check(
        "/rounds/0/model/tie_break",
        json!(["higher_social_value", "drawing_of_lots"]),
        "there is no social value section",
    );
}

#[test]
fn timetables() {
    check(
        "/rounds/0/timetable/decision",
        json!("2025-06-01"),
        "decision (2025-06-01) comes before moderation (2025-06-18)",
    );
    check("/rounds/0/bids_opened/at", json!("2025-05-30T11:00:00Z"), "bids cannot be opened");
    check(
        "/rounds/0/clarifications/0/answered_on",
        json!("2025-05-01"),
        "answered (2025-05-01) before it was asked (2025-05-06)",
    );
}

#[test]
fn submissions() {
    check(
        "/submissions/2/status",
        json!("compliant"),
        "submission SUB-C (received_at): the bid arrived at 2025-05-30 12:07:00 UTC after the deadline",
    );
    check(
        "/submissions/0/gate_results/0/passed",
        json!(false),
        "the bid failed gate \"G1\", so it cannot be compliant",
    );
    check("/submissions/1/status", json!("excluded"), "give the reason the bid was excluded or withdrawn");
    check("/submissions/0/prices", json!([{ "zone": "N", "hourly": "23.50" }]), "give a price for zone \"S\"");
    check("/submissions/0/lot", json!("LOT-NONE"), "refers to lot \"LOT-NONE\", which does not exist");
    check("/submissions/1/bidder", json!("PRV-A"), "PRV-A already has a bid for LOT-HC-1 in round RND-1");
}

#[test]
fn marks_and_the_panel() {
    // An evaluator with a declared conflict cannot mark that bidder.
    let problems = problems_after(|v| {
        v["marks"].as_array_mut().expect("marks").push(json!({
            "key": "MRK-2-B-Q1", "round": "RND-1", "submission": "SUB-B", "evaluator": "EVL-2",
            "question": "Q1", "mark": 3, "justification": "Good evidence."
        }));
    });
    assert!(
        problems
            .iter()
            .any(|p| p.contains("Jo Reviewer declared a conflict of interest with PRV-B and cannot mark its bid")),
        "{problems:#?}"
    );
    check("/marks/0/mark", json!(6), "6 is outside the scale of question Q1 (0–5)");
    check("/marks/0/justification", json!(" "), "a justification for the mark is required");
    check("/marks/0/question", json!("Q9"), "round RND-1 has no question \"Q9\"");
    check("/marks/0/submission", json!("SUB-C"), "bid SUB-C is excluded, not compliant, so it cannot be marked");
    check("/marks/8/abstained", Value::Null, "give a mark, or record why the evaluator abstained");
    check("/marks/1/question", json!("Q1"), "evaluator EVL-1 has already marked question Q1 of bid SUB-A");
    check(
        "/evaluators/1/declarations/1/resolution",
        Value::Null,
        "say how the declared conflict with PRV-B was resolved",
    );
    // An evaluator with no declaration about a bidder may not mark it.
    let problems = problems_after(|v| {
        v["evaluators"][0]["declarations"].as_array_mut().expect("declarations").remove(0);
    });
    assert!(
        problems.iter().any(|p| p.contains("Sam Marker has no declaration of interest on file about PRV-A")),
        "{problems:#?}"
    );
    check("/moderated_marks/0/rationale", json!(""), "the moderation rationale is required");
}

#[test]
fn awards_contracts_spend_and_activity() {
    check(
        "/awards/0/awarded/0/submission",
        json!("SUB-B"),
        "bid SUB-B is PRV-B's bid for LOT-HC-1 in round RND-1, which does not match this award",
    );
    check(
        "/awards/0/notices_sent_on",
        json!("2025-06-01"),
        "notices cannot be sent (2025-06-01) before the decision (2025-06-25)",
    );
    check("/contracts/0/rates/0/zone", json!("W"), "lot LOT-HC-1 has no zone \"W\"");
    check("/contracts/0/status", json!("terminated"), "give the date the contract ended");
    check(
        "/spend/0/period_start",
        json!("2025-03-01"),
        "spend from 2025-03-01 is before arrangement ARR-HC starts (2025-04-01)",
    );
    check("/activity/0/people", json!(500), "500 people cannot receive only 120 packages");
    check("/lots/0/rate_card/zone_rates/0/zone", json!("E"), "there is no zone \"E\" in this lot");
    check("/admissions/1/zones", json!(["E"]), "lot LOT-HC-1 has no zone \"E\"");
}

#[test]
fn people_and_places() {
    check("/providers/0/address/postcode", json!("LE11AA"), "\"LE11AA\" is not a UK postcode");
    check("/authority/lead_commissioner/email", json!("alex at testshire"), "is not an e-mail address");
    check("/providers/0/status", json!("exited"), "give the date from which the provider is suspended or exited");
    let problems = problems_after(|v| v["providers"][0]["companies_house_number"] = json!("123"));
    assert!(problems.iter().any(|p| p.contains("is not a Companies House number")), "{problems:#?}");
}
