//! Views kept in memory (`Store::view`, `Store::list_shared`) never outlive a change to what they
//! read: an insert, an update, a delete, a refused write, an import or a restore; and a change to
//! another kind keeps them.

mod support;

use std::sync::Arc;

use support::{loaded, open_at, provider};
use tenderdesk_domain::{fixtures, Key, Kind, Provider, SpendEntry};
use tenderdesk_store::{ChangeSet, Store};

fn keys(list: &[(u64, Provider)]) -> Vec<String> {
    list.iter().map(|(_, p)| p.key.to_string()).collect()
}

#[test]
fn a_kept_list_is_the_stored_list_after_every_kind_of_change() {
    let (_dir, store) = loaded();
    let first = store.list_shared::<Provider>().unwrap();
    assert_eq!(*first, store.list::<Provider>().unwrap());
    // Asked again with nothing changed: the same list, not read again.
    assert!(Arc::ptr_eq(&first, &store.list_shared::<Provider>().unwrap()));

    store.insert(provider("PRV-NEW")).unwrap();
    let after_insert = store.list_shared::<Provider>().unwrap();
    assert!(keys(&after_insert).contains(&"PRV-NEW".to_owned()));
    assert_eq!(*after_insert, store.list::<Provider>().unwrap());

    let mut renamed = provider("PRV-NEW");
    renamed.legal_name = "Renamed Care Ltd".into();
    store.update(renamed).unwrap();
    let after_update = store.list_shared::<Provider>().unwrap();
    assert!(after_update.iter().any(|(_, p)| p.legal_name == "Renamed Care Ltd"));
    assert_eq!(*after_update, store.list::<Provider>().unwrap());

    store.delete(Kind::Providers, &Key::parse("PRV-NEW").unwrap()).unwrap();
    let after_delete = store.list_shared::<Provider>().unwrap();
    assert!(!keys(&after_delete).contains(&"PRV-NEW".to_owned()));
    assert_eq!(*after_delete, store.list::<Provider>().unwrap());
}

#[test]
fn a_change_to_another_kind_keeps_the_view_and_a_refused_one_changes_nothing_kept() {
    let (_dir, store) = loaded();
    let providers = store.list_shared::<Provider>().unwrap();
    let before = store.generation(Kind::Providers);
    // A spend entry changed: the providers' list is still the one kept.
    let mut spend = fixtures::small().spend[0].clone();
    spend.amount = tenderdesk_domain::Money::from_pence(12_345).unwrap();
    store.update(spend).unwrap();
    assert_eq!(store.generation(Kind::Providers), before);
    assert!(store.generation(Kind::Spend) > 0);
    assert!(Arc::ptr_eq(&providers, &store.list_shared::<Provider>().unwrap()));
    let spend_list = store.list_shared::<SpendEntry>().unwrap();
    assert_eq!(spend_list[0].1.amount, tenderdesk_domain::Money::from_pence(12_345).unwrap());

    // A refused write of a provider: whatever is read next is what is stored.
    let mut bad = provider("PRV-BAD");
    bad.legal_name = String::new();
    assert!(store.insert(bad).is_err());
    assert_eq!(*store.list_shared::<Provider>().unwrap(), store.list::<Provider>().unwrap());
}

#[test]
fn a_view_reads_again_only_when_a_kind_it_reads_changes() {
    let (_dir, store) = loaded();
    let computed = std::cell::Cell::new(0);
    let count = |s: &Store| {
        computed.set(computed.get() + 1);
        Ok(s.count(Kind::Providers)? + s.count(Kind::Spend)?)
    };
    let reads = [Kind::Providers, Kind::Spend];
    let n = store.view("test/count", &reads, count).unwrap();
    assert_eq!(*store.view("test/count", &reads, count).unwrap(), *n);
    assert_eq!(computed.get(), 1);
    store.insert(provider("PRV-MORE")).unwrap();
    assert_eq!(*store.view("test/count", &reads, count).unwrap(), *n + 1);
    assert_eq!(computed.get(), 2);
}

