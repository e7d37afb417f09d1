//! Pages of contracts with their position as at a date (term, options, status), filtered, so one
//! call stays small on a store of tens of thousands of contracts.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;
use tenderdesk_market::{ContractPosition, StatusAsAt};

use super::{holds_all, search_text, search_words, Paging};
use crate::{Api, Coded, Result};

/// What to list of the contracts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ContractQuery {
    /// Words to find in the reference, title, provider's reference or name.
    pub search: Option<String>,
    /// Only the contracts of this arrangement (reference).
    pub arrangement: Option<String>,
    /// Only the contracts of this provider (reference).
    pub provider: Option<String>,
    /// Only contracts with this status as at the date.
    pub status: Option<Coded<StatusAsAt>>,
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

/// What the list of contracts keeps of one contract: where it stands in the kept list of
/// contracts, where its provider stands in the kept list of providers, and the lower-case text the
/// search looks in.
struct ContractLine {
    at: usize,
    provider: Option<usize>,
    hay: String,
}

/// Every contract, soonest current end first, kept until a contract or a provider changes; its
/// status and position are worked out per call (they depend on the date asked), for the page
/// only unless the status is filtered on.
struct ContractLines {
    contracts: Arc<Vec<(u64, Contract)>>,
    providers: Arc<Vec<(u64, Provider)>>,
    lines: Vec<ContractLine>,
}

impl ContractLines {
    fn read(store: &tenderdesk_store::Store) -> tenderdesk_store::Result<ContractLines> {
        let providers = store.list_shared::<Provider>()?;
        let by_key: HashMap<&Key, usize> = providers.iter().enumerate().map(|(at, (_, p))| (&p.key, at)).collect();
        let contracts = store.list_shared::<Contract>()?;
        // Each line with its contract's current end, worked out once rather than at every
        // comparison of the sort.
        let mut lines: Vec<(NaiveDate, ContractLine)> = contracts
            .iter()
            .enumerate()
            .map(|(at, (_, c))| {
                let provider = by_key.get(&c.provider).copied();
                let name = provider.map(|p| providers[p].1.display_name()).unwrap_or("");
                let hay = search_text(&[c.key.as_str(), &c.title, c.provider.as_str(), name]);
                (c.term.current_end(), ContractLine { at, provider, hay })
            })
            .collect();
        lines.sort_unstable_by(|(end_a, a), (end_b, b)| {
            end_a.cmp(end_b).then_with(|| contracts[a.at].1.key.cmp(&contracts[b.at].1.key))
        });
        let lines = lines.into_iter().map(|(_, l)| l).collect();
        Ok(ContractLines { contracts, providers, lines })
    }
}

/// The kinds the list of contracts reads.
const CONTRACT_LINE_KINDS: [Kind; 2] = [Kind::Contracts, Kind::Providers];

/// The kept contracts with each one's status as at one date, in the list's order: worked out once
/// per date asked (for the status filter) and kept with the list it was worked out from.
struct ContractStatuses {
    kept: Arc<ContractLines>,
    statuses: Vec<StatusAsAt>,
}

impl Api {
    fn contract_lines(&self) -> Result<Arc<ContractLines>> {
        Ok(self.store.view("screens/contract_lines", &CONTRACT_LINE_KINDS, ContractLines::read)?)
    }

    fn contract_statuses(&self, as_of: NaiveDate) -> Result<Arc<ContractStatuses>> {
        self.kept(&format!("screens/contract_statuses/{as_of}"), &CONTRACT_LINE_KINDS, || {
            let kept = self.contract_lines()?;
            let statuses = kept
                .lines
                .iter()
                .map(|l| tenderdesk_market::contracts::contract_status_as_at(&kept.contracts[l.at].1, as_of))
                .collect();
            Ok(ContractStatuses { kept, statuses })
        })
    }

    /// One page of the contracts matching the query, soonest current end first.
    pub fn contract_positions(&self, q: &ContractQuery) -> Result<ContractPage> {
        let as_of = q.as_of.unwrap_or_else(crate::market::today);
        let arrangement = q.arrangement.as_deref().map(str::trim).filter(|a| !a.is_empty());
        let provider = q.provider.as_deref().map(str::trim).filter(|a| !a.is_empty());
        // The status asked for (None inside: a word no status has, so nothing matches).
        let wanted = q.status.as_ref().filter(|s| !s.is_blank()).map(|s| s.value().ok());
        let words = search_words(q.search.as_deref());
        let (kept, statuses) = match wanted {
            None => (self.contract_lines()?, None),
            Some(_) => {
                let s = self.contract_statuses(as_of)?;
                (Arc::clone(&s.kept), Some(s))
            }
        };
        let status_fits = |i: usize| match (wanted, &statuses) {
            (None, _) => true,
            (Some(want), Some(s)) => want.is_some_and(|w| s.statuses.get(i) == Some(&w)),
            (Some(_), None) => false,
        };
        let chosen: Vec<&ContractLine> = kept
            .lines
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                let c = &kept.contracts[l.at].1;
                arrangement.is_none_or(|a| c.arrangement.as_str() == a)
                    && provider.is_none_or(|p| c.provider.as_str() == p)
                    && holds_all(&l.hay, &words)
                    && status_fits(*i)
            })
            .map(|(_, l)| l)
            .collect();
        let total = chosen.len() as u32;
        let rounds = self.store.list_shared::<Round>()?;
        let rows = q
            .paging
            .window(chosen)
            .into_iter()
            .map(|l| {
                let c = &kept.contracts[l.at].1;
                // The position names the provider and the successor round: hand it those alone.
                let provider = l.provider.map(|p| std::slice::from_ref(&kept.providers[p].1)).unwrap_or_default();
                let successor = c
                    .successor_round
                    .as_ref()
                    .and_then(|k| rounds.iter().find(|(_, r)| &r.key == k))
                    .map(|(_, r)| std::slice::from_ref(r))
                    .unwrap_or_default();
                tenderdesk_market::contract_position(c, provider, successor, as_of)
            })
            .collect();
        Ok(ContractPage { total, offset: q.paging.offset, rows })
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<ContractQuery>();
    b.add::<ContractPage>();
}
