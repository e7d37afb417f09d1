//! Changes to the store: checked as a whole, then written with their audit entries in one sled
//! transaction (a whole import in batches instead, see `import.rs`). A change with any problem
//! writes nothing.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sled::transaction::Transactional;
use tenderdesk_domain::*;

use crate::audit::{Action, AuditEntry, AuditHead};
use crate::keys;
use crate::lock::Touch;
use crate::lookup::StoreLookup;
use crate::{kind_index, Result, Store, StoreError, T_AUDIT, T_BY_RECORD, T_KEY, T_META, T_NATURAL, T_REFS};

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

/// One write: (tree index, key, new value or removal).
type Write = (usize, Vec<u8>, Option<Vec<u8>>);

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

        // Check every record, and plan ids and index entries.
        let mut planner = Planner {
            store: self,
            changes: &changes,
            hidden: &hidden,
            problems: &mut problems,
            planned: Vec::new(),
            next_ids: HashMap::new(),
            err: None,
        };
        tenderdesk_domain::visit_kinds(&mut planner);
        if let Some(e) = planner.err {
            return Err(e);
        }
        let Planner { planned, next_ids, .. } = planner;
        let lookup = StoreLookup::new(self, &hidden);
        problems.extend(changes.upserts.validate(&lookup));
        if let Some(e) = lookup.into_failure() {
            return Err(e);
        }

        // Deletions: the record must exist and nothing left behind may refer to it.
        let touched: HashSet<(Kind, Key)> = planned.iter().map(|p| (p.kind, p.key.clone())).collect();
        let mut deletions = Vec::new();
        for (kind, key) in &changes.deletes {
            let Some(id) = self.id_of(*kind, key.as_str())? else {
                problems.push(
                    *kind,
                    key.as_str(),
                    "key",
                    format!("there is no {} \"{key}\" to delete", kind.singular()),
                );
                continue;
            };
            let mut sources = Vec::new();
            self.index_scan(crate::packed::Index::Refs, &keys::ref_prefix(*kind, id), |k, _| {
                sources.extend(keys::parse_ref_key(k).map(|(_, _, source_kind, source_id)| (source_kind, source_id)));
                Ok(())
            })?;
            for (source_kind, source_id) in sources {
                let source_key = self
                    .get_json_by_id(source_kind, source_id)?
                    .and_then(|v| v.get("key").and_then(|k| k.as_str()).map(str::to_owned))
                    .unwrap_or_else(|| format!("#{source_id}"));
                let Ok(sk) = Key::parse(&source_key) else { continue };
                if hidden.contains(&(source_kind, sk.clone())) || touched.contains(&(source_kind, sk)) {
                    continue;
                }
                problems.push(
                    *kind,
                    key.as_str(),
                    "key",
                    format!(
                        "{} {key} cannot be deleted: {} {source_key} refers to it",
                        kind.singular(),
                        source_kind.singular()
                    ),
                );
            }
            let before = self.record_bytes(*kind, id)?.unwrap_or_default();
            deletions.push((*kind, key.clone(), id, before));
        }
        // Only these ids can be written or deleted: kept lists read just these again.
        views.writes(planned.iter().map(|p| (p.kind, p.id)).chain(deletions.iter().map(|(k, _, id, _)| (*k, *id))));
        let touches: Vec<Touch<'_>> = planned
            .iter()
            .map(|p| Touch { kind: p.kind, key: &p.key, before: p.before.as_deref(), after: Some(&p.after) })
            .chain(deletions.iter().map(|(kind, key, _, before)| Touch {
                kind: *kind,
                key,
                before: Some(before.as_slice()),
                after: None,
            }))
            .collect();
        self.check_locks(&touches, &mut problems)?;
        drop(touches);
        problems.into_result().map_err(StoreError::Invalid)?;

        // Lay out the writes.
        let ids: HashMap<(Kind, &str), u64> = planned.iter().map(|p| ((p.kind, p.key.as_str()), p.id)).collect();
        let resolve = |kind: Kind, key: &Key| -> Result<Option<u64>> {
            match ids.get(&(kind, key.as_str())) {
                Some(id) => Ok(Some(*id)),
                None => self.id_of(kind, key.as_str()),
            }
        };
        let mut writes: Vec<Write> = Vec::with_capacity(planned.len() * 3 + deletions.len() * 3 + 4);
        let mut head = self.audit_head()?;
        let now = Utc::now();
        let mut audit = |action: Action,
                         kind: Option<Kind>,
                         id: Option<u64>,
                         key: Option<&Key>,
                         before: Option<&[u8]>,
                         after: Option<&[u8]>,
                         detail: Option<String>,
                         writes: &mut Vec<Write>| {
            let entry = AuditEntry {
                seq: head.seq + 1,
                at: now,
                actor: self.actor.clone(),
                action,
                kind: kind.map(|k| k.plural().to_owned()),
                id,
                key: key.map(|k| k.to_string()),
                before: before.and_then(|b| serde_json::from_slice(b).ok()),
                after: after.and_then(|b| serde_json::from_slice(b).ok()),
                detail,
                prev_hash: head.hash.clone(),
                hash: String::new(),
            }
            .seal();
            head = AuditHead { seq: entry.seq, hash: entry.hash.clone() };
            if let (Some(kind), Some(id)) = (kind, id) {
                writes.push((T_BY_RECORD, keys::record_audit_key(kind, id, entry.seq).to_vec(), Some(Vec::new())));
            }
            writes.push((
                T_AUDIT,
                keys::id_bytes(entry.seq).to_vec(),
                Some(serde_json::to_vec(&entry).unwrap_or_default()),
            ));
        };

        let mut report = ApplyReport::default();
        for p in &planned {
            let t = kind_index(p.kind);
            writes.push((t, keys::id_bytes(p.id).to_vec(), Some(p.after.clone())));
            if p.intent == Intent::Insert {
                writes.push((
                    T_KEY,
                    keys::tagged(p.kind, p.key.as_str().as_bytes()),
                    Some(keys::id_bytes(p.id).to_vec()),
                ));
            }
            if p.before_natural != p.after_natural {
                if let Some(old) = &p.before_natural {
                    writes.push((T_NATURAL, keys::tagged(p.kind, old.as_bytes()), None));
                }
                if let Some(new) = &p.after_natural {
                    writes.push((T_NATURAL, keys::tagged(p.kind, new.as_bytes()), Some(keys::id_bytes(p.id).to_vec())));
                }
            }
            for r in &p.before_refs {
                if let Some(target) = self.id_of(r.kind, r.key.as_str())? {
                    writes.push((T_REFS, keys::ref_key(r.kind, target, p.kind, p.id).to_vec(), None));
                }
            }
            for r in &p.after_refs {
                if let Some(target) = resolve(r.kind, &r.key)? {
                    writes.push((T_REFS, keys::ref_key(r.kind, target, p.kind, p.id).to_vec(), Some(Vec::new())));
                }
            }
            if changes.import_detail.is_none() {
                let action = if p.intent == Intent::Insert { Action::Create } else { Action::Update };
                audit(
                    action,
                    Some(p.kind),
                    Some(p.id),
                    Some(&p.key),
                    p.before.as_deref(),
                    Some(&p.after),
                    None,
                    &mut writes,
                );
            }
            match p.intent {
                Intent::Insert => report.created += 1,
                Intent::Update => report.updated += 1,
            }
            report.ids.push((p.kind, p.key.clone(), p.id));
        }
        for (kind, key, id, before) in &deletions {
            writes.push((kind_index(*kind), keys::id_bytes(*id).to_vec(), None));
            writes.push((T_KEY, keys::tagged(*kind, key.as_str().as_bytes()), None));
            let value: serde_json::Value = serde_json::from_slice(before).unwrap_or_default();
            if let Some((natural, refs)) = references_of(*kind, &value) {
                if let Some(n) = natural {
                    writes.push((T_NATURAL, keys::tagged(*kind, n.as_bytes()), None));
                }
                for r in refs {
                    if let Some(target) = self.id_of(r.kind, r.key.as_str())? {
                        writes.push((T_REFS, keys::ref_key(r.kind, target, *kind, *id).to_vec(), None));
                    }
                }
            }
            audit(Action::Delete, Some(*kind), Some(*id), Some(key), Some(before), None, None, &mut writes);
            report.deleted += 1;
        }
        if let Some(detail) = &changes.import_detail {
            let counts: serde_json::Map<String, serde_json::Value> = changes
                .upserts
                .counts()
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| (k.plural().to_owned(), n.into()))
                .collect();
            let after = serde_json::to_vec(&counts).unwrap_or_default();
            audit(Action::Import, None, None, None, None, Some(&after), Some(detail.clone()), &mut writes);
            for p in &planned {
                writes.push((T_BY_RECORD, keys::record_audit_key(p.kind, p.id, head.seq).to_vec(), Some(Vec::new())));
            }
        }
        for (kind, next) in &next_ids {
            writes.push((T_META, keys::meta_next_id(*kind), Some(next.to_be_bytes().to_vec())));
        }
        writes.push((T_META, keys::META_AUDIT_HEAD.to_vec(), Some(serde_json::to_vec(&head).unwrap_or_default())));

        let trees = self.all_trees();
        trees.as_slice().transaction(|tx| {
            for (t, k, v) in &writes {
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
        Ok(report)
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

/// The natural key and references of a stored record, read back from its JSON.
fn references_of(kind: Kind, value: &serde_json::Value) -> Option<(Option<String>, Vec<Reference>)> {
    struct R<'a> {
        kind: Kind,
        value: &'a serde_json::Value,
        out: Option<(Option<String>, Vec<Reference>)>,
    }
    impl KindVisitor for R<'_> {
        fn visit<T: Listed>(&mut self) {
            if T::KIND == self.kind {
                if let Ok(r) = serde_json::from_value::<T>(self.value.clone()) {
                    self.out = Some((r.natural_key().map(|(n, _)| n), r.references()));
                }
            }
        }
    }
    let mut r = R { kind, value, out: None };
    tenderdesk_domain::visit_kinds(&mut r);
    r.out
}

struct Planner<'a> {
    store: &'a Store,
    changes: &'a ChangeSet,
    hidden: &'a HashSet<(Kind, Key)>,
    problems: &'a mut Problems,
    planned: Vec<Planned>,
    next_ids: HashMap<Kind, u64>,
    err: Option<StoreError>,
}

