//! Whole rounds scored by hand (docs/scoring.md, "A whole round") and the properties any result
//! must have.

mod common;

use common::{bid, round, Bid};
use proptest::prelude::*;
use serde_json::json;
use tenderdesk_domain::{DrawingOfLots, Key};
use tenderdesk_evaluation::{evaluate, EvaluationError, Standing};

fn top1() -> serde_json::Value {
    json!({"rule": "top_ranked", "places": 1})
}

fn worked() -> Vec<Bid> {
    let mut d = bid("D", 1500, [5, 5, 5]);
    d.status = "excluded";
    vec![
        bid("A", 2000, [4, 4, 3]),
        bid("B", 2200, [5, 5, 5]),
        bid("C", 1800, [1, 5, 5]),
        d,
        bid("E", 2500, [2, 2, 2]),
        bid("F", 2000, [5, 4, 0]),
    ]
}

#[test]
fn a_whole_round_scored_by_hand() {
    let r = evaluate(&round("relative", top1(), &worked())).unwrap();
    let lot = &r.lots[0];
    let by = |b: &str| lot.bids.iter().find(|x| x.bidder == format!("PRV-{b}")).unwrap();

    // The pool is A, B and F: C fails Q1's minimum mark and E the threshold, so C's £18.00 is not
    // the lowest compliant price; D is excluded.
    let p = lot.prices.as_ref().unwrap();
    assert_eq!((p.lowest.as_str(), p.highest.as_str(), p.count), ("20.00", "22.00", 3));

    // B: quality 30 + 20 = 50, interview 10, price 20.00/22.00 × 40 = 400/11.
    let b = by("B");
    assert_eq!(b.quality.as_ref().unwrap().exact, "50");
    assert_eq!(b.interview.as_ref().unwrap().exact, "10");
    assert_eq!(b.price_score.as_ref().unwrap().exact, "400/11");
    assert_eq!(b.total.as_ref().unwrap().exact, "1060/11");
    assert_eq!(b.total.as_ref().unwrap().shown, "96.36");
    assert_eq!((b.rank, b.awarded), (Some(1), true));

    // A and F tie on 86: F's quality 46 beats A's 40.
    let (a, f) = (by("A"), by("F"));
    assert_eq!(a.total.as_ref().unwrap().exact, "86");
    assert_eq!(f.total.as_ref().unwrap().exact, "86");
    assert_eq!((f.rank, a.rank), (Some(2), Some(3)));
    assert!(!a.rank_shared && !f.rank_shared);
    assert_eq!(lot.tie_breaks.len(), 1);
    assert_eq!(lot.tie_breaks[0].rule.as_deref(), Some("higher quality score"));
    assert!(lot.tie_breaks[0].explanation.contains("(46.00 against 40.00)"), "{}", lot.tie_breaks[0].explanation);

    let c = by("C");
    assert_eq!(c.standing, Standing::BelowThreshold);
    assert_eq!(c.reasons, ["Q1 was marked 1, below the minimum mark of 2"]);
    assert_eq!(c.price_score, None);
    let e = by("E");
    assert_eq!(e.standing, Standing::BelowThreshold);
    assert_eq!(
        e.reasons,
        ["the quality score of 20.00 is below the threshold of 25.00 (50 % of the quality weight of 50 %)"]
    );
    let d = by("D");
    assert_eq!((d.standing, d.reasons.as_slice()), (Standing::Excluded, &["Failed the insurance gate".to_owned()][..]));
    assert!(lot.blockers.is_empty() && r.complete);

    // Individual marks are kept beside the moderated one, with their spread.
    let q1 = &b.criteria[0];
    assert_eq!((q1.moderated, q1.marks.len(), q1.spread, q1.wide_spread), (Some(5), 2, Some(1), false));
}

