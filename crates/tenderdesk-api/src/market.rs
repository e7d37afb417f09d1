//! Use cases between rounds: contracts and options, alerts, spend, activity, rates, coverage, FOI.
//!
//! Each gathers the records it needs from the store and hands them to `tenderdesk-market`, whose
//! pure functions do the work; changes go back through `Api::apply`, so every check runs and every
//! change has its audit entry. A refusal from the market rules becomes a refused write
//! (`ErrorCode::Invalid`) naming the record and field, and nothing is stored.

use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;
use tenderdesk_domain::*;
use tenderdesk_market as market;
use tenderdesk_market::{
    Alert, ArrangementPosition, ContractPosition, CoverageReport, FoiPack, MarketError, OpeningReport, RatesReport,
    SpendSummary,
};

use tenderdesk_store::{ChangeSet, Store};

use crate::{Api, ApiError, Result, StoreError};

impl From<MarketError> for ApiError {
    fn from(e: MarketError) -> ApiError {
        ApiError::Store(StoreError::Invalid(e.to_problems()))
    }
}

/// The kinds of record the market's rules read (not bids, panels or marks).
const MARKET_KINDS: [Kind; 11] = [
    Kind::Authority,
    Kind::Providers,
    Kind::Arrangements,
    Kind::Lots,
    Kind::Openings,
    Kind::Admissions,
    Kind::Rounds,
    Kind::Awards,
    Kind::Contracts,
    Kind::Activity,
    Kind::Spend,
];

/// The name each round's first moderation date is kept under (in memory and on disk).
pub const FIRST_MODERATIONS: &str = "market/first_moderations";

/// The records the market's rules read (not bids, panels or marks) as one data set, each kind's
/// ids beside its records in the same (id) order, and the alerts' index of them.
#[derive(Clone)]
pub(crate) struct MarketRecords {
    ds: Dataset,
    ids: HashMap<Kind, Vec<u64>>,
    index: market::alerts::AlertIndex,
}

impl std::ops::Deref for MarketRecords {
    type Target = Dataset;

    fn deref(&self) -> &Dataset {
        &self.ds
    }
}

