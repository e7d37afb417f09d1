//! The store: TenderDesk's records in sled, on the officer's own machine.
//!
//! A tree per kind of record (`record/providers`, …) keyed by big-endian id; index trees for keys,
//! natural keys and references; the audit log; a meta tree with the schema version. Every change —
//! one record or a whole dataset — is checked first, then written with its audit entry in one sled
//! transaction (a whole import in batches behind a marker instead: see `import.rs`), then flushed.
//! This is the only crate that knows sled.

mod audit;
mod backup;
mod cache;
mod changes;
mod counts;
mod derived;
mod error;
mod import;
mod keys;
mod lock;
mod lookup;
mod migrate;
mod packed;
mod verify;

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::Mutex;

use tenderdesk_domain::{Dataset, Key, Kind, KindVisitor, Listed, Record};

pub use audit::{Action, AuditEntry, AuditHead};
pub use backup::BackupSummary;
pub use changes::{ApplyReport, ChangeSet};
pub use error::{Result, StoreError};
pub use import::Import;
pub use migrate::{Migration, CURRENT_SCHEMA_VERSION};
pub use verify::VerifyReport;

/// An open store. Holds the data folder's lock for as long as it lives.
pub struct Store {
    db: sled::Db,
    /// Record trees in `Kind::ALL` order.
    records: Vec<sled::Tree>,
    key_index: sled::Tree,
    natural_index: sled::Tree,
    refs: sled::Tree,
    audit_by_record: sled::Tree,
    audit: sled::Tree,
    meta: sled::Tree,
    /// Records and index entries written by imports, packed (`packed.rs`).
    pack_records: sled::Tree,
    pack_index: sled::Tree,
    /// The imports whose packs are in force, as `meta` records them.
    runs: packed::Runs,
    actor: String,
    path: PathBuf,
    /// One writer at a time within the process (the folder lock keeps other processes out).
    write: Mutex<()>,
    /// Entries per batch when writing an import, and (tests only) after how many batches to stop.
    import_batch_entries: AtomicUsize,
    import_stop_after: AtomicUsize,
    /// Views computed from the records, kept until a change touches what they read (`cache.rs`).
    cache: cache::ViewCache,
    _lock: File,
}

/// Opens sled in `path`. The folder lock is already ours, so no other TenderDesk has the store;
/// if sled's own lock is still taken, it is a handle of this process just closed, whose
/// background flusher thread sled 0.34 does not wait for (spacejam/sled#1289): try again for up
/// to two seconds before giving up.
fn open_sled(path: &Path) -> Result<sled::Db> {
    let mut wait = std::time::Duration::from_millis(5);
    let mut waited = std::time::Duration::ZERO;
    loop {
        match sled::Config::new().path(path).open() {
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock") && waited < std::time::Duration::from_secs(2) =>
            {
                std::thread::sleep(wait);
                waited += wait;
                wait = (wait * 2).min(std::time::Duration::from_millis(200));
            }
            opened => return Ok(opened?),
        }
    }
}

impl Store {
    /// Opens (or creates) the store in `dir`, recording changes in the audit log as `actor`.
    pub fn open(dir: &Path, actor: &str) -> Result<Store> {
        Store::open_with(dir, actor, migrate::MIGRATIONS, CURRENT_SCHEMA_VERSION)
    }