#[test]
fn the_other_formulas_on_the_same_round() {
    let lot = &evaluate(&round("linear", top1(), &worked())).unwrap().lots[0];
    let score = |b: &str| lot.bids.iter().find(|x| x.bidder == format!("PRV-{b}")).unwrap().price_score.clone();
    // Linear between 20.00 and 22.00: A and F 40, B 0.
    assert_eq!(score("A").unwrap().exact, "40");
    assert_eq!(score("B").unwrap().exact, "0");
    let lot = &evaluate(&round("deviation_from_mean", top1(), &worked())).unwrap().lots[0];
    let score = |b: &str| lot.bids.iter().find(|x| x.bidder == format!("PRV-{b}")).unwrap().price_score.clone();
    // Mean of 20, 22, 20 is 62/3; B is (22 − 62/3)/(62/3) = 2/31 above: 40 × 29/31 = 1160/31.
    assert_eq!(score("B").unwrap().exact, "1160/31");
    assert_eq!(score("A").unwrap().exact, "40");
}

#[test]
fn a_tie_no_rule_breaks_blocks_the_award_until_lots_are_drawn() {
    let bids = vec![bid("G", 2000, [5, 5, 5]), bid("H", 2000, [5, 5, 5]), bid("I", 2400, [3, 3, 3])];
    let mut records = round("relative", top1(), &bids);
    let r = evaluate(&records).unwrap();
    let lot = &r.lots[0];
    assert!(!r.complete);
    assert_eq!(lot.bids[0].rank, Some(1));
    assert_eq!(lot.bids[1].rank, Some(1));
    assert!(lot.bids[0].rank_shared);
    assert!(lot.bids.iter().all(|b| !b.awarded));
    assert_eq!(
        lot.blockers,
        ["2 tie at rank 1 across the last place awarded (G Care, H Care); record a drawing of lots"]
    );
    assert_eq!(lot.tie_breaks[0].rule, None);

    // Two places: both fit, no drawing needed.
    let two = evaluate(&round("relative", json!({"rule": "top_ranked", "places": 2}), &bids)).unwrap();
    assert!(two.complete);
    assert_eq!(two.lots[0].bids.iter().filter(|b| b.awarded).count(), 2);

    // The drawing puts H first.
    records.round.drawings.push(DrawingOfLots {
        lot: Key::parse("LOT-T").unwrap(),
        order: vec![Key::parse("SUB-H").unwrap(), Key::parse("SUB-G").unwrap()],
        drawn_on: "2025-02-12".parse().unwrap(),
        drawn_by: "Head of Procurement".into(),
        witnessed_by: "Legal Services".into(),
    });
    let r = evaluate(&records).unwrap();
    let lot = &r.lots[0];
    assert!(r.complete);
    assert_eq!((lot.bids[0].bidder.as_str(), lot.bids[0].rank, lot.bids[0].awarded), ("PRV-H", Some(1), true));
    assert_eq!((lot.bids[1].bidder.as_str(), lot.bids[1].rank, lot.bids[1].awarded), ("PRV-G", Some(2), false));
    assert_eq!(lot.tie_breaks[0].rule.as_deref(), Some("drawing of lots"));
}

#[test]
fn a_framework_awards_everyone_above_the_threshold_up_to_its_limit() {
    let all = evaluate(&round("relative", json!({"rule": "all_above_threshold"}), &worked())).unwrap();
    let awarded: Vec<&str> = all.lots[0].bids.iter().filter(|b| b.awarded).map(|b| b.bidder.as_str()).collect();
    assert_eq!(awarded, ["PRV-B", "PRV-F", "PRV-A"]);
    let two =
        evaluate(&round("relative", json!({"rule": "all_above_threshold", "max_per_lot": 2}), &worked())).unwrap();
    let awarded: Vec<&str> = two.lots[0].bids.iter().filter(|b| b.awarded).map(|b| b.bidder.as_str()).collect();
    assert_eq!(awarded, ["PRV-B", "PRV-F"]);
}

#[test]
fn sealed_bids_give_no_result() {
    let mut records = round("relative", top1(), &worked());
    records.round.bids_opened = None;
    let err = evaluate(&records).unwrap_err();
    assert!(matches!(err, EvaluationError::Sealed { .. }));
    assert!(err.to_string().contains("sealed"), "{err}");
}

