//! Small views computed from many records (each round's first moderation date, out of 300,000
//! moderated marks) kept on disk as well as in memory, so that the first dashboard after opening
//! the store need not read those records again.
//!
//! Each is kept in the `derived` tree under its name, stamped with the audit entry it was computed
//! at (sequence and hash). It is used again only while that entry is still in the log and every
//! entry written since names a kind the view does not read; an import (its entry names no kind),
//! a long run of changes, an unreadable copy or a different history mean computing it again from
//! the records (and keeping that). Nothing is kept while an import is in progress, since an import
//! cut off is undone on the next open without an audit entry. The copy on disk is never a record
//! and is not in exports.

use std::any::Any;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tenderdesk_domain::Kind;

use crate::{keys, Result, Store};

/// The tree the derived views are kept in.
pub(crate) const DERIVED_TREE: &str = "derived";

/// Past this many audit entries since a view was kept, it is computed again rather than the
/// entries read.
const MAX_ENTRIES_SINCE: u64 = 512;

#[derive(Serialize)]
struct Stamped<'a, V> {
    seq: u64,
    hash: &'a str,
    value: &'a V,
}

#[derive(Deserialize)]
struct StampedOwned<V> {
    seq: u64,
    hash: String,
    value: V,
}

/// What the check needs of an audit entry.
#[derive(Deserialize)]
struct EntryKind {
    #[serde(default)]
    kind: Option<String>,
    hash: String,
}

impl Store {
    /// As [`Store::view`], and kept on disk too, so the next open of the store finds it without
    /// reading the records of `reads` again. `compute` must read nothing but those kinds.
    pub fn persisted_view<V>(
        &self,
        name: &str,
        reads: &[Kind],
        compute: impl FnOnce(&Store) -> Result<V>,
    ) -> Result<Arc<V>>
    where
        V: Serialize + DeserializeOwned + Any + Send + Sync,
    {
        self.view(name, reads, |store| {
            if let Some(kept) = store.read_persisted::<V>(name, reads)? {
                return Ok(kept);
            }
            let head = store.audit_head()?;
            let importing = store.meta.get(keys::META_IMPORT_IN_PROGRESS)?.is_some();
            let value = compute(store)?;
            // Kept only if nothing was written meanwhile, so the stamp is the state it was read at.
            if !importing
                && store.meta.get(keys::META_IMPORT_IN_PROGRESS)?.is_none()
                && store.audit_head()? == head
                && head.seq > 0
            {
                let stamped = Stamped { seq: head.seq, hash: &head.hash, value: &value };
                if let Ok(bytes) = serde_json::to_vec(&stamped) {
                    // A copy that cannot be written is only computed again next time.
                    let _ = store.db.open_tree(DERIVED_TREE).and_then(|t| t.insert(name.as_bytes(), bytes));
                    let _ = store.db.flush();
                }
            }
            Ok(value)
        })
    }

    /// The view kept on disk under `name`, if it is still what the records would give.
    fn read_persisted<V: DeserializeOwned>(&self, name: &str, reads: &[Kind]) -> Result<Option<V>> {
        let tree = self.db.open_tree(DERIVED_TREE)?;
        let Some(bytes) = tree.get(name.as_bytes())? else { return Ok(None) };
        let Ok(kept) = serde_json::from_slice::<StampedOwned<V>>(&bytes) else { return Ok(None) };
        if self.meta.get(keys::META_IMPORT_IN_PROGRESS)?.is_some() {
            return Ok(None);
        }
        let head = self.audit_head()?;
        if kept.seq > head.seq || head.seq - kept.seq > MAX_ENTRIES_SINCE {
            return Ok(None);
        }
        // The entry it was computed at is still in the log, unchanged…
        let Some(at) = self.audit.get(keys::id_bytes(kept.seq))? else { return Ok(None) };
        match serde_json::from_slice::<EntryKind>(&at) {
            Ok(e) if e.hash == kept.hash => {}
            _ => return Ok(None),
        }
        // …and every entry since changed a kind the view does not read.
        let names: Vec<&str> = reads.iter().map(|k| k.plural()).collect();
        for seq in kept.seq + 1..=head.seq {
            let Some(v) = self.audit.get(keys::id_bytes(seq))? else { return Ok(None) };
            match serde_json::from_slice::<EntryKind>(&v) {
                Ok(EntryKind { kind: Some(kind), .. }) if !names.contains(&kind.as_str()) => {}
                _ => return Ok(None),
            }
        }
        Ok(Some(kept.value))
    }

    /// The copy kept on disk under `name`, if it would be used: for tests that compare it with
    /// the records.
    #[doc(hidden)]
    pub fn persisted_view_raw<V: DeserializeOwned>(&self, name: &str, reads: &[Kind]) -> Result<Option<V>> {
        self.read_persisted(name, reads)
    }
}