impl MarketRecords {
    /// Every record of the market's kinds, from each kind's kept list.
    fn read(store: &Store) -> tenderdesk_store::Result<MarketRecords> {
        // The contracts, the largest kind, are read and kept on a second core meanwhile, then
        // taken from the kept list.
        let (others, contracts) = std::thread::scope(|s| {
            let contracts = s.spawn(|| store.list_shared::<Contract>().map(|_| ()));
            let others = MarketRecords::read_but_contracts(store);
            (others, contracts.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        contracts?;
        let (mut ds, mut ids) = others?;
        ds.contracts = all(store, &mut ids)?;
        let index = market::alerts::AlertIndex::new(&ds);
        Ok(MarketRecords { ds, ids, index })
    }

    /// Every record of the market's kinds but the contracts, one kind after another, with each
    /// kind's ids.
    fn read_but_contracts(store: &Store) -> tenderdesk_store::Result<(Dataset, HashMap<Kind, Vec<u64>>)> {
        let mut ids = HashMap::new();
        let ds = Dataset {
            authority: authority(store)?,
            providers: all(store, &mut ids)?,
            arrangements: all(store, &mut ids)?,
            lots: all(store, &mut ids)?,
            openings: all(store, &mut ids)?,
            admissions: all(store, &mut ids)?,
            rounds: all(store, &mut ids)?,
            awards: all(store, &mut ids)?,
            activity: all(store, &mut ids)?,
            spend: all(store, &mut ids)?,
            ..Dataset::default()
        };
        Ok((ds, ids))
    }

    /// The records of `kind` with the ids `changed` (sorted, once each) read again: replaced,
    /// put in their place, or taken out when no longer stored. Says whether the alerts' index no
    /// longer fits: a record of a kind it holds by position was added or removed, or a field it
    /// looks up changed.
    fn patch(&mut self, store: &Store, kind: Kind, changed: &[u64]) -> tenderdesk_store::Result<bool> {
        /// `indexed`: whether the alerts' index holds this kind by position; `same`: whether two
        /// versions of a record agree on every field the index reads.
        fn patch_kind<T: Record>(
            store: &Store,
            records: &mut Vec<T>,
            ids: &mut Vec<u64>,
            changed: &[u64],
            indexed: bool,
            same: fn(&T, &T) -> bool,
        ) -> tenderdesk_store::Result<bool> {
            let mut index_moved = false;
            let mut fresh = store.get_many::<T>(changed)?.into_iter().peekable();
            for id in changed {
                let now = fresh.next_if(|(f, _)| f == id).map(|(_, r)| r);
                match (ids.binary_search(id), now) {
                    (Ok(at), Some(r)) => {
                        index_moved |= indexed && !same(&records[at], &r);
                        records[at] = r;
                    }
                    (Ok(at), None) => {
                        records.remove(at);
                        ids.remove(at);
                        index_moved |= indexed;
                    }
                    (Err(at), Some(r)) => {
                        records.insert(at, r);
                        ids.insert(at, *id);
                        index_moved |= indexed;
                    }
                    (Err(_), None) => {}
                }
            }
            Ok(index_moved)
        }
        fn not_indexed<T>(_: &T, _: &T) -> bool {
            true
        }
        let ids = self.ids.entry(kind).or_default();
        let ds = &mut self.ds;
        match kind {
            Kind::Authority => {
                ds.authority = authority(store)?;
                Ok(false)
            }
            Kind::Providers => patch_kind(store, &mut ds.providers, ids, changed, false, not_indexed),
            Kind::Arrangements => patch_kind(store, &mut ds.arrangements, ids, changed, true, |a, b| a.key == b.key),
            Kind::Lots => patch_kind(store, &mut ds.lots, ids, changed, false, not_indexed),
            Kind::Openings => patch_kind(store, &mut ds.openings, ids, changed, false, not_indexed),
            Kind::Admissions => {
                patch_kind(store, &mut ds.admissions, ids, changed, true, |a, b| a.provider == b.provider)
            }
            Kind::Rounds => patch_kind(store, &mut ds.rounds, ids, changed, true, |a, b| a.key == b.key),
            Kind::Awards => {
                patch_kind(store, &mut ds.awards, ids, changed, true, |a, b| a.key == b.key && a.round == b.round)
            }
            Kind::Contracts => patch_kind(store, &mut ds.contracts, ids, changed, true, |a, b| {
                a.key == b.key && a.award == b.award && a.provider == b.provider && a.term.start == b.term.start
            }),
            Kind::Activity => patch_kind(store, &mut ds.activity, ids, changed, false, not_indexed),
            Kind::Spend => patch_kind(store, &mut ds.spend, ids, changed, false, not_indexed),
            other => Err(StoreError::Storage(format!(
                "the market's records do not hold {}, so they cannot be brought up to date with them",
                other.plural()
            ))),
        }
    }
}

/// Every record of a kind from its kept list, noting their ids in `ids`.
fn all<T: Record>(store: &Store, ids: &mut HashMap<Kind, Vec<u64>>) -> tenderdesk_store::Result<Vec<T>> {
    let list = store.list_shared::<T>()?;
    ids.insert(T::KIND, list.iter().map(|(id, _)| *id).collect());
    Ok(list.iter().map(|(_, r)| r.clone()).collect())
}

/// The council's own profile, if recorded.
fn authority(store: &Store) -> tenderdesk_store::Result<Option<AuthorityProfile>> {
    Ok(store.get_by_key::<AuthorityProfile>(AuthorityProfile::the_key().as_str())?.map(|(_, a)| a))
}

impl Api {
    /// A record by its reference or, failing that, by its id.
    fn find<T: Record>(&self, id_or_key: &str) -> Result<(u64, T)> {
        if let Some(found) = self.store.get_by_key::<T>(id_or_key)? {
            return Ok(found);
        }
        if let Ok(id) = id_or_key.trim().parse::<u64>() {
            if let Some(r) = self.store.get::<T>(id)? {
                return Ok((id, r));
            }
        }
        Err(ApiError::NotFound { kind: T::KIND, id: id_or_key.to_owned() })
    }

    /// The records the market's rules read, as one dataset with the alerts' index of them, kept
    /// in memory until one of their kinds changes (`tenderdesk-store`'s `cache.rs`); after a
    /// change, only the records it wrote are read again and put in their places.
    pub(crate) fn market_data(&self) -> Result<Arc<MarketRecords>> {
        self.store
            .view_patched("market/records", &MARKET_KINDS, MarketRecords::read, |store, mut kept, changed| {
                if changed.iter().any(|(kind, _)| !MARKET_KINDS.contains(kind)) {
                    return MarketRecords::read(store);
                }
                let mut index_moved = false;
                for (kind, ids) in changed {
                    index_moved |= kept.patch(store, *kind, ids)?;
                }
                // Built again only when what it holds moved (a contract's end or title does not).
                if index_moved {
                    kept.index = market::alerts::AlertIndex::new(&kept.ds);
                }
                Ok(kept)
            })
            .map_err(ApiError::from)
    }

    /// The earliest day a moderated mark of each round was agreed: all the alerts need of the
    /// moderated marks, read field by field and kept until a moderated mark changes — on disk
    /// too, so the first dashboard after opening does not read 300,000 marks again.
    fn first_moderations(&self) -> Result<Arc<HashMap<Key, NaiveDate>>> {
        self.store
            .persisted_view(FIRST_MODERATIONS, &[Kind::ModeratedMarks], read_first_moderations)
            .map_err(ApiError::from)
    }

    /// For `verify`: a problem when the copy of each round's first moderation date kept on disk
    /// (used after reopening) differs from the moderated marks themselves.
    pub(crate) fn check_kept_first_moderations(&self) -> Result<Option<String>> {
        let kept: Option<HashMap<Key, NaiveDate>> =
            self.store.persisted_view_raw(FIRST_MODERATIONS, &[Kind::ModeratedMarks])?;
        let Some(kept) = kept else { return Ok(None) };
        let fresh = read_first_moderations(&self.store)?;
        Ok((kept != fresh).then(|| {
            let differ = fresh.iter().filter(|(k, d)| kept.get(*k) != Some(*d)).count()
                + kept.keys().filter(|k| !fresh.contains_key(*k)).count();
            format!(
                "the saved copy of each round's first moderation date (the derived tree, used by the alerts \
                 after reopening) differs from the moderated marks for {differ} round(s); it is not a record, and \
                 deleting the store's derived tree makes TenderDesk compute it again"
            )
        }))
    }

    fn keys_of(&self, arrangements: &[String]) -> Result<Option<Vec<Key>>> {
        if arrangements.is_empty() {
            return Ok(None);
        }
        arrangements
            .iter()
            .map(|a| self.find::<Arrangement>(a).map(|(_, r)| r.key))
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    /// Everything that needs attention as at `as_of` within `within_days`, soonest first.
    pub fn alerts(&self, as_of: NaiveDate, within_days: u32) -> Result<Vec<Alert>> {
        let mut reads = MARKET_KINDS.to_vec();
        reads.push(Kind::ModeratedMarks);
        let alerts = self.kept(&format!("market/alerts/{as_of}/{within_days}"), &reads, || {
            // The moderated marks are read beside the market's records, on a second core.
            let (records, first) = std::thread::scope(|s| {
                let first = s.spawn(|| self.first_moderations());
                let records = self.market_data();
                (records, first.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            });
            let (records, first) = (records?, first?);
            Ok(market::alerts::alerts_indexed(&records.ds, &records.index, &first, as_of, within_days))
        })?;
        Ok(alerts.as_ref().clone())
    }

    /// A view computed by `compute` from the kinds in `reads`, kept until one of them changes; a
    /// failure is returned, never kept.
    pub(crate) fn kept<V: std::any::Any + Send + Sync>(
        &self,
        name: &str,
        reads: &[Kind],
        compute: impl FnOnce() -> Result<V>,
    ) -> Result<Arc<V>> {
        let mut failure = None;
        let kept = self.store.view(name, reads, |_| {
            compute().map_err(|e| {
                failure = Some(e);
                StoreError::Storage("a view could not be computed".into())
            })
        });
        kept.map_err(|e| failure.take().unwrap_or(ApiError::from(e)))
    }

    /// The thirteen standard FOI questions answered as at `as_of`, for the arrangements named (ids
    /// or references; none means every arrangement running on the date).
    pub fn foi(&self, as_of: NaiveDate, arrangements: &[String]) -> Result<FoiPack> {
        let scope = self.keys_of(arrangements)?;
        let ds = self.market_data()?;
        Ok(market::foi(&ds, as_of, scope.as_deref()))
    }

    /// Where a contract stands on a date: options, current and latest end, how far it can run.
    pub fn contract_position(&self, id_or_key: &str, as_of: NaiveDate) -> Result<ContractPosition> {
        let (_, c) = self.find::<Contract>(id_or_key)?;
        let ds = self.market_data()?;
        Ok(market::contract_position(&c, &ds.providers, &ds.rounds, as_of))
    }

    /// Where an arrangement stands on a date, with the round that replaces it.
    pub fn arrangement_position(&self, id_or_key: &str, as_of: NaiveDate) -> Result<ArrangementPosition> {
        let (_, a) = self.find::<Arrangement>(id_or_key)?;
        let ds = self.market_data()?;
        Ok(market::arrangement_position(&a, &ds.arrangements, &ds.rounds, as_of))
    }

    /// Exercises option `number` (from 1) of a contract on `on`, decided by `by` (default: the
    /// person named in the audit log). The end and estimated value move; see `docs/market.md`.
    pub fn exercise_contract_option(
        &self,
        id_or_key: &str,
        number: usize,
        on: NaiveDate,
        by: Option<&str>,
    ) -> Result<Contract> {
        self.decide(id_or_key, by, |c: &Contract, by| market::exercise_option(c, number, on, by))
    }

    /// Declines option `number` (from 1) of a contract on `on`.
    pub fn decline_contract_option(
        &self,
        id_or_key: &str,
        number: usize,
        on: NaiveDate,
        by: Option<&str>,
    ) -> Result<Contract> {
        self.decide(id_or_key, by, |c: &Contract, by| market::decline_option(c, number, on, by))
    }

    /// Exercises option `number` of an arrangement's own term (a framework's extension).
    pub fn exercise_arrangement_option(
        &self,
        id_or_key: &str,
        number: usize,
        on: NaiveDate,
        by: Option<&str>,
    ) -> Result<Arrangement> {
        self.decide(id_or_key, by, |a: &Arrangement, by| {
            market::contracts::exercise_arrangement_option(a, number, on, by)
        })
    }

    /// Declines option `number` of an arrangement's own term.
    pub fn decline_arrangement_option(
        &self,
        id_or_key: &str,
        number: usize,
        on: NaiveDate,
        by: Option<&str>,
    ) -> Result<Arrangement> {
        self.decide(id_or_key, by, |a: &Arrangement, by| {
            market::contracts::decline_arrangement_option(a, number, on, by)
        })
    }

    /// Finds a record, applies an officer's decision to it (made by `by`, or the person named in
    /// the audit log), and stores the result through every check.
    fn decide<T: Listed>(
        &self,
        id_or_key: &str,
        by: Option<&str>,
        decide: impl FnOnce(&T, &str) -> std::result::Result<T, MarketError>,
    ) -> Result<T> {
        let (_, record) = self.find::<T>(id_or_key)?;
        let by = by.map(str::to_owned).unwrap_or_else(|| self.store.actor().to_owned());
        let updated = decide(&record, &by)?;
        self.apply_one(updated.clone())?;
        Ok(updated)
    }

    fn apply_one<T: Listed>(&self, record: T) -> Result<()> {
        let mut changes = ChangeSet::new();
        changes.update(record);
        self.apply(changes)?;
        Ok(())
    }

    /// Makes and stores one pending contract per provider and lot of an award decision, carrying
    /// the rates bid. The arrangement's options and maximum end carry over when the contracts end
    /// with its initial term. All are stored, or none.
    pub fn contracts_from_award(&self, award: &str, start: NaiveDate, initial_end: NaiveDate) -> Result<Vec<Contract>> {
        let (_, w) = self.find::<AwardDecision>(award)?;
        let (_, round) = self.find::<Round>(w.round.as_str())?;
        let (_, arrangement) = self.find::<Arrangement>(round.arrangement.as_str())?;
        let submissions: Vec<Submission> =
            self.store.referring::<Submission>(Kind::Rounds, round.key.as_str())?.into_iter().map(|(_, s)| s).collect();
        let terms = market::NewContractTerms::following(&arrangement, start, initial_end);
        let ds = self.market_data()?;
        let made = market::contracts_from_award(
            &w,
            &round,
            &arrangement,
            &submissions,
            &ds.lots,
            &ds.providers,
            &ds.admissions,
            &ds.contracts,
            &terms,
        )?;
        let mut changes = ChangeSet::new();
        for c in &made {
            changes.insert(c.clone());
        }
        self.apply(changes)?;
        Ok(made)
    }

    /// Spend against the approved cap of an arrangement, as at a date (None: every entry).
    pub fn spend_summary(&self, arrangement: &str, as_of: Option<NaiveDate>) -> Result<SpendSummary> {
        let (_, a) = self.find::<Arrangement>(arrangement)?;
        let spend: Vec<SpendEntry> = self
            .store
            .referring::<SpendEntry>(Kind::Arrangements, a.key.as_str())?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        Ok(market::spend_summary(&a, &spend, as_of))
    }

    /// Rates in force on a date, for the arrangements named (none: all).
    pub fn rates(&self, as_of: NaiveDate, arrangements: &[String]) -> Result<RatesReport> {
        let scope = self.keys_of(arrangements)?;
        let ds = self.market_data()?;
        Ok(market::rates_report(&ds, as_of, scope.as_deref()))
    }

    /// Activity as at a date: the latest snapshot of each arrangement and the totals.
    pub fn activity(&self, as_of: NaiveDate, arrangements: &[String]) -> Result<market::ActivityReport> {
        let scope = self.keys_of(arrangements)?;
        let ds = self.market_data()?;
        Ok(market::activity_report(&ds, as_of, scope.as_deref()))
    }

    /// Coverage by zone as at a date, of every lot with admissions or of one lot.
    pub fn coverage(&self, as_of: NaiveDate, lot: Option<&str>) -> Result<CoverageReport> {
        let lot = lot.map(|l| self.find::<Lot>(l).map(|(_, l)| l.key)).transpose()?;
        let name = format!("market/coverage/{as_of}/{}", lot.as_ref().map_or("", |l| l.as_str()));
        let report = self.kept(&name, &MARKET_KINDS, || {
            let ds = self.market_data()?;
            Ok(market::coverage(&ds, as_of, lot.as_ref()))
        })?;
        Ok(report.as_ref().clone())
    }

    /// The openings of the frameworks (or of one arrangement), with who joined through each.
    pub fn openings(&self, arrangement: Option<&str>) -> Result<Vec<OpeningReport>> {
        let a = arrangement.map(|a| self.find::<Arrangement>(a).map(|(_, a)| a.key)).transpose()?;
        let ds = self.market_data()?;
        Ok(market::openings(&ds, a.as_ref()))
    }
}

/// The TypeScript of the market's views the window reads, for `bindings.rs` (spend and rates reach
/// it as `screens::spend` and `screens::rates`, with amounts in pence).
pub fn typescript(b: &mut crate::bindings::Bindings) {
    use market::*;
    b.add::<ContractPosition>().add::<ArrangementPosition>().add::<Alert>();
    b.add::<ActivityReport>().add::<CoverageReport>().add::<OpeningReport>();
}

pub use chrono::NaiveDate as Date;
/// The market's pure rules and formatting, for the front ends' printing.
pub use tenderdesk_market as rules;

/// Today's date in the United Kingdom, the default "as at" of the market's views.
pub fn today() -> NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::London).date_naive()
}

/// A date written YYYY-MM-DD.
pub fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a date; write it as YYYY-MM-DD, such as 2026-11-23"))
}

/// Each round's earliest moderation agreement, read field by field from the moderated marks.
fn read_first_moderations(store: &tenderdesk_store::Store) -> tenderdesk_store::Result<HashMap<Key, NaiveDate>> {
    #[derive(serde::Deserialize)]
    struct Agreed {
        round: Key,
        agreed_on: NaiveDate,
    }
    let mut agreed = Vec::new();
    store.read_fields::<Agreed>(Kind::ModeratedMarks, |_, m| agreed.push((m.round, m.agreed_on)))?;
    Ok(market::alerts::first_moderations(agreed.iter().map(|(r, d)| (r, *d))))
}