    /// Opens with a given list of migrations up to `target` (tests use their own).
    pub fn open_with(dir: &Path, actor: &str, migrations: &[Migration], target: u32) -> Result<Store> {
        let folder = |source| StoreError::Folder { path: dir.to_owned(), source };
        std::fs::create_dir_all(dir).map_err(folder)?;
        let lock = lock_folder(dir)?;
        let db = open_sled(&dir.join("store"))?;
        let tree = |name: &str| db.open_tree(name);
        let records = Kind::ALL.iter().map(|k| tree(&keys::record_tree_name(*k))).collect::<sled::Result<Vec<_>>>()?;
        let store = Store {
            key_index: tree(keys::KEY_INDEX)?,
            natural_index: tree(keys::NATURAL_INDEX)?,
            refs: tree(keys::REFS)?,
            audit_by_record: tree(keys::AUDIT_BY_RECORD)?,
            audit: tree(keys::AUDIT)?,
            meta: tree(keys::META)?,
            pack_records: tree(packed::PACK_RECORDS)?,
            pack_index: tree(packed::PACK_INDEX)?,
            runs: packed::Runs::default(),
            records,
            db,
            actor: actor.to_owned(),
            path: dir.to_owned(),
            write: Mutex::new(()),
            import_batch_entries: AtomicUsize::new(import::DEFAULT_BATCH_ENTRIES),
            import_stop_after: AtomicUsize::new(usize::MAX),
            cache: cache::ViewCache::new(),
            _lock: lock,
        };
        // An import cut off part-way is undone before anything reads the store.
        store.roll_back_unfinished_import()?;
        store.reload_runs()?;
        migrate::bring_up_to_date(&store, migrations, target)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    fn record_tree(&self, kind: Kind) -> &sled::Tree {
        &self.records[kind_index(kind)]
    }

    /// Every tree, in the order a transaction sees them: the record trees in `Kind::ALL` order,
    /// then the trees named by the `T_*` positions.
    fn all_trees(&self) -> Vec<sled::Tree> {
        let mut trees = self.records.clone();
        trees.extend(
            [&self.key_index, &self.natural_index, &self.refs, &self.audit, &self.meta, &self.audit_by_record]
                .map(Clone::clone),
        );
        trees
    }

    /// True when the store holds no record at all.
    pub fn is_empty(&self) -> Result<bool> {
        for kind in Kind::ALL {
            if self.has_records(*kind)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The number of records of a kind. Counted by reading them all, so this is not for a hot
    /// path.
    pub fn count(&self, kind: Kind) -> Result<usize> {
        let mut n = 0;
        self.scan_records(kind, 0, u64::MAX, |_, _| {
            n += 1;
            Ok(true)
        })?;
        Ok(n)
    }

    /// The id of the record of `kind` with `key`.
    pub fn id_of(&self, kind: Kind, key: &str) -> Result<Option<u64>> {
        Ok(self.index_get(packed::Index::Key, &keys::tagged(kind, key.as_bytes()))?.and_then(|v| keys::id_from(&v)))
    }

    /// The id of the record of `kind` holding the natural key `natural` (one bid per bidder per
    /// lot per round…).
    pub(crate) fn id_of_natural(&self, kind: Kind, natural: &str) -> Result<Option<u64>> {
        Ok(self
            .index_get(packed::Index::Natural, &keys::tagged(kind, natural.as_bytes()))?
            .and_then(|v| keys::id_from(&v)))
    }

    /// A record by id.
    pub fn get<T: Record>(&self, id: u64) -> Result<Option<T>> {
        match self.record_bytes(T::KIND, id)? {
            None => Ok(None),
            Some(bytes) => decode(T::KIND, id, &bytes).map(Some),
        }
    }

    /// A record by key, with its id.
    pub fn get_by_key<T: Record>(&self, key: &str) -> Result<Option<(u64, T)>> {
        match self.id_of(T::KIND, key)? {
            None => Ok(None),
            Some(id) => Ok(self.get::<T>(id)?.map(|r| (id, r))),
        }
    }

    /// A record by key ("HC-2025-03") or, when no record of the kind has that key, by id ("12").
    pub fn get_json(&self, kind: Kind, id_or_key: &str) -> Result<Option<(u64, serde_json::Value)>> {
        let id = match self.id_of(kind, id_or_key)? {
            Some(id) => Some(id),
            None => id_or_key.trim().parse::<u64>().ok(),
        };
        match id {
            Some(id) => Ok(self.get_json_by_id(kind, id)?.map(|v| (id, v))),
            None => Ok(None),
        }
    }

    /// A record by id, as JSON, whatever its kind.
    pub fn get_json_by_id(&self, kind: Kind, id: u64) -> Result<Option<serde_json::Value>> {
        match self.record_bytes(kind, id)? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| StoreError::Corrupt {
                kind,
                id,
                reason: e.to_string(),
            }),
        }
    }

    /// Every record of a kind, in id order.
    pub fn list<T: Record>(&self) -> Result<Vec<(u64, T)>> {
        let mut out = Vec::new();
        self.scan_records(T::KIND, 0, u64::MAX, |id, v| {
            out.push((id, decode(T::KIND, id, v)?));
            Ok(true)
        })?;
        Ok(out)
    }

    /// The records of type `T` that refer to the record of `target` kind with `key` (the bids,
    /// marks and awards of a round…), in id order, through the reference index.
    pub fn referring<T: Record>(&self, target: Kind, key: &str) -> Result<Vec<(u64, T)>> {
        let Some(target_id) = self.id_of(target, key)? else { return Ok(Vec::new()) };
        self.get_many(&self.referring_ids(target, target_id, T::KIND)?)
    }

    /// The records of type `T` with the ids given, once each in id order; an id with no record is
    /// left out. Ids in a row (a round's marks, imported together) are read as one range of the
    /// tree rather than one look-up each.
    pub fn get_many<T: Record>(&self, ids: &[u64]) -> Result<Vec<(u64, T)>> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        let mut rest = ids.as_slice();
        while let Some(&first) = rest.first() {
            // The longest run first, first + 1, … at the start of `rest`.
            let run = rest.iter().enumerate().take_while(|(i, id)| first.checked_add(*i as u64) == Some(**id)).count();
            let last = rest[run - 1];
            if run == 1 {
                if let Some(bytes) = self.record_bytes(T::KIND, first)? {
                    out.push((first, decode(T::KIND, first, &bytes)?));
                }
            } else {
                self.scan_records(T::KIND, first, last, |id, v| {
                    out.push((id, decode(T::KIND, id, v)?));
                    Ok(true)
                })?;
            }
            rest = &rest[run..];
        }
        Ok(out)
    }

