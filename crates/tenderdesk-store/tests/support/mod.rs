//! What the store's tests share: a store of the test's own in a temporary folder (empty, or holding
//! the small fixture), and a provider made from the fixture's under another key.
//!
//! Each test file is its own crate and uses only some of these, hence `allow(dead_code)`.
#![allow(dead_code)]

use std::path::Path;

use tenderdesk_domain::{fixtures, Key, Provider};
use tenderdesk_store::{ChangeSet, Store};

/// Who the tests act as: the audit log records this name.
pub const ACTOR: &str = "tester";

pub fn key(s: &str) -> Key {
    Key::parse(s).unwrap_or_else(|e| panic!("{s:?} is not a key: {e}"))
}

/// Opens (or creates) the store in `dir`, acting as [`ACTOR`].
pub fn open_at(dir: &Path) -> Store {
    Store::open(dir, ACTOR).unwrap_or_else(|e| panic!("open the store in {}: {e}", dir.display()))
}

/// An empty store in a new temporary folder (kept while the folder is).
pub fn empty() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    let store = open_at(dir.path());
    (dir, store)
}

/// A new store holding the small fixture, imported in one change.
pub fn loaded() -> (tempfile::TempDir, Store) {
    let (dir, store) = empty();
    store.apply(ChangeSet::import(fixtures::small(), "fixture")).expect("import the fixture");
    (dir, store)
}

/// The fixture's first provider under the key `k`, named "`k` Ltd".
pub fn provider(k: &str) -> Provider {
    let mut p = fixtures::small().providers[0].clone();
    p.key = key(k);
    p.legal_name = format!("{k} Ltd");
    p
}