#[test]
fn a_restore_replaces_every_view() {
    let (dir, store) = loaded();
    store.insert(provider("PRV-EXTRA")).unwrap();
    let backup = dir.path().join("b.tdbackup");
    store.backup_to(&backup).unwrap();
    let other = tempfile::tempdir().unwrap();
    let restored = open_at(other.path());
    assert!(restored.list_shared::<Provider>().unwrap().is_empty());
    restored.restore_from(&backup).unwrap();
    let after = restored.list_shared::<Provider>().unwrap();
    assert!(keys(&after).contains(&"PRV-EXTRA".to_owned()));
    assert_eq!(*after, restored.list::<Provider>().unwrap());
}

/// A small deterministic sequence of numbers (no clock, no randomness between runs).
struct Steps(u64);

impl Steps {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

#[test]
fn a_kept_list_patched_after_each_change_is_the_stored_list() {
    let (_dir, store) = loaded();
    let mut steps = Steps(7);
    let mut made: Vec<String> = Vec::new();
    let mut next = 0;
    // Asked once, so every later ask patches what is kept with the ids changed since.
    assert_eq!(*store.list_shared::<Provider>().unwrap(), store.list::<Provider>().unwrap());
    for round in 0..120 {
        let mut changes = ChangeSet::new();
        // One to three changes at once: inserts, updates and deletes of providers made here, and
        // now and then a change refused as a whole.
        for _ in 0..=steps.next(3) {
            match steps.next(5) {
                0 | 1 => {
                    next += 1;
                    let k = format!("PRV-P{next}");
                    changes.insert(provider(&k));
                    made.push(k);
                }
                2 if !made.is_empty() => {
                    let k = made[steps.next(made.len() as u64) as usize].clone();
                    let mut p = provider(&k);
                    p.legal_name = format!("{k} renamed {round}");
                    changes.update(p);
                }
                3 if !made.is_empty() => {
                    let k = made.remove(steps.next(made.len() as u64) as usize);
                    changes.delete(Kind::Providers, Key::parse(&k).unwrap());
                }
                _ => {
                    let mut bad = provider(&format!("PRV-BAD{round}"));
                    bad.legal_name = String::new();
                    changes.insert(bad);
                }
            }
        }
        let refused = store.apply(changes).is_err();
        if refused {
            // Nothing of a refused change is stored: what was planned is made again next round.
            made.retain(|k| store.id_of(Kind::Providers, k).unwrap().is_some());
            let stored: Vec<String> = keys(&store.list::<Provider>().unwrap());
            made.extend(stored.into_iter().filter(|k| k.starts_with("PRV-P") && !made.contains(k)).collect::<Vec<_>>());
        }
        let kept = store.list_shared::<Provider>().unwrap();
        assert_eq!(*kept, store.list::<Provider>().unwrap(), "after change {round} (refused: {refused})");
    }
}

#[test]
fn a_kept_list_not_asked_for_many_changes_is_read_again_whole() {
    let (_dir, store) = loaded();
    let _ = store.list_shared::<Provider>().unwrap();
    // More changes than the ids remembered: the kept list cannot be patched, so it is read again.
    for i in 0..100 {
        store.insert(provider(&format!("PRV-M{i}"))).unwrap();
    }
    let kept = store.list_shared::<Provider>().unwrap();
    assert_eq!(kept.len(), fixtures::small().providers.len() + 100);
    assert_eq!(*kept, store.list::<Provider>().unwrap());
}

/// What the persisted test view holds: each provider's key and name, from the records.
fn names(s: &Store) -> tenderdesk_store::Result<Vec<(String, String)>> {
    Ok(s.list::<Provider>()?.into_iter().map(|(_, p)| (p.key.to_string(), p.legal_name)).collect())
}

#[test]
fn a_persisted_view_is_found_after_reopening_until_a_kind_it_reads_changes() {
    let dir = tempfile::tempdir().unwrap();
    let computed = std::cell::Cell::new(0);
    let counted = |s: &Store| {
        computed.set(computed.get() + 1);
        names(s)
    };
    let reads = [Kind::Providers];
    {
        let store = open_at(dir.path());
        store.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap();
        let first = store.persisted_view("test/names", &reads, counted).unwrap();
        assert_eq!(*first, names(&store).unwrap());
        assert_eq!(computed.get(), 1);
    }
    {
        // Reopened: found on disk, not computed from the records.
        let store = open_at(dir.path());
        let again = store.persisted_view("test/names", &reads, counted).unwrap();
        assert_eq!(computed.get(), 1);
        assert_eq!(*again, names(&store).unwrap());
        // A change to another kind (a spend entry) leaves it usable after the next open…
        let mut spend = fixtures::small().spend[0].clone();
        spend.amount = tenderdesk_domain::Money::from_pence(12_345).unwrap();
        store.update(spend).unwrap();
    }
    {
        let store = open_at(dir.path());
        let again = store.persisted_view("test/names", &reads, counted).unwrap();
        assert_eq!(computed.get(), 1);
        assert_eq!(*again, names(&store).unwrap());
        // …and a change to a provider makes it computed again, in this process and the next.
        store.insert(provider("PRV-LATER")).unwrap();
        let after = store.persisted_view("test/names", &reads, counted).unwrap();
        assert_eq!(computed.get(), 2);
        assert!(after.iter().any(|(k, _)| k == "PRV-LATER"));
        assert_eq!(*after, names(&store).unwrap());
        // A refused change to a provider writes nothing: the copy on disk is still the records.
        let mut bad = provider("PRV-BAD");
        bad.legal_name = String::new();
        assert!(store.insert(bad).is_err());
    }
    let store = open_at(dir.path());
    let again = store.persisted_view("test/names", &reads, counted).unwrap();
    assert_eq!(computed.get(), 2);
    assert_eq!(*again, names(&store).unwrap());
    assert_eq!(
        store.persisted_view_raw::<Vec<(String, String)>>("test/names", &reads).unwrap(),
        Some(names(&store).unwrap())
    );
}

#[test]
fn a_persisted_view_is_not_used_after_a_provider_is_written_by_another_process_or_a_restore() {
    let dir = tempfile::tempdir().unwrap();
    let reads = [Kind::Providers];
    {
        let store = open_at(dir.path());
        store.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap();
        store.persisted_view("test/names", &reads, names).unwrap();
    }
    {
        // Another run of the app that never asks for the view changes a provider.
        let store = open_at(dir.path());
        store.insert(provider("PRV-ELSEWHERE")).unwrap();
    }
    let store = open_at(dir.path());
    // The copy on disk is stale, so it is not offered and the view is the records.
    assert_eq!(store.persisted_view_raw::<Vec<(String, String)>>("test/names", &reads).unwrap(), None);
    let view = store.persisted_view("test/names", &reads, names).unwrap();
    assert!(view.iter().any(|(k, _)| k == "PRV-ELSEWHERE"));
    assert_eq!(*view, names(&store).unwrap());

    // A backup carries the copy; the restored store's copy is its own records.
    let backup = dir.path().join("b.tdbackup");
    store.backup_to(&backup).unwrap();
    let other = tempfile::tempdir().unwrap();
    let restored = open_at(other.path());
    restored.restore_from(&backup).unwrap();
    let view =
        restored.persisted_view::<Vec<(String, String)>>("test/names", &reads, |_| panic!("found on disk")).unwrap();
    assert_eq!(*view, names(&restored).unwrap());
}

#[test]
fn many_views_named_by_their_arguments_push_out_the_least_used_not_the_busy_one() {
    let (_dir, store) = loaded();
    let computed = std::cell::Cell::new(0u32);
    let hot = |store: &Store| {
        store
            .view("hot", &[Kind::Providers], |_| {
                computed.set(computed.get() + 1);
                Ok(1u32)
            })
            .unwrap()
    };
    hot(&store);
    // A thousand views named by a date or a round, the busy one asked between them.
    for i in 0..1_000u32 {
        let v = store.view(&format!("by-date/{i}"), &[Kind::Providers], |_| Ok(i)).unwrap();
        assert_eq!(*v, i);
        if i % 50 == 0 {
            hot(&store);
        }
    }
    assert_eq!(computed.get(), 1, "the view in use stays kept while others come and go");
    // The oldest of the others were dropped and are computed again when asked.
    let again = std::cell::Cell::new(false);
    store
        .view("by-date/0", &[Kind::Providers], |_| {
            again.set(true);
            Ok(0u32)
        })
        .unwrap();
    assert!(again.get(), "a view long unused was dropped to make room");
}
