//! Views computed from the records (a kind's list, the records the market's rules read, …), kept in
//! memory until a change touches a kind they read.
//!
//! Each kind has a generation number, moved on by every `Store::apply` (and a restore) that
//! touches it. A view is kept with the generations of the kinds it read, taken before it was
//! computed; it is used again only while all of them are unchanged, so a change made while it was
//! being computed makes it stale, never wrong. As a second guard, a view is also dropped whenever
//! the audit head has moved without one of those changes having said so: every write leaves an
//! audit entry, so a write by any other path still invalidates every view.
//!
//! The folder lock keeps other processes out, so what this process has not written has not changed.
//!
//! Each change also says which ids of each kind it wrote or deleted (`ViewCache::changed`, the last
//! few generations of each kind), so a kept list of a kind is patched — those ids read again —
//! rather than read whole after a small change; a generation whose ids are not known (an import,
//! a restore, a change that failed before its ids were planned) means reading the kind again.

use std::any::Any;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tenderdesk_domain::{Kind, Record};

use crate::{kind_index, Result, Store};

type Shared = Arc<dyn Any + Send + Sync>;

/// How many views are kept at most; past that the least recently used quarter is dropped (views
/// named by a date or a round would otherwise pile up), and computed again when next asked.
const MAX_VIEWS: usize = 256;

/// How many generations of each kind remember the ids they changed.
const CHANGE_LOG: usize = 64;

/// One kind's recent changes: the generation each moved the kind to, with the ids it wrote or
/// deleted (None: not known), oldest first.
type ChangeLog = VecDeque<(u64, Option<Vec<u64>>)>;

/// The generations, the ids each recent generation changed, and the views kept.
pub(crate) struct ViewCache {
    generations: Vec<AtomicU64>,
    /// Per kind (in `Kind::ALL` order): the generation a change moved the kind to, and the ids it
    /// wrote or deleted (None: not known), oldest first.
    changed: Mutex<Vec<ChangeLog>>,
    views: Mutex<Views>,
}

#[derive(Default)]
struct Views {
    /// The audit head's sequence that the generations account for.
    head: Option<u64>,
    entries: HashMap<String, Kept>,
    /// Counts uses, to find the least recently used views.
    clock: u64,
}

/// A kept view: the generations of the kinds it read when computed, and when it was last used.
struct Kept {
    at: Vec<u64>,
    view: Shared,
    used: u64,
}

impl Views {
    /// Makes room for one more view by dropping the least recently used quarter.
    fn make_room(&mut self) {
        if self.entries.len() < MAX_VIEWS {
            return;
        }
        let mut ages: Vec<(u64, String)> = self.entries.iter().map(|(k, v)| (v.used, k.clone())).collect();
        ages.sort_unstable();
        for (_, name) in ages.into_iter().take(MAX_VIEWS / 4) {
            self.entries.remove(&name);
        }
    }
}

impl ViewCache {
    pub(crate) fn new() -> ViewCache {
        ViewCache {
            generations: Kind::ALL.iter().map(|_| AtomicU64::new(0)).collect(),
            changed: Mutex::new(Kind::ALL.iter().map(|_| VecDeque::new()).collect()),
            views: Mutex::default(),
        }
    }

    fn generation(&self, kind: Kind) -> u64 {
        self.generations[kind_index(kind)].load(Ordering::SeqCst)
    }

