//! The store's promises: refused writes store nothing, keys and references hold, the audit chain
//! detects tampering, a folder in use is refused, schema versions are respected.

mod support;

use support::{empty, key, loaded, open_at, provider};
use tenderdesk_domain::{fixtures, Kind, Money, Provider, ProviderStatus, Record, SpendEntry, Submission};
use tenderdesk_store::{Action, ChangeSet, Migration, Store, StoreError, CURRENT_SCHEMA_VERSION};

#[test]
fn import_then_export_gives_back_the_same_records_with_one_audit_entry() {
    let (_dir, store) = loaded();
    assert_eq!(store.export().unwrap(), fixtures::small());
    let log = store.audit_log().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, Action::Import);
    assert_eq!(log[0].actor, "tester");
    assert!(store.verify().unwrap().is_ok(), "{:?}", store.verify().unwrap().problems);
}

#[test]
fn an_edit_is_audited_with_who_before_and_after() {
    let (_dir, store) = loaded();
    let (_, mut p) = store.get_by_key::<Provider>("PRV-C").unwrap().unwrap();
    p.status = ProviderStatus::Suspended;
    p.status_since = Some("2026-01-05".parse().unwrap());
    store.update(p).unwrap();
    let history = store.history(Kind::Providers, &key("PRV-C")).unwrap();
    assert_eq!(history.len(), 2, "the import that brought it in, then the change");
    assert_eq!(history[0].action, Action::Import);
    assert!(history[0].detail.as_deref().unwrap().contains("fixture"));
    let e = &history[1];
    assert_eq!((e.action, e.actor.as_str()), (Action::Update, "tester"));
    assert_eq!(e.before.as_ref().unwrap()["status"], "active");
    assert_eq!(e.after.as_ref().unwrap()["status"], "suspended");
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn a_refused_write_stores_nothing_and_says_what_is_wrong() {
    let (_dir, store) = loaded();
    let before = store.export().unwrap();
    let audit_before = store.audit_log().unwrap().len();
    // A valid provider and a spend entry before the arrangement starts, in one change.
    let mut c = ChangeSet::new();
    c.insert(provider("PRV-NEW"));
    let mut s = fixtures::small().spend[0].clone();
    s.key = key("SPD-EARLY");
    s.period_start = "2024-01-01".parse().unwrap();
    c.insert(s);
    let err = store.apply(c).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert!(msg.contains("spend entry SPD-EARLY (period_start)"), "{msg}");
    assert!(msg.contains("before arrangement ARR-HC starts"), "{msg}");
    assert_eq!(store.export().unwrap(), before, "nothing half-written");
    assert_eq!(store.audit_log().unwrap().len(), audit_before);
    assert!(store.get_by_key::<Provider>("PRV-NEW").unwrap().is_none());
}

#[test]
fn a_key_cannot_be_taken_twice_and_a_missing_record_cannot_be_updated() {
    let (_dir, store) = loaded();
    let err = store.insert(provider("PRV-A")).unwrap_err().to_string();
    assert!(err.contains("already taken by provider id 1"), "{err}");
    let err = store.update(provider("PRV-ZZZ")).unwrap_err().to_string();
    assert!(err.contains("there is no provider \"PRV-ZZZ\" to change"), "{err}");
}

#[test]
fn a_dangling_reference_is_refused() {
    let (_dir, store) = loaded();
    let mut s: SpendEntry = fixtures::small().spend[0].clone();
    s.key = key("SPD-X");
    s.arrangement = key("ARR-NOPE");
    let err = store.insert(s).unwrap_err().to_string();
    assert!(err.contains("refers to arrangement \"ARR-NOPE\", which does not exist"), "{err}");
}

#[test]
fn a_referenced_record_cannot_be_deleted_but_a_free_one_can() {
    let (_dir, store) = loaded();
    let err = store.delete(Kind::Providers, &key("PRV-A")).unwrap_err().to_string();
    assert!(err.contains("provider PRV-A cannot be deleted: admission ADM-A-1 refers to it"), "{err}");
    assert!(store.get_by_key::<Provider>("PRV-A").unwrap().is_some());
    // Deleting the admission and the provider together is fine.
    let mut c = ChangeSet::new();
    c.delete(Kind::Admissions, key("ADM-A-1")).delete(Kind::Providers, key("PRV-A"));
    store.apply(c).unwrap();
    assert!(store.get_by_key::<Provider>("PRV-A").unwrap().is_none());
    // PRV-C was never referred to.
    store.delete(Kind::Providers, &key("PRV-C")).unwrap();
    let last = store.audit_log().unwrap().pop().unwrap();
    assert_eq!(last.action, Action::Delete);
    assert_eq!(last.before.unwrap()["legal_name"], "Gamma Support Ltd");
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn a_second_bid_for_the_same_lot_breaks_a_natural_key() {
    let (_dir, store) = loaded();
    let mut a = fixtures::small().admissions[0].clone();
    a.key = key("ADM-A-1-AGAIN");
    // Admissions have no natural key, so this is allowed; lots do: same arrangement and number.
    store.insert(a).unwrap();
    let mut lot = fixtures::small().lots[0].clone();
    lot.key = key("LOT-DUP");
    let err = store.insert(lot).unwrap_err().to_string();
    assert!(err.contains("arrangement ARR-HC already has a lot 1"), "{err}");
}

#[test]
fn the_folder_cannot_be_opened_twice() {
    let (dir, _store) = loaded();
    match Store::open(dir.path(), "someone else") {
        Err(StoreError::InUse { holder, .. }) => assert!(holder.contains(&std::process::id().to_string())),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("opened a folder in use"),
    }
}

#[test]
fn the_store_survives_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open_at(dir.path());
        store.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap();
        store.insert(provider("PRV-D")).unwrap();
    }
    let store = open_at(dir.path());
    let (id, p) = store.get_by_key::<Provider>("PRV-D").unwrap().unwrap();
    assert_eq!((id, p.legal_name.as_str()), (4, "PRV-D Ltd"));
    // Ids keep counting after a reopen.
    assert_eq!(store.insert(provider("PRV-E")).unwrap(), 5);
    assert!(store.verify().unwrap().is_ok());
}

