//! How records and indexes are laid out in sled: a tree per kind keyed by big-endian id, and
//! index trees with composite keys (a kind tag byte, then the rest).

use tenderdesk_domain::Kind;

/// The tree holding records of a kind: `record/providers` maps id (u64 big-endian) → JSON.
pub fn record_tree_name(kind: Kind) -> String {
    format!("record/{}", kind.plural())
}

/// Tree mapping `[kind tag] ++ key` → id.
pub const KEY_INDEX: &str = "index/key";
/// Tree mapping `[kind tag] ++ natural key` → id (one bid per bidder per lot per round…).
pub const NATURAL_INDEX: &str = "index/natural";
/// Tree mapping `[target tag] ++ target id ++ [source tag] ++ source id` → empty: who refers to whom.
pub const REFS: &str = "index/referenced_by";
/// Tree mapping `[kind tag] ++ record id ++ audit sequence` → empty: the audit entries about each
/// record (its own creation, changes and deletion, or the import that brought it in).
pub const AUDIT_BY_RECORD: &str = "index/audit_by_record";
/// Tree mapping sequence number (u64 big-endian) → audit entry JSON.
pub const AUDIT: &str = "audit";
/// Tree of named values: schema version, audit head, id counters.
pub const META: &str = "meta";

pub const META_SCHEMA_VERSION: &[u8] = b"schema_version";
pub const META_AUDIT_HEAD: &[u8] = b"audit_head";
/// Present only while an import is being written: what to undo if it never finishes.
pub const META_IMPORT_IN_PROGRESS: &[u8] = b"import_in_progress";

pub fn meta_next_id(kind: Kind) -> Vec<u8> {
    format!("next_id/{}", kind.plural()).into_bytes()
}

pub fn id_bytes(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

pub fn id_from(bytes: &[u8]) -> Option<u64> {
    bytes.try_into().ok().map(u64::from_be_bytes)
}

pub fn tagged(kind: Kind, rest: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(1 + rest.len());
    v.push(kind.tag());
    v.extend_from_slice(rest);
    v
}

pub fn ref_key(target: Kind, target_id: u64, source: Kind, source_id: u64) -> [u8; 18] {
    let mut k = [0u8; 18];
    k[0] = target.tag();
    k[1..9].copy_from_slice(&target_id.to_be_bytes());
    k[9] = source.tag();
    k[10..18].copy_from_slice(&source_id.to_be_bytes());
    k
}

pub fn ref_prefix(target: Kind, target_id: u64) -> [u8; 9] {
    let mut k = [0u8; 9];
    k[0] = target.tag();
    k[1..9].copy_from_slice(&target_id.to_be_bytes());
    k
}

/// `[target tag] ++ target id ++ [source tag]`: the start of every reference from a `source`
/// record to one target.
pub fn ref_source_prefix(target: Kind, target_id: u64, source: Kind) -> [u8; 10] {
    let mut k = [0u8; 10];
    k[..9].copy_from_slice(&ref_prefix(target, target_id));
    k[9] = source.tag();
    k
}

pub fn record_audit_key(kind: Kind, id: u64, seq: u64) -> [u8; 17] {
    let mut k = [0u8; 17];
    k[..9].copy_from_slice(&record_prefix(kind, id));
    k[9..].copy_from_slice(&seq.to_be_bytes());
    k
}

/// `[kind tag] ++ id`: the start of every index key about one record.
pub fn record_prefix(kind: Kind, id: u64) -> [u8; 9] {
    ref_prefix(kind, id)
}

/// Splits a refs key into (target, target id, source, source id).
pub fn parse_ref_key(k: &[u8]) -> Option<(Kind, u64, Kind, u64)> {
    if k.len() != 18 {
        return None;
    }
    Some((Kind::from_tag(k[0])?, id_from(&k[1..9])?, Kind::from_tag(k[9])?, id_from(&k[10..18])?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_numerically_as_bytes() {
        let mut ids = [256u64, 1, 255, 65536, 2];
        let mut bytes: Vec<[u8; 8]> = ids.iter().map(|i| id_bytes(*i)).collect();
        bytes.sort();
        ids.sort();
        assert_eq!(bytes.iter().map(|b| id_from(b).unwrap()).collect::<Vec<_>>(), ids);
    }

    #[test]
    fn ref_keys_round_trip() {
        let k = ref_key(Kind::Providers, 7, Kind::Submissions, 300);
        assert_eq!(parse_ref_key(&k), Some((Kind::Providers, 7, Kind::Submissions, 300)));
        assert!(k.starts_with(&ref_prefix(Kind::Providers, 7)));
    }
}
