//! A small round built from a compact description, for the worked examples and property tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tenderdesk_domain::{Evaluator, Key, Lot, Mark, ModeratedMark, Round, Submission};
use tenderdesk_evaluation::RoundRecords;

/// One bid: bidder code, status, hourly price in pence, moderated marks for Q1, Q2, INT1.
#[derive(Debug, Clone)]
pub struct Bid {
    pub bidder: &'static str,
    pub status: &'static str,
    pub pence: i64,
    pub marks: [u32; 3],
}

pub fn bid(bidder: &'static str, pence: i64, marks: [u32; 3]) -> Bid {
    Bid { bidder, status: "compliant", pence, marks }
}

fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("a valid test record")
}

fn money(pence: i64) -> String {
    format!("{}.{:02}", pence / 100, pence % 100)
}

/// Quality 50 % (Q1 30 %, minimum mark 2; Q2 20 %), interview 10 % (INT1), price 40 % with
/// `formula`; a quality threshold of 50 %; ties broken by higher quality, lower price, then lots.
pub fn round(formula: &str, award_rule: Value, bids: &[Bid]) -> RoundRecords {
    let scale = json!({"min": 0, "max": 5});
    let round: Round = from(json!({
        "key": "RND-T", "title": "Test call-off", "arrangement": "ARR-T", "kind": "mini_competition",
        "lots": ["LOT-T"],
        "timetable": {"published": "2025-01-06", "submission_deadline": "2025-02-03T12:00:00Z"},
        "model": {
            "quality": {"weight": "50", "questions": [
                {"code": "Q1", "title": "Delivery", "weight": "30", "scale": scale, "minimum_mark": 2},
                {"code": "Q2", "title": "Workforce", "weight": "20", "scale": scale}]},
            "interview": {"weight": "10", "questions": [
                {"code": "INT1", "title": "Interview", "weight": "10", "scale": scale}]},
            "price": {"weight": "40", "formula": formula, "basis": "hourly_rate"},
            "quality_threshold": "50",
            "tie_break": ["higher_quality", "lower_price", "drawing_of_lots"],
            "award_rule": award_rule
        },
        "bids_opened": {"by": "An Officer", "at": "2025-02-03T14:00:00Z"}
    }));
    let lot: Lot = from(json!({"key": "LOT-T", "arrangement": "ARR-T", "number": 1, "title": "Home care",
        "service": "home_care"}));
    let mut submissions = Vec::new();
    let mut moderated = Vec::new();
    let mut marks = Vec::new();
    let mut names = BTreeMap::new();
    for b in bids {
        let sub_key = format!("SUB-{}", b.bidder);
        let prv = format!("PRV-{}", b.bidder);
        names.insert(Key::parse(&prv).unwrap(), format!("{} Care", b.bidder));
        let mut s = json!({"key": sub_key, "round": "RND-T", "lot": "LOT-T", "bidder": prv,
            "received_at": "2025-02-01T10:00:00Z", "prices": [{"hourly": money(b.pence)}], "status": b.status});
        if b.status == "excluded" {
            s["status_reason"] = json!("Failed the insurance gate");
        }
        submissions.push(from::<Submission>(s));
        for (q, m) in ["Q1", "Q2", "INT1"].iter().zip(b.marks) {
            moderated.push(from::<ModeratedMark>(json!({"key": format!("MOD-{}-{q}", b.bidder), "round": "RND-T",
                "submission": sub_key, "question": q, "mark": m, "rationale": format!("{q} rationale for {}", b.bidder),
                "agreed_on": "2025-02-10"})));
            // Two evaluators: one gave the moderated mark, the other one less (or one more at 0).
            for (e, given) in [("EVL-1", m), ("EVL-2", if m == 0 { 1 } else { m - 1 })] {
                marks.push(from::<Mark>(json!({"key": format!("MRK-{}-{q}-{e}", b.bidder), "round": "RND-T",
                    "submission": sub_key, "evaluator": e, "question": q, "mark": given,
                    "justification": "As evidenced"})));
            }
        }
    }
    let evaluators: Vec<Evaluator> = ["EVL-1", "EVL-2"]
        .iter()
        .map(|e| from(json!({"key": e, "round": "RND-T", "name": format!("Evaluator {e}"), "role": "Panel"})))
        .collect();
    RoundRecords { round, lots: vec![lot], submissions, evaluators, marks, moderated, provider_names: names }
}
