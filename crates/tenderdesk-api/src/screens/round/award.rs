//! The award tab: the decision in force with whom it awards, and the decisions withdrawn.

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::*;

use crate::{Api, Result};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AwardedView {
    pub lot: String,
    pub provider: String,
    pub provider_name: String,
    pub submission: String,
    pub zones: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AwardView {
    pub key: String,
    pub decided_on: NaiveDate,
    pub decision_maker: String,
    pub regime: String,
    pub awarded: Vec<AwardedView>,
    pub notices_sent_on: NaiveDate,
    pub standstill: bool,
    pub standstill_ends: Option<NaiveDate>,
    /// Why it was withdrawn, by whom and when, once it was.
    pub withdrawn: Option<String>,
}

impl AwardView {
    pub(crate) fn of(api: &Api, a: &AwardDecision) -> Result<AwardView> {
        let mut awarded = Vec::new();
        for w in &a.awarded {
            awarded.push(AwardedView {
                lot: w.lot.to_string(),
                provider: w.provider.to_string(),
                provider_name: api.provider_name(&w.provider)?,
                submission: w.submission.to_string(),
                zones: w.zones.clone(),
            });
        }
        Ok(AwardView {
            key: a.key.to_string(),
            decided_on: a.decided_on,
            decision_maker: a.decision_maker.clone(),
            regime: a.regime.label().to_owned(),
            awarded,
            notices_sent_on: a.notices_sent_on,
            standstill: a.standstill,
            standstill_ends: a.standstill_ends,
            withdrawn: a.withdrawn.as_ref().map(|w| format!("{} (by {} on {})", w.reason, w.by, w.on)),
        })
    }
}

/// The decision in force (the first not withdrawn) and the decisions withdrawn, in id order.
pub(super) fn award_tab(api: &Api, awards: &[AwardDecision]) -> Result<(Option<AwardView>, Vec<AwardView>)> {
    let live = awards.iter().find(|a| a.withdrawn.is_none()).map(|a| AwardView::of(api, a)).transpose()?;
    let withdrawn =
        awards.iter().filter(|a| a.withdrawn.is_some()).map(|a| AwardView::of(api, a)).collect::<Result<Vec<_>>>()?;
    Ok((live, withdrawn))
}