fn tamper(store: &Store, f: impl Fn(&sled::Tree)) {
    let t = store.raw_tree("audit").unwrap();
    f(&t);
}

fn edits(store: &Store) {
    for k in ["PRV-D", "PRV-E", "PRV-F"] {
        store.insert(provider(k)).unwrap();
    }
}

#[test]
fn verify_detects_an_altered_audit_entry() {
    let (_dir, store) = loaded();
    edits(&store);
    tamper(&store, |t| {
        let v = t.get(2u64.to_be_bytes()).unwrap().unwrap();
        let s = String::from_utf8(v.to_vec()).unwrap().replace("tester", "someone");
        t.insert(2u64.to_be_bytes(), s.as_bytes()).unwrap();
    });
    let r = store.verify().unwrap();
    assert!(r.problems.iter().any(|p| p.contains("audit entry 2") && p.contains("altered")), "{:?}", r.problems);
}

#[test]
fn verify_detects_a_removed_audit_entry() {
    let (_dir, store) = loaded();
    edits(&store);
    tamper(&store, |t| {
        t.remove(2u64.to_be_bytes()).unwrap();
    });
    let r = store.verify().unwrap();
    assert!(r.problems.iter().any(|p| p.contains("missing")), "{:?}", r.problems);
}

#[test]
fn verify_detects_the_latest_entry_removed() {
    let (_dir, store) = loaded();
    edits(&store);
    tamper(&store, |t| {
        t.remove(4u64.to_be_bytes()).unwrap();
    });
    let r = store.verify().unwrap();
    assert!(r.problems.iter().any(|p| p.contains("latest have been removed")), "{:?}", r.problems);
}

#[test]
fn verify_detects_a_record_edited_behind_the_stores_back() {
    // Written over the import's pack, in the tree a change writes to.
    let (_dir, store) = loaded();
    let id = store.id_of(Kind::Spend, "SPD-2025-04").unwrap().unwrap();
    let (_, json) = store.get_json(Kind::Spend, "SPD-2025-04").unwrap().unwrap();
    let s = json.to_string().replace("2025-04-01", "2020-01-01");
    store.raw_tree("record/spend").unwrap().insert(id.to_be_bytes(), s.as_bytes()).unwrap();
    let r = store.verify().unwrap();
    assert!(
        r.problems.iter().any(|p| p.contains("SPD-2025-04") && p.contains("before arrangement")),
        "{:?}",
        r.problems
    );
}

