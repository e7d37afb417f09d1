//! `tenderdesk calendar …`: the bank holidays of a year, and when a standstill period ends.

use std::io::Write;

use clap::{Subcommand, ValueEnum};
use tenderdesk_api::calendar::{nation_label, parse_date, Holiday, NaiveDate, Standstill, Year};
use tenderdesk_api::Api;
use tenderdesk_domain::{Nation, Regime};

use crate::CliError;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Bank holidays of England and Wales, Scotland and Northern Ireland, and standstill end dates
    #[command(subcommand)]
    Calendar(CalendarSub),
}

#[derive(Debug, Subcommand)]
pub enum CalendarSub {
    /// List a year's bank holidays, with the days the council added or removed in its settings
    Holidays {
        /// The year, from 1971 to 2200
        #[arg(long, value_name = "YYYY")]
        year: Year,
        /// One nation's holidays only [default: all three]
        #[arg(long, value_enum)]
        nation: Option<NationArg>,
        /// Print the holidays as JSON
        #[arg(long)]
        json: bool,
    },
    /// When the standstill period ends, counted under a regime from the day the notice was
    /// published (or the notices were sent)
    Standstill {
        /// The regime [default: the council's usual regime, from its authority profile]
        #[arg(long, value_enum)]
        regime: Option<RegimeArg>,
        /// The day the contract award notice was published (Procurement Act 2023, PSR) or the
        /// award notices were sent electronically (PCR 2015, Scotland)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        from: NaiveDate,
        /// Print the standstill as JSON
        #[arg(long)]
        json: bool,
    },
}

/// The nations, as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NationArg {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl From<NationArg> for Nation {
    fn from(n: NationArg) -> Nation {
        match n {
            NationArg::EnglandAndWales => Nation::EnglandAndWales,
            NationArg::Scotland => Nation::Scotland,
            NationArg::NorthernIreland => Nation::NorthernIreland,
        }
    }
}

/// The regimes, as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegimeArg {
    /// Procurement Act 2023: 8 working days from the day the contract award notice is published
    Pa2023,
    /// Public Contracts Regulations 2015 (light touch): 10 days after the notices are sent
    Pcr2015,
    /// Provider Selection Regime: 8 working days counted from the day after the notice is published
    Psr,
    /// Public Contracts (Scotland) Regulations 2015: 10 days after the notices are sent
    Scotland,
}

impl From<RegimeArg> for Regime {
    fn from(r: RegimeArg) -> Regime {
        match r {
            RegimeArg::Pa2023 => Regime::ProcurementAct2023,
            RegimeArg::Pcr2015 => Regime::Pcr2015LightTouch,
            RegimeArg::Psr => Regime::ProviderSelectionRegime,
            RegimeArg::Scotland => Regime::ScottishRegulations,
        }
    }
}

pub fn execute(api: &Api, command: &CalendarCommand, out: &mut dyn Write) -> Result<(), CliError> {
    let CalendarCommand::Calendar(sub) = command;
    match sub {
        CalendarSub::Holidays { year, nation, json } => {
            let nation = nation.map(Nation::from);
            let holidays = api.holidays(*year, nation)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string_pretty(&holidays).unwrap_or_default())?;
            } else {
                holidays_table(out, *year, nation, &holidays)?;
            }
        }
        CalendarSub::Standstill { regime, from, json } => {
            let s = api.standstill(regime.map(Regime::from), *from)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string_pretty(&s).unwrap_or_default())?;
            } else {
                standstill_text(out, &s)?;
            }
        }
    }
    Ok(())
}

/// "Thursday 2 April 2026"
fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

fn holidays_table(out: &mut dyn Write, year: Year, nation: Option<Nation>, rows: &[Holiday]) -> std::io::Result<()> {
    let place = match nation {
        Some(n) => nation_label(n),
        None => "England and Wales, Scotland and Northern Ireland",
    };
    writeln!(out, "Bank holidays in {year} ({place})")?;
    if rows.is_empty() {
        return writeln!(out, "None.");
    }
    // One line per day and name, naming every nation that has it.
    let mut lines: Vec<(NaiveDate, &str, Vec<Nation>)> = Vec::new();
    for h in rows {
        match lines.iter_mut().find(|(d, name, _)| *d == h.date && *name == h.name) {
            Some((_, _, nations)) => nations.push(h.nation),
            None => lines.push((h.date, &h.name, vec![h.nation])),
        }
    }
    let name_w = lines.iter().map(|(_, name, _)| name.chars().count()).max().unwrap_or(4).max(4);
    writeln!(out, "{:<10}  {:<9}  {:<name_w$}  NATION", "DATE", "DAY", "NAME")?;
    for (date, name, nations) in lines {
        let where_ = if nations.len() == 3 {
            "All of the UK".to_owned()
        } else {
            nations.iter().map(|&n| nation_label(n)).collect::<Vec<_>>().join(", ")
        };
        writeln!(out, "{date:<10}  {:<9}  {name:<name_w$}  {where_}", date.format("%A").to_string())?;
    }
    Ok(())
}

fn standstill_text(out: &mut dyn Write, s: &Standstill) -> std::io::Result<()> {
    let counted_from = match s.regime {
        Regime::ProcurementAct2023 | Regime::ProviderSelectionRegime => "notice published",
        Regime::Pcr2015LightTouch | Regime::ScottishRegulations => "notices sent",
    };
    writeln!(out, "{}: {counted_from} {}.", s.regime.label(), long_date(s.from))?;
    writeln!(
        out,
        "Standstill ends at the end of {}; the contract may be entered into from {}.",
        long_date(s.ends),
        long_date(s.earliest_contract)
    )?;
    writeln!(out, "Rule: {}", s.rule)?;
    if !s.days_skipped.is_empty() {
        let heading = match s.regime {
            Regime::ProcurementAct2023 | Regime::ProviderSelectionRegime => "Days not counted:",
            Regime::Pcr2015LightTouch | Regime::ScottishRegulations => "The end moved past:",
        };
        writeln!(out, "{heading}")?;
        let w = s.days_skipped.iter().map(|(d, _)| long_date(*d).chars().count()).max().unwrap_or(0);
        for (d, why) in &s.days_skipped {
            // The reason for a weekend day is its name, already printed with the date.
            let why = if *why == d.format("%A").to_string() { "weekend" } else { why.as_str() };
            writeln!(out, "  {:<w$}  {why}", long_date(*d))?;
        }
    }
    Ok(())
}
