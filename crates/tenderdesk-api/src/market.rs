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

    /// The records the market's rules read, as one dataset, kept in memory until one of their
    /// kinds changes (`tenderdesk-store`'s `cache.rs`).
    fn market_data(&self) -> Result<Arc<Dataset>> {
        self.store
            .view("market/records", &MARKET_KINDS, |store| {
                // From each kind's kept list: after a change, only the kind changed is read again.
                fn all<T: Record + Clone + Send + Sync + 'static>(store: &Store) -> tenderdesk_store::Result<Vec<T>> {
                    Ok(store.list_shared::<T>()?.iter().map(|(_, r)| r.clone()).collect())
                }
                Ok(Dataset {
                    authority: store
                        .get_by_key::<AuthorityProfile>(AuthorityProfile::the_key().as_str())?
                        .map(|(_, a)| a),
                    providers: all(store)?,
                    arrangements: all(store)?,
                    lots: all(store)?,
                    openings: all(store)?,
                    admissions: all(store)?,
                    rounds: all(store)?,
                    awards: all(store)?,
                    contracts: all(store)?,
                    activity: all(store)?,
                    spend: all(store)?,
                    ..Dataset::default()
                })
            })
            .map_err(ApiError::from)
    }

    /// The earliest day a moderated mark of each round was agreed: all the alerts need of the
    /// moderated marks, read field by field and kept until a moderated mark changes.
    fn first_moderations(&self) -> Result<Arc<HashMap<Key, NaiveDate>>> {
        #[derive(serde::Deserialize)]
        struct Agreed {
            round: Key,
            agreed_on: NaiveDate,
        }
        self.store
            .view("market/first_moderations", &[Kind::ModeratedMarks], |store| {
                let mut agreed = Vec::new();
                store.read_fields::<Agreed>(Kind::ModeratedMarks, |_, m| agreed.push((m.round, m.agreed_on)))?;
                Ok(market::alerts::first_moderations(agreed.iter().map(|(r, d)| (r, *d))))
            })
            .map_err(ApiError::from)
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
            let ds = self.market_data()?;
            let first = self.first_moderations()?;
            Ok(market::alerts::alerts_with(&ds, &first, as_of, within_days))
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

/// The TypeScript of the market's views, for `bindings.rs`.
pub fn typescript(cfg: &ts_rs::Config) -> Vec<(String, String)> {
    use crate::bindings::one;
    use market::*;
    vec![
        one::<StatusAsAt>(cfg),
        one::<term::OptionLine>(cfg),
        one::<TermPosition>(cfg),
        one::<ContractPosition>(cfg),
        one::<ArrangementPosition>(cfg),
        one::<Alert>(cfg),
        one::<AlertKind>(cfg),
        one::<Severity>(cfg),
        one::<SpendLine>(cfg),
        one::<RunRate>(cfg),
        one::<SpendSummary>(cfg),
        one::<Channel>(cfg),
        one::<ActivityRow>(cfg),
        one::<ActivityTotal>(cfg),
        one::<ActivityReport>(cfg),
        one::<RateObservation>(cfg),
        one::<RateStats>(cfg),
        one::<rates::LabelledStats>(cfg),
        one::<RatesGroup>(cfg),
        one::<rates::EnhancementLine>(cfg),
        one::<rates::LiveInRate>(cfg),
        one::<RatesReport>(cfg),
        one::<ZoneCoverage>(cfg),
        one::<LotCoverage>(cfg),
        one::<CoverageReport>(cfg),
        one::<OpeningAdmissions>(cfg),
        one::<OpeningReport>(cfg),
        one::<foi::FoiArrangement>(cfg),
        one::<foi::FoiProviderCount>(cfg),
        one::<foi::FoiEnd>(cfg),
        one::<foi::FoiNote>(cfg),
        one::<foi::FoiChannel>(cfg),
        one::<foi::FoiData>(cfg),
        one::<FoiPart>(cfg),
        one::<FoiAnswer>(cfg),
        one::<FoiPack>(cfg),
    ]
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
