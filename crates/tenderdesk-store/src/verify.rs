//! `verify`: reads the whole store back and says what is wrong with it — unreadable records,
//! broken indexes, records that fail their checks, and any break in the audit chain.

use std::borrow::Cow;

use tenderdesk_domain::*;

use crate::audit::{check_chain, AuditEntry};
use crate::packed::Index;
use crate::{keys, migrate, Result, Store, StoreError, CURRENT_SCHEMA_VERSION};

/// A damaged pack or chunk becomes a problem in the report (false: the walk was cut short); any
/// other error stops `verify`.
fn damaged(result: Result<()>, report: &mut VerifyReport) -> Result<bool> {
    match result {
        Ok(()) => Ok(true),
        Err(StoreError::Damaged(what)) => {
            report.problems.push(format!("{what} is damaged and cannot be read"));
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

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

        // Records, their checks, and the indexes that should follow from them. The records that
        // others refer to are read once, not once per record that refers to them.
        let parents = self.referred_records()?;
        let lookup = VerifyLookup { store: self, index: DatasetIndex::new(&parents), failure: None.into() };
        let mut v = VerifyRecords {
            store: self,
            lookup: &lookup,
            report: &mut report,
            expected_refs: Vec::new(),
            expected_keys: 0,
            expected_naturals: 0,
            err: None,
        };
        tenderdesk_domain::visit_kinds(&mut v);
        if let Some(e) = v.err {
            return Err(e);
        }
        let (mut expected_refs, expected_keys, expected_naturals) =
            (v.expected_refs, v.expected_keys, v.expected_naturals);
        if let Some(e) = lookup.failure.into_inner() {
            return Err(e);
        }
        // The reference index is in key order; so are the expected entries once sorted.
        expected_refs.sort_unstable();
        expected_refs.dedup();
        let (mut missing, mut extra, mut at) = (0usize, 0usize, 0usize);
        let refs = self.index_scan(Index::Refs, &[], |k, _| {
            while at < expected_refs.len() && expected_refs[at].as_slice() < k {
                missing += 1;
                at += 1;
            }
            if at < expected_refs.len() && expected_refs[at].as_slice() == k {
                at += 1;
            } else {
                extra += 1;
            }
            Ok(())
        });
        if damaged(refs, &mut report)? {
            missing += expected_refs.len() - at;
            if missing + extra > 0 {
                report.problems.push(format!(
                    "the reference index is out of step with the records ({missing} missing, {extra} extra entries)"
                ));
            }
        }
        for (index, expected, name) in [
            (Index::Key, expected_keys, "the key index holds {n} entries for {expected} records"),
            (Index::Natural, expected_naturals, "the uniqueness index holds {n} entries; the records need {expected}"),
        ] {
            let mut n = 0usize;
            let counted = self.index_scan(index, &[], |_, _| {
                n += 1;
                Ok(())
            });
            if damaged(counted, &mut report)? && n != expected {
                report.problems.push(name.replace("{n}", &n.to_string()).replace("{expected}", &expected.to_string()));
            }
        }
        Ok(report)
    }
}

struct VerifyRecords<'a> {
    store: &'a Store,
    lookup: &'a VerifyLookup<'a>,
    report: &'a mut VerifyReport,
    expected_refs: Vec<[u8; 18]>,
    expected_keys: usize,
    expected_naturals: usize,
    err: Option<crate::StoreError>,
}

