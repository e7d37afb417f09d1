//! Changes to the store: checked as a whole, then written with their audit entries in one sled
//! transaction (a whole import in batches instead, see `import.rs`). A change with any problem
//! writes nothing.

use std::collections::{HashMap, HashSet};

use sled::transaction::Transactional;
use tenderdesk_domain::*;

use crate::lock::Touch;
use crate::{Result, Store, StoreError};

mod plan;
mod writes;

use writes::{Write, Writes};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intent {
    Insert,
    Update,
}

/// A set of changes to apply together: records to insert or update, records to delete.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    upserts: Dataset,
    intents: HashMap<(Kind, Key), Intent>,
    deletes: Vec<(Kind, Key)>,
    /// For an import: one audit entry with this detail instead of one per record.
    import_detail: Option<String>,
}

impl ChangeSet {
    pub fn new() -> ChangeSet {
        ChangeSet::default()
    }

    /// Every record of `dataset` added as new; one audit entry, saying `detail`, records it.
    pub fn import(dataset: Dataset, detail: impl Into<String>) -> ChangeSet {
        ChangeSet { upserts: dataset, intents: HashMap::new(), deletes: Vec::new(), import_detail: Some(detail.into()) }
    }

    /// A new record; refused if its key is taken.
    pub fn insert<T: Listed>(&mut self, record: T) -> &mut ChangeSet {
        self.intents.insert((T::KIND, record.key().clone()), Intent::Insert);
        T::push(&mut self.upserts, record);
        self
    }

    /// A new version of an existing record, found by its key; refused if there is none.
    pub fn update<T: Listed>(&mut self, record: T) -> &mut ChangeSet {
        self.intents.insert((T::KIND, record.key().clone()), Intent::Update);
        T::push(&mut self.upserts, record);
        self
    }

    /// The record of `kind` with `key` removed; refused while another record refers to it.
    pub fn delete(&mut self, kind: Kind, key: Key) -> &mut ChangeSet {
        self.deletes.push((kind, key));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.upserts.record_count() == 0 && self.deletes.is_empty()
    }

    /// The kinds of record this change writes or deletes.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = self.upserts.counts().into_iter().filter(|(_, n)| *n > 0).map(|(k, _)| k).collect();
        kinds.extend(self.deletes.iter().map(|(k, _)| *k));
        kinds.sort_by_key(|k| k.tag());
        kinds.dedup();
        kinds
    }

    fn intent(&self, kind: Kind, key: &Key) -> Intent {
        if self.import_detail.is_some() {
            Intent::Insert
        } else {
            self.intents.get(&(kind, key.clone())).copied().unwrap_or(Intent::Insert)
        }
    }
}

/// What a change did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    /// The id given to or held by each record written, in the order written.
    pub ids: Vec<(Kind, Key, u64)>,
}

/// One record about to be written.
pub(crate) struct Planned {
    pub(crate) kind: Kind,
    pub(crate) key: Key,
    pub(crate) id: u64,
    pub(crate) intent: Intent,
    pub(crate) after: Vec<u8>,
    pub(crate) after_refs: Vec<Reference>,
    pub(crate) after_natural: Option<String>,
    pub(crate) before: Option<Vec<u8>>,
    pub(crate) before_refs: Vec<Reference>,
    pub(crate) before_natural: Option<String>,
}

/// One record about to be deleted, with its stored bytes.
struct Deletion {
    kind: Kind,
    key: Key,
    id: u64,
    before: Vec<u8>,
}