    /// Every record of a kind as JSON, in id order, whatever its type.
    pub fn list_json(&self, kind: Kind) -> Result<Vec<(u64, serde_json::Value)>> {
        let mut out = Vec::new();
        self.scan_records(kind, 0, u64::MAX, |id, v| {
            out.push((
                id,
                serde_json::from_slice(v).map_err(|e| StoreError::Corrupt { kind, id, reason: e.to_string() })?,
            ));
            Ok(true)
        })?;
        Ok(out)
    }

    /// Every record, as a dataset: what `export` writes.
    pub fn export(&self) -> Result<Dataset> {
        struct E<'a> {
            store: &'a Store,
            ds: Dataset,
            err: Option<StoreError>,
        }
        impl KindVisitor for E<'_> {
            fn visit<T: Listed>(&mut self) {
                if self.err.is_some() {
                    return;
                }
                match self.store.list::<T>() {
                    Ok(list) => list.into_iter().for_each(|(_, r)| T::push(&mut self.ds, r)),
                    Err(e) => self.err = Some(e),
                }
            }
        }
        let mut e = E { store: self, ds: Dataset::default(), err: None };
        tenderdesk_domain::visit_kinds(&mut e);
        match e.err {
            Some(err) => Err(err),
            None => Ok(e.ds),
        }
    }

    /// The audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        for item in self.audit.iter() {
            let (k, v) = item?;
            let seq = keys::id_from(&k).unwrap_or(0);
            out.push(
                serde_json::from_slice(&v)
                    .map_err(|e| StoreError::Storage(format!("audit entry {seq} cannot be read: {e}")))?,
            );
        }
        Ok(out)
    }

    /// The audit entries about one record, oldest first: the import or creation that brought it
    /// in and every change since. Found through an index, not by reading the whole log.
    pub fn history(&self, kind: Kind, key: &Key) -> Result<Vec<AuditEntry>> {
        let Some(id) = self.id_of(kind, key.as_str())? else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for seq in self.history_seqs(kind, id)? {
            if let Some(v) = self.audit.get(keys::id_bytes(seq))? {
                out.push(
                    serde_json::from_slice(&v)
                        .map_err(|e| StoreError::Storage(format!("audit entry {seq} cannot be read: {e}")))?,
                );
            }
        }
        Ok(out)
    }

    /// The sequence numbers of the audit entries about one record, in order: the import whose
    /// run brought it in, and those the audit index names.
    pub(crate) fn history_seqs(&self, kind: Kind, id: u64) -> Result<Vec<u64>> {
        let mut seqs = self.run_history(kind, id);
        for item in self.audit_by_record.scan_prefix(keys::record_prefix(kind, id)) {
            let (k, _) = item?;
            if let Some(seq) = k.get(9..).and_then(keys::id_from) {
                seqs.push(seq);
            }
        }
        seqs.sort_unstable();
        seqs.dedup();
        Ok(seqs)
    }

    fn audit_head(&self) -> Result<AuditHead> {
        match self.meta.get(keys::META_AUDIT_HEAD)? {
            None => Ok(AuditHead::default()),
            Some(v) => serde_json::from_slice(&v)
                .map_err(|e| StoreError::Storage(format!("the audit head cannot be read: {e}"))),
        }
    }

    /// Access to the raw trees, for tests that tamper with the store as an attacker would.
    #[doc(hidden)]
    pub fn raw_tree(&self, name: &str) -> Result<sled::Tree> {
        Ok(self.db.open_tree(name)?)
    }

    /// Writes everything to disk.
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }
}

/// Where a kind's record tree stands among the record trees (and in `Store::all_trees`).
pub(crate) fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// Positions of the other trees in `Store::all_trees`, after the record trees.
pub(crate) const T_KEY: usize = Kind::ALL.len();
pub(crate) const T_NATURAL: usize = T_KEY + 1;
pub(crate) const T_REFS: usize = T_KEY + 2;
pub(crate) const T_AUDIT: usize = T_KEY + 3;
pub(crate) const T_META: usize = T_KEY + 4;
pub(crate) const T_BY_RECORD: usize = T_KEY + 5;

fn decode<T: Record>(kind: Kind, id: u64, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt { kind, id, reason: e.to_string() })
}

/// Takes the folder's lock file, or says who holds it.
fn lock_folder(dir: &Path) -> Result<File> {
    let path = dir.join("tenderdesk.lock");
    let folder = |source| StoreError::Folder { path: dir.to_owned(), source };
    let mut file =
        OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(folder)?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0).map_err(folder)?;
            file.rewind().map_err(folder)?;
            write!(file, "{}", std::process::id()).map_err(folder)?;
            file.flush().map_err(folder)?;
            Ok(file)
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            let holder = match pid.trim() {
                "" => String::new(),
                p => format!(" (process {p})"),
            };
            Err(StoreError::InUse { path: dir.to_owned(), holder })
        }
        Err(std::fs::TryLockError::Error(e)) => Err(folder(e)),
    }
}
