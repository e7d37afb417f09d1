//! Everything that needs attention as at a date within a horizon, soonest first.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::*;

use crate::contracts::{arrangement_status_as_at, contract_status_as_at, replacement_round_for_arrangement};
use crate::fmt::{date_long, pounds};
use crate::spend::spend_summary;
use crate::term::term_as_at;

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
    let facts = Facts { ds, index, first_moderation };
    let horizon = as_of + chrono::Duration::days(i64::from(within_days));
    let mut out = Vec::new();
    let in_horizon = |d: NaiveDate| d >= as_of && d <= horizon;

    // Contracts: expiry, extension decisions, replacement round.
    for c in &ds.contracts {
        let status = contract_status_as_at(c, as_of);
        if !status.is_live() {
            continue;
        }
        let t = term_as_at(&c.term, as_of);
        let end = t.current_end();
        term_alerts(&mut out, Kind::Contracts, &c.key, &c.title, &t, as_of, horizon, "contract");
        if in_horizon(end) {
            let days = (end - as_of).num_days();
            out.push(alert(
                AlertKind::ContractExpiring,
                end,
                as_of,
                Kind::Contracts,
                &c.key,
                c.title.clone(),
                format!("Contract {} ends on {} ({}){}.", c.key, date_long(end), when(days), options_left(&t)),
            ));
            let spot = facts.arrangement(&c.arrangement).is_some_and(|a| a.kind == ArrangementKind::SpotContract);
            let successor = c.successor_round.as_ref().and_then(|k| facts.round(k));
            let started = successor.is_some_and(|r| r.timetable.published <= as_of);
            if !spot && !started {
                let msg = match successor {
                    Some(r) => format!(
                        "Contract {} ends on {}; its replacement round {} is not published until {}.",
                        c.key,
                        date_long(end),
                        r.key,
                        date_long(r.timetable.published)
                    ),
                    None => format!(
                        "Contract {} ends on {} and no replacement round has been started or linked to it.",
                        c.key,
                        date_long(end)
                    ),
                };
                out.push(alert(
                    AlertKind::NoReplacementRound,
                    end,
                    as_of,
                    Kind::Contracts,
                    &c.key,
                    c.title.clone(),
                    msg,
                ));
            }
        }
    }

    // Arrangements: expiry, extension decisions, replacement round, spend.
    for a in &ds.arrangements {
        let status = arrangement_status_as_at(a, as_of);
        let t = term_as_at(&a.term, as_of);
        let end = t.current_end();
        if status.is_live() {
            term_alerts(&mut out, Kind::Arrangements, &a.key, &a.title, &t, as_of, horizon, "arrangement");
            if in_horizon(end) {
                let days = (end - as_of).num_days();
                out.push(alert(
                    AlertKind::ArrangementExpiring,
                    end,
                    as_of,
                    Kind::Arrangements,
                    &a.key,
                    a.title.clone(),
                    format!(
                        "{} {} ends on {} ({}){}.",
                        a.kind.label(),
                        a.key,
                        date_long(end),
                        when(days),
                        options_left(&t)
                    ),
                ));
                let successor = replacement_round_for_arrangement(a, &ds.arrangements, &ds.rounds);
                if a.kind != ArrangementKind::SpotContract && successor.is_none_or(|r| r.timetable.published > as_of) {
                    out.push(alert(
                        AlertKind::NoReplacementRound,
                        end,
                        as_of,
                        Kind::Arrangements,
                        &a.key,
                        a.title.clone(),
                        format!(
                            "{} {} ends on {} and no tender for a replacement arrangement has been published.",
                            a.kind.label(),
                            a.key,
                            date_long(end)
                        ),
                    ));
                }
            }
        }
        if let Some(approval) = &a.spend_approval {
            if approval.period_end < as_of || approval.period_start > horizon {
                continue;
            }
            let s = spend_summary(a, &ds.spend, Some(as_of));
            if s.over_cap {
                let crossed = s.lines.iter().find(|l| l.over_cap).map_or(as_of, |l| l.period_end);
                out.push(alert(
                    AlertKind::SpendCapExceeded,
                    crossed,
                    as_of,
                    Kind::Arrangements,
                    &a.key,
                    a.title.clone(),
                    format!(
                        "Spend under {} is {}, over the cap of {} approved by {} ({}) by {}.",
                        a.key,
                        pounds(s.total),
                        pounds(approval.cap),
                        approval.decision_maker,
                        approval.decision_reference,
                        pounds(s.over_cap_by.unwrap_or(Money::ZERO))
                    ),
                ));
            } else if let (Some(d), Some(r)) = (s.cap_reached_on, &s.run_rate) {
                if d <= horizon {
                    out.push(alert(
                        AlertKind::SpendCapForecast,
                        d.max(as_of),
                        as_of,
                        Kind::Arrangements,
                        &a.key,
                        a.title.clone(),
                        format!(
                            "At {} a month, spend under {} reaches the approved cap of {} ({}) on {}{}; {} of it is used.",
                            pounds(r.monthly),
                            a.key,
                            pounds(approval.cap),
                            approval.decision_reference,
                            date_long(d),
                            if d <= approval.period_end {
                                format!(", before the approval ends on {}", date_long(approval.period_end))
                            } else {
                                String::new()
                            },
                            s.share_used_percent.map(crate::fmt::percent).unwrap_or_default()
                        ),
                    ));
                }
            }
        }
    }

    // Standstill periods ending.
    for w in &ds.awards {
        if w.withdrawn.as_ref().is_some_and(|x| x.on <= as_of) || !w.standstill || w.decided_on > as_of {
            continue;
        }
        let round = facts.round(&w.round);
        let Some(end) = w.standstill_ends.or_else(|| round.and_then(|r| r.timetable.standstill_end)) else { continue };
        if in_horizon(end) {
            let days = (end - as_of).num_days();
            out.push(alert(
                AlertKind::StandstillEnding,
                end,
                as_of,
                Kind::Awards,
                &w.key,
                format!("Award of {}", w.round),
                format!(
                    "The standstill period of award {} ends on {} ({}); contracts may be entered into from {}.",
                    w.key,
                    date_long(end),
                    when(days),
                    date_long(end.succ_opt().unwrap_or(end))
                ),
            ));
        }
    }

    // Rounds: the next milestone not yet done.
    for r in &ds.rounds {
        if let Some((name, date)) = facts.next_milestone(r, as_of) {
            if date <= horizon {
                let days = (date - as_of).num_days();
                let what = milestone_words(name);
                let message = if days < 0 {
                    format!(
                        "Round {}: the {what} was due on {} ({}) and has not happened.",
                        r.key,
                        date_long(date),
                        when(days)
                    )
                } else {
                    format!("Round {}: the {what} is on {} ({}).", r.key, date_long(date), when(days))
                };
                out.push(alert(AlertKind::RoundMilestone, date, as_of, Kind::Rounds, &r.key, r.title.clone(), message));
            }
        }
    }

    // Providers: prerequisites lapsing, Inadequate ratings while they still hold work.
    for p in &ds.providers {
        if p.status == ProviderStatus::Exited && p.status_since.is_none_or(|d| d <= as_of) {
            continue;
        }
        let mut latest: Vec<&Prerequisite> = Vec::new();
        for pre in p.prerequisites.iter().filter(|x| x.evidence_date <= as_of) {
            let same = |o: &&Prerequisite| o.requirement == pre.requirement && o.description == pre.description;
            match latest.iter().position(same) {
                Some(i) if latest[i].evidence_date < pre.evidence_date => latest[i] = pre,
                Some(_) => {}
                None => latest.push(pre),
            }
        }
        for pre in latest {
            let Some(exp) = pre.expires else { continue };
            if exp <= horizon {
                let days = (exp - as_of).num_days();
                let what = pre.description.clone().unwrap_or_else(|| requirement_label(pre.requirement).to_owned());
                let message = if days < 0 {
                    format!(
                        "{}: {what} lapsed on {} ({}); no newer evidence is recorded.",
                        p.display_name(),
                        date_long(exp),
                        when(days)
                    )
                } else {
                    format!(
                        "{}: {what} lapses on {} ({}); ask for the renewal.",
                        p.display_name(),
                        date_long(exp),
                        when(days)
                    )
                };
                out.push(alert(
                    AlertKind::PrerequisiteLapsing,
                    exp,
                    as_of,
                    Kind::Providers,
                    &p.key,
                    p.display_name().to_owned(),
                    message,
                ));
            }
        }
        if let Some(rating) = p.registration.as_ref().and_then(|r| r.rating.as_ref()) {
            if rating.grade == RatingGrade::Inadequate && rating.date <= as_of {
                let holds: Vec<&Contract> =
                    facts.contracts_of(&p.key).filter(|c| contract_status_as_at(c, as_of).is_live()).collect();
                let admitted = facts.admissions_of(&p.key).any(|ad| {
                    ad.status == AdmissionStatus::Active
                        && ad.admitted_on <= as_of
                        && ad.ends.is_none_or(|e| e >= as_of)
                });
                if !holds.is_empty() || admitted {
                    out.push(alert(
                        AlertKind::ProviderRatedInadequate,
                        rating.date,
                        as_of,
                        Kind::Providers,
                        &p.key,
                        p.display_name().to_owned(),
                        format!(
                            "{} was rated Inadequate on {} and still holds {} contract{}{}; review its registration and the packages it delivers.",
                            p.display_name(),
                            date_long(rating.date),
                            holds.len(),
                            if holds.len() == 1 { "" } else { "s" },
                            if admitted { " and an active admission" } else { "" }
                        ),
                    ));
                }
            }
        }
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

fn requirement_label(r: Requirement) -> &'static str {
    match r {
        Requirement::RegulatorRegistration => "registration with the regulator",
        Requirement::TrainingAndInduction => "training and induction",
        Requirement::Insurance => "insurance",
        Requirement::AcceptsAgreedRate => "acceptance of the agreed rate",
        Requirement::FinancialStanding => "financial standing",
        Requirement::DbsChecks => "DBS checks",
        Requirement::ElectronicCallMonitoring => "electronic call monitoring",
        Requirement::Other => "a prerequisite",
    }
}