/// The pack holding the spend records, decompressed, changed by `edit`, and written back.
fn edit_spend_pack(store: &Store, edit: impl Fn(Vec<u8>) -> Vec<u8>) {
    let packs = store.raw_tree("pack/records").unwrap();
    let (k, v) = packs.scan_prefix([Kind::Spend.tag()]).next().unwrap().unwrap();
    let raw = lz4_flex::decompress_size_prepended(&v).unwrap();
    packs.insert(k, edit(raw)).unwrap();
}

#[test]
fn verify_detects_a_record_edited_inside_a_pack() {
    let (_dir, store) = loaded();
    edit_spend_pack(&store, |raw| {
        // Same length, so the pack's offsets still hold.
        let text = String::from_utf8_lossy(&raw).replace("2025-04-01", "2020-01-01");
        lz4_flex::compress_prepend_size(text.as_bytes())
    });
    let r = store.verify().unwrap();
    assert!(
        r.problems.iter().any(|p| p.contains("SPD-2025-04") && p.contains("before arrangement")),
        "{:?}",
        r.problems
    );
}

#[test]
fn a_damaged_pack_is_reported_not_a_panic() {
    let (_dir, store) = loaded();
    edit_spend_pack(&store, |raw| raw[..raw.len() / 2].to_vec());
    let r = store.verify().unwrap();
    assert!(r.problems.iter().any(|p| p.contains("the pack of spend") && p.contains("damaged")), "{:?}", r.problems);
    let err = store.get_by_key::<SpendEntry>("SPD-2025-04").unwrap_err().to_string();
    assert!(err.contains("is damaged") && err.contains("backup"), "{err}");
}

#[test]
fn a_store_from_a_newer_version_is_refused_and_an_older_one_is_migrated() {
    let now = CURRENT_SCHEMA_VERSION;
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open_at(dir.path());
        store.apply(ChangeSet::import(fixtures::small(), "fixture")).unwrap();
    }
    // A build that only knows the version before must refuse this store.
    match Store::open_with(dir.path(), "tester", &[], now - 1) {
        Err(StoreError::NewerSchema { found, supported, .. }) if found == now && supported == now - 1 => {}
        other => panic!("expected NewerSchema, got {:?}", other.err().map(|e| e.to_string())),
    }
    // A build at the next version migrates it, running its step once.
    fn rename_spend_notes(db: &sled::Db) -> Result<(), String> {
        db.open_tree("migrated-marker").and_then(|t| t.insert(b"next", b"done")).map(|_| ()).map_err(|e| e.to_string())
    }
    let steps = [Migration { from: now, describe: "test step", run: rename_spend_notes }];
    {
        let store = Store::open_with(dir.path(), "tester", &steps, now + 1).unwrap();
        assert!(store.raw_tree("migrated-marker").unwrap().get(b"next").unwrap().is_some());
        assert_eq!(store.count(Kind::Providers).unwrap(), 3);
    }
    // Now at the next version: this build refuses it, and a missing step is named.
    assert!(
        matches!(Store::open(dir.path(), "tester"), Err(StoreError::NewerSchema { found, .. }) if found == now + 1)
    );
    let dir2 = tempfile::tempdir().unwrap();
    drop(Store::open_with(dir2.path(), "t", &[], 1).unwrap());
    let err = Store::open_with(dir2.path(), "t", &[], 3).err().unwrap().to_string();
    assert!(err.contains("from schema version 1 to 2"), "{err}");
}

#[test]
fn a_version_1_store_opens_as_this_version_with_nothing_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    {
        // Version 1 had no packs: records written one by one, as changes write them.
        let store = Store::open_with(dir.path(), "tester", &[], 1).unwrap();
        for k in ["PRV-A1", "PRV-A2"] {
            store.insert(provider(k)).unwrap();
        }
    }
    let store = open_at(dir.path());
    assert_eq!(store.count(Kind::Providers).unwrap(), 2);
    let r = store.verify().unwrap();
    assert!(r.is_ok(), "{:?}", r.problems);
}

