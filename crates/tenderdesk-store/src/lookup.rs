//! The store as a `Lookup`, for the checks a record runs against the records it refers to.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;

use tenderdesk_domain::*;

use crate::{Store, StoreError};

/// Reads records from the store for checks, hiding those a change is about to delete. A read
/// failure is kept and reported after the checks, rather than passed off as a missing record.
pub(crate) struct StoreLookup<'a> {
    pub store: &'a Store,
    pub hidden: &'a HashSet<(Kind, Key)>,
    pub failure: RefCell<Option<StoreError>>,
}

impl<'a> StoreLookup<'a> {
    pub fn new(store: &'a Store, hidden: &'a HashSet<(Kind, Key)>) -> StoreLookup<'a> {
        StoreLookup { store, hidden, failure: RefCell::new(None) }
    }

    pub(crate) fn get<T: Listed>(&self, key: &Key) -> Option<Cow<'static, T>> {
        if self.hidden.contains(&(T::KIND, key.clone())) {
            return None;
        }
        match self.store.get_by_key::<T>(key.as_str()) {
            Ok(r) => r.map(|(_, r)| Cow::Owned(r)),
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e);
                None
            }
        }
    }

    pub fn into_failure(self) -> Option<StoreError> {
        self.failure.into_inner()
    }
}

impl Lookup for StoreLookup<'_> {
    fn exists(&self, kind: Kind, key: &Key) -> bool {
        if self.hidden.contains(&(kind, key.clone())) {
            return false;
        }
        match self.store.id_of(kind, key.as_str()) {
            Ok(id) => id.is_some(),
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e);
                false
            }
        }
    }
    tenderdesk_domain::lookup_getters!();
}