fn options_left(t: &Term) -> String {
    let available: Vec<&ExtensionOption> =
        t.extension_options.iter().filter(|o| o.status == OptionStatus::Available).collect();
    if available.is_empty() || t.extension_options.iter().any(|o| o.status == OptionStatus::Declined) {
        ", with no option left to extend it".into()
    } else {
        format!(
            " unless option {} ({} months, to be decided by {}) is exercised",
            t.extension_options.iter().position(|o| o.status == OptionStatus::Available).map_or(0, |i| i + 1),
            available[0].months,
            date_long(available[0].decide_by)
        )
    }
}

/// Extension decisions due: every option still available (as at the date), not blocked by an
/// earlier declined option, whose decide-by date is within the horizon or already passed while the
/// term still runs.
#[allow(clippy::too_many_arguments)]
fn term_alerts(
    out: &mut Vec<Alert>,
    kind: Kind,
    key: &Key,
    title: &str,
    t: &Term,
    as_of: NaiveDate,
    horizon: NaiveDate,
    noun: &str,
) {
    if as_of > t.current_end() {
        return;
    }
    for (i, o) in t.extension_options.iter().enumerate() {
        if o.status == OptionStatus::Declined {
            break;
        }
        if o.status != OptionStatus::Available || o.decide_by > horizon {
            continue;
        }
        let days = (o.decide_by - as_of).num_days();
        let message = if days < 0 {
            format!(
                "The decision on option {} ({} months) of {noun} {key} was due by {} ({}) and is not recorded.",
                i + 1,
                o.months,
                date_long(o.decide_by),
                when(days)
            )
        } else {
            format!(
                "Decide by {} ({}) whether to exercise option {} ({} months) of {noun} {key}.",
                date_long(o.decide_by),
                when(days),
                i + 1,
                o.months
            )
        };
        out.push(alert(AlertKind::ExtensionDecisionDue, o.decide_by, as_of, kind, key, title.to_owned(), message));
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
