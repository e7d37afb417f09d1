//! Subcommands: market — alerts, FOI answers, contracts and their options, spend, rates, activity,
//! coverage and openings.

use std::io::Write;

use clap::{Args, Subcommand};
use tenderdesk_api::market::rules::fmt::{date_long, number, percent, pounds, thousands};
use tenderdesk_api::market::rules::{self as market};
use tenderdesk_api::market::{parse_date, today, Date};
use tenderdesk_api::Api;

use crate::CliError;

#[derive(Debug, Subcommand)]
pub enum MarketCommand {
    /// What needs attention as at a date, soonest first: expiries, extension decisions,
    /// standstills, round milestones, spend caps, lapsing prerequisites, missing replacement rounds
    Alerts {
        /// The date to look from (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// How many days ahead to look
        #[arg(long, value_name = "N", default_value_t = 90)]
        within_days: u32,
        /// Print the alerts as JSON
        #[arg(long)]
        json: bool,
    },
    /// Answer the thirteen standard FOI questions on commissioning as at a date
    Foi {
        /// The date the answers are given as at (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Date,
        /// Answer for these arrangements only (id or reference; repeat for more) [default: all running]
        #[arg(long = "arrangement", value_name = "ID")]
        arrangements: Vec<String>,
        /// Print the answers as JSON
        #[arg(long)]
        json: bool,
    },
    /// A contract's position, or exercise, decline, or make contracts from an award
    #[command(subcommand)]
    Contract(ContractCommand),
    /// An arrangement's position, or exercise or decline one of its own options
    #[command(subcommand)]
    Arrangement(ArrangementCommand),
    /// Spend against an arrangement's approved cap: total, share used, run rate, cap date
    Spend {
        /// The arrangement (id or reference)
        arrangement: String,
        /// Count the spend recorded for periods ending by this date (YYYY-MM-DD) [default: all]
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        #[arg(long)]
        json: bool,
    },
    /// Hourly rates in force: lowest, highest, simple and hours-weighted average, per zone and setting
    Rates {
        /// Only these arrangements (id or reference; repeat for more) [default: all]
        #[arg(long = "arrangement", value_name = "ID")]
        arrangements: Vec<String>,
        /// [default: today]
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        #[arg(long)]
        json: bool,
    },
    /// Packages, people and hours per week as at a date, per arrangement and in total
    Activity {
        /// [default: today]
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// Only these arrangements (id or reference; repeat for more) [default: all]
        #[arg(long = "arrangement", value_name = "ID")]
        arrangements: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Providers active per lot and zone, their capacity, and the weakest zones
    Coverage {
        /// Only this lot (id or reference)
        #[arg(long, value_name = "ID")]
        lot: Option<String>,
        /// [default: today]
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        #[arg(long)]
        json: bool,
    },
    /// Framework openings: who joined through which opening, for which lots
    Openings {
        /// Only this arrangement (id or reference)
        #[arg(long, value_name = "ID")]
        arrangement: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContractCommand {
    /// Options envisaged, exercised, declined and available; current and latest end; status
    Position {
        /// The contract (id or reference)
        id: String,
        /// [default: today]
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        #[arg(long)]
        json: bool,
    },
    /// Exercise an extension option: the end date and estimated value move on
    Exercise(OptionDecision),
    /// Decline an extension option
    Decline(OptionDecision),
    /// Make one pending contract per provider and lot of an award decision, with the rates bid
    FromAward {
        /// The award decision (id or reference)
        award: String,
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        start: Date,
        /// The last day of the initial term
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        end: Date,
    },
}

#[derive(Debug, Subcommand)]
pub enum ArrangementCommand {
    /// Options, current and latest end, status, and the round that replaces it
    Position {
        id: String,
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        #[arg(long)]
        json: bool,
    },
    /// Exercise one of the arrangement's own extension options
    Exercise(OptionDecision),
    /// Decline one of the arrangement's own extension options
    Decline(OptionDecision),
}

/// A decision on one extension option of a contract or an arrangement.
#[derive(Debug, Args)]
pub struct OptionDecision {
    /// The contract or arrangement (id or reference)
    id: String,
    /// The option's number, from 1
    #[arg(long, value_name = "N")]
    option: usize,
    /// The date of the decision (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    on: Date,
    /// Who decided [default: the name in the audit log]
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
}

/// Prints a value as pretty JSON and returns from the command.
macro_rules! json {
    ($out:expr, $value:expr) => {{
        let text =
            serde_json::to_string_pretty($value).map_err(|e| CliError::Found(format!("cannot write JSON: {e}")))?;
        writeln!($out, "{text}")?;
        return Ok(());
    }};
}

/// Prints rows as aligned columns under a header.
fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>], right: &[usize]) -> std::io::Result<()> {
    let mut w: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = w[i].saturating_sub(c.chars().count());
            if i > 0 {
                s.push_str("  ");
            }
            if right.contains(&i) {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(pad));
                }
            }
        }
        s.trim_end().to_owned()
    };
    writeln!(out, "{}", line(header.iter().map(|h| h.to_string()).collect()))?;
    for r in rows {
        writeln!(out, "{}", line(r.clone()))?;
    }
    Ok(())
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

