//! Packed imports: what an import writes, a few large sled values instead of millions of small
//! ones, and the reads that merge them with the entries written one by one since.
//!
//! sled 0.34 costs about 10 µs of CPU per entry inserted, whatever its size, and its open time
//! follows the number of entries; a large county's import gave each of its 1.9 million records
//! about seven entries. An import now writes instead:
//!
//! - **record packs** (tree `pack/records`): up to [`PACK_RECORDS_MAX`] records of one kind with
//!   consecutive ids in one value, keyed `[kind tag] ++ first id`, compressed with LZ4;
//! - **index runs** (tree `pack/index`): the import's key, natural-key and reference index entries,
//!   sorted and cut into chunks of [`CHUNK_ENTRIES`], keyed `[index code] ++ run ++ first key`;
//! - no per-record audit-index entry: the run's id ranges say which import brought a record in.
//!
//! A run is the import's audit sequence number. It is registered in `meta` (`packed_runs`: each
//! kind's id range) by the import's final transaction, and packs and chunks outside a registered
//! run are never read, so a cut-off import is invisible before the next open undoes it.
//!
//! Everything written later, one record at a time (`Store::apply`), goes to the trees it always
//! went to — `record/<kind>`, `index/key`, `index/natural`, `index/referenced_by`,
//! `index/audit_by_record` — which lie over the packs: an entry there wins over a pack's. A removal
//! of something a pack may hold is written there as a **tombstone**: an empty value in a record
//! tree or the key and natural-key indexes (a live value there is never empty), and the value `-`
//! in the reference index (a live value there is always empty). A store with no run (one written
//! only by changes, or made before imports were packed) is read exactly as before.

use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};
use tenderdesk_domain::Kind;

use crate::{keys, Result, Store, StoreError, T_KEY, T_NATURAL, T_REFS};

/// Tree of record packs: `[kind tag] ++ first id` → LZ4 of the pack.
pub const PACK_RECORDS: &str = "pack/records";
/// Tree of index chunks: `[index code] ++ run ++ first key` → LZ4 of the chunk.
pub const PACK_INDEX: &str = "pack/index";
/// In `meta`: the registered runs, as JSON.
pub const META_RUNS: &[u8] = b"packed_runs";

/// At most this many records in a pack…
pub(crate) const PACK_RECORDS_MAX: usize = 64;
/// …and a pack is closed once its records reach this many bytes.
pub(crate) const PACK_BYTES_MAX: usize = 32 * 1024;
/// Index entries per chunk.
pub(crate) const CHUNK_ENTRIES: usize = 256;
/// The largest decompressed pack or chunk a reader accepts (a damaged size prefix must not make
/// it allocate gigabytes).
const DECOMPRESSED_MAX: usize = 64 << 20;

/// The indexes an import packs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Index {
    /// `[kind tag] ++ key` → id.
    Key,
    /// `[kind tag] ++ natural key` → id.
    Natural,
    /// `[target tag] ++ target id ++ [source tag] ++ source id` → empty.
    Refs,
}

impl Index {
    fn code(self) -> u8 {
        match self {
            Index::Key => b'k',
            Index::Natural => b'n',
            Index::Refs => b'r',
        }
    }

    fn overlay(self, store: &Store) -> &sled::Tree {
        match self {
            Index::Key => &store.key_index,
            Index::Natural => &store.natural_index,
            Index::Refs => &store.refs,
        }
    }

    /// True when an overlay value says "removed".
    pub(crate) fn is_tombstone(self, value: &[u8]) -> bool {
        match self {
            Index::Key | Index::Natural => value.is_empty(),
            Index::Refs => !value.is_empty(),
        }
    }

    pub(crate) fn tombstone(self) -> Vec<u8> {
        match self {
            Index::Key | Index::Natural => Vec::new(),
            Index::Refs => b"-".to_vec(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Index::Key => "key index",
            Index::Natural => "uniqueness index",
            Index::Refs => "reference index",
        }
    }
}

/// One import's packed records and index entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Run {
    /// The import's audit sequence number.
    pub seq: u64,
    pub kinds: Vec<RunKind>,
}

