//! The providers and clarifications tab: who is invited, who could be, and the questions asked.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::*;

use crate::{Api, Result};

/// A provider named by reference and display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ProviderRef {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ClarificationView {
    pub number: u32,
    pub asked_on: NaiveDate,
    pub question: String,
    pub answer: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub published_to_all: bool,
}

/// The providers invited to the round, and those admitted (active) to its lots not yet invited.
pub(super) fn invited_and_invitable(api: &Api, round: &Round) -> Result<(Vec<ProviderRef>, Vec<ProviderRef>)> {
    let mut admitted = BTreeSet::new();
    for lot in &round.lots {
        for (_, a) in api.store.referring::<Admission>(Kind::Lots, lot.as_str())? {
            if a.status == AdmissionStatus::Active && !round.invited.contains(&a.provider) {
                admitted.insert(a.provider);
            }
        }
    }
    Ok((named(api, &round.invited)?, named(api, &admitted)?))
}

fn named<'a>(api: &Api, providers: impl IntoIterator<Item = &'a Key>) -> Result<Vec<ProviderRef>> {
    providers.into_iter().map(|p| Ok(ProviderRef { key: p.to_string(), name: api.provider_name(p)? })).collect()
}

pub(super) fn clarifications(round: &Round) -> Vec<ClarificationView> {
    round
        .clarifications
        .iter()
        .map(|c| ClarificationView {
            number: c.number,
            asked_on: c.asked_on,
            question: c.question.clone(),
            answer: c.answer.clone(),
            answered_on: c.answered_on,
            published_to_all: c.published_to_all,
        })
        .collect()
}
