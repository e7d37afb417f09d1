//! What the window's tests prepare and check outside the window: the store filled before the window
//! opens it, read back with the command line after it has let go, and the files its dialogs wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tenderdesk_api::forms::panel::ModeratedMarkForm;
use tenderdesk_api::forms::rounds::{BidForm, BidPriceInput, CreateRoundForm, GateInput, InviteForm};

/// The demo's arrangements, in store order, and its council.
pub const DEMO_KEYS: [&str; 6] =
    ["ARR-HC-FW-2017", "ARR-HC-FW-2025", "ARR-CSF-2019", "ARR-SPOT-ASC", "ARR-DPS-HCSS-CCC", "ARR-HC-SA-2021"];
pub const DEMO_COUNCIL: &str = "Eastshire County Council";

/// One arrangement more than the demo has, as a data set.
pub const EXTRA_ARRANGEMENT: &str = r#"{
  "format": "tenderdesk-dataset",
  "format_version": 1,
  "arrangements": [{
    "key": "ARR-E2E-EXTRA",
    "title": "Extra care housing support (end-to-end test)",
    "kind": "spot_contract",
    "regime": "procurement_act2023",
    "services": ["extra_care"],
    "term": { "start": "2026-01-05", "initial_end": "2028-01-04" },
    "call_off": "spot_purchase"
  }]
}"#;

/// The demo's arrangements and then the extra one.
pub fn expected_with_extra() -> Vec<&'static str> {
    let mut keys = DEMO_KEYS.to_vec();
    keys.push("ARR-E2E-EXTRA");
    keys
}

/// Runs a subcommand on `data_dir` (no display needed) and returns its stdout.
pub fn cli(data_dir: &Path, args: &[&str]) -> String {
    crate::support::ok(data_dir, args)
}

/// `tenderdesk list <kind> --json`, parsed: the records of one kind.
pub fn listed(data_dir: &Path, kind: &str) -> Vec<Value> {
    let list: Value = serde_json::from_str(&cli(data_dir, &["list", kind, "--json"])).expect("list --json prints JSON");
    list.as_array().expect("list --json prints an array").clone()
}

/// The record of `kind` whose `field` is `value`.
pub fn stored_where(data_dir: &Path, kind: &str, field: &str, value: &str) -> Value {
    listed(data_dir, kind)
        .into_iter()
        .find(|record| record[field] == value)
        .unwrap_or_else(|| panic!("no {kind} with {field} {value} in the store"))
}

/// The arrangement keys in the store, read with the command line (the app has let go of the folder).
pub fn stored_keys(data_dir: &Path) -> Vec<String> {
    listed(data_dir, "arrangements")
        .iter()
        .map(|a| a["key"].as_str().expect("an arrangement has a key").to_owned())
        .collect()
}

/// `tenderdesk contract position <key> [--as-of <date>] --json`, parsed.
pub fn contract_position(data_dir: &Path, key: &str, as_of: Option<&str>) -> Value {
    let mut args = vec!["contract", "position", key, "--json"];
    if let Some(date) = as_of {
        args.extend(["--as-of", date]);
    }
    serde_json::from_str(&cli(data_dir, &args)).expect("contract position --json prints JSON")
}

/// The files in `dir` whose names end with `suffix`.
pub fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .expect("read the dialogs' folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.to_str().is_some_and(|s| s.ends_with(suffix)))
        .collect()
}

/// A data set file's records by kind (the authority profile counts as one record).
pub fn dataset_counts(file: &Path) -> BTreeMap<String, usize> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
    let dataset: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()));
    assert_eq!(dataset["format"], "tenderdesk-dataset", "{}", file.display());
    let object = dataset.as_object().expect("a data set is a JSON object");
    let mut counts: BTreeMap<String, usize> =
        object.iter().filter_map(|(k, v)| Some((k.clone(), v.as_array()?.len()))).collect();
    if object.get("authority").is_some_and(|a| !a.is_null()) {
        counts.insert("authority".into(), 1);
    }
    counts
}