/// The ids one run gave to one kind: `start..end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RunKind {
    pub tag: u8,
    /// The kind's plural name, for a person reading the tree.
    pub name: String,
    pub start: u64,
    pub end: u64,
}

impl Run {
    fn covers(&self, kind: Kind, id: u64) -> bool {
        self.kinds.iter().any(|k| k.tag == kind.tag() && k.start <= id && id < k.end)
    }
}

/// The registered runs, read from `meta` when the store opens and after each import or restore.
#[derive(Debug, Default)]
pub(crate) struct Runs(RwLock<Arc<Vec<Run>>>);

impl Runs {
    pub(crate) fn snapshot(&self) -> Arc<Vec<Run>> {
        self.0.read().map(|r| r.clone()).unwrap_or_default()
    }

    fn any(&self) -> bool {
        self.0.read().map(|r| !r.is_empty()).unwrap_or(true)
    }

    fn covers(&self, kind: Kind, id: u64) -> bool {
        self.0.read().map(|r| r.iter().any(|run| run.covers(kind, id))).unwrap_or(false)
    }

    fn set(&self, runs: Vec<Run>) {
        if let Ok(mut r) = self.0.write() {
            *r = Arc::new(runs);
        }
    }
}

pub(crate) fn read_runs(meta: &sled::Tree) -> Result<Vec<Run>> {
    match meta.get(META_RUNS)? {
        None => Ok(Vec::new()),
        Some(v) => serde_json::from_slice(&v)
            .map_err(|e| StoreError::Storage(format!("the list of imported runs cannot be read: {e}"))),
    }
}

pub(crate) fn runs_bytes(runs: &[Run]) -> Result<Vec<u8>> {
    serde_json::to_vec(runs).map_err(|e| StoreError::Storage(format!("the list of imported runs: {e}")))
}

fn corrupt(what: String) -> StoreError {
    StoreError::Damaged(what)
}

fn decompress(bytes: &[u8], what: impl Fn() -> String) -> Result<Vec<u8>> {
    let size = bytes.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    match size {
        Some(n) if n <= DECOMPRESSED_MAX => {}
        _ => return Err(corrupt(what())),
    }
    lz4_flex::decompress_size_prepended(bytes).map_err(|_| corrupt(what()))
}

// ---------------------------------------------------------------------------------------------
// Record packs

/// Packs records (id, JSON) of one kind, in id order.
pub(crate) fn encode_pack(records: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let total: usize = records.iter().map(|(_, j)| j.len()).sum();
    let mut raw = Vec::with_capacity(4 + records.len() * 12 + total);
    raw.extend_from_slice(&(records.len() as u32).to_le_bytes());
    for (id, json) in records {
        raw.extend_from_slice(&id.to_le_bytes());
        raw.extend_from_slice(&(json.len() as u32).to_le_bytes());
    }
    for (_, json) in records {
        raw.extend_from_slice(json);
    }
    lz4_flex::compress_prepend_size(&raw)
}

/// A pack, decompressed: each record's id and where its JSON lies.
pub(crate) struct Pack {
    raw: Vec<u8>,
    entries: Vec<(u64, usize, usize)>,
}

impl Pack {
    pub(crate) fn decode(kind: Kind, first: u64, bytes: &[u8]) -> Result<Pack> {
        let what = || format!("the pack of {} from id {first}", kind.plural());
        let raw = decompress(bytes, what)?;
        let count = raw.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
        let Some(count) = count.filter(|n| 4 + n * 12 <= raw.len()) else { return Err(corrupt(what())) };
        let mut entries = Vec::with_capacity(count);
        let mut at = 4 + count * 12;
        for i in 0..count {
            let h = &raw[4 + i * 12..4 + i * 12 + 12];
            let id = u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
            let len = u32::from_le_bytes([h[8], h[9], h[10], h[11]]) as usize;
            let end = at.checked_add(len).filter(|e| *e <= raw.len()).ok_or_else(|| corrupt(what()))?;
            entries.push((id, at, end));
            at = end;
        }
        Ok(Pack { raw, entries })
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &[u8])> {
        self.entries.iter().map(|(id, s, e)| (*id, &self.raw[*s..*e]))
    }

