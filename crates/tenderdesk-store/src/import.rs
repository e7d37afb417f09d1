//! A whole-dataset import, streamed record by record and written in sorted batches behind a
//! marker, instead of parsed whole and written in one sled transaction.
//!
//! sled keeps every write of a transaction in memory until it commits, and a large county's file
//! parsed whole takes several gigabytes, so an import is an [`Import`] session that the dataset
//! reader feeds one record at a time ([`Store::begin_import`], [`Import::add`], [`Import::finish`]):
//!
//! - each record is given its id as it arrives (in file order, from each kind's counter), checked
//!   against the records already read and the store, and its JSON is put into its kind's open
//!   pack (`packed.rs`): up to 64 records with consecutive ids, LZ4-compressed when closed; its
//!   key, natural key and reference entries are kept in memory for the index runs;
//! - closed packs are written a batch at a time; before the first batch an "import in progress"
//!   marker goes into `meta` and is flushed: for every kind, the id its new records start at and
//!   the counter before the import, and the import's run number (its audit sequence);
//! - [`Import::finish`] runs the checks that need the whole file, writes what is left (the last
//!   packs, and one by one any record read before a record it refers to), writes the key,
//!   natural-key and reference entries as sorted runs of 256-entry chunks, flushes, and commits
//!   the import's audit entry, the audit head, the counters and the run's registration and removes
//!   the marker in one small transaction; then a flush. Packs and chunks are read only once their
//!   run is registered, so until that transaction commits the import is invisible.
//!
//! What stays in memory is the records other records' checks look up (providers, arrangements,
//! lots, openings, admissions, rounds, bids, panels, awards: a few per cent of a large file), every
//! key with its id, the natural keys, and one batch — not the file's millions of marks.
//!
//! Checks: a record whose references all resolve is checked at once against the records read so far
//! and the store; a record that refers to one not read yet (a file in an unusual order) is held
//! back and checked and written at the end; the records that others look up are checked at the end
//! (a round's drawing of lots names its bids, which come after it). Once any problem is found
//! nothing more is written; at the end a refused import undoes what it wrote before returning, so
//! nothing of it stays. A file small enough for one batch is checked whole before anything is
//! written.
//!
//! An import only inserts, and its ids are allocated above every id in use, so everything it wrote
//! lies at or above its start ids. If the process stops before the final transaction commits, the
//! marker is still there when the store is next opened, and [`Store::roll_back_unfinished_import`]
//! deletes those records, their packs and chunks and every index entry about them, whichever
//! batches reached the disk.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// The import's maps of every key and natural key: a fast hasher, seeded per process.
type KeyMap = HashMap<String, u64, foldhash::fast::RandomState>;
/// The records of one pack, in id order: (id, JSON).
type PackRecords = Vec<(u64, Vec<u8>)>;
use std::sync::atomic::Ordering;
use std::sync::MutexGuard;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sled::transaction::Transactional;
use tenderdesk_domain::{Dataset, Key, Kind, KindVisitor, Listed, Lookup, Problem, Problems, Record, Reference};

use crate::audit::{Action, AuditEntry, AuditHead};
use crate::changes::ApplyReport;
use crate::lock::Touch;
use crate::lookup::StoreLookup;
use crate::packed::{self, Index};
use crate::{keys, kind_index, Result, Store, StoreError, T_BY_RECORD, T_KEY, T_NATURAL, T_REFS};

/// Entries per batch unless a test asks for fewer.
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

fn marker_key() -> &'static [u8] {
    keys::META_IMPORT_IN_PROGRESS
}

/// The kinds whose records other records' checks read through [`Lookup`]: kept whole in memory
/// during an import, and checked at its end.
fn looked_up(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Authority
            | Kind::Providers
            | Kind::Arrangements
            | Kind::Lots
            | Kind::Openings
            | Kind::Admissions
            | Kind::Rounds
            | Kind::Submissions
            | Kind::Evaluators
            | Kind::Awards
    )
}