#[test]
fn a_missing_moderated_mark_leaves_the_lot_incomplete() {
    let mut records = round("relative", top1(), &worked());
    records.moderated.retain(|m| !(m.submission.as_str() == "SUB-A" && m.question == "Q2"));
    let r = evaluate(&records).unwrap();
    let a = r.lots[0].bids.iter().find(|b| b.bidder == "PRV-A").unwrap();
    assert_eq!(a.standing, Standing::Incomplete);
    assert_eq!(a.reasons, ["Q2 has no moderated mark"]);
    assert!(!r.complete);
    assert!(r.lots[0].bids.iter().all(|b| !b.awarded));
}

fn arb_bids() -> impl Strategy<Value = Vec<Bid>> {
    const NAMES: [&str; 8] = ["A", "B", "C", "D", "E", "F", "G", "H"];
    prop::collection::vec((1800i64..2600, 2u32..=5, 0u32..=5, 0u32..=5), 2..8)
        .prop_map(|v| v.into_iter().enumerate().map(|(i, (p, q1, q2, int))| bid(NAMES[i], p, [q1, q2, int])).collect())
}

fn formulas() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("relative"), Just("deviation_from_mean"), Just("linear")]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn ranking_does_not_depend_on_the_order_bids_were_entered(bids in arb_bids(), formula in formulas(), seed in any::<u64>()) {
        let a = evaluate(&round(formula, top1(), &bids)).unwrap();
        let mut shuffled = round(formula, top1(), &bids);
        // A deterministic shuffle from the seed.
        let n = shuffled.submissions.len();
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)) as usize;
            shuffled.submissions.swap(i, j);
        }
        shuffled.marks.reverse();
        shuffled.moderated.reverse();
        let b = evaluate(&shuffled).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn raising_a_mark_never_lowers_a_bidders_total(bids in arb_bids(), formula in formulas(), who in 0usize..8, q in 0usize..3) {
        let who = who % bids.len();
        prop_assume!(bids[who].marks[q] < 5);
        let before = evaluate(&round(formula, top1(), &bids)).unwrap();
        let mut raised = bids.clone();
        raised[who].marks[q] += 1;
        let after = evaluate(&round(formula, top1(), &raised)).unwrap();
        let total = |r: &tenderdesk_evaluation::RoundResult| {
            r.lots[0].bids.iter().find(|b| b.bidder == format!("PRV-{}", bids[who].bidder)).unwrap().clone()
        };
        let (x, y) = (total(&before), total(&after));
        let q_before = x.quality.as_ref().unwrap().exact.clone();
        let _ = q_before;
        if let (Some(t0), Some(t1)) = (&x.total, &y.total) {
            let parse = |s: &str| -> (i128, i128) {
                match s.split_once('/') {
                    Some((n, d)) => (n.parse().unwrap(), d.parse().unwrap()),
                    None => {
                        let (i, f) = s.split_once('.').unwrap_or((s, ""));
                        let scale = 10i128.pow(f.len() as u32);
                        let sign = if i.starts_with('-') { -1 } else { 1 };
                        (i.parse::<i128>().unwrap() * scale + sign * f.parse::<i128>().unwrap_or(0), scale)
                    }
                }
            };
            let (n0, d0) = parse(&t0.exact);
            let (n1, d1) = parse(&t1.exact);
            prop_assert!(n1 * d0 >= n0 * d1, "total fell from {} to {}", t0.exact, t1.exact);
        }
        // A bid in the running never drops out by being marked higher.
        prop_assert!(!(x.standing == Standing::Ranked && y.standing != Standing::Ranked));
    }

    #[test]
    fn the_lowest_compliant_price_scores_the_full_price_weight(bids in arb_bids()) {
        let r = evaluate(&round("relative", top1(), &bids)).unwrap();
        let ranked: Vec<_> = r.lots[0].bids.iter().filter(|b| b.standing == Standing::Ranked).collect();
        if let Some(lowest) = ranked.iter().map(|b| b.price_exact.clone().unwrap().parse::<f64>().unwrap()).reduce(f64::min) {
            for b in &ranked {
                let is_lowest = b.price_exact.as_ref().unwrap().parse::<f64>().unwrap() == lowest;
                prop_assert_eq!(is_lowest, b.price_score.as_ref().unwrap().exact == "40", "{:?}", b);
            }
        }
    }
}
