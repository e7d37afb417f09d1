//! Times the steps a round's view takes on its first call (reading the round's records, the
//! admissions of its lots, the providers it names, evaluating), and counting every round's bids
//! as the list of rounds does after a bid is recorded, on a store given:
//! `cargo run --release -p tenderdesk-api --example round_view_steps -- <data folder> [<round>]`.
//! Nothing here asserts a time or writes to the store.

use std::time::Instant;

use tenderdesk_api::screens::round::RoundQuery;
use tenderdesk_api::{Api, OpenOptions};
use tenderdesk_domain::{Admission, AwardDecision, Kind, Provider};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("give the data folder")?;
    let api = Api::open(OpenOptions { data_dir: Some(dir.into()), actor: Some("bench".into()) })?;
    let key = match args.next() {
        Some(k) => k,
        None => api.round_rows(&RoundQuery::default())?.rows.into_iter().next().ok_or("no round")?.key,
    };
    let store = api.store();
    let t = Instant::now();
    let round = api.round(&key)?;
    println!("round: {:?}", t.elapsed());
    let t = Instant::now();
    let records = api.round_records(&round)?;
    println!(
        "round_records: {:?} ({} bids, {} evaluators, {} marks, {} moderated)",
        t.elapsed(),
        records.submissions.len(),
        records.evaluators.len(),
        records.marks.len(),
        records.moderated.len()
    );
    let t = Instant::now();
    let awards = store.referring::<AwardDecision>(Kind::Rounds, &key)?;
    println!("awards: {:?} ({})", t.elapsed(), awards.len());
    let t = Instant::now();
    let mut admissions = 0;
    for lot in &round.lots {
        admissions += store.referring::<Admission>(Kind::Lots, lot.as_str())?.len();
    }
    println!("admissions of its lots: {:?} ({admissions})", t.elapsed());
    let t = Instant::now();
    for p in &round.invited {
        let _ = store.get_by_key::<Provider>(p.as_str())?;
    }
    println!("invited providers one by one: {:?} ({})", t.elapsed(), round.invited.len());
    let t = Instant::now();
    let result = tenderdesk_evaluation::evaluate(&records);
    println!("evaluate: {:?} (complete: {:?})", t.elapsed(), result.map(|r| r.complete).ok());
    // What the list of rounds reads again after a bid is recorded: every round's bids counted.
    let ids: Vec<u64> = store.list_shared::<tenderdesk_domain::Round>()?.iter().map(|(id, _)| *id).collect();
    let t = Instant::now();
    let mut bids = 0;
    for id in &ids {
        bids += store.count_referring(Kind::Rounds, *id, Kind::Submissions)?;
    }
    println!("every round's bids counted from the index: {:?} ({} rounds, {bids} bids)", t.elapsed(), ids.len());
    let t = Instant::now();
    let view = api.round_view(&key, None)?;
    println!("round_view after all that: {:?} ({} marks)", t.elapsed(), view.marks.len());
    Ok(())
}