    /// Moves a kind's generation on, remembering the ids the change wrote or deleted.
    fn advance(&self, kind: Kind, ids: Option<Vec<u64>>) {
        let i = kind_index(kind);
        match self.changed.lock() {
            Ok(mut changed) => {
                // Under the lock, so the log and the generation move together.
                let generation = self.generations[i].fetch_add(1, Ordering::SeqCst) + 1;
                let log = &mut changed[i];
                if log.len() >= CHANGE_LOG {
                    log.pop_front();
                }
                log.push_back((generation, ids));
            }
            Err(_) => {
                // No log: every patch falls back to reading the kind again.
                self.generations[i].fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    /// The ids of `kind` changed after generation `from` up to and including `to`, sorted and
    /// once each; None when any of those changes is not remembered with its ids.
    pub(crate) fn changed_between(&self, kind: Kind, from: u64, to: u64) -> Option<Vec<u64>> {
        let changed = self.changed.lock().ok()?;
        let log = &changed[kind_index(kind)];
        let mut ids = Vec::new();
        let mut expected = from + 1;
        for (generation, changed_ids) in log.iter().filter(|(g, _)| *g > from && *g <= to) {
            if *generation != expected {
                return None;
            }
            ids.extend_from_slice(changed_ids.as_deref()?);
            expected += 1;
        }
        if expected != to + 1 {
            return None;
        }
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }
}

/// Moves on the generations of the kinds a change touches when dropped: after the change is
/// written, or refused (harmless: the views are only computed again).
/// Made under the writer's lock, before the change is written.
pub(crate) struct Invalidate<'a> {
    store: &'a Store,
    kinds: Vec<Kind>,
    /// The ids of those kinds the change writes or deletes, once planned.
    ids: Option<Vec<(Kind, u64)>>,
    head_before: Option<u64>,
}

impl<'a> Invalidate<'a> {
    pub(crate) fn new(store: &'a Store, kinds: Vec<Kind>) -> Invalidate<'a> {
        Invalidate { store, kinds, ids: None, head_before: store.audit_head().ok().map(|h| h.seq) }
    }

    /// Every id the change will write or delete, so kept lists need read only those again. The
    /// change must write or delete no other record (it may write none of them, if refused).
    pub(crate) fn writes(&mut self, ids: impl IntoIterator<Item = (Kind, u64)>) {
        self.ids = Some(ids.into_iter().collect());
    }
}

impl Drop for Invalidate<'_> {
    fn drop(&mut self) {
        for k in &self.kinds {
            let ids =
                self.ids.as_ref().map(|ids| ids.iter().filter(|(kind, _)| kind == k).map(|(_, id)| *id).collect());
            self.store.cache.advance(*k, ids);
        }
        // The audit head this change left is accounted for by the generations just moved, unless
        // the head had already moved by another path before it: then nothing kept is trusted.
        let head = self.store.audit_head().ok().map(|h| h.seq);
        if let Ok(mut views) = self.store.cache.views.lock() {
            if views.head != self.head_before || head.is_none() {
                views.entries.clear();
            }
            views.head = head;
        }
    }
}

impl Store {
    /// How many changes have touched records of `kind` since the store was opened.
    pub fn generation(&self, kind: Kind) -> u64 {
        self.cache.generation(kind)
    }

    /// A view named `name`, computed from the kinds in `reads`, kept until one of them changes.
    /// `compute` must read nothing but those kinds.
    pub fn view<V: Any + Send + Sync>(
        &self,
        name: &str,
        reads: &[Kind],
        compute: impl FnOnce(&Store) -> Result<V>,
    ) -> Result<Arc<V>> {
        let head = self.audit_head()?.seq;
        let generations: Vec<u64> = reads.iter().map(|k| self.cache.generation(*k)).collect();
        if let Some((at, v)) = self.kept_view::<V>(name, head) {
            if at == generations {
                return Ok(v);
            }
        }
        let view = Arc::new(compute(self)?);
        self.keep_view(name, head, generations, view.clone());
        Ok(view)
    }

    /// As [`Store::view`], but a view kept from before a change is handed to `patch` with the ids
    /// of each kind changed since (kinds unchanged left out), instead of computing it whole; when
    /// those ids are not all known, `compute` runs. The kept view is taken out of the cache first,
    /// so `patch` usually gets it without a copy. `patch` must give what `compute` would.
    pub fn view_patched<V: Any + Send + Sync + Clone>(
        &self,
        name: &str,
        reads: &[Kind],
        compute: impl FnOnce(&Store) -> Result<V>,
        patch: impl FnOnce(&Store, V, &[(Kind, Vec<u64>)]) -> Result<V>,
    ) -> Result<Arc<V>> {
        let head = self.audit_head()?.seq;
        let generations: Vec<u64> = reads.iter().map(|k| self.cache.generation(*k)).collect();
        let Some((at, kept)) = self.kept_view::<V>(name, head) else {
            let view = Arc::new(compute(self)?);
            self.keep_view(name, head, generations, view.clone());
            return Ok(view);
        };
        if at == generations {
            return Ok(kept);
        }
        let changed: Option<Vec<(Kind, Vec<u64>)>> = reads
            .iter()
            .zip(at.iter().zip(&generations))
            .filter(|(_, (from, to))| from != to)
            .map(|(kind, (from, to))| self.cache.changed_between(*kind, *from, *to).map(|ids| (*kind, ids)))
            .collect();
        let view = match changed {
            Some(changed) => {
                if let Ok(mut views) = self.cache.views.lock() {
                    views.entries.remove(name);
                }
                let owned = Arc::try_unwrap(kept).unwrap_or_else(|shared| (*shared).clone());
                Arc::new(patch(self, owned, &changed)?)
            }
            None => Arc::new(compute(self)?),
        };
        self.keep_view(name, head, generations, view.clone());
        Ok(view)
    }

    /// The view kept under `name`, with the generations it was computed at, if the audit head is
    /// still `head` (else every kept view is dropped).
    fn kept_view<V: Any + Send + Sync>(&self, name: &str, head: u64) -> Option<(Vec<u64>, Arc<V>)> {
        let mut views = self.cache.views.lock().ok()?;
        if views.head != Some(head) {
            // Written by a path that did not say which kinds: nothing kept can be trusted.
            views.entries.clear();
            views.head = Some(head);
        }
        views.clock += 1;
        let clock = views.clock;
        let kept = views.entries.get_mut(name)?;
        kept.used = clock;
        Arc::clone(&kept.view).downcast::<V>().ok().map(|v| (kept.at.clone(), v))
    }

    /// Keeps `view`, computed at `generations` with the audit head at `head`.
    fn keep_view<V: Any + Send + Sync>(&self, name: &str, head: u64, generations: Vec<u64>, view: Arc<V>) {
        if let Ok(mut views) = self.cache.views.lock() {
            if views.head == Some(head) {
                if !views.entries.contains_key(name) {
                    views.make_room();
                }
                views.clock += 1;
                let used = views.clock;
                views.entries.insert(name.to_owned(), Kept { at: generations, view: view as Shared, used });
            }
        }
    }

    /// Every record of a kind in id order, as [`Store::list`], kept in memory until the kind
    /// changes. After a small change the kept list is patched: only the ids changed since are
    /// read again.
    pub fn list_shared<T: Record + Send + Sync + 'static>(&self) -> Result<Arc<Vec<(u64, T)>>> {
        let name = format!("list/{}", T::KIND.plural());
        let head = self.audit_head()?.seq;
        let now = self.cache.generation(T::KIND);
        if let Some((at, kept)) = self.kept_view::<Vec<(u64, T)>>(&name, head) {
            if at == [now] {
                return Ok(kept);
            }
            let changed = at.first().and_then(|from| self.cache.changed_between(T::KIND, *from, now));
            // Past a quarter of the kind changed, reading it whole is no dearer.
            if let Some(ids) = changed.filter(|ids| ids.len() <= kept.len() / 4 + 16) {
                let patched = Arc::new(self.patch_list(&kept, &ids)?);
                self.keep_view(&name, head, vec![now], patched.clone());
                return Ok(patched);
            }
        }
        let list = Arc::new(self.list::<T>()?);
        self.keep_view(&name, head, vec![now], list.clone());
        Ok(list)
    }

    /// `kept` (in id order) with the records of `ids` (sorted, once each) read again: replaced,
    /// added in their place, or left out when no longer stored.
    fn patch_list<T: Record>(&self, kept: &[(u64, T)], ids: &[u64]) -> Result<Vec<(u64, T)>> {
        let fresh = self.get_many::<T>(ids)?;
        let mut out = Vec::with_capacity(kept.len() + fresh.len());
        let mut fresh = fresh.into_iter().peekable();
        for (id, r) in kept {
            // Those read again that come before this kept record, in id order.
            while let Some(f) = fresh.next_if(|(f, _)| f < id) {
                out.push(f);
            }
            if ids.binary_search(id).is_err() {
                out.push((*id, r.clone()));
            }
        }
        out.extend(fresh);
        Ok(out)
    }
}

impl Store {
    /// Reads every record of `kind` as `P`, a type that picks out only the fields a view needs
    /// (cheaper than reading whole records), in id order.
    pub fn read_fields<P: serde::de::DeserializeOwned>(&self, kind: Kind, mut f: impl FnMut(u64, P)) -> Result<()> {
        self.scan_records(kind, 0, u64::MAX, |id, v| {
            let p: P = serde_json::from_slice(v).map_err(|e| crate::StoreError::Corrupt {
                kind,
                id,
                reason: e.to_string(),
            })?;
            f(id, p);
            Ok(true)
        })
    }
}