impl Planner<'_> {
    fn plan<T: Listed>(&mut self) -> Result<()> {
        let records = T::list(&self.changes.upserts);
        if records.is_empty() {
            return Ok(());
        }
        let previous_next = self.store.meta.get(keys::meta_next_id(T::KIND))?.and_then(|v| keys::id_from(&v));
        let mut next = previous_next.unwrap_or(1);
        for r in records {
            let key = r.key();
            let existing = self.store.id_of(T::KIND, key.as_str())?;
            let intent = self.changes.intent(T::KIND, key);
            let (id, before) = match (intent, existing) {
                (Intent::Insert, Some(id)) => {
                    self.problems.push(
                        T::KIND,
                        key.as_str(),
                        "key",
                        format!(
                            "the reference \"{key}\" is already taken by {} id {id} in the store",
                            T::KIND.singular()
                        ),
                    );
                    continue;
                }
                (Intent::Update, None) => {
                    self.problems.push(
                        T::KIND,
                        key.as_str(),
                        "key",
                        format!("there is no {} \"{key}\" to change", T::KIND.singular()),
                    );
                    continue;
                }
                (Intent::Insert, None) => {
                    let id = next;
                    next += 1;
                    (id, None)
                }
                (Intent::Update, Some(id)) => (id, self.store.get::<T>(id)?),
            };
            let natural = r.natural_key();
            if let Some((nk, message)) = &natural {
                if let Some(other) = self.store.id_of_natural(T::KIND, nk)? {
                    let other_hidden = match self.store.get::<T>(other)? {
                        Some(o) => self.hidden.contains(&(T::KIND, o.key().clone())),
                        None => true,
                    };
                    if other != id && !other_hidden {
                        self.problems.push(T::KIND, key.as_str(), "key", message.clone());
                    }
                }
            }
            let after = serde_json::to_vec(r).map_err(|e| StoreError::Storage(e.to_string()))?;
            self.planned.push(Planned {
                kind: T::KIND,
                key: key.clone(),
                id,
                intent,
                after,
                after_refs: r.references(),
                after_natural: natural.map(|(n, _)| n),
                before: before.as_ref().map(|b| serde_json::to_vec(b).unwrap_or_default()),
                before_refs: before.as_ref().map(|b| b.references()).unwrap_or_default(),
                before_natural: before.as_ref().and_then(|b| b.natural_key()).map(|(n, _)| n),
            });
        }
        self.next_ids.insert(T::KIND, next);
        Ok(())
    }
}

impl KindVisitor for Planner<'_> {
    fn visit<T: Listed>(&mut self) {
        if self.err.is_none() {
            if let Err(e) = self.plan::<T>() {
                self.err = Some(e);
            }
        }
    }
}