pub fn execute(api: &Api, command: &MarketCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        MarketCommand::Alerts { as_of, within_days, json: j } => {
            let as_of = as_of.unwrap_or_else(today);
            let alerts = api.alerts(as_of, *within_days)?;
            if *j {
                json!(out, &alerts)
            }
            if alerts.is_empty() {
                writeln!(out, "Nothing needs attention between {} and {} days on.", date_long(as_of), within_days)?;
                return Ok(());
            }
            writeln!(
                out,
                "{} alert{} as at {}, looking {} days ahead:",
                alerts.len(),
                if alerts.len() == 1 { "" } else { "s" },
                date_long(as_of),
                within_days
            )?;
            let rows: Vec<Vec<String>> = alerts
                .iter()
                .map(|a| {
                    vec![
                        a.due.to_string(),
                        a.days_until.to_string(),
                        a.severity.label().to_owned(),
                        a.kind.label().to_owned(),
                        a.record_key.clone(),
                        a.message.clone(),
                    ]
                })
                .collect();
            table(out, &["DUE", "DAYS", "SEVERITY", "KIND", "RECORD", "MESSAGE"], &rows, &[1])?;
        }
        MarketCommand::Foi { as_of, arrangements, json: j } => {
            let pack = api.foi(*as_of, arrangements)?;
            if *j {
                json!(out, &pack)
            }
            write!(out, "{}", pack.text)?;
        }
        MarketCommand::Contract(c) => contract(api, c, out)?,
        MarketCommand::Arrangement(c) => arrangement(api, c, out)?,
        MarketCommand::Spend { arrangement, as_of, json: j } => {
            let s = api.spend_summary(arrangement, *as_of)?;
            if *j {
                json!(out, &s)
            }
            spend(out, &s)?;
        }
        MarketCommand::Rates { arrangements, as_of, json: j } => {
            let r = api.rates(as_of.unwrap_or_else(today), arrangements)?;
            if *j {
                json!(out, &r)
            }
            rates(out, &r)?;
        }
        MarketCommand::Activity { as_of, arrangements, json: j } => {
            let r = api.activity(as_of.unwrap_or_else(today), arrangements)?;
            if *j {
                json!(out, &r)
            }
            activity(out, &r)?;
        }
        MarketCommand::Coverage { lot, as_of, json: j } => {
            let r = api.coverage(as_of.unwrap_or_else(today), lot.as_deref())?;
            if *j {
                json!(out, &r)
            }
            coverage(out, &r)?;
        }
        MarketCommand::Openings { arrangement, json: j } => {
            let r = api.openings(arrangement.as_deref())?;
            if *j {
                json!(out, &r)
            }
            for o in &r {
                let lots = if o.lots.is_empty() { "every lot".to_owned() } else { o.lots.join(", ") };
                writeln!(
                    out,
                    "{} — opening {}: {} (commenced {}; {lots}); {} admitted",
                    o.arrangement,
                    o.number,
                    o.title,
                    date_long(o.commencement),
                    o.admitted.len()
                )?;
                for a in &o.admitted {
                    writeln!(
                        out,
                        "  Lot {:<3} {:<32} admitted {}  {}{}",
                        a.lot_number,
                        a.provider_name,
                        a.admitted_on,
                        a.status,
                        a.ends.map(|e| format!(" (ends {e})")).unwrap_or_default()
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn term(out: &mut dyn Write, t: &market::TermPosition) -> std::io::Result<()> {
    writeln!(out, "  status as at {}: {}", t.as_of, t.status.label())?;
    writeln!(
        out,
        "  start {}, initial end {}, current end {}, latest possible end {}{}",
        t.start,
        t.initial_end,
        t.current_end,
        t.latest_possible_end,
        t.maximum_end.map(|m| format!(", maximum end {m}")).unwrap_or_default()
    )?;
    writeln!(
        out,
        "  options: {} envisaged, {} exercised, {} declined, {} available",
        t.options_envisaged, t.options_exercised, t.options_declined, t.options_available
    )?;
    for o in &t.options {
        writeln!(
            out,
            "    {}. {} months, decide by {}: {}{}{}",
            o.number,
            o.months,
            o.decide_by,
            market::term::option_status_word(o.status),
            o.decided_on.map(|d| format!(" on {d}")).unwrap_or_default(),
            o.decided_by.as_ref().map(|b| format!(" by {b}")).unwrap_or_default()
        )?;
    }
    writeln!(
        out,
        "  can still run {} months and {} days (to {}); {} days to the current end",
        t.can_run_months, t.can_run_days, t.latest_possible_end, t.days_to_current_end
    )
}

fn contract(api: &Api, c: &ContractCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match c {
        ContractCommand::Position { id, as_of, json: j } => {
            let p = api.contract_position(id, as_of.unwrap_or_else(today))?;
            if *j {
                json!(out, &p)
            }
            writeln!(out, "Contract {}: {}", p.key, p.title)?;
            writeln!(
                out,
                "  provider {} ({}), arrangement {}{}",
                p.provider_name,
                p.provider,
                p.arrangement,
                p.lot.as_ref().map(|l| format!(", lot {l}")).unwrap_or_default()
            )?;
            writeln!(
                out,
                "  estimated value {}{}; recorded status {}",
                pounds(p.estimated_value),
                p.annual_value.map(|a| format!(" ({} a year)", pounds(a))).unwrap_or_default(),
                p.recorded_status
            )?;
            term(out, &p.term)?;
            match (&p.successor_round, &p.successor_title) {
                (Some(k), Some(t)) => {
                    writeln!(out, "  replaced by round {k}: {t} (published {})", opt(p.successor_published))?
                }
                _ => writeln!(out, "  no replacement round linked")?,
            }
        }
        ContractCommand::Exercise(OptionDecision { id, option, on, by }) => {
            let c = api.exercise_contract_option(id, *option, *on, by.as_deref())?;
            writeln!(out, "Exercised option {option} of contract {}.", c.key)?;
            writeln!(out, "{}", c.status_reason.unwrap_or_default())?;
        }
        ContractCommand::Decline(OptionDecision { id, option, on, by }) => {
            let c = api.decline_contract_option(id, *option, *on, by.as_deref())?;
            writeln!(
                out,
                "Declined option {option} of contract {}; it ends on {}.",
                c.key,
                date_long(c.term.current_end())
            )?;
        }
        ContractCommand::FromAward { award, start, end } => {
            let made = api.contracts_from_award(award, *start, *end)?;
            writeln!(
                out,
                "Made {} pending contract{} from award {award}:",
                made.len(),
                if made.len() == 1 { "" } else { "s" }
            )?;
            for c in &made {
                let rates: Vec<String> = c
                    .rates
                    .iter()
                    .map(|r| {
                        format!("{}{}", r.zone.as_ref().map(|z| format!("{z} ")).unwrap_or_default(), pounds(r.amount))
                    })
                    .collect();
                writeln!(out, "  {}  {}  {}", c.key, c.title, rates.join(", "))?;
            }
        }
    }
    Ok(())
}

fn arrangement(api: &Api, c: &ArrangementCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match c {
        ArrangementCommand::Position { id, as_of, json: j } => {
            let p = api.arrangement_position(id, as_of.unwrap_or_else(today))?;
            if *j {
                json!(out, &p)
            }
            writeln!(out, "{} {}: {}", p.kind, p.key, p.title)?;
            term(out, &p.term)?;
            match (&p.successor_round, &p.successor_title) {
                (Some(k), Some(t)) => {
                    writeln!(out, "  replaced by round {k}: {t} (published {})", opt(p.successor_published))?
                }
                _ => writeln!(out, "  no replacement round found")?,
            }
        }
        ArrangementCommand::Exercise(OptionDecision { id, option, on, by }) => {
            let a = api.exercise_arrangement_option(id, *option, *on, by.as_deref())?;
            writeln!(
                out,
                "Exercised option {option} of arrangement {}; it now ends on {}.",
                a.key,
                date_long(a.term.current_end())
            )?;
        }
        ArrangementCommand::Decline(OptionDecision { id, option, on, by }) => {
            let a = api.decline_arrangement_option(id, *option, *on, by.as_deref())?;
            writeln!(
                out,
                "Declined option {option} of arrangement {}; it ends on {}.",
                a.key,
                date_long(a.term.current_end())
            )?;
        }
    }
    Ok(())
}

fn spend(out: &mut dyn Write, s: &market::SpendSummary) -> std::io::Result<()> {
    writeln!(out, "Spend under {}: {}", s.arrangement, s.title)?;
    match (s.cap, &s.decision_reference) {
        (Some(cap), Some(r)) => writeln!(
            out,
            "  approved cap {} ({r}, {} on {}), for {} to {}",
            pounds(cap),
            s.decision_maker.clone().unwrap_or_default(),
            opt(s.decision_date),
            opt(s.approval_start),
            opt(s.approval_end)
        )?,
        _ => writeln!(out, "  no approved spend cap is recorded")?,
    }
    let rows: Vec<Vec<String>> = s
        .lines
        .iter()
        .map(|l| {
            vec![
                l.period_start.to_string(),
                l.period_end.to_string(),
                pounds(l.amount),
                pounds(l.cumulative),
                if l.over_cap { "OVER CAP".into() } else { String::new() },
            ]
        })
        .collect();
    if !rows.is_empty() {
        table(out, &["FROM", "TO", "AMOUNT", "RUNNING TOTAL", ""], &rows, &[2, 3])?;
    }
    writeln!(
        out,
        "  total {}{}",
        pounds(s.total),
        s.share_used_percent.map(|p| format!(", {} of the cap", percent(p))).unwrap_or_default()
    )?;
    if let Some(r) = s.remaining {
        writeln!(out, "  remaining {}", pounds(r))?;
    }
    if s.over_cap {
        writeln!(
            out,
            "  OVER CAP by {} (first passed in {})",
            pounds(s.over_cap_by.unwrap_or_default()),
            s.cap_passed_in.clone().unwrap_or_default()
        )?;
    }
    if let Some(r) = &s.run_rate {
        writeln!(
            out,
            "  monthly run rate {} ({} over {} to {}, {} months)",
            pounds(r.monthly),
            pounds(r.spend_in_window),
            r.window_start,
            r.window_end,
            number(r.months_in_window.normalize())
        )?;
    }
    if let Some(d) = s.cap_reached_on {
        writeln!(
            out,
            "  at that rate the cap is reached on {}{}",
            date_long(d),
            match (s.cap_reached_before_approval_ends, s.approval_end) {
                (Some(true), Some(e)) => format!(", before the approval ends on {}", date_long(e)),
                (Some(false), Some(e)) => format!(", after the approval ends on {}", date_long(e)),
                _ => String::new(),
            }
        )?;
    }
    Ok(())
}

fn rates(out: &mut dyn Write, r: &market::RatesReport) -> std::io::Result<()> {
    let n = r.arrangements.len();
    writeln!(
        out,
        "Hourly rates in force on {} ({n} arrangement{})",
        date_long(r.as_of),
        if n == 1 { "" } else { "s" }
    )?;
    for g in &r.groups {
        writeln!(
            out,
            "\n{} — {} — {} (from {}s; hours-weighted by {})",
            g.service, g.name, g.overall.count, g.source, g.weights_from
        )?;
        let row = |label: &str, s: &market::RateStats| {
            vec![
                label.to_owned(),
                s.count.to_string(),
                pounds(s.lowest),
                pounds(s.highest),
                pounds(s.simple_average),
                s.weighted_average.map(pounds).unwrap_or_else(|| "—".into()),
            ]
        };
        let mut rows = vec![row("Overall", &g.overall)];
        rows.extend(g.by_setting.iter().map(|l| row(&l.label, &l.stats)));
        rows.extend(g.by_arrangement.iter().map(|l| row(&l.label, &l.stats)));
        rows.extend(g.by_zone.iter().map(|l| row(&format!("  {}", l.label), &l.stats)));
        table(out, &["", "RATES", "LOWEST", "HIGHEST", "AVERAGE", "HOURS-WEIGHTED"], &rows, &[1, 2, 3, 4, 5])?;
    }
    if r.enhancements.is_empty() {
        writeln!(out, "\nEnhancements: none recorded.")?;
    } else {
        writeln!(out, "\nEnhancements:")?;
        for e in &r.enhancements {
            writeln!(out, "  {} {}: {}, {}", e.arrangement, e.lot_title, e.name, e.uplift)?;
        }
    }
    for l in &r.live_in {
        writeln!(out, "Live-in: {} {} a week", l.arrangement, pounds(l.weekly))?;
    }
    Ok(())
}

fn activity(out: &mut dyn Write, r: &market::ActivityReport) -> std::io::Result<()> {
    writeln!(out, "Activity as at {}", date_long(r.as_of))?;
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|a| {
            vec![
                a.service.clone(),
                a.arrangement.clone().unwrap_or_default(),
                a.channel.label().to_owned(),
                a.as_at.to_string(),
                opt(a.packages.map(|p| thousands(i64::from(p)))),
                opt(a.people.map(|p| thousands(i64::from(p)))),
                opt(a.hours_per_week.map(number)),
                opt(a.brokerage_hours_per_week.map(number)),
                opt(a.live_in_packages),
            ]
        })
        .collect();
    table(
        out,
        &["SERVICE", "ARRANGEMENT", "CHANNEL", "AS AT", "PACKAGES", "PEOPLE", "HOURS/WEEK", "BROKERAGE", "LIVE-IN"],
        &rows,
        &[4, 5, 6, 7, 8],
    )?;
    writeln!(out, "\nTotals:")?;
    let rows: Vec<Vec<String>> = r
        .totals
        .iter()
        .map(|t| {
            vec![
                t.service.clone(),
                t.channel.label().to_owned(),
                if t.from == t.to { t.to.to_string() } else { format!("{} to {}", t.from, t.to) },
                opt(t.packages.map(|p| thousands(i64::from(p)))),
                opt(t.people.map(|p| thousands(i64::from(p)))),
                opt(t.hours_per_week.map(number)),
                opt(t.live_in_packages),
                t.source.clone(),
            ]
        })
        .collect();
    table(
        out,
        &["SERVICE", "", "AS AT", "PACKAGES", "PEOPLE", "HOURS/WEEK", "LIVE-IN", "SOURCE"],
        &rows,
        &[3, 4, 5, 6],
    )?;
    Ok(())
}

fn coverage(out: &mut dyn Write, r: &market::CoverageReport) -> std::io::Result<()> {
    writeln!(out, "Coverage as at {}", date_long(r.as_of))?;
    for l in &r.lots {
        writeln!(out, "\n{} Lot {} {} ({})", l.arrangement, l.number, l.title, l.lot)?;
        let rows: Vec<Vec<String>> = l
            .zones
            .iter()
            .map(|z| {
                vec![
                    z.zone.clone().unwrap_or_default(),
                    z.name.clone(),
                    z.setting.map(|s| s.label().to_owned()).unwrap_or_default(),
                    z.admitted.to_string(),
                    z.active.to_string(),
                    opt(z.capacity_hours_per_week.map(number)),
                    opt(z.expected_hours_per_week.map(number)),
                    if z.weakest { "WEAKEST".into() } else { String::new() },
                ]
            })
            .collect();
        table(
            out,
            &["ZONE", "NAME", "SETTING", "ADMITTED", "ACTIVE", "CAPACITY H/WK", "EXPECTED H/WK", ""],
            &rows,
            &[3, 4, 5, 6],
        )?;
    }
    if !r.weakest.is_empty() {
        writeln!(out, "\nWeakest zones: {}", r.weakest.join("; "))?;
    }
    writeln!(out, "Rule: {}", r.rule)?;
    Ok(())
}
