//! Contracts: made from an award decision, their options exercised or declined, and where each
//! contract and arrangement stands on a date.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use tenderdesk_domain::common::add_months_to_end;
use tenderdesk_domain::*;

use crate::error::MarketError;
use crate::fmt::{date_long, pounds, to_money};
use crate::term::{self, position, StatusAsAt, TermPosition};

/// The term of the contracts made from an award.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContractTerms {
    pub start: NaiveDate,
    pub initial_end: NaiveDate,
    pub extension_options: Vec<ExtensionOption>,
    pub maximum_end: Option<NaiveDate>,
}

impl NewContractTerms {
    /// The start and end given; the arrangement's options and maximum end are carried over (all
    /// available again) when the contract ends with the arrangement's initial term, else none.
    pub fn following(arrangement: &Arrangement, start: NaiveDate, initial_end: NaiveDate) -> NewContractTerms {
        let same = arrangement.term.initial_end == initial_end;
        NewContractTerms {
            start,
            initial_end,
            extension_options: if same {
                arrangement
                    .term
                    .extension_options
                    .iter()
                    .map(|o| ExtensionOption {
                        months: o.months,
                        decide_by: o.decide_by,
                        status: OptionStatus::Available,
                        decided_on: None,
                        decided_by: None,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            maximum_end: if same { arrangement.term.maximum_end } else { None },
        }
    }
}

/// One contract per provider and lot awarded, carrying the rates bid (only for the zones the
/// provider is admitted to cover, where an admission says so), status pending, and the route:
/// a call-off from the framework for a mini-competition, an invitation to tender otherwise.
/// The estimated value starts at £0.00 for the officer to enter once agreed.
#[allow(clippy::too_many_arguments)]
pub fn contracts_from_award(
    award: &AwardDecision,
    round: &Round,
    arrangement: &Arrangement,
    submissions: &[Submission],
    lots: &[Lot],
    providers: &[Provider],
    admissions: &[Admission],
    existing: &[Contract],
    terms: &NewContractTerms,
) -> Result<Vec<Contract>, MarketError> {
    check_award_can_be_contracted(award, round, terms)?;
    let route = match round.kind {
        RoundKind::MiniCompetition => ProcurementRoute::CallOffFromFramework,
        RoundKind::Establishment | RoundKind::Reopening => ProcurementRoute::InvitationToTender,
    };
    let missing = |what: &'static str, key: &Key| MarketError::Missing {
        award: award.key.to_string(),
        what,
        key: key.to_string(),
    };
    let mut out = Vec::new();
    for w in &award.awarded {
        check_not_contracted(award, w, existing)?;
        let lot = lots.iter().find(|l| l.key == w.lot).ok_or_else(|| missing("lot", &w.lot))?;
        let provider =
            providers.iter().find(|p| p.key == w.provider).ok_or_else(|| missing("provider", &w.provider))?;
        let sub = submissions.iter().find(|s| s.key == w.submission).ok_or_else(|| missing("bid", &w.submission))?;
        let annual = annual_estimate(lot, sub, &zone_sharing(award, w, lot, admissions));
        out.push(Contract {
            key: contract_key(award, provider, lot)?,
            title: format!("{} — Lot {} {} — {}", arrangement.title, lot.number, lot.title, provider.display_name()),
            provider: provider.key.clone(),
            arrangement: arrangement.key.clone(),
            lot: Some(lot.key.clone()),
            award: Some(award.key.clone()),
            term: Term {
                start: terms.start,
                initial_end: terms.initial_end,
                extension_options: terms.extension_options.clone(),
                maximum_end: terms.maximum_end,
            },
            estimated_value: annual.map_or(Money::ZERO, |a| over_term(a, terms.start, terms.initial_end)),
            annual_value: annual,
            irrecoverable_vat: None,
            rates: contract_rates(sub, w, admissions),
            route,
            status: ContractStatus::Pending,
            status_since: None,
            status_reason: None,
            successor_round: None,
        });
    }
    Ok(out)
}

/// Contracts are made from an award in force, for a term that ends after it starts, starting
/// after the standstill period.
fn check_award_can_be_contracted(
    award: &AwardDecision,
    round: &Round,
    terms: &NewContractTerms,
) -> Result<(), MarketError> {
    if let Some(w) = &award.withdrawn {
        return Err(MarketError::AwardWithdrawn { key: award.key.to_string(), on: w.on });
    }
    if terms.initial_end <= terms.start {
        return Err(MarketError::EndBeforeStart { start: terms.start, end: terms.initial_end });
    }
    let standstill_end = if award.standstill { award.standstill_ends.or(round.timetable.standstill_end) } else { None };
    if let Some(end) = standstill_end {
        if terms.start <= end {
            return Err(MarketError::DuringStandstill {
                award: award.key.to_string(),
                start: terms.start,
                standstill_ends: end,
                earliest: end.succ_opt().unwrap_or(end),
            });
        }
    }
    Ok(())
}

/// Refused where a contract already comes from this award for the provider and lot.
fn check_not_contracted(award: &AwardDecision, w: &Awarded, existing: &[Contract]) -> Result<(), MarketError> {
    let made = existing
        .iter()
        .find(|c| c.award.as_ref() == Some(&award.key) && c.provider == w.provider && c.lot.as_ref() == Some(&w.lot));
    match made {
        Some(c) => Err(MarketError::AlreadyContracted {
            award: award.key.to_string(),
            lot: w.lot.to_string(),
            provider: w.provider.to_string(),
            contract: c.key.to_string(),
        }),
        None => Ok(()),
    }
}

/// The rates bid, only for the zones the provider is admitted to cover where an admission says so,
/// and the weekly live-in rate.
fn contract_rates(sub: &Submission, w: &Awarded, admissions: &[Admission]) -> Vec<ContractRate> {
    let covered: Vec<&String> =
        admissions.iter().filter(|a| a.lot == w.lot && a.provider == w.provider).flat_map(|a| a.zones.iter()).collect();
    let mut rates: Vec<ContractRate> = sub
        .prices
        .iter()
        .filter(|p| covered.is_empty() || p.zone.as_ref().is_none_or(|z| covered.contains(&z)))
        .map(|p| ContractRate {
            name: "Standard hour".into(),
            zone: p.zone.clone(),
            amount: p.hourly,
            unit: RateUnit::PerHour,
        })
        .collect();
    if let Some(l) = sub.live_in_weekly {
        rates.push(ContractRate { name: "Live-in care".into(), zone: None, amount: l, unit: RateUnit::PerWeek });
    }
    rates
}

/// The zones the provider of `w` serves, each with how many providers awarded on the lot serve it
/// (a zone's hours are shared among them).
fn zone_sharing(award: &AwardDecision, w: &Awarded, lot: &Lot, admissions: &[Admission]) -> Vec<(String, usize)> {
    serves(w, lot, admissions)
        .iter()
        .map(|z| {
            let n = award.awarded.iter().filter(|a| a.lot == w.lot && serves(a, lot, admissions).contains(z)).count();
            (z.clone(), n.max(1))
        })
        .collect()
}

/// The zones a provider awarded on a lot serves: those awarded, else those it was admitted to,
/// else all.
fn serves(a: &Awarded, lot: &Lot, admissions: &[Admission]) -> Vec<String> {
    if !a.zones.is_empty() {
        return a.zones.clone();
    }
    let admitted: Vec<String> = admissions
        .iter()
        .filter(|x| x.lot == a.lot && x.provider == a.provider)
        .flat_map(|x| x.zones.iter().cloned())
        .collect();
    if admitted.is_empty() {
        lot.zones.iter().map(|z| z.code.clone()).collect()
    } else {
        admitted
    }
}

/// "CON-<award>-L<lot number>-<provider>", without the awards' and providers' usual prefixes.
fn contract_key(award: &AwardDecision, provider: &Provider, lot: &Lot) -> Result<Key, MarketError> {
    let base = award.key.as_str().strip_prefix("AWD-").unwrap_or(award.key.as_str());
    let who = provider.key.as_str().strip_prefix("PRV-").unwrap_or(provider.key.as_str());
    let raw = format!("CON-{base}-L{}-{who}", lot.number);
    let raw: String = raw.chars().take(Key::MAX_LEN).collect();
    Key::parse(raw.trim_end()).map_err(|reason| MarketError::BadKey { key: raw.clone(), reason })
}

/// A year of a provider's share of the lot's expected hours at the rates it bid: Σ over the zones
/// it serves that have expected hours of (weekly hours ÷ the number of providers awarded who serve
/// the zone) × its rate for the zone (or its single hourly rate) × 52, rounded half-up to the
/// penny. None when no zone it serves gives expected hours, or the bid has no rate for one.
pub fn annual_estimate(lot: &Lot, sub: &Submission, serves: &[(String, usize)]) -> Option<Money> {
    let single = sub.prices.iter().find(|p| p.zone.is_none()).map(|p| p.hourly);
    let mut weekly = Decimal::ZERO;
    let mut any = false;
    for (code, sharing) in serves {
        let Some(zone) = lot.zone(code) else { continue };
        let Some(hours) = zone.expected_hours_per_week else { continue };
        let rate = sub.prices.iter().find(|p| p.zone.as_deref() == Some(code.as_str())).map(|p| p.hourly).or(single)?;
        weekly += rate.as_decimal() * hours.value() / Decimal::from(*sharing as u64);
        any = true;
    }
    any.then(|| to_money(weekly * Decimal::from(52)))
}

/// The annual value spread over a term, by days (start and end inclusive, 365 days a year).
fn over_term(annual: Money, start: NaiveDate, end: NaiveDate) -> Money {
    let days = (end - start).num_days() + 1;
    to_money(annual.as_decimal() * Decimal::from(days) / Decimal::from(365))
}

fn terminated(c: &Contract) -> Result<(), MarketError> {
    if c.status == ContractStatus::Terminated {
        return Err(MarketError::Terminated {
            key: c.key.to_string(),
            on: c.status_since.map(|d| d.to_string()).unwrap_or_else(|| "an unrecorded date".into()),
            reason: c.status_reason.clone().unwrap_or_else(|| "no reason recorded".into()),
        });
    }
    Ok(())
}

/// The value an exercised option adds. With an annual value: annual value × months ÷ 12. Without:
/// the estimated value spread evenly over the days of the term so far (start to current end),
/// times the days the option adds. Rounded half-up to the penny.
pub fn value_added(c: &Contract, months: u32) -> Money {
    let end = c.term.current_end();
    let new_end = add_months_to_end(end, months);
    match c.annual_value {
        Some(a) => to_money(a.as_decimal() * Decimal::from(months) / Decimal::from(12)),
        None => {
            let days_so_far = (end - c.term.start).num_days() + 1;
            let days_added = (new_end - end).num_days();
            if days_so_far <= 0 {
                return Money::ZERO;
            }
            to_money(c.estimated_value.as_decimal() * Decimal::from(days_added) / Decimal::from(days_so_far))
        }
    }
}

/// Exercises option `number` (1-based) of a contract on `on`, decided by `by`: the end moves on by
/// the option's months, the estimated value by [`value_added`], the option records who and when,
/// and the status becomes extended (with the date and a reason saying what moved).
pub fn exercise_option(c: &Contract, number: usize, on: NaiveDate, by: &str) -> Result<Contract, MarketError> {
    terminated(c)?;
    let old_end = c.term.current_end();
    let term = term::exercise_term_option(Kind::Contracts, c.key.as_str(), &c.term, number, on, by)?;
    let months = term.extension_options[number - 1].months;
    let added = value_added(c, months);
    let mut out = c.clone();
    out.term = term;
    let new_end = out.term.current_end();
    out.estimated_value = c.estimated_value.checked_add(added).unwrap_or(c.estimated_value);
    out.status = ContractStatus::Extended;
    out.status_since = Some(on);
    out.status_reason = Some(format!(
        "Option {number} ({months} months) exercised on {} by {}: the end moves from {} to {} and the estimated value from {} to {}.",
        date_long(on),
        by.trim(),
        date_long(old_end),
        date_long(new_end),
        pounds(c.estimated_value),
        pounds(out.estimated_value)
    ));
    Ok(out)
}

/// Declines option `number` (1-based) of a contract: recorded with who and when; the end and value
/// stay as they are, and later options can no longer be exercised.
pub fn decline_option(c: &Contract, number: usize, on: NaiveDate, by: &str) -> Result<Contract, MarketError> {
    terminated(c)?;
    let term = term::decline_term_option(Kind::Contracts, c.key.as_str(), &c.term, number, on, by)?;
    let mut out = c.clone();
    out.term = term;
    Ok(out)
}

/// Exercises an option of an arrangement's own term (a framework's extension).
pub fn exercise_arrangement_option(
    a: &Arrangement,
    number: usize,
    on: NaiveDate,
    by: &str,
) -> Result<Arrangement, MarketError> {
    let mut out = a.clone();
    out.term = term::exercise_term_option(Kind::Arrangements, a.key.as_str(), &a.term, number, on, by)?;
    Ok(out)
}

/// Declines an option of an arrangement's own term.
pub fn decline_arrangement_option(
    a: &Arrangement,
    number: usize,
    on: NaiveDate,
    by: &str,
) -> Result<Arrangement, MarketError> {
    let mut out = a.clone();
    out.term = term::decline_term_option(Kind::Arrangements, a.key.as_str(), &a.term, number, on, by)?;
    Ok(out)
}

/// A contract's status on a date: terminated from the date it was terminated; otherwise from its
/// dates (pending before the start, expired after the current end as it then stood, extended once
/// an option decided by then was exercised, else active).
pub fn contract_status_as_at(c: &Contract, as_of: NaiveDate) -> StatusAsAt {
    if c.status == ContractStatus::Terminated && c.status_since.is_none_or(|d| d <= as_of) {
        return StatusAsAt::Terminated;
    }
    term::status_of_term(&c.term, as_of)
}

/// An arrangement's status on a date, from its dates.
pub fn arrangement_status_as_at(a: &Arrangement, as_of: NaiveDate) -> StatusAsAt {
    term::status_of_term(&a.term, as_of)
}

/// A contract at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContractPosition {
    pub key: String,
    pub title: String,
    pub provider: String,
    pub provider_name: String,
    pub arrangement: String,
    pub lot: Option<String>,
    /// In integer pence, as every amount the window reads.
    #[serde(rename = "estimated_value_pence", serialize_with = "crate::fmt::serialize_pence")]
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub estimated_value: Money,
    #[serde(rename = "annual_value_pence", serialize_with = "crate::fmt::serialize_pence_opt")]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub annual_value: Option<Money>,
    /// The status recorded on the contract.
    pub recorded_status: String,
    pub status_reason: Option<String>,
    pub term: TermPosition,
    /// The round that replaces it, where linked, with its title and publication date.
    pub successor_round: Option<String>,
    pub successor_title: Option<String>,
    pub successor_published: Option<NaiveDate>,
}

pub fn contract_position(c: &Contract, providers: &[Provider], rounds: &[Round], as_of: NaiveDate) -> ContractPosition {
    let status = contract_status_as_at(c, as_of);
    let round = c.successor_round.as_ref().and_then(|k| rounds.iter().find(|r| &r.key == k));
    ContractPosition {
        key: c.key.to_string(),
        title: c.title.clone(),
        provider: c.provider.to_string(),
        provider_name: providers
            .iter()
            .find(|p| p.key == c.provider)
            .map(|p| p.display_name().to_owned())
            .unwrap_or_else(|| c.provider.to_string()),
        arrangement: c.arrangement.to_string(),
        lot: c.lot.as_ref().map(|l| l.to_string()),
        estimated_value: c.estimated_value,
        annual_value: c.annual_value,
        recorded_status: c.status.label().to_owned(),
        status_reason: c.status_reason.clone(),
        term: position(&c.term, as_of, status),
        successor_round: c.successor_round.as_ref().map(|k| k.to_string()),
        successor_title: round.map(|r| r.title.clone()),
        successor_published: round.map(|r| r.timetable.published),
    }
}

/// An arrangement at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ArrangementPosition {
    pub key: String,
    pub title: String,
    pub kind: String,
    pub term: TermPosition,
    /// The round that replaces it (see [`replacement_round_for_arrangement`]).
    pub successor_round: Option<String>,
    pub successor_title: Option<String>,
    pub successor_published: Option<NaiveDate>,
}