/// The kinds an award decision in force locks (see `lock.rs`).
fn lockable(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Submissions | Kind::Evaluators | Kind::Marks | Kind::ModeratedMarks | Kind::Rounds | Kind::Awards
    )
}

/// Where one kind's ids stand in this import.
#[derive(Debug, Clone, Copy)]
struct KindIds {
    start: u64,
    previous_next: Option<u64>,
    /// Records of the kind read so far; the next one gets `start + count`.
    count: usize,
}

/// A record's checks, kept for a record held back to the end.
trait Checks {
    fn validate_against(&self, lookup: &dyn Lookup) -> Problems;
}

impl<T: Record> Checks for T {
    fn validate_against(&self, lookup: &dyn Lookup) -> Problems {
        self.validate(lookup)
    }
}

/// A record that refers to one not read yet: written (and, unless it is kept in `held`, checked)
/// at the end.
struct Deferred {
    kind: Kind,
    id: u64,
    position: usize,
    json: Vec<u8>,
    references: Vec<Reference>,
    checks: Option<Box<dyn Checks>>,
}

/// A problem with where it belongs in the report: refusals by the store first (keys already
/// taken), then the file's own, each group in kind order and file order; lock refusals last.
struct Found {
    group: u8,
    kind: usize,
    position: usize,
    problem: Problem,
}

/// The records read so far that other records' checks look up, by kind and key.
#[derive(Default)]
struct Held {
    ds: Dataset,
    at: Vec<HashMap<Key, usize>>,
}

impl Held {
    fn new() -> Held {
        Held { ds: Dataset::default(), at: vec![HashMap::new(); Kind::ALL.len()] }
    }

    fn push<T: Listed>(&mut self, record: T) {
        let at = &mut self.at[kind_index(T::KIND)];
        at.entry(record.key().clone()).or_insert(T::list(&self.ds).len());
        T::push(&mut self.ds, record);
    }
}

/// The import's records laid over the store's, for checks: the file's are found first.
struct ImportLookup<'a> {
    held: &'a Held,
    ids: &'a [KeyMap],
    store: Option<&'a StoreLookup<'a>>,
}

impl ImportLookup<'_> {
    fn get<T: Listed>(&self, key: &Key) -> Option<Cow<'_, T>> {
        if let Some(i) = self.held.at[kind_index(T::KIND)].get(key) {
            return T::list(&self.held.ds).get(*i).map(Cow::Borrowed);
        }
        self.store.and_then(|s| s.get::<T>(key))
    }
}

impl Lookup for ImportLookup<'_> {
    fn exists(&self, kind: Kind, key: &Key) -> bool {
        self.ids[kind_index(kind)].contains_key(key.as_str()) || self.store.is_some_and(|s| s.exists(kind, key))
    }
    tenderdesk_domain::lookup_getters!();
}

/// An import being read and written: feed it every record of the file with [`Import::add`], then
/// [`Import::finish`]. Dropped unfinished (the file turned out unreadable), it undoes what it
/// wrote. Holds the store's one-writer lock for its whole life.
pub struct Import<'s> {
    store: &'s Store,
    _one_writer: MutexGuard<'s, ()>,
    head: AuditHead,
    /// The store held no record when the import began: nothing to look up in it.
    store_empty: bool,
    /// The store holds award decisions, so imported bids and marks must be checked against locks.
    check_locks: bool,
    kinds: Vec<KindIds>,
    /// Every key read so far, by kind, with the id it was given.
    ids: Vec<KeyMap>,
    /// Every natural key read so far, by kind, with the id of the record holding it.
    naturals: Vec<KeyMap>,
    held: Held,
    deferred: Vec<Deferred>,
    /// Records of the kinds a lock can refuse, when the store has award decisions.
    lock_touches: Vec<(Kind, Key, Vec<u8>)>,
    found: Vec<Found>,
    /// Each kind's pack being filled: (id, JSON) in id order, and its bytes.
    open_packs: Vec<(PackRecords, usize)>,
    /// Packs closed and compressed, waiting for the next batch: (kind, records).
    ready: Vec<(Kind, PackRecords)>,
    /// Records written one by one at the end (read before a record they refer to): (kind, id, JSON).
    loose: Vec<(Kind, u64, Vec<u8>)>,
    /// Every reference entry of the import, for its run.
    refs: Vec<[u8; 18]>,
    /// Records staged since the last batch.
    pending_entries: usize,
    limit: usize,
    stop_after: usize,
    batches_written: usize,
    marker_written: bool,
    /// Set when the test hook stopped the import, to leave it as a crash would.
    interrupted: bool,
    finished: bool,
    no_store_lookup: HashSet<(Kind, Key)>,
}