impl Store {
    /// Checks and applies a set of changes atomically.
    pub fn apply(&self, changes: ChangeSet) -> Result<ApplyReport> {
        // A whole import is streamed through an import session, in bounded batches behind a
        // marker, undone on the next open if it is cut off (import.rs).
        if let (Some(detail), true) = (&changes.import_detail, changes.deletes.is_empty()) {
            return self.import_dataset(&changes.upserts, detail);
        }
        let _one_writer = self
            .write
            .lock()
            .map_err(|_| StoreError::Storage("an earlier write failed part-way in this process".into()))?;
        // Views kept in memory that read these kinds are computed again after this change.
        let mut views = crate::cache::Invalidate::new(self, changes.kinds());
        let mut problems = Problems::new();
        let hidden: HashSet<(Kind, Key)> = changes.deletes.iter().cloned().collect();
        let (planned, next_ids) = self.plan(&changes, &hidden, &mut problems)?;
        let deletions = self.check_deletions(&changes, &hidden, &planned, &mut problems)?;
        // Only these ids can be written or deleted: kept lists read just these again.
        views.writes(planned.iter().map(|p| (p.kind, p.id)).chain(deletions.iter().map(|d| (d.kind, d.id))));
        self.check_touches(&planned, &deletions, &mut problems)?;
        problems.into_result().map_err(StoreError::Invalid)?;
        let mut writes = Writes::new(self, &planned)?;
        let mut report = ApplyReport::default();
        for p in &planned {
            writes.record(p, changes.import_detail.is_none())?;
            match p.intent {
                Intent::Insert => report.created += 1,
                Intent::Update => report.updated += 1,
            }
            report.ids.push((p.kind, p.key.clone(), p.id));
        }
        for d in &deletions {
            writes.deletion(d)?;
            report.deleted += 1;
        }
        if let Some(detail) = &changes.import_detail {
            writes.import(detail, &changes.upserts, &planned);
        }
        self.commit(&writes.finish(&next_ids))?;
        Ok(report)
    }

    /// The award locks: no change may touch what an award in force fixed.
    fn check_touches(&self, planned: &[Planned], deletions: &[Deletion], problems: &mut Problems) -> Result<()> {
        let touches: Vec<Touch<'_>> = planned
            .iter()
            .map(|p| Touch { kind: p.kind, key: &p.key, before: p.before.as_deref(), after: Some(&p.after) })
            .chain(deletions.iter().map(|d| Touch {
                kind: d.kind,
                key: &d.key,
                before: Some(d.before.as_slice()),
                after: None,
            }))
            .collect();
        self.check_locks(&touches, problems)
    }

    /// Writes every one of `writes` in one sled transaction, then flushes.
    fn commit(&self, writes: &[Write]) -> Result<()> {
        let trees = self.all_trees();
        trees.as_slice().transaction(|tx| {
            for (t, k, v) in writes {
                match v {
                    Some(v) => tx[*t].insert(k.as_slice(), v.as_slice())?,
                    // What a packed run may hold is hidden by a tombstone rather than removed.
                    None => match self.removal(*t) {
                        Some(tombstone) => tx[*t].insert(k.as_slice(), tombstone)?,
                        None => tx[*t].remove(k.as_slice())?,
                    },
                };
            }
            Ok::<(), sled::transaction::ConflictableTransactionError<StoreError>>(())
        })?;
        self.db.flush()?;
        Ok(())
    }

    /// Adds one new record.
    pub fn insert<T: Listed>(&self, record: T) -> Result<u64> {
        let key = record.key().clone();
        let mut c = ChangeSet::new();
        c.insert(record);
        let report = self.apply(c)?;
        report
            .ids
            .into_iter()
            .find(|(k, key2, _)| *k == T::KIND && *key2 == key)
            .map(|(_, _, id)| id)
            .ok_or_else(|| StoreError::Storage("the new record was not given an id".into()))
    }

    /// Replaces an existing record (found by its key).
    pub fn update<T: Listed>(&self, record: T) -> Result<()> {
        let mut c = ChangeSet::new();
        c.update(record);
        self.apply(c).map(|_| ())
    }

    /// Deletes a record that nothing refers to.
    pub fn delete(&self, kind: Kind, key: &Key) -> Result<()> {
        let mut c = ChangeSet::new();
        c.delete(kind, key.clone());
        self.apply(c).map(|_| ())
    }
}
