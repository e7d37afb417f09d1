//! The records of a dataset by key, with lookups that name the record that refers.

use std::collections::HashMap;

use tenderdesk_domain::{Arrangement, AuthorityProfile, Dataset, Key, Kind, Lot, Provider};

use crate::OpenDataError;

pub(crate) struct Index<'a> {
    pub ds: &'a Dataset,
    providers: HashMap<&'a Key, &'a Provider>,
    arrangements: HashMap<&'a Key, &'a Arrangement>,
    lots: HashMap<&'a Key, &'a Lot>,
}

fn by_key<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> &'a Key) -> HashMap<&'a Key, &'a T> {
    items.iter().map(|t| (key(t), t)).collect()
}

impl<'a> Index<'a> {
    pub fn new(ds: &'a Dataset) -> Index<'a> {
        Index {
            ds,
            providers: by_key(&ds.providers, |r| &r.key),
            arrangements: by_key(&ds.arrangements, |r| &r.key),
            lots: by_key(&ds.lots, |r| &r.key),
        }
    }

    pub fn authority(&self, needed_for: &'static str) -> Result<&'a AuthorityProfile, OpenDataError> {
        self.ds.authority.as_ref().ok_or(OpenDataError::NoAuthority { needed_for })
    }

    pub fn provider(&self, key: &Key, from: impl FnOnce() -> String) -> Result<&'a Provider, OpenDataError> {
        found(self.providers.get(key).copied(), Kind::Providers, key, from)
    }

    pub fn arrangement(&self, key: &Key, from: impl FnOnce() -> String) -> Result<&'a Arrangement, OpenDataError> {
        found(self.arrangements.get(key).copied(), Kind::Arrangements, key, from)
    }

    pub fn lot(&self, key: &Key, from: impl FnOnce() -> String) -> Result<&'a Lot, OpenDataError> {
        found(self.lots.get(key).copied(), Kind::Lots, key, from)
    }
}

fn found<'a, T>(
    item: Option<&'a T>,
    kind: Kind,
    key: &Key,
    from: impl FnOnce() -> String,
) -> Result<&'a T, OpenDataError> {
    item.ok_or_else(|| OpenDataError::Dangling { from: from(), kind, key: key.to_string() })
}