impl Store {
    /// Starts an import: records are then added one by one, in file order, and the import
    /// finished or dropped. Waits for any other write in this process to end.
    pub fn begin_import(&self) -> Result<Import<'_>> {
        let one_writer = self
            .write
            .lock()
            .map_err(|_| StoreError::Storage("an earlier write failed part-way in this process".into()))?;
        let mut kinds = Vec::with_capacity(Kind::ALL.len());
        for kind in Kind::ALL {
            let previous_next = self.meta.get(keys::meta_next_id(*kind))?.and_then(|v| keys::id_from(&v));
            kinds.push(KindIds { start: previous_next.unwrap_or(1), previous_next, count: 0 });
        }
        Ok(Import {
            store: self,
            _one_writer: one_writer,
            head: self.audit_head()?,
            store_empty: self.is_empty()?,
            check_locks: self.has_records(Kind::Awards)?,
            kinds,
            ids: vec![KeyMap::default(); Kind::ALL.len()],
            naturals: vec![KeyMap::default(); Kind::ALL.len()],
            held: Held::new(),
            deferred: Vec::new(),
            lock_touches: Vec::new(),
            found: Vec::new(),
            open_packs: vec![(Vec::new(), 0); Kind::ALL.len()],
            ready: Vec::new(),
            loose: Vec::new(),
            refs: Vec::new(),
            pending_entries: 0,
            limit: self.import_batch_entries.load(Ordering::Relaxed).max(1),
            stop_after: self.import_stop_after.load(Ordering::Relaxed),
            batches_written: 0,
            marker_written: false,
            interrupted: false,
            finished: false,
            no_store_lookup: HashSet::new(),
        })
    }

    /// Imports a dataset held in memory (`ChangeSet::import`), through the same session.
    pub(crate) fn import_dataset(&self, ds: &Dataset, detail: &str) -> Result<ApplyReport> {
        struct Feed<'i, 's> {
            import: &'i mut Import<'s>,
            ds: &'i Dataset,
            err: Option<StoreError>,
        }
        impl KindVisitor for Feed<'_, '_> {
            fn visit<T: Listed>(&mut self) {
                for r in T::list(self.ds) {
                    if self.err.is_some() {
                        return;
                    }
                    if let Err(e) = self.import.add(r.clone()) {
                        self.err = Some(e);
                    }
                }
            }
        }
        let mut import = self.begin_import()?;
        let mut feed = Feed { import: &mut import, ds, err: None };
        tenderdesk_domain::visit_kinds(&mut feed);
        if let Some(e) = feed.err {
            return Err(e);
        }
        import.finish(detail)
    }
}

