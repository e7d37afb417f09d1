//! The records that refer to one record (a round's bids, a lot's admissions), counted or listed by
//! id from the reference index alone: a prefix scan over `[target tag, target id, source tag]`,
//! with no record decoded and no other kind's entries (a round's marks) walked.

use tenderdesk_domain::Kind;

use crate::packed::Index;
use crate::{keys, Result, Store};

impl Store {
    /// How many records of `source` kind refer to the record of `target` kind with id
    /// `target_id` (0 when none do, or when there is no such record).
    pub fn count_referring(&self, target: Kind, target_id: u64, source: Kind) -> Result<usize> {
        let mut n = 0;
        self.index_scan(Index::Refs, &keys::ref_source_prefix(target, target_id, source), |_, _| {
            n += 1;
            Ok(())
        })?;
        Ok(n)
    }

    /// The ids of the records of `source` kind that refer to the record of `target` kind with id
    /// `target_id`, in id order, from the reference index's keys alone.
    pub fn referring_ids(&self, target: Kind, target_id: u64, source: Kind) -> Result<Vec<u64>> {
        let mut ids = Vec::new();
        self.index_scan(Index::Refs, &keys::ref_source_prefix(target, target_id, source), |k, _| {
            ids.extend(keys::parse_ref_key(k).map(|(_, _, _, source_id)| source_id));
            Ok(())
        })?;
        Ok(ids)
    }

    /// As [`Store::count_referring`], naming the target by its reference.
    pub fn count_referring_key(&self, target: Kind, key: &str, source: Kind) -> Result<usize> {
        match self.id_of(target, key)? {
            Some(id) => self.count_referring(target, id, source),
            None => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_the_start_of_the_reference_key() {
        let k = keys::ref_key(Kind::Rounds, 7, Kind::Submissions, 300);
        assert!(k.starts_with(&keys::ref_source_prefix(Kind::Rounds, 7, Kind::Submissions)));
        assert!(!k.starts_with(&keys::ref_source_prefix(Kind::Rounds, 7, Kind::Marks)));
        assert!(!k.starts_with(&keys::ref_source_prefix(Kind::Rounds, 8, Kind::Submissions)));
    }
}
