//! Laying out the writes of a checked change: each record, its key, natural-key and reference
//! index entries, and the audit entries chained onto the log's head, in the order written.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use tenderdesk_domain::*;

use super::{Deletion, Intent, Planned};
use crate::audit::{Action, AuditEntry, AuditHead};
use crate::keys;
use crate::{kind_index, Result, Store, T_AUDIT, T_BY_RECORD, T_KEY, T_META, T_NATURAL, T_REFS};

/// One write: (tree index, key, new value or removal).
pub(super) type Write = (usize, Vec<u8>, Option<Vec<u8>>);

/// The record an audit entry is about.
struct Subject<'k> {
    kind: Kind,
    id: u64,
    key: &'k Key,
}

/// The writes of one change, laid out in order, with the audit chain's head as entries are added.
pub(super) struct Writes<'a> {
    store: &'a Store,
    /// The id of each record planned, by kind and key: references to it resolve to it.
    ids: HashMap<(Kind, &'a str), u64>,
    list: Vec<Write>,
    head: AuditHead,
    now: DateTime<Utc>,
}

impl<'a> Writes<'a> {
    pub(super) fn new(store: &'a Store, planned: &'a [Planned]) -> Result<Writes<'a>> {
        Ok(Writes {
            store,
            ids: planned.iter().map(|p| ((p.kind, p.key.as_str()), p.id)).collect(),
            list: Vec::with_capacity(planned.len() * 3 + 4),
            head: store.audit_head()?,
            now: Utc::now(),
        })
    }

    /// The id a reference points at: a record of this change, else one in the store.
    fn resolve(&self, kind: Kind, key: &Key) -> Result<Option<u64>> {
        match self.ids.get(&(kind, key.as_str())) {
            Some(id) => Ok(Some(*id)),
            None => self.store.id_of(kind, key.as_str()),
        }
    }

    /// A record inserted or updated: its bytes, its key, its natural key and references as they
    /// changed, and (`audited`) its audit entry.
    pub(super) fn record(&mut self, p: &Planned, audited: bool) -> Result<()> {
        self.list.push((kind_index(p.kind), keys::id_bytes(p.id).to_vec(), Some(p.after.clone())));
        if p.intent == Intent::Insert {
            self.list.push((
                T_KEY,
                keys::tagged(p.kind, p.key.as_str().as_bytes()),
                Some(keys::id_bytes(p.id).to_vec()),
            ));
        }
        if p.before_natural != p.after_natural {
            if let Some(old) = &p.before_natural {
                self.list.push((T_NATURAL, keys::tagged(p.kind, old.as_bytes()), None));
            }
            if let Some(new) = &p.after_natural {
                self.list.push((T_NATURAL, keys::tagged(p.kind, new.as_bytes()), Some(keys::id_bytes(p.id).to_vec())));
            }
        }
        for r in &p.before_refs {
            if let Some(target) = self.store.id_of(r.kind, r.key.as_str())? {
                self.list.push((T_REFS, keys::ref_key(r.kind, target, p.kind, p.id).to_vec(), None));
            }
        }
        for r in &p.after_refs {
            if let Some(target) = self.resolve(r.kind, &r.key)? {
                self.list.push((T_REFS, keys::ref_key(r.kind, target, p.kind, p.id).to_vec(), Some(Vec::new())));
            }
        }
        if audited {
            let action = if p.intent == Intent::Insert { Action::Create } else { Action::Update };
            let subject = Subject { kind: p.kind, id: p.id, key: &p.key };
            self.audit(action, Some(subject), p.before.as_deref(), Some(&p.after), None);
        }
        Ok(())
    }

    /// A record deleted: its bytes, key, natural key and references removed, and its audit entry.
    pub(super) fn deletion(&mut self, d: &Deletion) -> Result<()> {
        self.list.push((kind_index(d.kind), keys::id_bytes(d.id).to_vec(), None));
        self.list.push((T_KEY, keys::tagged(d.kind, d.key.as_str().as_bytes()), None));
        let value: serde_json::Value = serde_json::from_slice(&d.before).unwrap_or_default();
        if let Some((natural, refs)) = references_of(d.kind, &value) {
            if let Some(n) = natural {
                self.list.push((T_NATURAL, keys::tagged(d.kind, n.as_bytes()), None));
            }
            for r in refs {
                if let Some(target) = self.store.id_of(r.kind, r.key.as_str())? {
                    self.list.push((T_REFS, keys::ref_key(r.kind, target, d.kind, d.id).to_vec(), None));
                }
            }
        }
        let subject = Subject { kind: d.kind, id: d.id, key: &d.key };
        self.audit(Action::Delete, Some(subject), Some(&d.before), None, None);
        Ok(())
    }

    /// An import's one audit entry, saying how many records of each kind it added, and each
    /// record's link to it.
    pub(super) fn import(&mut self, detail: &str, upserts: &Dataset, planned: &[Planned]) {
        let counts: serde_json::Map<String, serde_json::Value> = upserts
            .counts()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.plural().to_owned(), n.into()))
            .collect();
        let after = serde_json::to_vec(&counts).unwrap_or_default();
        self.audit(Action::Import, None, None, Some(&after), Some(detail.to_owned()));
        for p in planned {
            self.list.push((
                T_BY_RECORD,
                keys::record_audit_key(p.kind, p.id, self.head.seq).to_vec(),
                Some(Vec::new()),
            ));
        }
    }

    /// Chains an audit entry onto the head, with its link from the record it is about.
    fn audit(
        &mut self,
        action: Action,
        subject: Option<Subject<'_>>,
        before: Option<&[u8]>,
        after: Option<&[u8]>,
        detail: Option<String>,
    ) {
        let entry = AuditEntry {
            seq: self.head.seq + 1,
            at: self.now,
            actor: self.store.actor.clone(),
            action,
            kind: subject.as_ref().map(|s| s.kind.plural().to_owned()),
            id: subject.as_ref().map(|s| s.id),
            key: subject.as_ref().map(|s| s.key.to_string()),
            before: before.and_then(|b| serde_json::from_slice(b).ok()),
            after: after.and_then(|b| serde_json::from_slice(b).ok()),
            detail,
            prev_hash: self.head.hash.clone(),
            hash: String::new(),
        }
        .seal();
        self.head = AuditHead { seq: entry.seq, hash: entry.hash.clone() };
        if let Some(s) = &subject {
            self.list.push((T_BY_RECORD, keys::record_audit_key(s.kind, s.id, entry.seq).to_vec(), Some(Vec::new())));
        }
        self.list.push((
            T_AUDIT,
            keys::id_bytes(entry.seq).to_vec(),
            Some(serde_json::to_vec(&entry).unwrap_or_default()),
        ));
    }

    /// Every write, ending with the next id of each kind written and the new audit head.
    pub(super) fn finish(mut self, next_ids: &HashMap<Kind, u64>) -> Vec<Write> {
        for (kind, next) in next_ids {
            self.list.push((T_META, keys::meta_next_id(*kind), Some(next.to_be_bytes().to_vec())));
        }
        self.list.push((
            T_META,
            keys::META_AUDIT_HEAD.to_vec(),
            Some(serde_json::to_vec(&self.head).unwrap_or_default()),
        ));
        self.list
    }
}

/// The natural key and references of a stored record, read back from its JSON.
fn references_of(kind: Kind, value: &serde_json::Value) -> Option<(Option<String>, Vec<Reference>)> {
    struct R<'a> {
        kind: Kind,
        value: &'a serde_json::Value,
        out: Option<(Option<String>, Vec<Reference>)>,
    }
    impl KindVisitor for R<'_> {
        fn visit<T: Listed>(&mut self) {
            if T::KIND == self.kind {
                if let Ok(r) = serde_json::from_value::<T>(self.value.clone()) {
                    self.out = Some((r.natural_key().map(|(n, _)| n), r.references()));
                }
            }
        }
    }
    let mut r = R { kind, value, out: None };
    tenderdesk_domain::visit_kinds(&mut r);
    r.out
}
