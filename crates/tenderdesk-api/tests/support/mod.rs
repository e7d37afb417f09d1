//! What the API's tests share: a store of the test's own in a temporary folder (empty, or holding
//! the demo data set), dates, times and money from text, the shape of a refused form, and a new
//! round of the demo's lot with compliant bids.
//!
//! Each test file is its own crate and uses only some of these, hence `allow(dead_code)`.
#![allow(dead_code)]

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use tenderdesk_api::forms::rounds::{BidForm, BidPriceInput, CreateRoundForm, GateInput, InviteForm};
use tenderdesk_api::{Api, ApiError, ErrorCode, OpenOptions};
use tenderdesk_domain::Money;

/// Who the tests act as, unless a test checks the name recorded.
pub const ACTOR: &str = "Officer Test";

/// The demo's lot 1 of the care and support framework, its sealed round (whose evaluation model a
/// new round copies), and three providers admitted to the lot.
pub const LOT: &str = "LOT-CSF-2019-1";
pub const SEALED: &str = "RND-CSF-L1-MC-2026-02";
pub const KESTREL: &str = "PRV-KESTREL-COMMUNITY-CARE";
pub const OAKAPPLE: &str = "PRV-OAKAPPLE-HOMECARE";
pub const FOXGLOVE: &str = "PRV-FOXGLOVE-HOMECARE";

/// Opens (or creates) the store in `dir`, acting as [`ACTOR`].
pub fn open_at(dir: &Path) -> Api {
    open_as(dir, ACTOR)
}

/// Opens (or creates) the store in `dir`, acting as `actor`.
pub fn open_as(dir: &Path, actor: &str) -> Api {
    Api::open(OpenOptions { data_dir: Some(dir.to_owned()), actor: Some(actor.into()) })
        .unwrap_or_else(|e| panic!("open the store in {}: {e}", dir.display()))
}

/// An empty store in a new temporary folder (kept while the folder is).
pub fn open() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    let api = open_at(dir.path());
    (dir, api)
}

/// A new store holding the demo data set, acting as [`ACTOR`].
pub fn demo() -> (tempfile::TempDir, Api) {
    demo_as(ACTOR)
}

/// A new store holding the demo data set, acting as `actor`.
pub fn demo_as(actor: &str) -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    let api = open_as(dir.path(), actor);
    api.load_demo().expect("load the demo");
    (dir, api)
}

/// "2026-11-02" as a date.
pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s:?} is not a date: {e}"))
}

/// "2026-11-16T14:00:00Z" as a moment.
pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("{s:?} is not a moment: {e}"))
}

/// "1234.56" as money.
pub fn m(s: &str) -> Money {
    Money::parse(s).unwrap_or_else(|e| panic!("{s:?} is not an amount: {e}"))
}

/// How many entries the audit log holds: a refused change adds none.
pub fn audit_len(api: &Api) -> usize {
    api.audit_log().expect("read the audit log").len()
}

/// The form fields a refusal names, and proof it was a validation refusal.
pub fn fields(e: ApiError) -> Vec<String> {
    let dto = e.to_dto();
    assert_eq!(dto.code, ErrorCode::Invalid, "{}", dto.message);
    dto.problems.iter().map(|p| p.field.clone()).collect()
}

/// A new round of [`LOT`] with the sealed round's model, published 2 November 2026, bids due
/// 16 November at noon.
pub fn round_form(title: &str) -> CreateRoundForm {
    CreateRoundForm {
        title: title.into(),
        lots: vec![LOT.into()],
        published: "2026-11-02".into(),
        submission_deadline: "2026-11-16T12:00".into(),
        model_from: Some(SEALED.into()),
        ..CreateRoundForm::default()
    }
}

/// As [`round_form`], with the whole timetable: clarifications until 10 November at noon,
/// evaluation from 17 November, the decision on 20 November.
pub fn timetabled_round_form(title: &str) -> CreateRoundForm {
    CreateRoundForm {
        clarification_deadline: Some("2026-11-10T12:00".into()),
        evaluation_start: Some("2026-11-17".into()),
        decision: Some("2026-11-20".into()),
        ..round_form(title)
    }
}

/// Invites `providers` to `round`.
pub fn invite(api: &Api, round: &str, providers: &[&str]) {
    api.invite_providers(&InviteForm {
        round: round.into(),
        providers: providers.iter().map(|p| p.to_string()).collect(),
    })
    .unwrap_or_else(|e| panic!("invite {providers:?} to {round}: {e}"));
}

/// A compliant bid for [`LOT`] at `pence` an hour, passing both gates (CQC, insurance).
pub fn bid_form(round: &str, bidder: &str, received_at: &str, pence: i64) -> BidForm {
    BidForm {
        round: round.into(),
        lot: LOT.into(),
        bidder: bidder.into(),
        received_at: received_at.into(),
        prices: vec![BidPriceInput { zone: None, hourly_pence: pence }],
        gates: vec![
            GateInput { gate: "CQC".into(), passed: true, note: None },
            GateInput { gate: "INS".into(), passed: true, note: None },
        ],
        status: Some("compliant".into()),
        ..BidForm::default()
    }
}

/// A new round titled `title` (see [`round_form`]) with Kestrel and Oakapple invited and a bid
/// from each, given as (received at, pence an hour): (the round, Kestrel's bid, Oakapple's bid).
pub fn round_with_two_bids(
    api: &Api,
    title: &str,
    kestrel: (&str, i64),
    oakapple: (&str, i64),
) -> (String, String, String) {
    let round = api.create_round(&round_form(title)).expect("create the round").key;
    invite(api, &round, &[KESTREL, OAKAPPLE]);
    let bid = |bidder: &str, (received_at, pence): (&str, i64)| {
        api.record_bid(&bid_form(&round, bidder, received_at, pence))
            .unwrap_or_else(|e| panic!("record {bidder}'s bid: {e}"))
            .key
    };
    let kestrel = bid(KESTREL, kestrel);
    let oakapple = bid(OAKAPPLE, oakapple);
    (round, kestrel, oakapple)
}
