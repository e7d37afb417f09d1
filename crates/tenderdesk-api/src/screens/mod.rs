//! What the window's screens show, each as one view struct built from records: the dashboard, the
//! catalogue (lots, rate cards, providers), a round's whole working view, pages of contracts, and
//! spend and rates with every amount in pence.
//!
//! Every type here crosses to TypeScript (`typescript()` below, listed in `bindings.rs`). Money is
//! in integer pence (`*_pence`), dates are `YYYY-MM-DD` and instants RFC 3339 in UTC with a UK
//! reading beside them (`*_uk`), so the window formats nothing it could get wrong.

pub mod catalogue;
pub mod contracts;
pub mod dashboard;
pub mod files;
pub mod rates;
pub mod round;
pub mod spend;

use serde::{Deserialize, Serialize};
use tenderdesk_domain::{Key, Record};

use crate::{Api, ApiError, Result};

/// Which slice of a long list to return: rows `offset..offset + limit` after filtering.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct Paging {
    pub offset: u32,
    /// How many rows at most; 0 means the default of 100. Never more than 500.
    pub limit: u32,
}

impl Paging {
    pub(crate) fn window<T>(&self, rows: Vec<T>) -> Vec<T> {
        let limit = match self.limit {
            0 => 100,
            n => n.min(500),
        } as usize;
        rows.into_iter().skip(self.offset as usize).take(limit).collect()
    }
}

/// The lower-case words of a search (none, or only spaces: everything matches).
pub(crate) fn search_words(search: Option<&str>) -> Vec<String> {
    search.map(|s| s.to_lowercase().split_whitespace().map(str::to_owned).collect()).unwrap_or_default()
}

/// A row's searchable fields joined by spaces and lowered once, to keep: `str::to_lowercase`
/// walks the text a character at a time, so plain ASCII (nearly every row) is lowered in place.
pub(crate) fn search_text(fields: &[&str]) -> String {
    let mut text = fields.join(" ");
    if text.is_ascii() {
        text.make_ascii_lowercase();
        text
    } else {
        text.to_lowercase()
    }
}

/// Whether a lower-case text (a row's searchable fields joined by spaces, lowered once and kept)
/// holds every word of a search.
pub(crate) fn holds_all(hay: &str, words: &[String]) -> bool {
    words.iter().all(|w| hay.contains(w.as_str()))
}

impl Api {
    /// A record by its reference or, failing that, by its id.
    pub(crate) fn find_record<T: Record>(&self, id_or_key: &str) -> Result<(u64, T)> {
        if let Some(found) = self.store.get_by_key::<T>(id_or_key.trim())? {
            return Ok(found);
        }
        if let Ok(id) = id_or_key.trim().parse::<u64>() {
            if let Some(r) = self.store.get::<T>(id)? {
                return Ok((id, r));
            }
        }
        Err(ApiError::NotFound { kind: T::KIND, id: id_or_key.to_owned() })
    }

    /// A provider's display name, or its reference when it is not in the store.
    pub(crate) fn provider_name(&self, key: &Key) -> Result<String> {
        Ok(self
            .store
            .get_by_key::<tenderdesk_domain::Provider>(key.as_str())?
            .map(|(_, p)| p.display_name().to_owned())
            .unwrap_or_else(|| key.to_string()))
    }
}

/// The TypeScript of every screen's view.
pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<Paging>();
    dashboard::typescript(b);
    catalogue::typescript(b);
    round::typescript(b);
    contracts::typescript(b);
    files::typescript(b);
    spend::typescript(b);
    rates::typescript(b);
}