    fn find(&self, id: u64) -> Option<&[u8]> {
        let i = self.entries.binary_search_by_key(&id, |(i, _, _)| *i).ok()?;
        let (_, s, e) = self.entries[i];
        Some(&self.raw[s..e])
    }
}

fn pack_key(kind: Kind, first: u64) -> [u8; 9] {
    keys::record_prefix(kind, first)
}

// ---------------------------------------------------------------------------------------------
// Index chunks

/// One chunk being encoded: a count, then each entry as (u16 key length, u16 value length, key,
/// value), in key order; its first key names it in the tree.
#[derive(Default)]
struct ChunkEncoder {
    raw: Vec<u8>,
    first: Vec<u8>,
    count: u32,
}

impl ChunkEncoder {
    /// Adds an entry whose key is the concatenation of `key`'s parts.
    fn push(&mut self, key: &[&[u8]], value: &[u8]) -> Result<()> {
        let len: usize = key.iter().map(|p| p.len()).sum();
        let (Ok(kl), Ok(vl)) = (u16::try_from(len), u16::try_from(value.len())) else {
            return Err(StoreError::Storage("an index entry longer than 64 KiB".into()));
        };
        if self.count == 0 {
            self.raw.clear();
            self.raw.extend_from_slice(&0u32.to_le_bytes());
            self.first.clear();
            key.iter().for_each(|p| self.first.extend_from_slice(p));
        }
        self.raw.extend_from_slice(&kl.to_le_bytes());
        self.raw.extend_from_slice(&vl.to_le_bytes());
        key.iter().for_each(|p| self.raw.extend_from_slice(p));
        self.raw.extend_from_slice(value);
        self.count += 1;
        Ok(())
    }

    fn is_full(&self) -> bool {
        self.count as usize >= CHUNK_ENTRIES
    }

    /// The chunk's first key and its compressed bytes, leaving the encoder empty; nothing when
    /// it holds no entry.
    fn take(&mut self) -> Option<(&[u8], Vec<u8>)> {
        if self.count == 0 {
            return None;
        }
        self.raw[..4].copy_from_slice(&self.count.to_le_bytes());
        self.count = 0;
        Some((&self.first, lz4_flex::compress_prepend_size(&self.raw)))
    }
}

/// Writes a run's entries, given in key order, a chunk at a time, without a copy of each key.
pub(crate) struct RunWriter<'s> {
    store: &'s Store,
    index: Index,
    seq: u64,
    chunk: ChunkEncoder,
}

impl RunWriter<'_> {
    /// Adds an entry whose key is the concatenation of `key`'s parts.
    pub(crate) fn push(&mut self, key: &[&[u8]], value: &[u8]) -> Result<()> {
        self.chunk.push(key, value)?;
        if self.chunk.is_full() {
            self.write()?;
        }
        Ok(())
    }

    fn write(&mut self) -> Result<()> {
        if let Some((first, bytes)) = self.chunk.take() {
            self.store.pack_index.insert(chunk_key(self.index, self.seq, first), bytes)?;
        }
        Ok(())
    }

    /// Writes the last, partly filled chunk.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.write()
    }
}

/// A chunk, decompressed: where each entry's key and value lie.
struct Chunk {
    raw: Vec<u8>,
    /// (key start, key end, value end); the value starts where the key ends.
    entries: Vec<(usize, usize, usize)>,
}

impl Chunk {
    fn decode(index: Index, bytes: &[u8]) -> Result<Chunk> {
        let what = || format!("a chunk of the {}", index.name());
        let raw = decompress(bytes, what)?;
        let count = raw.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
        let Some(count) = count.filter(|n| n * 4 <= raw.len()) else { return Err(corrupt(what())) };
        let mut entries = Vec::with_capacity(count);
        let mut at = 4;
        for _ in 0..count {
            let h = raw.get(at..at + 4).ok_or_else(|| corrupt(what()))?;
            let (kl, vl) = (u16::from_le_bytes([h[0], h[1]]) as usize, u16::from_le_bytes([h[2], h[3]]) as usize);
            let ks = at + 4;
            let (ke, ve) = (ks + kl, ks + kl + vl);
            if ve > raw.len() {
                return Err(corrupt(what()));
            }
            entries.push((ks, ke, ve));
            at = ve;
        }
        Ok(Chunk { raw, entries })
    }

