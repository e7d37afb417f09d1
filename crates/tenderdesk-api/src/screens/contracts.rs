//! Pages of contracts with their position as at a date (term, options, status), filtered, so one
//! call stays small on a store of tens of thousands of contracts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;
use tenderdesk_market::ContractPosition;

use super::{code_of, matches, Paging};
use crate::{Api, Result};

/// What to list of the contracts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ContractQuery {
    /// Words to find in the reference, title, provider's reference or name.
    pub search: Option<String>,
    /// Only the contracts of this arrangement (reference).
    pub arrangement: Option<String>,
    /// Only the contracts of this provider (reference).
    pub provider: Option<String>,
    /// Only contracts with this status as at the date: `pending`, `active`, `extended`,
    /// `expired` or `terminated`.
    pub status: Option<String>,
    /// The date positions are computed at; None means today.
    pub as_of: Option<NaiveDate>,
    pub paging: Paging,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ContractPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ContractPosition>,
}

impl Api {
    /// One page of the contracts matching the query, soonest current end first.
    pub fn contract_positions(&self, q: &ContractQuery) -> Result<ContractPage> {
        let as_of = q.as_of.unwrap_or_else(crate::market::today);
        let arrangement = q.arrangement.as_deref().map(str::trim).filter(|a| !a.is_empty());
        let provider = q.provider.as_deref().map(str::trim).filter(|a| !a.is_empty());
        let status = q.status.as_deref().map(str::trim).filter(|a| !a.is_empty());
        let providers: Vec<Provider> = self.store.list::<Provider>()?.into_iter().map(|(_, p)| p).collect();
        let names: std::collections::HashMap<&Key, &str> =
            providers.iter().map(|p| (&p.key, p.display_name())).collect();
        let mut contracts: Vec<Contract> = self
            .store
            .list::<Contract>()?
            .into_iter()
            .map(|(_, c)| c)
            .filter(|c| arrangement.is_none_or(|a| c.arrangement.as_str() == a))
            .filter(|c| provider.is_none_or(|p| c.provider.as_str() == p))
            .filter(|c| {
                status.is_none_or(|s| code_of(&tenderdesk_market::contracts::contract_status_as_at(c, as_of)) == s)
            })
            .filter(|c| {
                let name = names.get(&c.provider).copied().unwrap_or("");
                matches(q.search.as_deref(), &[c.key.as_str(), &c.title, c.provider.as_str(), name])
            })
            .collect();
        contracts.sort_by(|a, b| a.term.current_end().cmp(&b.term.current_end()).then(a.key.cmp(&b.key)));
        let total = contracts.len() as u32;
        let rounds: Vec<Round> = self.store.list::<Round>()?.into_iter().map(|(_, r)| r).collect();
        let rows = q
            .paging
            .window(contracts)
            .iter()
            .map(|c| tenderdesk_market::contract_position(c, &providers, &rounds, as_of))
            .collect();
        Ok(ContractPage { total, offset: q.paging.offset, rows })
    }
}

pub fn typescript(cfg: &ts_rs::Config) -> Vec<(String, String)> {
    use crate::bindings::one;
    vec![one::<ContractQuery>(cfg), one::<ContractPage>(cfg)]
}