#[test]
fn money_and_ids_are_held_exactly() {
    let (_dir, store) = loaded();
    let (_, s) = store.get_by_key::<SpendEntry>("SPD-2025-04").unwrap().unwrap();
    assert_eq!(s.amount, Money::from_pence(25_000_000).unwrap());
    assert_eq!(store.id_of(Kind::Lots, "LOT-HC-1").unwrap(), Some(1));
    let (id, json) = store.get_json(Kind::Lots, "1").unwrap().unwrap();
    assert_eq!((id, json["key"].as_str()), (1, Some("LOT-HC-1")));
    assert_eq!(s.key(), &key("SPD-2025-04"));
}

#[test]
fn a_key_that_looks_like_an_id_does_not_confuse_deletion_or_show() {
    let (_dir, store) = loaded();
    // Provider "1" is the provider with id 4; the provider with id 1 is PRV-A.
    store.insert(provider("1")).unwrap();
    let (id, json) = store.get_json(Kind::Providers, "1").unwrap().unwrap();
    assert_eq!((id, json["key"].as_str()), (4, Some("1")), "a key is found before an id");
    assert_eq!(store.get_json_by_id(Kind::Providers, 1).unwrap().unwrap()["key"], "PRV-A");
    // Refer to provider "1" from an admission, then try to delete it: the message names the admission.
    let mut a = fixtures::small().admissions[0].clone();
    a.key = key("ADM-ONE");
    a.provider = key("1");
    store.insert(a).unwrap();
    let err = store.delete(Kind::Providers, &key("1")).unwrap_err().to_string();
    assert!(err.contains("provider 1 cannot be deleted: admission ADM-ONE refers to it"), "{err}");
}

#[test]
fn a_deleted_record_keeps_no_key_but_its_history_stays_in_the_log() {
    let (_dir, store) = loaded();
    store.insert(provider("PRV-TEMP")).unwrap();
    assert_eq!(store.history(Kind::Providers, &key("PRV-TEMP")).unwrap().len(), 1);
    store.delete(Kind::Providers, &key("PRV-TEMP")).unwrap();
    assert!(store.history(Kind::Providers, &key("PRV-TEMP")).unwrap().is_empty(), "no record by that key now");
    let log = store.audit_log().unwrap();
    let about: Vec<Action> = log.iter().filter(|e| e.key.as_deref() == Some("PRV-TEMP")).map(|e| e.action).collect();
    assert_eq!(about, vec![Action::Create, Action::Delete]);
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn verify_detects_a_record_slipped_in_without_an_audit_entry() {
    let (_dir, store) = loaded();
    let records = store.raw_tree("record/providers").unwrap();
    let keys = store.raw_tree("index/key").unwrap();
    let p = serde_json::to_vec(&provider("PRV-SNEAKY")).unwrap();
    records.insert(99u64.to_be_bytes(), p).unwrap();
    let mut k = vec![Kind::Providers.tag()];
    k.extend_from_slice(b"PRV-SNEAKY");
    keys.insert(k, &99u64.to_be_bytes()).unwrap();
    let r = store.verify().unwrap();
    assert!(r.problems.iter().any(|p| p.contains("PRV-SNEAKY (id 99) has no audit entry")), "{:?}", r.problems);
}

#[test]
fn referring_finds_the_records_that_name_a_record_and_only_those() {
    let (_dir, store) = empty();
    let ds = fixtures::with_round();
    let rounds: Vec<_> = ds.rounds.iter().map(|r| r.key.clone()).collect();
    store.apply(ChangeSet::import(ds.clone(), "fixture")).unwrap();
    for round in &rounds {
        let found = store.referring::<Submission>(Kind::Rounds, round.as_str()).unwrap();
        let expected: Vec<_> = ds.submissions.iter().filter(|s| &s.round == round).map(|s| s.key.clone()).collect();
        assert_eq!(found.iter().map(|(_, s)| s.key.clone()).collect::<Vec<_>>(), expected);
    }
    assert!(store.referring::<Submission>(Kind::Rounds, "NO-SUCH-ROUND").unwrap().is_empty());
}
