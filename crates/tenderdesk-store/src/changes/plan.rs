//! Checking a change before anything is written: every record planned (its id, its index entries,
//! a key or natural key already taken), the records checked together, and every deletion checked
//! against what still refers to it.

use std::collections::{HashMap, HashSet};

use tenderdesk_domain::*;

use super::{ChangeSet, Deletion, Intent, Planned};
use crate::keys;
use crate::lookup::StoreLookup;
use crate::{Result, Store, StoreError};

impl Store {
    /// Plans every record of the change (ids, index entries) and checks the records, noting each
    /// problem; gives the plan and the next id of each kind written.
    pub(super) fn plan(
        &self,
        changes: &ChangeSet,
        hidden: &HashSet<(Kind, Key)>,
        problems: &mut Problems,
    ) -> Result<(Vec<Planned>, HashMap<Kind, u64>)> {
        let mut planner = Planner {
            store: self,
            changes,
            hidden,
            problems,
            planned: Vec::new(),
            next_ids: HashMap::new(),
            err: None,
        };
        tenderdesk_domain::visit_kinds(&mut planner);
        if let Some(e) = planner.err {
            return Err(e);
        }
        let Planner { planned, next_ids, .. } = planner;
        let lookup = StoreLookup::new(self, hidden);
        problems.extend(changes.upserts.validate(&lookup));
        if let Some(e) = lookup.into_failure() {
            return Err(e);
        }
        Ok((planned, next_ids))
    }

    /// Deletions: the record must exist and nothing left behind may refer to it.
    pub(super) fn check_deletions(
        &self,
        changes: &ChangeSet,
        hidden: &HashSet<(Kind, Key)>,
        planned: &[Planned],
        problems: &mut Problems,
    ) -> Result<Vec<Deletion>> {
        let touched: HashSet<(Kind, Key)> = planned.iter().map(|p| (p.kind, p.key.clone())).collect();
        let mut deletions = Vec::new();
        for (kind, key) in &changes.deletes {
            let Some(id) = self.id_of(*kind, key.as_str())? else {
                problems.push(
                    *kind,
                    key.as_str(),
                    "key",
                    format!("there is no {} \"{key}\" to delete", kind.singular()),
                );
                continue;
            };
            for (source_kind, source_key) in self.referring_keys(*kind, id)? {
                let Ok(sk) = Key::parse(&source_key) else { continue };
                if hidden.contains(&(source_kind, sk.clone())) || touched.contains(&(source_kind, sk)) {
                    continue;
                }
                problems.push(
                    *kind,
                    key.as_str(),
                    "key",
                    format!(
                        "{} {key} cannot be deleted: {} {source_key} refers to it",
                        kind.singular(),
                        source_kind.singular()
                    ),
                );
            }
            let before = self.record_bytes(*kind, id)?.unwrap_or_default();
            deletions.push(Deletion { kind: *kind, key: key.clone(), id, before });
        }
        Ok(deletions)
    }

    /// The kind and key of every record referring to the record of `kind` with `id` ("#id" where
    /// a record has no key).
    fn referring_keys(&self, kind: Kind, id: u64) -> Result<Vec<(Kind, String)>> {
        let mut sources = Vec::new();
        self.index_scan(crate::packed::Index::Refs, &keys::ref_prefix(kind, id), |k, _| {
            sources.extend(keys::parse_ref_key(k).map(|(_, _, source_kind, source_id)| (source_kind, source_id)));
            Ok(())
        })?;
        let mut found = Vec::with_capacity(sources.len());
        for (source_kind, source_id) in sources {
            let source_key = self
                .get_json_by_id(source_kind, source_id)?
                .and_then(|v| v.get("key").and_then(|k| k.as_str()).map(str::to_owned))
                .unwrap_or_else(|| format!("#{source_id}"));
            found.push((source_kind, source_key));
        }
        Ok(found)
    }
}

struct Planner<'a> {
    store: &'a Store,
    changes: &'a ChangeSet,
    hidden: &'a HashSet<(Kind, Key)>,
    problems: &'a mut Problems,
    planned: Vec<Planned>,
    next_ids: HashMap<Kind, u64>,
    err: Option<StoreError>,
}

impl Planner<'_> {
    fn plan<T: Listed>(&mut self) -> Result<()> {
        let records = T::list(&self.changes.upserts);
        if records.is_empty() {
            return Ok(());
        }
        let previous_next = self.store.meta.get(keys::meta_next_id(T::KIND))?.and_then(|v| keys::id_from(&v));
        let mut next = previous_next.unwrap_or(1);
        for r in records {
            let key = r.key();
            let existing = self.store.id_of(T::KIND, key.as_str())?;
            let intent = self.changes.intent(T::KIND, key);
            let (id, before) = match (intent, existing) {
                (Intent::Insert, Some(id)) => {
                    self.problems.push(
                        T::KIND,
                        key.as_str(),
                        "key",
                        format!(
                            "the reference \"{key}\" is already taken by {} id {id} in the store",
                            T::KIND.singular()
                        ),
                    );
                    continue;
                }
                (Intent::Update, None) => {
                    self.problems.push(
                        T::KIND,
                        key.as_str(),
                        "key",
                        format!("there is no {} \"{key}\" to change", T::KIND.singular()),
                    );
                    continue;
                }
                (Intent::Insert, None) => {
                    let id = next;
                    next += 1;
                    (id, None)
                }
                (Intent::Update, Some(id)) => (id, self.store.get::<T>(id)?),
            };
            let natural = r.natural_key();
            if let Some((nk, message)) = &natural {
                if let Some(other) = self.store.id_of_natural(T::KIND, nk)? {
                    let other_hidden = match self.store.get::<T>(other)? {
                        Some(o) => self.hidden.contains(&(T::KIND, o.key().clone())),
                        None => true,
                    };
                    if other != id && !other_hidden {
                        self.problems.push(T::KIND, key.as_str(), "key", message.clone());
                    }
                }
            }
            let after = serde_json::to_vec(r).map_err(|e| StoreError::Storage(e.to_string()))?;
            self.planned.push(Planned {
                kind: T::KIND,
                key: key.clone(),
                id,
                intent,
                after,
                after_refs: r.references(),
                after_natural: natural.map(|(n, _)| n),
                before: before.as_ref().map(|b| serde_json::to_vec(b).unwrap_or_default()),
                before_refs: before.as_ref().map(|b| b.references()).unwrap_or_default(),
                before_natural: before.as_ref().and_then(|b| b.natural_key()).map(|(n, _)| n),
            });
        }
        self.next_ids.insert(T::KIND, next);
        Ok(())
    }
}

impl KindVisitor for Planner<'_> {
    fn visit<T: Listed>(&mut self) {
        if self.err.is_none() {
            if let Err(e) = self.plan::<T>() {
                self.err = Some(e);
            }
        }
    }
}
