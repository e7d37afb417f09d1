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

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tenderdesk_domain::{Kind, Record};

use crate::{kind_index, Result, Store};

type Shared = Arc<dyn Any + Send + Sync>;

/// How many views are kept at most; past that they are all dropped and computed again as asked.
const MAX_VIEWS: usize = 256;

/// The generations, and the views kept.
pub(crate) struct ViewCache {
    generations: Vec<AtomicU64>,
    views: Mutex<Views>,
}

#[derive(Default)]
struct Views {
    /// The audit head's sequence that the generations account for.
    head: Option<u64>,
    entries: HashMap<String, (Vec<u64>, Shared)>,
}

impl ViewCache {
    pub(crate) fn new() -> ViewCache {
        ViewCache { generations: Kind::ALL.iter().map(|_| AtomicU64::new(0)).collect(), views: Mutex::default() }
    }

    fn generation(&self, kind: Kind) -> u64 {
        self.generations[kind_index(kind)].load(Ordering::SeqCst)
    }
}

/// Moves on the generations of the kinds a change touches when dropped: after the change is
/// written, or refused (harmless: the views are only computed again).
/// Made under the writer's lock, before the change is written.
pub(crate) struct Invalidate<'a> {
    store: &'a Store,
    kinds: Vec<Kind>,
    head_before: Option<u64>,
}

impl<'a> Invalidate<'a> {
    pub(crate) fn new(store: &'a Store, kinds: Vec<Kind>) -> Invalidate<'a> {
        Invalidate { store, kinds, head_before: store.audit_head().ok().map(|h| h.seq) }
    }
}

impl Drop for Invalidate<'_> {
    fn drop(&mut self) {
        for k in &self.kinds {
            self.store.cache.generations[kind_index(*k)].fetch_add(1, Ordering::SeqCst);
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
        if let Ok(mut views) = self.cache.views.lock() {
            if views.head != Some(head) {
                // Written by a path that did not say which kinds: nothing kept can be trusted.
                views.entries.clear();
                views.head = Some(head);
            }
            if let Some((at, view)) = views.entries.get(name) {
                if *at == generations {
                    if let Ok(v) = Arc::clone(view).downcast::<V>() {
                        return Ok(v);
                    }
                }
            }
        }
        let view = Arc::new(compute(self)?);
        if let Ok(mut views) = self.cache.views.lock() {
            if views.head == Some(head) {
                // Views named by their arguments (a date, a round) would otherwise pile up.
                if views.entries.len() >= MAX_VIEWS && !views.entries.contains_key(name) {
                    views.entries.clear();
                }
                views.entries.insert(name.to_owned(), (generations, view.clone() as Shared));
            }
        }
        Ok(view)
    }

    /// Every record of a kind in id order, as [`Store::list`], kept in memory until the kind
    /// changes.
    pub fn list_shared<T: Record + Send + Sync + 'static>(&self) -> Result<Arc<Vec<(u64, T)>>> {
        self.view(&format!("list/{}", T::KIND.plural()), &[T::KIND], |s| s.list::<T>())
    }
}

impl Store {
    /// Reads every record of `kind` as `P`, a type that picks out only the fields a view needs
    /// (cheaper than reading whole records), in id order.
    pub fn read_fields<P: serde::de::DeserializeOwned>(&self, kind: Kind, mut f: impl FnMut(u64, P)) -> Result<()> {
        for item in self.record_tree(kind).iter() {
            let (k, v) = item?;
            let id = crate::keys::id_from(&k).unwrap_or(0);
            let p: P = serde_json::from_slice(&v).map_err(|e| crate::StoreError::Corrupt {
                kind,
                id,
                reason: e.to_string(),
            })?;
            f(id, p);
        }
        Ok(())
    }
}