/// The round that replaces an arrangement: the tender establishing another arrangement that covers
/// one of the same services and starts after this one starts and no later than the day after this
/// one's latest possible end; the one starting soonest after this one's current end wins.
pub fn replacement_round_for_arrangement<'a>(
    a: &Arrangement,
    arrangements: &[Arrangement],
    rounds: &'a [Round],
) -> Option<&'a Round> {
    let latest = a.term.latest_possible_end();
    let mut best: Option<(&Round, NaiveDate)> = None;
    for r in rounds.iter().filter(|r| r.kind == RoundKind::Establishment && r.arrangement != a.key) {
        let Some(b) = arrangements.iter().find(|b| b.key == r.arrangement) else { continue };
        let shares = b.services.iter().any(|s| a.services.contains(s));
        let starts_ok = b.term.start > a.term.start && b.term.start <= latest.succ_opt().unwrap_or(latest);
        if shares && starts_ok && best.is_none_or(|(_, s)| b.term.start < s) {
            best = Some((r, b.term.start));
        }
    }
    best.map(|(r, _)| r)
}

pub fn arrangement_position(
    a: &Arrangement,
    arrangements: &[Arrangement],
    rounds: &[Round],
    as_of: NaiveDate,
) -> ArrangementPosition {
    let status = arrangement_status_as_at(a, as_of);
    let round = replacement_round_for_arrangement(a, arrangements, rounds);
    ArrangementPosition {
        key: a.key.to_string(),
        title: a.title.clone(),
        kind: a.kind.label().to_owned(),
        term: position(&a.term, as_of, status),
        successor_round: round.map(|r| r.key.to_string()),
        successor_title: round.map(|r| r.title.clone()),
        successor_published: round.map(|r| r.timetable.published),
    }
}