impl Import<'_> {
    /// Reads one record of the file: gives it its id, checks what can be checked now, and stages
    /// its entries. Fails only when the store cannot be read or written; problems with the record
    /// are kept and reported by [`Import::finish`].
    pub fn add<T: Listed>(&mut self, record: T) -> Result<()> {
        let k = kind_index(T::KIND);
        let position = self.kinds[k].count;
        self.kinds[k].count += 1;
        let id = self.kinds[k].start + position as u64;
        let key = record.key().clone();

        match self.ids[k].get(key.as_str()) {
            Some(first) => {
                let first = (first - self.kinds[k].start) as usize;
                self.problem(
                    1,
                    k,
                    position,
                    T::KIND,
                    &key,
                    "key",
                    format!(
                        "the reference \"{key}\" is used by {} number {} and number {} in the file; references must \
                         be unique",
                        T::KIND.singular(),
                        first + 1,
                        position + 1
                    ),
                );
            }
            None => {
                self.ids[k].insert(key.as_str().to_owned(), id);
            }
        }
        if !self.store_empty {
            if let Some(taken) = self.store.id_of(T::KIND, key.as_str())? {
                self.problem(
                    0,
                    k,
                    position,
                    T::KIND,
                    &key,
                    "key",
                    format!(
                        "the reference \"{key}\" is already taken by {} id {taken} in the store",
                        T::KIND.singular()
                    ),
                );
            }
        }
        if let Some((nk, message)) = record.natural_key() {
            if !self.store_empty && self.store.id_of_natural(T::KIND, &nk)?.is_some() {
                self.problem(0, k, position, T::KIND, &key, "key", message.clone());
            }
            let repeated = match self.naturals[k].entry(nk) {
                Entry::Occupied(_) => true,
                Entry::Vacant(slot) => {
                    slot.insert(id);
                    false
                }
            };
            if repeated {
                self.problem(1, k, position, T::KIND, &key, "key", message);
            }
        }

        let json = serde_json::to_vec(&record).map_err(|e| StoreError::Storage(e.to_string()))?;
        if self.check_locks && lockable(T::KIND) {
            self.lock_touches.push((T::KIND, key.clone(), json.clone()));
        }
        let references = record.references();
        let mut targets = Vec::with_capacity(references.len());
        for r in &references {
            match self.resolve(r.kind, r.key.as_str())? {
                Some(t) => targets.push((r.kind, t)),
                None => break,
            }
        }
        let resolved = targets.len() == references.len();
        let mut checks: Option<Box<dyn Checks>> = None;
        if looked_up(T::KIND) {
            // Checked at the end, when every record it may look up has been read.
            self.held.push(record);
        } else if resolved {
            let problems = self.validate(&record)?;
            for p in problems.into_vec() {
                self.found.push(Found { group: 1, kind: k, position, problem: p });
            }
        } else {
            checks = Some(Box::new(record));
        }
        if resolved {
            self.stage(T::KIND, id, json, &targets)
        } else {
            self.deferred.push(Deferred { kind: T::KIND, id, position, json, references, checks });
            Ok(())
        }
    }

    /// How many records of each kind have been read, in kind order, leaving out kinds with none.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        Kind::ALL.iter().zip(&self.kinds).filter(|(_, k)| k.count > 0).map(|(kind, k)| (*kind, k.count)).collect()
    }

    /// Runs the checks that need the whole file; if anything is wrong, undoes what was written and
    /// refuses with every problem found. Otherwise writes the rest and commits the import with
    /// its audit entry, which says `detail`.
    pub fn finish(mut self, detail: &str) -> Result<ApplyReport> {
        self.check_held()?;
        let deferred = std::mem::take(&mut self.deferred);
        for d in &deferred {
            if let Some(c) = &d.checks {
                let problems = self.validate_boxed(c.as_ref())?;
                let k = kind_index(d.kind);
                for p in problems.into_vec() {
                    self.found.push(Found { group: 1, kind: k, position: d.position, problem: p });
                }
            }
        }
        if !self.lock_touches.is_empty() {
            let touches: Vec<Touch<'_>> = self
                .lock_touches
                .iter()
                .map(|(kind, key, json)| Touch { kind: *kind, key, before: None, after: Some(json.as_slice()) })
                .collect();
            let mut problems = Problems::new();
            self.store.check_locks(&touches, &mut problems)?;
            drop(touches);
            for p in problems.into_vec() {
                self.found.push(Found { group: 2, kind: kind_index(p.kind), position: 0, problem: p });
            }
        }
        if !self.found.is_empty() {
            let mut found = std::mem::take(&mut self.found);
            found.sort_by_key(|f| (f.group, f.kind, f.position));
            let mut problems = Problems::new();
            for f in found {
                problems.push(f.problem.kind, &f.problem.key, f.problem.field, f.problem.message);
            }
            self.undo()?;
            return Err(StoreError::Invalid(problems));
        }

        for d in deferred {
            for r in &d.references {
                if let Some(t) = self.resolve(r.kind, r.key.as_str())? {
                    self.refs.push(keys::ref_key(r.kind, t, d.kind, d.id));
                }
            }
            // Its id falls among packs already written: it is written on its own, over them.
            self.loose.push((d.kind, d.id, d.json));
        }
        for k in 0..self.open_packs.len() {
            self.close_pack(k);
        }
        self.pending_entries += 1;
        self.write_batch()?;
        self.write_marker()?;
        if self.batches_written >= self.stop_after {
            // The test hook: every batch is written, the final transaction is not.
            self.interrupted = true;
            return Err(StoreError::Storage("the import was stopped part-way (test hook)".into()));
        }
        self.write_runs()?;
        self.store.db.flush()?;
        self.commit(detail)
    }

    /// The id of the record a reference names: read earlier in the file, or already in the store.
    fn resolve(&self, kind: Kind, key: &str) -> Result<Option<u64>> {
        if let Some(id) = self.ids[kind_index(kind)].get(key) {
            return Ok(Some(*id));
        }
        if self.store_empty {
            return Ok(None);
        }
        self.store.id_of(kind, key)
    }

    #[allow(clippy::too_many_arguments)]
    fn problem(&mut self, group: u8, kind: usize, position: usize, k: Kind, key: &Key, field: &str, message: String) {
        let problem = Problem { kind: k, key: key.as_str().to_owned(), field: field.to_owned(), message };
        self.found.push(Found { group, kind, position, problem });
    }

    fn validate<T: Record>(&self, record: &T) -> Result<Problems> {
        self.validate_boxed(record)
    }

    fn validate_boxed(&self, record: &dyn Checks) -> Result<Problems> {
        let store_lookup = StoreLookup::new(self.store, &self.no_store_lookup);
        let lookup = ImportLookup {
            held: &self.held,
            ids: &self.ids,
            store: if self.store_empty { None } else { Some(&store_lookup) },
        };
        let problems = record.validate_against(&lookup);
        match store_lookup.into_failure() {
            Some(e) => Err(e),
            None => Ok(problems),
        }
    }

    /// Checks every record that others look up, now that the whole file has been read.
    fn check_held(&mut self) -> Result<()> {
        struct V<'i, 's> {
            import: &'i Import<'s>,
            found: Vec<Found>,
            err: Option<StoreError>,
        }
        impl KindVisitor for V<'_, '_> {
            fn visit<T: Listed>(&mut self) {
                if !looked_up(T::KIND) || self.err.is_some() {
                    return;
                }
                let k = kind_index(T::KIND);
                for (position, r) in T::list(&self.import.held.ds).iter().enumerate() {
                    match self.import.validate(r) {
                        Ok(problems) => self.found.extend(problems.into_vec().into_iter().map(|problem| Found {
                            group: 1,
                            kind: k,
                            position,
                            problem,
                        })),
                        Err(e) => {
                            self.err = Some(e);
                            return;
                        }
                    }
                }
            }
        }
        let mut v = V { import: self, found: Vec::new(), err: None };
        tenderdesk_domain::visit_kinds(&mut v);
        if let Some(e) = v.err {
            return Err(e);
        }
        let found = v.found;
        self.found.extend(found);
        Ok(())
    }

    /// Stages one record: its JSON into its kind's pack, its references into the run; writes a
    /// batch when enough records have gathered. Its key and natural key are already in `ids` and
    /// `naturals`, from which the run's key indexes are made at the end.
    fn stage(&mut self, kind: Kind, id: u64, json: Vec<u8>, targets: &[(Kind, u64)]) -> Result<()> {
        for (target_kind, target) in targets {
            self.refs.push(keys::ref_key(*target_kind, *target, kind, id));
        }
        let k = kind_index(kind);
        let (pack, bytes) = &mut self.open_packs[k];
        *bytes += json.len();
        pack.push((id, json));
        if pack.len() >= packed::PACK_RECORDS_MAX || *bytes >= packed::PACK_BYTES_MAX {
            self.close_pack(k);
        }
        self.pending_entries += 1;
        if self.pending_entries >= self.limit {
            self.write_batch()?;
        }
        Ok(())
    }

    /// Moves the pack being filled for the kind at `k` to those waiting for the next batch.
    fn close_pack(&mut self, k: usize) {
        let (pack, _) = std::mem::take(&mut self.open_packs[k]);
        if !pack.is_empty() {
            self.ready.push((Kind::ALL[k], pack));
        }
    }

    /// Writes the packs waiting (and, at the end, the records written on their own). Once a
    /// problem has been found nothing more is written: the import will be refused.
    fn write_batch(&mut self) -> Result<()> {
        if self.pending_entries == 0 {
            return Ok(());
        }
        self.pending_entries = 0;
        if !self.found.is_empty() {
            self.ready.clear();
            self.loose.clear();
            return Ok(());
        }
        self.write_marker()?;
        if self.batches_written >= self.stop_after {
            self.interrupted = true;
            return Err(StoreError::Storage("the import was stopped part-way (test hook)".into()));
        }
        // Everything staged goes: a batch ends every kind's pack.
        for k in 0..self.open_packs.len() {
            self.close_pack(k);
        }
        for (kind, pack) in self.ready.drain(..) {
            self.store.write_pack(kind, &pack)?;
        }
        for (kind, id, json) in self.loose.drain(..) {
            self.store.record_tree(kind).insert(keys::id_bytes(id), json)?;
        }
        self.batches_written += 1;
        Ok(())
    }

    /// Writes the import's key, natural-key and reference index entries as its run's sorted
    /// chunks. A file lists most kinds in key order, so each kind's keys, taken in id order, are
    /// usually sorted already and the sort only checks them.
    fn write_runs(&mut self) -> Result<()> {
        let seq = self.head.seq + 1;
        let mut by_tag: Vec<usize> = (0..Kind::ALL.len()).collect();
        by_tag.sort_by_key(|k| Kind::ALL[*k].tag());
        for (index, maps) in [(Index::Key, &self.ids), (Index::Natural, &self.naturals)] {
            let mut run = self.store.run_writer(index, seq);
            for &k in &by_tag {
                let (start, count) = (self.kinds[k].start, self.kinds[k].count);
                let mut keys: Vec<(&str, u64)> = vec![("", 0); count];
                for (key, id) in &maps[k] {
                    if let Some(slot) = id.checked_sub(start).and_then(|p| keys.get_mut(p as usize)) {
                        *slot = (key.as_str(), *id);
                    }
                }
                // Records without a natural key leave their place empty.
                keys.retain(|(_, id)| *id != 0);
                if !keys.is_sorted_by_key(|(key, _)| *key) {
                    keys.sort_unstable_by_key(|(key, _)| *key);
                }
                let tag = [Kind::ALL[k].tag()];
                for (key, id) in keys {
                    run.push(&[&tag, key.as_bytes()], &keys::id_bytes(id))?;
                }
            }
            run.finish()?;
        }
        // Grouped by target kind, each group mostly in order already.
        let mut groups: Vec<Vec<[u8; 18]>> = vec![Vec::new(); 256];
        for r in std::mem::take(&mut self.refs) {
            groups[r[0] as usize].push(r);
        }
        let mut run = self.store.run_writer(Index::Refs, seq);
        for mut group in groups {
            group.sort_unstable();
            group.dedup();
            for r in &group {
                run.push(&[r], &[])?;
            }
        }
        run.finish()
    }

    /// The marker, on disk before any record: every kind's start id and previous counter.
    fn write_marker(&mut self) -> Result<()> {
        if self.marker_written {
            return Ok(());
        }
        let kinds = Kind::ALL
            .iter()
            .zip(&self.kinds)
            .map(|(kind, k)| MarkerKind {
                tag: kind.tag(),
                name: kind.plural().to_owned(),
                start: k.start,
                previous_next: k.previous_next,
            })
            .collect();
        let marker = serde_json::to_vec(&Marker { seq: self.head.seq + 1, kinds })
            .map_err(|e| StoreError::Storage(format!("the import marker cannot be written: {e}")))?;
        self.store.meta.insert(marker_key(), marker)?;
        self.store.db.flush()?;
        self.marker_written = true;
        Ok(())
    }

    /// The audit entry, the counters and the marker's removal, together; then a flush.
    fn commit(mut self, detail: &str) -> Result<ApplyReport> {
        let entry = self.audit_entry(detail);
        let entry_bytes = serde_json::to_vec(&entry)
            .map_err(|e| StoreError::Storage(format!("the audit entry cannot be written: {e}")))?;
        let head_bytes = serde_json::to_vec(&AuditHead { seq: entry.seq, hash: entry.hash.clone() })
            .map_err(|e| StoreError::Storage(format!("the audit head cannot be written: {e}")))?;
        let next_ids: Vec<(Kind, u64)> = Kind::ALL
            .iter()
            .zip(&self.kinds)
            .filter(|(_, k)| k.count > 0)
            .map(|(kind, k)| (*kind, k.start + k.count as u64))
            .collect();
        let store = self.store;
        let mut runs = packed::read_runs(&store.meta)?;
        runs.push(self.run(entry.seq));
        let runs_bytes = packed::runs_bytes(&runs)?;
        let revived = self.revived_keys()?;
        let committed = (&store.audit, &store.meta, &store.key_index, &store.natural_index).transaction(
            |(audit, meta, key_index, natural_index)| {
                audit.insert(&keys::id_bytes(entry.seq), entry_bytes.as_slice())?;
                meta.insert(keys::META_AUDIT_HEAD, head_bytes.as_slice())?;
                for (kind, next) in &next_ids {
                    meta.insert(keys::meta_next_id(*kind), &next.to_be_bytes())?;
                }
                meta.insert(packed::META_RUNS, runs_bytes.as_slice())?;
                meta.remove(marker_key())?;
                for (natural, k) in &revived {
                    if *natural {
                        natural_index.remove(k)?;
                    } else {
                        key_index.remove(k)?;
                    }
                }
                Ok::<(), sled::transaction::ConflictableTransactionError<StoreError>>(())
            },
        );
        if let Err(e) = committed {
            // The marker is still there: undo the records now (or, failing that, on the next open).
            let _ = self.undo();
            return Err(e.into());
        }
        self.finished = true;
        store.reload_runs()?;
        store.db.flush()?;
        // Freeing millions of keys takes a second or two: another thread does it.
        let maps = (std::mem::take(&mut self.ids), std::mem::take(&mut self.naturals), std::mem::take(&mut self.held));
        std::thread::spawn(move || drop(maps));
        let created = self.kinds.iter().map(|k| k.count).sum();
        Ok(ApplyReport { created, ..ApplyReport::default() })
    }

    /// The import's one audit entry, chained onto the head: how many records of each kind it adds.
    fn audit_entry(&self, detail: &str) -> AuditEntry {
        let counts: serde_json::Map<String, serde_json::Value> =
            self.counts().into_iter().map(|(k, n)| (k.plural().to_owned(), n.into())).collect();
        AuditEntry {
            seq: self.head.seq + 1,
            at: Utc::now(),
            actor: self.store.actor.clone(),
            action: Action::Import,
            kind: None,
            id: None,
            key: None,
            before: None,
            after: Some(serde_json::Value::Object(counts)),
            detail: Some(detail.to_owned()),
            prev_hash: self.head.hash.clone(),
            hash: String::new(),
        }
        .seal()
    }

    /// The packed run this import adds: the ids of each kind it wrote, under the audit entry `seq`.
    fn run(&self, seq: u64) -> packed::Run {
        packed::Run {
            seq,
            kinds: Kind::ALL
                .iter()
                .zip(&self.kinds)
                .filter(|(_, k)| k.count > 0)
                .map(|(kind, k)| packed::RunKind {
                    tag: kind.tag(),
                    name: kind.plural().to_owned(),
                    start: k.start,
                    end: k.start + k.count as u64,
                })
                .collect(),
        }
    }

    /// A key or natural key this import brings back, once removed from an earlier run, has a
    /// tombstone lying over every run: it goes, so the new entry is seen. (natural key?, index key)
    fn revived_keys(&self) -> Result<Vec<(bool, sled::IVec)>> {
        let mut revived = Vec::new();
        if self.store_empty {
            return Ok(revived);
        }
        for (natural, tree) in [(false, &self.store.key_index), (true, &self.store.natural_index)] {
            for item in tree.iter() {
                let (k, v) = item?;
                let (Some(tag), Some(rest)) = (k.first(), k.get(1..)) else { continue };
                let Some(kind) = Kind::from_tag(*tag).filter(|_| v.is_empty()) else { continue };
                let Ok(text) = std::str::from_utf8(rest) else { continue };
                let k_index = kind_index(kind);
                let ours = if natural {
                    self.naturals[k_index].contains_key(text)
                } else {
                    self.ids[k_index].contains_key(text)
                };
                if ours {
                    revived.push((natural, k));
                }
            }
        }
        Ok(revived)
    }

    /// Undoes whatever this import wrote.
    fn undo(&mut self) -> Result<()> {
        self.ready.clear();
        self.loose.clear();
        self.finished = true;
        if self.marker_written {
            self.store.roll_back_unfinished_import()?;
        }
        Ok(())
    }
}

