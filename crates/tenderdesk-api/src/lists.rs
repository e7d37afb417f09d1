//! The list screens: every record of a kind as a line (id, reference, title), whole or a page at
//! a time with a filter. The lines of each kind are kept in memory until a change touches that
//! kind, so paging through 20,000 contracts reads the store once, not once per page.

use std::sync::Arc;

use serde::Serialize;
use tenderdesk_domain::*;
use tenderdesk_store::Store;

use crate::{Api, ApiError, RecordSummary, Result};

/// The most lines one page holds.
pub const MAX_PAGE: usize = 1_000;

/// One page of a list screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RecordPage {
    /// How many records of the kind there are.
    pub total: u32,
    /// How many of them match the filter (all of them without one).
    pub matching: u32,
    /// Where this page starts among the matching records, from 0.
    pub offset: u32,
    pub items: Vec<RecordSummary>,
}

/// A kind's lines, with the lower-case text the filter searches.
struct Lines {
    items: Vec<RecordSummary>,
    search: Vec<String>,
}

impl Api {
    /// Every record of a kind: id, key and a short title, in id order.
    pub fn list(&self, kind: Kind) -> Result<Vec<RecordSummary>> {
        Ok(self.lines(kind)?.items.clone())
    }

    /// A page of a list screen: up to `limit` lines (at most [`MAX_PAGE`]) from `offset` among
    /// the records of `kind` whose reference or title contains `filter` (any case; an empty
    /// filter matches all), in id order. A page past the end is empty.
    pub fn list_page(&self, kind: Kind, offset: usize, limit: usize, filter: &str) -> Result<RecordPage> {
        if limit == 0 || limit > MAX_PAGE {
            return Err(ApiError::Refused(format!(
                "a page holds from 1 to {MAX_PAGE} lines, and {limit} were asked for; ask for fewer"
            )));
        }
        let lines = self.lines(kind)?;
        let needle = filter.trim().to_lowercase();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let (matching, items) = if needle.is_empty() {
            (lines.items.len(), lines.items.iter().skip(offset).take(limit).cloned().collect())
        } else {
            let mut matching = 0;
            let mut items = Vec::with_capacity(limit);
            for (item, text) in lines.items.iter().zip(&lines.search) {
                if text.contains(&needle) {
                    if matching >= offset && items.len() < limit {
                        items.push(item.clone());
                    }
                    matching += 1;
                }
            }
            (matching, items)
        };
        Ok(RecordPage { total: count(lines.items.len()), matching: count(matching), offset: count(offset), items })
    }

    /// A kind's lines, read once and kept until the kind changes.
    fn lines(&self, kind: Kind) -> Result<Arc<Lines>> {
        self.store()
            .view(&format!("lines/{}", kind.plural()), &[kind], |store| read_lines(store, kind))
            .map_err(ApiError::from)
    }
}

fn read_lines(store: &Store, kind: Kind) -> tenderdesk_store::Result<Lines> {
    struct L<'a>(&'a Store, Kind, Option<tenderdesk_store::Result<Vec<RecordSummary>>>);
    impl KindVisitor for L<'_> {
        fn visit<T: Listed>(&mut self) {
            if T::KIND == self.1 {
                self.2 = Some(self.0.list::<T>().map(|rs| {
                    rs.into_iter()
                        .map(|(id, r)| RecordSummary { id, key: r.key().to_string(), title: r.title() })
                        .collect()
                }));
            }
        }
    }
    let mut l = L(store, kind, None);
    visit_kinds(&mut l);
    let items = l.2.unwrap_or_else(|| Ok(Vec::new()))?;
    let search = items.iter().map(|i| format!("{}\n{}", i.key, i.title).to_lowercase()).collect();
    Ok(Lines { items, search })
}

/// The TypeScript of the list screens' views, for `bindings.rs`.
pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<RecordPage>();
}
