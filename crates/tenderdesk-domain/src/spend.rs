//! Spend per period against an arrangement's approved cap.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Lookup, Record, Reference};
use crate::values::{Key, Money};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpendEntry {
    pub key: Key,
    pub arrangement: Key,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub amount: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Record for SpendEntry {
    const KIND: Kind = Kind::Spend;

    fn key(&self) -> &Key {
        &self.key
    }

    fn title(&self) -> String {
        format!("£{} spent {} to {}", self.amount, self.period_start, self.period_end)
    }

    fn references(&self) -> Vec<Reference> {
        vec![Reference::new("arrangement", Kind::Arrangements, &self.arrangement)]
    }

    fn check(&self, problems: &mut Problems) {
        let mut on = problems.on(Kind::Spend, self.key.as_str());
        on.check(self.period_end >= self.period_start, "period_end", || {
            format!("the period ends ({}) before it starts ({})", self.period_end, self.period_start)
        });
    }

    fn check_against(&self, lookup: &dyn Lookup, problems: &mut Problems) {
        let mut on = problems.on(Kind::Spend, self.key.as_str());
        if let Some(a) = lookup.arrangement(&self.arrangement) {
            let start = a.spend_approval.as_ref().map_or(a.term.start, |s| s.period_start.min(a.term.start));
            on.check(self.period_start >= start, "period_start", || {
                format!("spend from {} is before arrangement {} starts ({start})", self.period_start, a.key)
            });
        }
    }
}