/// The folders a restore kept beside `data_dir` (`<data_dir>-before-restore-<UTC time>`).
pub fn kept_aside_folders(data_dir: &Path) -> Vec<PathBuf> {
    let name = data_dir.file_name().expect("the data folder has a name").to_string_lossy().into_owned();
    let prefix = format!("{name}-before-restore-");
    std::fs::read_dir(data_dir.parent().expect("the data folder has a parent"))
        .expect("read the folder around the data folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix)))
        .collect()
}

/// Removes the kept-aside folders (beside a temporary folder, so not removed with it).
pub struct KeptAside(pub Vec<PathBuf>);

impl Drop for KeptAside {
    fn drop(&mut self) {
        for folder in &self.0 {
            let _ = std::fs::remove_dir_all(folder);
        }
    }
}

/// "2026-12-07" → "7 Dec 2026", as the window writes dates.
pub fn short_date(iso: &str) -> String {
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let parts: Vec<&str> = iso.split('-').collect();
    let month: usize = parts[1].parse().expect("a month");
    format!("{} {} {}", parts[2].trim_start_matches('0'), months[month - 1], parts[0])
}

pub const TIED_ROUND: &str = "RND-E2E-TIE";
pub const MODEL_ROUND: &str = "RND-E2E-MODEL";
pub const TIED: [&str; 2] = ["PRV-KESTREL-COMMUNITY-CARE", "PRV-OAKAPPLE-HOMECARE"];

/// A round of the demo lot with two compliant bids on equal prices and equal moderated marks: a tie
/// at the award line that only a drawing of lots can break. A second round, still sealed and with
/// no bid, for the model editor. Made through the API's forms, as the window would, before the
/// window opens the folder. Returns the two bids.
pub fn round_with_a_tie(data_dir: &Path) -> (String, String) {
    let api = tenderdesk_api::Api::open(tenderdesk_api::OpenOptions {
        data_dir: Some(data_dir.to_owned()),
        actor: Some("window test".into()),
    })
    .expect("open the store");
    api.load_demo().expect("load the demo");
    let new_round = |key: &str, title: &str| CreateRoundForm {
        key: Some(key.into()),
        title: title.into(),
        lots: vec!["LOT-CSF-2019-1".into()],
        published: "2026-10-01".into(),
        submission_deadline: "2026-10-20T12:00".into(),
        model_from: Some("RND-CSF-L1-MC-2026-02".into()),
        ..CreateRoundForm::default()
    };
    let round =
        api.create_round(&new_round(TIED_ROUND, "Home care: tied bids (end-to-end)")).expect("create the round").key;
    api.create_round(&new_round(MODEL_ROUND, "Home care: model to edit (end-to-end)"))
        .expect("create the second round");
    api.invite_providers(&InviteForm { round: round.clone(), providers: TIED.iter().map(|p| p.to_string()).collect() })
        .expect("invite the bidders");
    let mut bids = Vec::new();
    for bidder in TIED {
        let bid = api
            .record_bid(&BidForm {
                round: round.clone(),
                lot: "LOT-CSF-2019-1".into(),
                bidder: bidder.into(),
                received_at: "2026-10-19T10:00".into(),
                prices: vec![BidPriceInput { zone: None, hourly_pence: 2400 }],
                gates: ["CQC", "INS"].map(|g| GateInput { gate: g.into(), passed: true, note: None }).to_vec(),
                status: Some("compliant".into()),
                ..BidForm::default()
            })
            .expect("record a bid");
        bids.push(bid.key);
    }
    api.open_bids_now(&round).expect("open the bids");
    let questions: Vec<String> =
        api.round_view(&round, None).expect("the round").model.questions.into_iter().map(|q| q.code).collect();
    for bid in &bids {
        for q in &questions {
            api.enter_moderated_mark(&ModeratedMarkForm {
                submission: bid.clone(),
                question: q.clone(),
                mark: 4,
                rationale: "Agreed at moderation".into(),
                agreed_on: "2026-10-25".into(),
            })
            .expect("moderate a mark");
        }
    }
    let view = api.round_view(&round, None).expect("the round");
    assert_eq!(view.ties_to_draw.len(), 1, "one tie to draw: {:?}", view.ties_to_draw);
    (bids[0].clone(), bids[1].clone())
}