impl Drop for Import<'_> {
    /// An import dropped before it finished (the file could not be read to its end) leaves
    /// nothing behind; stopped by the test hook, it stays as a crash would leave it. If the undo
    /// itself fails, the marker stays and the next open undoes it.
    fn drop(&mut self) {
        if !self.finished && !self.interrupted {
            let _ = self.undo();
        }
    }
}

impl Store {
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

        let trees = self.all_trees();
        for (&kind, &start) in &starts {
            let t = kind_index(kind);
            for item in self.records[t].range(keys::id_bytes(start)..) {
                trees[t].remove(item?.0)?;
            }
            for (tree, index) in [(T_KEY, &self.key_index), (T_NATURAL, &self.natural_index)] {
                for item in index.scan_prefix([kind.tag()]) {
                    let (k, v) = item?;
                    if above(kind, keys::id_from(&v)) {
                        trees[tree].remove(k)?;
                    }
                }
            }
            for item in self.audit_by_record.scan_prefix([kind.tag()]) {
                let (k, _) = item?;
                if above(kind, k.get(1..9).and_then(keys::id_from)) {
                    trees[T_BY_RECORD].remove(k)?;
                }
            }
        }
        for item in self.refs.iter() {
            let (k, _) = item?;
            let Some((target, target_id, source, source_id)) = keys::parse_ref_key(&k) else { continue };
            if above(target, Some(target_id)) || above(source, Some(source_id)) {
                trees[T_REFS].remove(k)?;
            }
        }
        // Its packs and its run's chunks (never registered: that is the final transaction).
        let starts: Vec<(Kind, u64)> = starts.iter().map(|(k, s)| (*k, *s)).collect();
        self.drop_unregistered(&starts, marker.seq)?;
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
