//! `verify`: reads the whole store back and says what is wrong with it — unreadable records,
//! broken indexes, records that fail their checks, and any break in the audit chain.

use std::collections::{BTreeSet, HashSet};

use tenderdesk_domain::*;

use crate::audit::{check_chain, AuditEntry};
use crate::lookup::StoreLookup;
use crate::{keys, migrate, Result, Store, CURRENT_SCHEMA_VERSION};

/// What `verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    pub records: usize,
    pub audit_entries: usize,
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Store {
    pub fn verify(&self) -> Result<VerifyReport> {
        let mut report = VerifyReport::default();
        match migrate::stored_version(self)? {
            Some(CURRENT_SCHEMA_VERSION) => {}
            other => {
                report.problems.push(format!("the schema version is {other:?}, expected {CURRENT_SCHEMA_VERSION}"))
            }
        }

        // The audit chain.
        let mut entries = Vec::new();
        for item in self.audit.iter() {
            let (k, v) = item?;
            let seq = keys::id_from(&k).unwrap_or(0);
            entries.push((seq, serde_json::from_slice::<AuditEntry>(&v).map_err(|e| e.to_string())));
        }
        report.audit_entries = entries.len();
        let head = self.audit_head()?;
        report.problems.extend(check_chain(&entries, &head));

        // Records, their checks, and the indexes that should follow from them.
        let hidden = HashSet::new();
        let lookup = StoreLookup::new(self, &hidden);
        let mut v = VerifyRecords {
            store: self,
            lookup: &lookup,
            report: &mut report,
            expected_refs: BTreeSet::new(),
            expected_keys: 0,
            expected_naturals: 0,
            err: None,
        };
        tenderdesk_domain::visit_kinds(&mut v);
        if let Some(e) = v.err {
            return Err(e);
        }
        let (expected_refs, expected_keys, expected_naturals) = (v.expected_refs, v.expected_keys, v.expected_naturals);
        if let Some(e) = lookup.into_failure() {
            return Err(e);
        }
        let mut stored_refs = BTreeSet::new();
        for item in self.refs.iter() {
            let (k, _) = item?;
            stored_refs.insert(k.to_vec());
        }
        let missing = expected_refs.difference(&stored_refs).count();
        let extra = stored_refs.difference(&expected_refs).count();
        if missing + extra > 0 {
            report.problems.push(format!(
                "the reference index is out of step with the records ({missing} missing, {extra} extra entries)"
            ));
        }
        if self.key_index.len() != expected_keys {
            report
                .problems
                .push(format!("the key index holds {} entries for {expected_keys} records", self.key_index.len()));
        }
        if self.natural_index.len() != expected_naturals {
            report.problems.push(format!(
                "the uniqueness index holds {} entries; the records need {expected_naturals}",
                self.natural_index.len()
            ));
        }
        Ok(report)
    }
}

struct VerifyRecords<'a> {
    store: &'a Store,
    lookup: &'a StoreLookup<'a>,
    report: &'a mut VerifyReport,
    expected_refs: BTreeSet<Vec<u8>>,
    expected_keys: usize,
    expected_naturals: usize,
    err: Option<crate::StoreError>,
}

impl VerifyRecords<'_> {
    fn check<T: Listed>(&mut self) -> Result<()> {
        for item in self.store.record_tree(T::KIND).iter() {
            let (k, v) = item?;
            self.report.records += 1;
            let Some(id) = keys::id_from(&k) else {
                self.report.problems.push(format!("a {} is stored under a key that is not an id", T::KIND.singular()));
                continue;
            };
            let record: T = match serde_json::from_slice(&v) {
                Ok(r) => r,
                Err(e) => {
                    self.report.problems.push(format!("{} id {id} cannot be read: {e}", T::KIND.singular()));
                    continue;
                }
            };
            self.expected_keys += 1;
            match self.store.id_of(T::KIND, record.key().as_str())? {
                Some(i) if i == id => {}
                _ => self.report.problems.push(format!(
                    "{} {} (id {id}) is missing from the key index",
                    T::KIND.singular(),
                    record.key()
                )),
            }
            if let Some((nk, _)) = record.natural_key() {
                self.expected_naturals += 1;
                let at =
                    self.store.natural_index.get(keys::tagged(T::KIND, nk.as_bytes()))?.and_then(|v| keys::id_from(&v));
                if at != Some(id) {
                    self.report.problems.push(format!(
                        "{} {} is missing from the uniqueness index",
                        T::KIND.singular(),
                        record.key()
                    ));
                }
            }
            if self.store.audit_by_record.scan_prefix(keys::record_prefix(T::KIND, id)).next().is_none() {
                self.report.problems.push(format!(
                    "{} {} (id {id}) has no audit entry: it was not written through TenderDesk",
                    T::KIND.singular(),
                    record.key()
                ));
            }
            for r in record.references() {
                if let Some(target) = self.store.id_of(r.kind, r.key.as_str())? {
                    self.expected_refs.insert(keys::ref_key(r.kind, target, T::KIND, id).to_vec());
                }
            }
            for p in record.validate(self.lookup).iter() {
                self.report.problems.push(p.to_string());
            }
        }
        Ok(())
    }
}

impl KindVisitor for VerifyRecords<'_> {
    fn visit<T: Listed>(&mut self) {
        if self.err.is_none() {
            if let Err(e) = self.check::<T>() {
                self.err = Some(e);
            }
        }
    }
}
