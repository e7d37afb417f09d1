//! Views kept in memory (`Store::view`, `Store::list_shared`) never outlive a change to what they
//! read: an insert, an update, a delete, a refused write, an import or a restore; and a change to
//! another kind keeps them.

use std::sync::Arc;

use tenderdesk_domain::{fixtures, Key, Kind, Provider, SpendEntry};
use tenderdesk_store::{ChangeSet, Store};

fn loaded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "tester").unwrap();
    store.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap();
    (dir, store)
}

fn provider(k: &str) -> Provider {
    let mut p = fixtures::small().providers[0].clone();
    p.key = Key::parse(k).unwrap();
    p.legal_name = format!("{k} Ltd");
    p
}

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
        Ok(s.count(Kind::Providers) + s.count(Kind::Spend))
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
    let restored = Store::open(other.path(), "tester").unwrap();
    assert!(restored.list_shared::<Provider>().unwrap().is_empty());
    restored.restore_from(&backup).unwrap();
    let after = restored.list_shared::<Provider>().unwrap();
    assert!(keys(&after).contains(&"PRV-EXTRA".to_owned()));
    assert_eq!(*after, restored.list::<Provider>().unwrap());
}