impl VerifyRecords<'_> {
    fn check<T: Listed>(&mut self) -> Result<()> {
        let store = self.store;
        let scanned = store.scan_records(T::KIND, 0, u64::MAX, |id, v| {
            self.check_one::<T>(id, v)?;
            Ok(true)
        });
        match scanned {
            Err(StoreError::Corrupt { kind, reason, .. }) if kind == T::KIND => {
                self.report
                    .problems
                    .push(format!("the {} tree holds a key that is not an id: {reason}", kind.plural()));
                Ok(())
            }
            other => damaged(other, self.report).map(|_| ()),
        }
    }

    fn check_one<T: Listed>(&mut self, id: u64, v: &[u8]) -> Result<()> {
        {
            self.report.records += 1;
            let record: T = match serde_json::from_slice(v) {
                Ok(r) => r,
                Err(e) => {
                    self.report.problems.push(format!("{} id {id} cannot be read: {e}", T::KIND.singular()));
                    return Ok(());
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
                if self.store.id_of_natural(T::KIND, &nk)? != Some(id) {
                    self.report.problems.push(format!(
                        "{} {} is missing from the uniqueness index",
                        T::KIND.singular(),
                        record.key()
                    ));
                }
            }
            if self.store.history_seqs(T::KIND, id)?.is_empty() {
                self.report.problems.push(format!(
                    "{} {} (id {id}) has no audit entry: it was not written through TenderDesk",
                    T::KIND.singular(),
                    record.key()
                ));
            }
            for r in record.references() {
                if let Some(target) = self.store.id_of(r.kind, r.key.as_str())? {
                    self.expected_refs.push(keys::ref_key(r.kind, target, T::KIND, id));
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

impl Store {
    /// Every record of the kinds that checks look up (providers, rounds, bids…), each reached
    /// through the key index as a lookup would reach it; unreadable ones are left out (the walk
    /// over every record reports them).
    fn referred_records(&self) -> Result<Dataset> {
        struct R<'a>(&'a Store, Dataset, Option<crate::StoreError>);
        impl KindVisitor for R<'_> {
            fn visit<T: Listed>(&mut self) {
                if self.2.is_some() || !REFERRED.contains(&T::KIND) {
                    return;
                }
                let (store, ds) = (self.0, &mut self.1);
                let read = store.scan_records(T::KIND, 0, u64::MAX, |id, v| {
                    let Ok(record) = serde_json::from_slice::<T>(v) else { return Ok(true) };
                    if store.id_of(T::KIND, record.key().as_str())? == Some(id) {
                        T::push(ds, record);
                    }
                    Ok(true)
                });
                // A damaged pack is reported by the walk over every record.
                if let Err(e) = read.or_else(|e| if matches!(e, StoreError::Damaged(_)) { Ok(()) } else { Err(e) }) {
                    self.2 = Some(e);
                }
            }
        }
        let mut r = R(self, Dataset::default(), None);
        tenderdesk_domain::visit_kinds(&mut r);
        match r.2 {
            Some(e) => Err(e),
            None => Ok(r.1),
        }
    }
}

/// The kinds a [`Lookup`] returns records of.
const REFERRED: [Kind; 10] = [
    Kind::Authority,
    Kind::Providers,
    Kind::Arrangements,
    Kind::Lots,
    Kind::Openings,
    Kind::Admissions,
    Kind::Rounds,
    Kind::Submissions,
    Kind::Evaluators,
    Kind::Awards,
];

/// The store as a [`Lookup`] for `verify`: the referred kinds from memory, without a copy per
/// look-up; whether a record of another kind exists, from the key index.
struct VerifyLookup<'a> {
    store: &'a Store,
    index: DatasetIndex<'a>,
    failure: std::cell::RefCell<Option<crate::StoreError>>,
}

impl Lookup for VerifyLookup<'_> {
    fn exists(&self, kind: Kind, key: &Key) -> bool {
        if REFERRED.contains(&kind) {
            return self.index.exists(kind, key);
        }
        match self.store.id_of(kind, key.as_str()) {
            Ok(id) => id.is_some(),
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e);
                false
            }
        }
    }
    fn authority(&self) -> Option<Cow<'_, AuthorityProfile>> {
        self.index.authority()
    }
    fn provider(&self, key: &Key) -> Option<Cow<'_, Provider>> {
        self.index.provider(key)
    }
    fn arrangement(&self, key: &Key) -> Option<Cow<'_, Arrangement>> {
        self.index.arrangement(key)
    }
    fn lot(&self, key: &Key) -> Option<Cow<'_, Lot>> {
        self.index.lot(key)
    }
    fn opening(&self, key: &Key) -> Option<Cow<'_, Opening>> {
        self.index.opening(key)
    }
    fn admission(&self, key: &Key) -> Option<Cow<'_, Admission>> {
        self.index.admission(key)
    }
    fn round(&self, key: &Key) -> Option<Cow<'_, Round>> {
        self.index.round(key)
    }
    fn submission(&self, key: &Key) -> Option<Cow<'_, Submission>> {
        self.index.submission(key)
    }
    fn evaluator(&self, key: &Key) -> Option<Cow<'_, Evaluator>> {
        self.index.evaluator(key)
    }
    fn award(&self, key: &Key) -> Option<Cow<'_, AwardDecision>> {
        self.index.award(key)
    }
}
