//! Everything that needs attention as at a date within a horizon, soonest first.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::*;

mod providers;
mod rounds;
mod spend;
mod terms;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    ContractExpiring,
    ArrangementExpiring,
    ExtensionDecisionDue,
    StandstillEnding,
    RoundMilestone,
    SpendCapExceeded,
    SpendCapForecast,
    PrerequisiteLapsing,
    ProviderRatedInadequate,
    NoReplacementRound,
}

impl AlertKind {
    pub fn label(self) -> &'static str {
        match self {
            AlertKind::ContractExpiring => "Contract expiring",
            AlertKind::ArrangementExpiring => "Arrangement expiring",
            AlertKind::ExtensionDecisionDue => "Extension decision due",
            AlertKind::StandstillEnding => "Standstill ending",
            AlertKind::RoundMilestone => "Round milestone",
            AlertKind::SpendCapExceeded => "Spend cap exceeded",
            AlertKind::SpendCapForecast => "Spend cap forecast",
            AlertKind::PrerequisiteLapsing => "Prerequisite lapsing",
            AlertKind::ProviderRatedInadequate => "Provider rated Inadequate",
            AlertKind::NoReplacementRound => "No replacement round",
        }
    }
}

/// How pressing an alert is: overdue (the date has passed), urgent (within 14 days), soon (within
/// 60 days), or notice (further off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Overdue,
    Urgent,
    Soon,
    Notice,
}

impl Severity {
    pub fn of(days_until: i64) -> Severity {
        match days_until {
            d if d < 0 => Severity::Overdue,
            0..=14 => Severity::Urgent,
            15..=60 => Severity::Soon,
            _ => Severity::Notice,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Overdue => "OVERDUE",
            Severity::Urgent => "URGENT",
            Severity::Soon => "SOON",
            Severity::Notice => "NOTICE",
        }
    }
}

/// One thing that needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Alert {
    pub kind: AlertKind,
    pub due: NaiveDate,
    /// Days from the date asked to the due date; negative once overdue.
    pub days_until: i32,
    pub severity: Severity,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub record_kind: Kind,
    pub record_key: String,
    pub title: String,
    pub message: String,
}

fn alert(
    kind: AlertKind,
    due: NaiveDate,
    as_of: NaiveDate,
    rk: Kind,
    key: &Key,
    title: String,
    message: String,
) -> Alert {
    let days = (due - as_of).num_days();
    Alert {
        kind,
        due,
        days_until: days as i32,
        severity: Severity::of(days),
        record_kind: rk,
        record_key: key.to_string(),
        title,
        message,
    }
}

fn when(days: i64) -> String {
    match days {
        d if d < -1 => format!("{} days ago", -d),
        -1 => "yesterday".into(),
        0 => "today".into(),
        1 => "tomorrow".into(),
        d => format!("in {d} days"),
    }
}

/// Everything due on or before `as_of + within_days` (and everything overdue that still matters),
/// soonest first: overdue alerts come first because their dates are earliest. Ties: by severity,
/// kind, then record.
pub fn alerts(ds: &Dataset, as_of: NaiveDate, within_days: u32) -> Vec<Alert> {
    let first = first_moderations(ds.moderated_marks.iter().map(|m| (&m.round, m.agreed_on)));
    alerts_with(ds, &first, as_of, within_days)
}

/// The earliest day on which a moderated mark of each round was agreed: all that the alerts
/// need of the moderated marks (whether a round's moderation had happened by a date).
pub fn first_moderations<'a>(marks: impl IntoIterator<Item = (&'a Key, NaiveDate)>) -> HashMap<Key, NaiveDate> {
    let mut first: HashMap<Key, NaiveDate> = HashMap::new();
    for (round, agreed_on) in marks {
        match first.get_mut(round) {
            Some(d) if *d <= agreed_on => {}
            Some(d) => *d = agreed_on,
            None => {
                first.insert(round.clone(), agreed_on);
            }
        }
    }
    first
}

/// As [`alerts`], with the moderated marks given as [`first_moderations`] (`ds.moderated_marks`
/// is not read), so that a caller need not hold every moderated mark in memory.
pub fn alerts_with(
    ds: &Dataset,
    first_moderation: &HashMap<Key, NaiveDate>,
    as_of: NaiveDate,
    within_days: u32,
) -> Vec<Alert> {
    alerts_indexed(ds, &AlertIndex::new(ds), first_moderation, as_of, within_days)
}

