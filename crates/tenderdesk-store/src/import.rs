//! A whole-dataset import, written entry by entry behind a marker instead of in one sled transaction.
//!
//! sled keeps every write of a transaction in memory until it commits, so a large county's import
//! (millions of tree writes) cannot be one transaction. Instead, once every check has passed:
//!
//! 1. an "import in progress" marker goes into `meta` and is flushed: for each kind, the id its
//!    new records start at and the next-id counter before the import;
//! 2. the records and their index entries are written with plain sled inserts, counted in batches
//!    of 50,000 entries (nothing is gathered in memory), then flushed;
//! 3. one small transaction writes the import's audit entry, the audit head and the next-id
//!    counters, and removes the marker; then a flush.
//!
//! An import only inserts, and its ids are allocated above every id in use, so everything it wrote
//! lies at or above its start ids. If the process stops before step 3 commits, the marker is still
//! there when the store is next opened, and [`Store::roll_back_unfinished_import`] deletes those
//! records and every index entry about them, whichever batches reached the disk.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sled::transaction::Transactional;
use tenderdesk_domain::{Dataset, Key, Kind, KindVisitor, Listed};

use crate::audit::{Action, AuditEntry, AuditHead};
use crate::changes::{ApplyReport, Planned};
use crate::{keys, kind_index, Result, Store, StoreError, T_BY_RECORD, T_KEY, T_NATURAL, T_REFS};

/// Entries per batch unless a test asks for fewer. A batch is only a unit of counting (for the
/// test hook): the entries are plain sled inserts, each durable in order, never gathered in memory.
pub(crate) const DEFAULT_BATCH_ENTRIES: usize = 50_000;

/// What an unfinished import needs undone, kept in `meta` while the import is being written.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    /// The sequence number the import's audit entry will have.
    seq: u64,
    kinds: Vec<MarkerKind>,
}

#[derive(Debug, Serialize, Deserialize)]
struct MarkerKind {
    /// `Kind::tag`; the plural name is there for a person reading the tree.
    tag: u8,
    name: String,
    /// The first id given to a record of this kind by the import.
    start: u64,
    /// The kind's next-id counter before the import (none if it had never been set).
    previous_next: Option<u64>,
}

/// Where one kind's ids stood when the import was planned.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IdStart {
    pub start: u64,
    pub previous_next: Option<u64>,
}

/// Writes an import's entries straight into their trees, counting them in batches.
///
/// Plain inserts rather than sled `Batch`es or transactions: the marker already makes the whole
/// import all-or-nothing, and sled 0.34 holds far more memory for batches — a large import through
/// `apply_batch` of 50,000 entries grew past 17 GB resident within a minute, against under 4 GB
/// (mostly the parsed file) with plain inserts.
struct Batches<'a> {
    store: &'a Store,
    trees: Vec<sled::Tree>,
    pending: usize,
    limit: usize,
    applied: usize,
    /// Set when the test hook stopped the import, to leave it as a crash would.
    interrupted: bool,
}

impl<'a> Batches<'a> {
    fn new(store: &'a Store) -> Batches<'a> {
        Batches {
            store,
            trees: store.all_trees(),
            pending: 0,
            limit: store.import_batch_entries.load(Ordering::Relaxed).max(1),
            applied: 0,
            interrupted: false,
        }
    }

    fn insert(&mut self, tree: usize, key: impl AsRef<[u8]>, value: impl Into<sled::IVec>) -> Result<()> {
        self.check_stop()?;
        self.trees[tree].insert(key.as_ref(), value)?;
        self.counted();
        Ok(())
    }

    fn remove(&mut self, tree: usize, key: impl AsRef<[u8]>) -> Result<()> {
        self.check_stop()?;
        self.trees[tree].remove(key.as_ref())?;
        self.counted();
        Ok(())
    }

    fn check_stop(&mut self) -> Result<()> {
        if self.applied >= self.store.import_stop_after.load(Ordering::Relaxed) {
            self.interrupted = true;
            return Err(StoreError::Storage("the import was stopped part-way (test hook)".into()));
        }
        Ok(())
    }

    fn counted(&mut self) {
        self.pending += 1;
        if self.pending >= self.limit {
            self.pending = 0;
            self.applied += 1;
        }
    }

    /// Closes the last, partly filled batch.
    fn finish(&mut self) {
        if self.pending > 0 {
            self.pending = 0;
            self.applied += 1;
        }
    }
}

fn marker_key() -> &'static [u8] {
    keys::META_IMPORT_IN_PROGRESS
}

