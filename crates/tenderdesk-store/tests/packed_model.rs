//! Edits written over an import's packs, against a model: after any sequence of inserts, updates,
//! deletes and reopenings of the store, every read — by key, by id range, through the reference
//! index, counted — gives what a plain map of the records says, refused edits change nothing, and
//! `verify` passes. The import puts 150 spend entries into three packs of one kind (64, 64, 22),
//! so edits land inside packs, at their edges and on records of the overlay itself.

mod support;

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use proptest::prelude::*;
use support::open_at;
use tenderdesk_domain::{fixtures, Dataset, Key, Kind, Money, Provider, SpendEntry};
use tenderdesk_store::{ChangeSet, Store};

const SPEND: usize = 150;

fn spend_key(i: usize) -> String {
    format!("SPD-M{i:03}")
}

fn spend(i: usize, pence: i64) -> SpendEntry {
    let mut s = fixtures::small().spend[0].clone();
    s.key = Key::parse(&spend_key(i)).expect("a key");
    s.amount = Money::from_pence(pence).expect("an amount");
    s
}

fn dataset() -> Dataset {
    let mut ds = fixtures::small();
    ds.spend = (0..SPEND).map(|i| spend(i, 100_000 + i as i64)).collect();
    ds
}

#[derive(Debug, Clone)]
enum Op {
    /// Add spend entry i (refused if it is there).
    Insert(usize, i64),
    /// Change spend entry i's amount (refused if it is not there).
    Amend(usize, i64),
    /// Delete spend entry i (refused if it is not there).
    Delete(usize),
    /// Rename provider i of the three.
    Rename(usize),
    /// Close the store and open it again.
    Reopen,
}

fn op() -> impl Strategy<Value = Op> {
    // Indexes near the packs' edges (0, 63, 64, 127, 128, 149) come up often.
    let index = prop_oneof![0..SPEND, prop::sample::select(vec![0usize, 63, 64, 127, 128, 149])];
    prop_oneof![
        (index.clone(), 1i64..1_000_000).prop_map(|(i, p)| Op::Insert(i, p)),
        (index.clone(), 1i64..1_000_000).prop_map(|(i, p)| Op::Amend(i, p)),
        index.prop_map(Op::Delete),
        (0usize..3).prop_map(Op::Rename),
        Just(Op::Reopen),
    ]
}

struct Model {
    spend: BTreeMap<String, SpendEntry>,
    providers: BTreeMap<String, Provider>,
}

fn check(store: &Store, model: &Model) {
    let listed: BTreeMap<String, SpendEntry> =
        store.list::<SpendEntry>().unwrap().into_iter().map(|(_, s)| (s.key.as_str().to_owned(), s)).collect();
    assert_eq!(listed, model.spend, "the list of spend entries");
    for i in 0..SPEND {
        let got = store.get_by_key::<SpendEntry>(&spend_key(i)).unwrap().map(|(_, s)| s);
        assert_eq!(got.as_ref(), model.spend.get(&spend_key(i)), "{} by its key", spend_key(i));
    }
    let providers: BTreeMap<String, Provider> =
        store.list::<Provider>().unwrap().into_iter().map(|(_, p)| (p.key.as_str().to_owned(), p)).collect();
    assert_eq!(providers, model.providers, "the providers");
    let referring: BTreeMap<String, SpendEntry> = store
        .referring::<SpendEntry>(Kind::Arrangements, "ARR-HC")
        .unwrap()
        .into_iter()
        .map(|(_, s)| (s.key.as_str().to_owned(), s))
        .collect();
    assert_eq!(referring, model.spend, "the spend found through the reference index");
    assert_eq!(store.count_referring_key(Kind::Arrangements, "ARR-HC", Kind::Spend).unwrap(), model.spend.len());
    assert_eq!(store.count(Kind::Spend).unwrap(), model.spend.len());
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn edits_over_packs_read_as_the_model_says(ops in prop::collection::vec(op(), 1..30)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open_at(dir.path());
        let ds = dataset();
        store.apply(ChangeSet::import(ds.clone(), "fixture")).unwrap();
        let mut model = Model {
            spend: ds.spend.iter().map(|s| (s.key.as_str().to_owned(), s.clone())).collect(),
            providers: ds.providers.iter().map(|p| (p.key.as_str().to_owned(), p.clone())).collect(),
        };
        for op in ops {
            match op {
                Op::Insert(i, pence) => {
                    let result = store.insert(spend(i, pence));
                    match model.spend.entry(spend_key(i)) {
                        Entry::Occupied(_) => prop_assert!(result.is_err(), "a second {} was accepted", spend_key(i)),
                        Entry::Vacant(slot) => {
                            result.unwrap();
                            slot.insert(spend(i, pence));
                        }
                    }
                }
                Op::Amend(i, pence) => {
                    let result = store.update(spend(i, pence));
                    match model.spend.entry(spend_key(i)) {
                        Entry::Occupied(mut slot) => {
                            result.unwrap();
                            slot.insert(spend(i, pence));
                        }
                        Entry::Vacant(_) => {
                            prop_assert!(result.is_err(), "an update of the missing {} was accepted", spend_key(i))
                        }
                    }
                }
                Op::Delete(i) => {
                    let result = store.delete(Kind::Spend, &Key::parse(&spend_key(i)).unwrap());
                    if model.spend.remove(&spend_key(i)).is_some() {
                        result.unwrap();
                    } else {
                        prop_assert!(result.is_err(), "a delete of the missing {} was accepted", spend_key(i));
                    }
                }
                Op::Rename(i) => {
                    let key = ["PRV-A", "PRV-B", "PRV-C"][i];
                    let mut p = model.providers[key].clone();
                    p.legal_name.push_str(" Renamed");
                    store.update(p.clone()).unwrap();
                    model.providers.insert(key.to_owned(), p);
                }
                Op::Reopen => {
                    drop(store);
                    store = open_at(dir.path());
                }
            }
        }
        check(&store, &model);
        drop(store);
        check(&open_at(dir.path()), &model);
    }
}