/// As [`alerts_with`], with the records the alerts look up indexed beforehand by
/// [`AlertIndex::new`] from the same `ds`, so that a caller keeping the data set and its index
/// asks about a new date without indexing again.
pub fn alerts_indexed(
    ds: &Dataset,
    index: &AlertIndex,
    first_moderation: &HashMap<Key, NaiveDate>,
    as_of: NaiveDate,
    within_days: u32,
) -> Vec<Alert> {
    let scan = Scan {
        facts: Facts { ds, index, first_moderation },
        as_of,
        horizon: as_of + chrono::Duration::days(i64::from(within_days)),
    };
    let mut out = Vec::new();
    for c in &ds.contracts {
        scan.contract(c, &mut out);
    }
    for a in &ds.arrangements {
        scan.arrangement(a, &mut out);
        out.extend(scan.spend_cap(a));
    }
    out.extend(ds.awards.iter().filter_map(|w| scan.standstill_ending(w)));
    out.extend(ds.rounds.iter().filter_map(|r| scan.round_milestone(r)));
    for p in &ds.providers {
        scan.provider(p, &mut out);
    }
    out.sort_by(|a, b| {
        (a.due, a.severity, a.kind, &a.record_key, &a.message).cmp(&(
            b.due,
            b.severity,
            b.kind,
            &b.record_key,
            &b.message,
        ))
    });
    out
}

/// One scan for alerts: the date asked about, the last day of the horizon, and what the rules
/// look up. Each kind of alert is one method, in the module of the records it is about.
struct Scan<'a> {
    facts: Facts<'a>,
    as_of: NaiveDate,
    horizon: NaiveDate,
}

impl Scan<'_> {
    fn in_horizon(&self, d: NaiveDate) -> bool {
        d >= self.as_of && d <= self.horizon
    }
}

/// A timetable milestone in words: "submission_deadline" → "submission deadline".
pub fn milestone_words(name: &str) -> &'static str {
    match name {
        "published" => "publication",
        "clarification_deadline" => "clarification deadline",
        "submission_deadline" => "submission deadline",
        "evaluation_start" => "start of evaluation (bids opened)",
        "evaluation_end" => "end of evaluation",
        "interviews" => "interviews",
        "moderation" => "moderation",
        "decision" => "award decision",
        "standstill_end" => "end of the standstill period",
        "contract_start" => "contract start",
        _ => "milestone",
    }
}

/// The first milestone of a round's timetable not yet done as at the date, with its planned date.
///
/// Evidence that a milestone is done: publication, the clarification and submission deadlines are
/// done once their date has passed; the evaluation start once the bids were opened; the evaluation
/// end, interviews and moderation once moderated marks were agreed by then; the decision once an
/// award decision (not withdrawn) was made by then; the standstill end once that award's standstill
/// has ended (or none is observed); the contract start once a contract from the award has started.
/// A later milestone's evidence marks the earlier ones done.
pub fn next_milestone(ds: &Dataset, r: &Round, as_of: NaiveDate) -> Option<(&'static str, NaiveDate)> {
    let first = first_moderations(ds.moderated_marks.iter().map(|m| (&m.round, m.agreed_on)));
    let index = AlertIndex::new(ds);
    Facts { ds, index: &index, first_moderation: &first }.next_milestone(r, as_of)
}

/// The records the alerts look up, indexed once (by position in the data set) instead of searched
/// once per record. Built from one data set and valid only with it: keep the two together. It
/// reads only the arrangements' and rounds' keys, each award's round, each contract's award,
/// provider and start, and each admission's provider, and the positions of those five kinds: a
/// data set changed in nothing else (a contract's end or title, any provider, lot or spend entry)
/// keeps it valid (`tenderdesk-api`'s `market.rs` relies on this).
#[derive(Debug, Clone, Default)]
pub struct AlertIndex {
    arrangements: HashMap<Key, usize>,
    rounds: HashMap<Key, usize>,
    /// Each round's award decisions, in the order of the data set.
    awards: HashMap<Key, Vec<usize>>,
    /// Each award's earliest contract start.
    first_contract_start: HashMap<Key, NaiveDate>,
    contracts_by_provider: HashMap<Key, Vec<usize>>,
    admissions_by_provider: HashMap<Key, Vec<usize>>,
}