impl Store {
    /// Writes a checked import (see the module documentation). `planned` holds every record with
    /// its id; `starts` where each kind's ids began; `next_ids` the counters after the import.
    pub(crate) fn write_import(
        &self,
        upserts: &Dataset,
        detail: &str,
        planned: Vec<Planned>,
        starts: &HashMap<Kind, IdStart>,
        next_ids: &HashMap<Kind, u64>,
    ) -> Result<ApplyReport> {
        let head = self.audit_head()?;
        let seq = head.seq + 1;

        // 1. The marker, on disk before any record.
        let mut kinds: Vec<MarkerKind> = starts
            .iter()
            .map(|(kind, s)| MarkerKind {
                tag: kind.tag(),
                name: kind.plural().to_owned(),
                start: s.start,
                previous_next: s.previous_next,
            })
            .collect();
        kinds.sort_by_key(|k| k.tag);
        let marker = serde_json::to_vec(&Marker { seq, kinds })
            .map_err(|e| StoreError::Storage(format!("the import marker cannot be written: {e}")))?;
        self.meta.insert(marker_key(), marker)?;
        self.db.flush()?;

        // 2. Records and index entries, batch by batch.
        let mut batches = Batches::new(self);
        let mut report = ApplyReport::default();
        let written = self.write_import_records(upserts, planned, seq, &mut batches, &mut report);
        if let Err(e) = written {
            if !batches.interrupted {
                // Undo now rather than leave half an import visible until the next open; if even
                // that fails, the marker stays and the next open undoes it.
                drop(batches);
                let _ = self.roll_back_unfinished_import();
            }
            return Err(e);
        }
        if batches.applied >= self.import_stop_after.load(Ordering::Relaxed) {
            // The test hook: every batch is written, the final transaction is not.
            return Err(StoreError::Storage("the import was stopped part-way (test hook)".into()));
        }
        drop(batches);
        self.db.flush()?;

        // 3. The audit entry, the counters and the marker's removal, together.
        let counts: serde_json::Map<String, serde_json::Value> = upserts
            .counts()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.plural().to_owned(), n.into()))
            .collect();
        let entry = AuditEntry {
            seq,
            at: Utc::now(),
            actor: self.actor.clone(),
            action: Action::Import,
            kind: None,
            id: None,
            key: None,
            before: None,
            after: Some(serde_json::Value::Object(counts)),
            detail: Some(detail.to_owned()),
            prev_hash: head.hash.clone(),
            hash: String::new(),
        }
        .seal();
        let new_head = AuditHead { seq: entry.seq, hash: entry.hash.clone() };
        let entry_bytes = serde_json::to_vec(&entry)
            .map_err(|e| StoreError::Storage(format!("the audit entry cannot be written: {e}")))?;
        let head_bytes = serde_json::to_vec(&new_head)
            .map_err(|e| StoreError::Storage(format!("the audit head cannot be written: {e}")))?;
        let committed = (&self.audit, &self.meta).transaction(|(audit, meta)| {
            audit.insert(&keys::id_bytes(seq), entry_bytes.as_slice())?;
            meta.insert(keys::META_AUDIT_HEAD, head_bytes.as_slice())?;
            for (kind, next) in next_ids {
                meta.insert(keys::meta_next_id(*kind), &next.to_be_bytes())?;
            }
            meta.remove(marker_key())?;
            Ok::<(), sled::transaction::ConflictableTransactionError<StoreError>>(())
        });
        if let Err(e) = committed {
            // The marker is still there: undo the records now (or, failing that, on the next open).
            let _ = self.roll_back_unfinished_import();
            return Err(e.into());
        }
        self.db.flush()?;
        Ok(report)
    }

    fn write_import_records(
        &self,
        upserts: &Dataset,
        planned: Vec<Planned>,
        seq: u64,
        batches: &mut Batches<'_>,
        report: &mut ApplyReport,
    ) -> Result<()> {
        let ids = import_ids(upserts, &planned);
        report.ids.reserve(planned.len());
        for p in planned {
            let id = keys::id_bytes(p.id);
            batches.insert(kind_index(p.kind), id, p.after)?;
            batches.insert(T_KEY, keys::tagged(p.kind, p.key.as_str().as_bytes()), &id)?;
            if let Some(n) = &p.after_natural {
                batches.insert(T_NATURAL, keys::tagged(p.kind, n.as_bytes()), &id)?;
            }
            for r in &p.after_refs {
                let target = match ids.get(&(r.kind, r.key.as_str())) {
                    Some(t) => Some(*t),
                    None => self.id_of(r.kind, r.key.as_str())?,
                };
                if let Some(target) = target {
                    batches.insert(T_REFS, keys::ref_key(r.kind, target, p.kind, p.id), &[])?;
                }
            }
            batches.insert(T_BY_RECORD, keys::record_audit_key(p.kind, p.id, seq), &[])?;
            report.created += 1;
            report.ids.push((p.kind, p.key, p.id));
        }
        batches.finish();
        Ok(())
    }

    /// Undoes an import that did not finish (its marker is still in `meta`): every record of each
    /// kind at or above the import's start id goes, with its key, uniqueness, reference and audit
    /// index entries, and the id counters return to what they were. Called by `open` before
    /// anything else; does nothing when there is no marker. Safe to repeat if it is interrupted.
    pub(crate) fn roll_back_unfinished_import(&self) -> Result<bool> {
        let Some(bytes) = self.meta.get(marker_key())? else { return Ok(false) };
        let marker: Marker = serde_json::from_slice(&bytes).map_err(|e| {
            StoreError::Storage(format!(
                "the record of an unfinished import cannot be read, so it cannot be undone: {e}"
            ))
        })?;
        let mut starts: HashMap<Kind, u64> = HashMap::new();
        for k in &marker.kinds {
            let kind = Kind::from_tag(k.tag).ok_or_else(|| {
                StoreError::Storage(format!("the record of an unfinished import names an unknown kind ({})", k.name))
            })?;
            starts.insert(kind, k.start);
        }
        let above = |kind: Kind, id: Option<u64>| match (starts.get(&kind), id) {
            (Some(start), Some(id)) => id >= *start,
            _ => false,
        };

        let mut batches = Batches::new(self);
        for (&kind, &start) in &starts {
            let t = kind_index(kind);
            for item in self.records[t].range(keys::id_bytes(start)..) {
                batches.remove(t, item?.0)?;
            }
            for (tree, index) in [(T_KEY, &self.key_index), (T_NATURAL, &self.natural_index)] {
                for item in index.scan_prefix([kind.tag()]) {
                    let (k, v) = item?;
                    if above(kind, keys::id_from(&v)) {
                        batches.remove(tree, k)?;
                    }
                }
            }
            for item in self.audit_by_record.scan_prefix([kind.tag()]) {
                let (k, _) = item?;
                if above(kind, k.get(1..9).and_then(keys::id_from)) {
                    batches.remove(T_BY_RECORD, k)?;
                }
            }
        }
        for item in self.refs.iter() {
            let (k, _) = item?;
            let Some((target, target_id, source, source_id)) = keys::parse_ref_key(&k) else { continue };
            if above(target, Some(target_id)) || above(source, Some(source_id)) {
                batches.remove(T_REFS, k)?;
            }
        }
        batches.finish();
        drop(batches);
        self.db.flush()?;

        (&self.meta, &self.audit).transaction(|(meta, _)| {
            for k in &marker.kinds {
                let Some(kind) = Kind::from_tag(k.tag) else { continue };
                match k.previous_next {
                    Some(n) => meta.insert(keys::meta_next_id(kind), &n.to_be_bytes())?,
                    None => meta.remove(keys::meta_next_id(kind))?,
                };
            }
            meta.remove(marker_key())?;
            Ok::<(), sled::transaction::ConflictableTransactionError<StoreError>>(())
        })?;
        self.db.flush()?;
        Ok(true)
    }

    /// True while an import's marker is in the store (it is being written, or it was cut off and
    /// the store has not been reopened since).
    #[doc(hidden)]
    pub fn import_in_progress(&self) -> Result<bool> {
        Ok(self.meta.get(marker_key())?.is_some())
    }

    /// For tests only: write imports in batches of `entries` entries, and stop an import (as a
    /// crash would, leaving its marker) once `stop_after` batches are written.
    #[doc(hidden)]
    pub fn set_import_batching_for_tests(&self, entries: usize, stop_after: Option<usize>) {
        self.import_batch_entries.store(entries.max(1), Ordering::Relaxed);
        self.import_stop_after.store(stop_after.unwrap_or(usize::MAX), Ordering::Relaxed);
    }
}

/// The id each record of an import will have, by kind and key, borrowing the keys from the
/// dataset (ids were planned in list order from each kind's start).
fn import_ids<'d>(upserts: &'d Dataset, planned: &[Planned]) -> HashMap<(Kind, &'d str), u64> {
    struct V<'d, 'p> {
        ds: &'d Dataset,
        first: HashMap<Kind, u64>,
        planned: &'p [Planned],
        out: HashMap<(Kind, &'d str), u64>,
    }
    impl<'d> KindVisitor for V<'d, '_> {
        fn visit<T: Listed>(&mut self) {
            let Some(start) = self.first.get(&T::KIND).copied() else { return };
            let ds: &'d Dataset = self.ds;
            for (i, r) in T::list(ds).iter().enumerate() {
                let key: &'d Key = r.key();
                self.out.insert((T::KIND, key.as_str()), start + i as u64);
            }
        }
    }
    let mut first = HashMap::new();
    for p in planned {
        first.entry(p.kind).or_insert(p.id);
    }
    let mut v = V { ds: upserts, first, planned, out: HashMap::with_capacity(planned.len()) };
    tenderdesk_domain::visit_kinds(&mut v);
    debug_assert!(v.planned.len() == v.out.len());
    v.out
}