    fn key(&self, i: usize) -> &[u8] {
        let (s, e, _) = self.entries[i];
        &self.raw[s..e]
    }

    fn value(&self, i: usize) -> &[u8] {
        let (_, e, v) = self.entries[i];
        &self.raw[e..v]
    }

    fn find(&self, key: &[u8]) -> Option<&[u8]> {
        let i = self.lower_bound(key);
        (i < self.entries.len() && self.key(i) == key).then(|| self.value(i))
    }

    /// The first entry whose key is at least `key`.
    fn lower_bound(&self, key: &[u8]) -> usize {
        let (mut lo, mut hi) = (0, self.entries.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.key(mid) < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

fn run_prefix(index: Index, seq: u64) -> [u8; 9] {
    let mut p = [0u8; 9];
    p[0] = index.code();
    p[1..].copy_from_slice(&seq.to_be_bytes());
    p
}

fn chunk_key(index: Index, seq: u64, first: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(9 + first.len());
    k.extend_from_slice(&run_prefix(index, seq));
    k.extend_from_slice(first);
    k
}

/// One run's entries of one index, from `prefix` on, while they start with `prefix`.
struct RunScan<'a> {
    index: Index,
    chunks: sled::Iter,
    run: [u8; 9],
    prefix: &'a [u8],
    chunk: Option<Chunk>,
    at: usize,
    done: bool,
}

impl<'a> RunScan<'a> {
    fn new(store: &Store, index: Index, seq: u64, prefix: &'a [u8]) -> Result<RunScan<'a>> {
        let run = run_prefix(index, seq);
        let from = chunk_key(index, seq, prefix);
        // The chunk that may hold the first entry starts at or before the prefix.
        let start = match store.pack_index.range(..=from.as_slice()).next_back() {
            Some(item) => {
                let (k, _) = item?;
                if k.starts_with(&run) {
                    k.to_vec()
                } else {
                    from
                }
            }
            None => from,
        };
        Ok(RunScan { index, chunks: store.pack_index.range(start..), run, prefix, chunk: None, at: 0, done: false })
    }

    fn next_entry(&mut self) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        loop {
            if self.done {
                return Ok(None);
            }
            if let Some(chunk) = &self.chunk {
                if self.at < chunk.entries.len() {
                    let key = chunk.key(self.at);
                    self.at += 1;
                    if key < self.prefix {
                        continue;
                    }
                    if !key.starts_with(self.prefix) {
                        self.done = true;
                        return Ok(None);
                    }
                    return Ok(Some((key.to_vec(), chunk.value(self.at - 1).to_vec())));
                }
            }
            match self.chunks.next() {
                None => {
                    self.done = true;
                }
                Some(item) => {
                    let (k, v) = item?;
                    let first = &k[self.run.len().min(k.len())..];
                    if !k.starts_with(&self.run) || (first > self.prefix && !first.starts_with(self.prefix)) {
                        self.done = true;
                        continue;
                    }
                    let chunk = Chunk::decode(self.index, &v)?;
                    self.at = chunk.lower_bound(self.prefix);
                    self.chunk = Some(chunk);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reads

impl Store {
    /// Reads the registered runs again (after opening, an import or a restore).
    pub(crate) fn reload_runs(&self) -> Result<()> {
        self.runs.set(read_runs(&self.meta)?);
        Ok(())
    }

    /// What removing an entry of the tree at `position` writes: nothing (a removal) while the
    /// store has no packed run, else the tree's tombstone.
    pub(crate) fn removal(&self, position: usize) -> Option<Vec<u8>> {
        if !self.runs.any() {
            return None;
        }
        if position == T_KEY || position == T_NATURAL || position < T_KEY {
            Some(Vec::new())
        } else if position == T_REFS {
            Some(Index::Refs.tombstone())
        } else {
            None
        }
    }

    /// A record's stored JSON by id: the record tree's entry if it has one (an empty one means
    /// removed), else the pack that holds it.
    pub(crate) fn record_bytes(&self, kind: Kind, id: u64) -> Result<Option<Vec<u8>>> {
        if let Some(v) = self.record_tree(kind).get(keys::id_bytes(id))? {
            return Ok(if v.is_empty() { None } else { Some(v.to_vec()) });
        }
        if !self.runs.covers(kind, id) {
            return Ok(None);
        }
        let Some(item) = self.pack_records.range(..=pack_key(kind, id)).next_back() else { return Ok(None) };
        let (k, v) = item?;
        let Some(first) = k.get(1..9).and_then(keys::id_from).filter(|_| k.first() == Some(&kind.tag())) else {
            return Ok(None);
        };
        Ok(Pack::decode(kind, first, &v)?.find(id).map(<[u8]>::to_vec))
    }

    /// Every record of `kind` with an id in `from..=to`, in id order, as stored JSON: the packs'
    /// records with the record tree's entries laid over them.
    pub(crate) fn scan_records(
        &self,
        kind: Kind,
        from: u64,
        to: u64,
        mut f: impl FnMut(u64, &[u8]) -> Result<bool>,
    ) -> Result<()> {
        let mut overlay = self.record_tree(kind).range(keys::id_bytes(from)..=keys::id_bytes(to));
        let mut head = next_overlay(&mut overlay, kind)?;
        let runs = self.runs.snapshot();
        if runs.iter().any(|r| r.kinds.iter().any(|k| k.tag == kind.tag() && k.start <= to && from < k.end)) {
            let start = match self.pack_records.range(..=pack_key(kind, from)).next_back() {
                Some(item) => {
                    let (k, _) = item?;
                    if k.first() == Some(&kind.tag()) {
                        k.to_vec()
                    } else {
                        pack_key(kind, from).to_vec()
                    }
                }
                None => pack_key(kind, from).to_vec(),
            };
            for item in self.pack_records.range(start..=pack_key(kind, to).to_vec()) {
                let (k, v) = item?;
                let Some(first) = k.get(1..9).and_then(keys::id_from) else { continue };
                if !runs.iter().any(|r| r.covers(kind, first)) {
                    continue;
                }
                let pack = Pack::decode(kind, first, &v)?;
                for (id, json) in pack.iter() {
                    if id < from || id > to {
                        continue;
                    }
                    while let Some((oid, _)) = head.as_ref().filter(|(oid, _)| *oid < id) {
                        let oid = *oid;
                        if let Some((_, v)) = head.take().filter(|(_, v)| !v.is_empty()) {
                            if !f(oid, &v)? {
                                return Ok(());
                            }
                        }
                        head = next_overlay(&mut overlay, kind)?;
                    }
                    if head.as_ref().is_some_and(|(oid, _)| *oid == id) {
                        if let Some((_, v)) = head.take().filter(|(_, v)| !v.is_empty()) {
                            if !f(id, &v)? {
                                return Ok(());
                            }
                        }
                        head = next_overlay(&mut overlay, kind)?;
                    } else {
                        if !f(id, json)? {
                            return Ok(());
                        }
                    }
                }
            }
        }
        while let Some((oid, v)) = head.take() {
            if !v.is_empty() && !f(oid, &v)? {
                return Ok(());
            }
            head = next_overlay(&mut overlay, kind)?;
        }
        Ok(())
    }

    /// True when the store holds at least one record of `kind`.
    pub(crate) fn has_records(&self, kind: Kind) -> Result<bool> {
        let mut any = false;
        self.scan_records(kind, 0, u64::MAX, |_, _| {
            any = true;
            Ok(false)
        })?;
        Ok(any)
    }

    /// The value of an index entry: the overlay's if it has one (a tombstone means none), else the
    /// newest run's.
    pub(crate) fn index_get(&self, index: Index, key: &[u8]) -> Result<Option<Vec<u8>>> {
        if let Some(v) = index.overlay(self).get(key)? {
            return Ok(if index.is_tombstone(&v) { None } else { Some(v.to_vec()) });
        }
        for run in self.runs.snapshot().iter().rev() {
            let prefix = run_prefix(index, run.seq);
            let Some(item) = self.pack_index.range(..=chunk_key(index, run.seq, key)).next_back() else { continue };
            let (k, v) = item?;
            if !k.starts_with(&prefix) {
                continue;
            }
            if let Some(found) = Chunk::decode(index, &v)?.find(key) {
                return Ok(Some(found.to_vec()));
            }
        }
        Ok(None)
    }

    /// Every live entry of an index whose key starts with `prefix` (all of them for an empty
    /// prefix), in key order: the overlay's entries merged with every run's, the overlay winning
    /// and its tombstones hiding what they name.
    pub(crate) fn index_scan(
        &self,
        index: Index,
        prefix: &[u8],
        mut f: impl FnMut(&[u8], &[u8]) -> Result<()>,
    ) -> Result<()> {
        let runs = self.runs.snapshot();
        let mut overlay = index.overlay(self).scan_prefix(prefix);
        if runs.is_empty() {
            for item in overlay {
                let (k, v) = item?;
                if !index.is_tombstone(&v) {
                    f(&k, &v)?;
                }
            }
            return Ok(());
        }
        let mut scans = Vec::with_capacity(runs.len());
        for run in runs.iter().rev() {
            scans.push(RunScan::new(self, index, run.seq, prefix)?);
        }
        // heads[0] is the overlay; then the runs, newest first (a key in two runs: the newer wins).
        let mut heads: Vec<Option<(Vec<u8>, Vec<u8>)>> = Vec::with_capacity(scans.len() + 1);
        heads.push(overlay.next().transpose()?.map(|(k, v)| (k.to_vec(), v.to_vec())));
        for s in &mut scans {
            heads.push(s.next_entry()?);
        }
        while let Some(min) = heads.iter().flatten().map(|(k, _)| k).min().cloned() {
            let mut taken = false;
            for (i, head) in heads.iter_mut().enumerate() {
                let Some((k, v)) = head.take_if(|(k, _)| *k == min) else { continue };
                if !taken {
                    taken = true;
                    if !(i == 0 && index.is_tombstone(&v)) {
                        f(&k, &v)?;
                    }
                }
                *head = if i == 0 {
                    overlay.next().transpose()?.map(|(k, v)| (k.to_vec(), v.to_vec()))
                } else {
                    scans[i - 1].next_entry()?
                };
            }
        }
        Ok(())
    }

    /// The audit sequence numbers of the imports whose runs brought this record in.
    pub(crate) fn run_history(&self, kind: Kind, id: u64) -> Vec<u64> {
        self.runs
            .0
            .read()
            .map(|runs| runs.iter().filter(|r| r.covers(kind, id)).map(|r| r.seq).collect())
            .unwrap_or_default()
    }
}

impl Store {
    /// A tree's entries as a store without packs would hold them: a record tree's records, an
    /// index's live entries, the audit index with an entry for each record an import's run
    /// brought in; any other tree as it is. For tests that compare stores written in different
    /// ways.
    #[doc(hidden)]
    pub fn logical_entries(&self, name: &str) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut out = Vec::new();
        let index = match name {
            keys::KEY_INDEX => Some(Index::Key),
            keys::NATURAL_INDEX => Some(Index::Natural),
            keys::REFS => Some(Index::Refs),
            _ => None,
        };
        if let Some(index) = index {
            self.index_scan(index, &[], |k, v| {
                out.push((k.to_vec(), v.to_vec()));
                Ok(())
            })?;
        } else if let Some(kind) = Kind::ALL.iter().find(|k| keys::record_tree_name(**k) == name) {
            self.scan_records(*kind, 0, u64::MAX, |id, v| {
                out.push((keys::id_bytes(id).to_vec(), v.to_vec()));
                Ok(true)
            })?;
        } else if name == keys::AUDIT_BY_RECORD {
            for item in self.audit_by_record.iter() {
                let (k, v) = item?;
                out.push((k.to_vec(), v.to_vec()));
            }
            for kind in Kind::ALL {
                self.scan_records(*kind, 0, u64::MAX, |id, _| {
                    for seq in self.run_history(*kind, id) {
                        out.push((keys::record_audit_key(*kind, id, seq).to_vec(), Vec::new()));
                    }
                    Ok(true)
                })?;
            }
            out.sort();
        } else {
            for item in self.db.open_tree(name)?.iter() {
                let (k, v) = item?;
                out.push((k.to_vec(), v.to_vec()));
            }
        }
        Ok(out)
    }
}

fn next_overlay(it: &mut sled::Iter, kind: Kind) -> Result<Option<(u64, sled::IVec)>> {
    match it.next() {
        None => Ok(None),
        Some(item) => {
            let (k, v) = item?;
            let id = keys::id_from(&k).ok_or_else(|| StoreError::Corrupt {
                kind,
                id: 0,
                reason: "a key is not an id".into(),
            })?;
            Ok(Some((id, v)))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writes (by an import) and their undoing

impl Store {
    /// Writes one pack of records of `kind` (ids ascending).
    pub(crate) fn write_pack(&self, kind: Kind, records: &[(u64, Vec<u8>)]) -> Result<()> {
        let Some((first, _)) = records.first() else { return Ok(()) };
        self.pack_records.insert(pack_key(kind, *first), encode_pack(records))?;
        Ok(())
    }

    /// A writer of one index's entries of run `seq`, given in key order.
    pub(crate) fn run_writer(&self, index: Index, seq: u64) -> RunWriter<'_> {
        RunWriter { store: self, index, seq, chunk: ChunkEncoder::default() }
    }

    /// Removes the packs of records of `kind` from id `start` on, and every chunk of run `seq`:
    /// what an unfinished import wrote.
    pub(crate) fn drop_unregistered(&self, starts: &[(Kind, u64)], seq: u64) -> Result<()> {
        for (kind, start) in starts {
            let end = keys::record_prefix(*kind, u64::MAX);
            for item in self.pack_records.range(pack_key(*kind, *start)..=end) {
                self.pack_records.remove(item?.0)?;
            }
        }
        for index in [Index::Key, Index::Natural, Index::Refs] {
            for item in self.pack_index.scan_prefix(run_prefix(index, seq)) {
                self.pack_index.remove(item?.0)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_gives_back_its_records() {
        let records = vec![(7u64, b"{\"a\":1}".to_vec()), (8, b"{}".to_vec()), (10, b"[1,2,3]".to_vec())];
        let pack = Pack::decode(Kind::Marks, 7, &encode_pack(&records)).unwrap();
        let back: Vec<(u64, Vec<u8>)> = pack.iter().map(|(i, j)| (i, j.to_vec())).collect();
        assert_eq!(back, records);
        assert_eq!(pack.find(8), Some(&b"{}"[..]));
        assert_eq!(pack.find(9), None);
    }

    #[test]
    fn a_damaged_pack_is_an_error_not_a_panic() {
        let good = encode_pack(&[(1, b"{\"key\":\"X\"}".to_vec())]);
        for cut in 0..good.len() {
            let _ = Pack::decode(Kind::Marks, 1, &good[..cut]);
        }
        let mut huge = good.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Pack::decode(Kind::Marks, 1, &huge).is_err());
        let mut flipped = good;
        let last = flipped.len() - 1;
        flipped[last] ^= 0xff;
        let _ = Pack::decode(Kind::Marks, 1, &flipped);
    }

    #[test]
    fn a_chunk_finds_its_keys_and_bounds() {
        let entries: Vec<(Vec<u8>, Vec<u8>)> =
            (0..100u32).map(|i| (format!("k{i:03}").into_bytes(), i.to_be_bytes().to_vec())).collect();
        let mut encoder = ChunkEncoder::default();
        for (k, v) in &entries {
            encoder.push(&[k], v).unwrap();
        }
        let (first, bytes) = encoder.take().unwrap();
        assert_eq!(first, b"k000");
        let chunk = Chunk::decode(Index::Key, &bytes).unwrap();
        assert_eq!(chunk.find(b"k042"), Some(&42u32.to_be_bytes()[..]));
        assert_eq!(chunk.find(b"k0421"), None);
        assert_eq!(chunk.lower_bound(b"k0421"), 43);
        assert_eq!(chunk.lower_bound(b"a"), 0);
        assert_eq!(chunk.lower_bound(b"z"), 100);
        for cut in 0..bytes.len() {
            let _ = Chunk::decode(Index::Key, &bytes[..cut]);
        }
    }
}