impl AlertIndex {
    pub fn new(ds: &Dataset) -> AlertIndex {
        let mut f = AlertIndex {
            arrangements: HashMap::with_capacity(ds.arrangements.len()),
            rounds: HashMap::with_capacity(ds.rounds.len()),
            ..AlertIndex::default()
        };
        // The first record with a key is the one a search from the start would find.
        for (i, a) in ds.arrangements.iter().enumerate() {
            f.arrangements.entry(a.key.clone()).or_insert(i);
        }
        for (i, r) in ds.rounds.iter().enumerate() {
            f.rounds.entry(r.key.clone()).or_insert(i);
        }
        for (i, w) in ds.awards.iter().enumerate() {
            f.awards.entry(w.round.clone()).or_default().push(i);
        }
        for (i, c) in ds.contracts.iter().enumerate() {
            if let Some(award) = &c.award {
                let start = f.first_contract_start.entry(award.clone()).or_insert(c.term.start);
                *start = (*start).min(c.term.start);
            }
            f.contracts_by_provider.entry(c.provider.clone()).or_default().push(i);
        }
        for (i, ad) in ds.admissions.iter().enumerate() {
            f.admissions_by_provider.entry(ad.provider.clone()).or_default().push(i);
        }
        f
    }
}

/// A data set with its index and each round's first moderation date: what the rules look up.
struct Facts<'a> {
    ds: &'a Dataset,
    index: &'a AlertIndex,
    first_moderation: &'a HashMap<Key, NaiveDate>,
}

impl<'a> Facts<'a> {
    fn arrangement(&self, key: &Key) -> Option<&'a Arrangement> {
        self.index.arrangements.get(key).and_then(|i| self.ds.arrangements.get(*i))
    }

    fn round(&self, key: &Key) -> Option<&'a Round> {
        self.index.rounds.get(key).and_then(|i| self.ds.rounds.get(*i))
    }

    fn contracts_of(&self, provider: &Key) -> impl Iterator<Item = &'a Contract> + '_ {
        self.index
            .contracts_by_provider
            .get(provider)
            .into_iter()
            .flatten()
            .filter_map(move |i| self.ds.contracts.get(*i))
    }

    fn admissions_of(&self, provider: &Key) -> impl Iterator<Item = &'a Admission> + '_ {
        self.index
            .admissions_by_provider
            .get(provider)
            .into_iter()
            .flatten()
            .filter_map(move |i| self.ds.admissions.get(*i))
    }

    fn next_milestone(&self, r: &Round, as_of: NaiveDate) -> Option<(&'static str, NaiveDate)> {
        let award = self
            .index
            .awards
            .get(&r.key)
            .into_iter()
            .flatten()
            .filter_map(|i| self.ds.awards.get(*i))
            .filter(|w| w.decided_on <= as_of && w.withdrawn.as_ref().is_none_or(|x| x.on > as_of))
            .max_by_key(|w| w.decided_on);
        let opened = r.bids_opened.as_ref().is_some_and(|o| o.at.date_naive() <= as_of);
        let moderated = self.first_moderation.get(&r.key).is_some_and(|d| *d <= as_of);
        let standstill_over = award.is_some_and(|w| {
            !w.standstill || w.standstill_ends.or(r.timetable.standstill_end).is_none_or(|e| e < as_of)
        });
        let contracted =
            award.is_some_and(|w| self.index.first_contract_start.get(&w.key).is_some_and(|start| *start <= as_of));
        let milestones = r.timetable.milestones();
        let done = |name: &str, date: NaiveDate| -> bool {
            match name {
                "published" => date <= as_of,
                "clarification_deadline" | "submission_deadline" => date < as_of,
                "evaluation_start" => opened || moderated || award.is_some(),
                "evaluation_end" | "interviews" | "moderation" => moderated || award.is_some(),
                "decision" => award.is_some(),
                "standstill_end" => standstill_over,
                "contract_start" => contracted,
                _ => date < as_of,
            }
        };
        // The last milestone with evidence marks every earlier one done.
        let last_done = milestones.iter().rposition(|(n, d)| done(n, *d));
        milestones.into_iter().enumerate().find(|(i, _)| last_done.is_none_or(|l| *i > l)).map(|(_, m)| m)
    }
}
