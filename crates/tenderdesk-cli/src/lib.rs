//! The `tenderdesk` command line: argument parsing and printing over `tenderdesk-api`.
//!
//! Every subcommand works without a display. On failure a command prints one line on stderr and
//! exits non-zero; on success it exits 0.

mod calendar_cmd;
mod dev_cmd;
mod export_cmd;
mod market_cmd;
mod print;
mod report_cmd;
mod rounds_cmd;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tenderdesk_api::files::{ignore_progress, Finished, GivenPaths};
use tenderdesk_api::{Api, ApiError, OpenOptions};
use tenderdesk_domain::Kind;

#[derive(Debug, Parser)]
#[command(
    name = "tenderdesk",
    version,
    about = "Procurement of adult social care for UK councils",
    long_about = "TenderDesk keeps a council's commissioning records — frameworks, lots, rounds, bids, \
                  scores, awards, contracts, activity and spend — in a store on this machine.\n\n\
                  With no subcommand it opens the window; with one it works as a command line."
)]
pub struct Cli {
    /// Folder holding the store [default: the platform data directory, e.g. ~/.local/share/tenderdesk]
    #[arg(long, global = true, env = "TENDERDESK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Name recorded in the audit log [default: the OS user]
    #[arg(long, global = true, env = "TENDERDESK_ACTOR", value_name = "NAME")]
    pub actor: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the built-in demo data set into an empty store
    Demo,
    /// Add every record of a dataset file to the store, or none if anything in it is wrong
    Import {
        /// The dataset file (JSON, see docs/data-format.md)
        file: PathBuf,
    },
    /// Write the whole store as one dataset file
    Export {
        /// Where to write it
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// What to write: the whole store as a dataset, or an open-data format
        #[arg(long, value_enum, default_value_t = ExportFormat::Dataset)]
        format: ExportFormat,
        /// Keep the prices of bids still sealed (a full backup); without it they are withheld
        #[arg(long)]
        include_sealed: bool,
    },
    /// List the records of a kind
    List {
        /// The kind, by its plural name: authority, providers, arrangements, lots, openings,
        /// admissions, rounds, submissions, evaluators, marks, moderated_marks, awards, contracts,
        /// activity, spend
        kind: Kind,
        /// Print every record in full as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one record with its audit history
    Show {
        /// The kind, by its plural name (see `list --help`)
        kind: Kind,
        /// The record's id or its reference
        id: String,
        /// Print the record as JSON
        #[arg(long)]
        json: bool,
    },
    /// Check the store and its audit chain, and print what is wrong
    Verify,
    #[command(flatten)]
    Rounds(rounds_cmd::RoundsCommand),
    #[command(flatten)]
    Calendar(calendar_cmd::CalendarCommand),
    #[command(flatten)]
    Market(market_cmd::MarketCommand),
    #[command(flatten)]
    Dev(dev_cmd::DevCommand),
    /// Produce a printed report as PDF: committee update, award letters, evaluation matrix,
    /// FOI pack, contract register; and keep the committee notes of an arrangement
    Report {
        #[command(subcommand)]
        report: report_cmd::ReportCommand,
    },
}

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The whole store in the dataset format (docs/data-format.md)
    Dataset,
    /// The contract register of the Local Government Transparency Code 2015, as CSV (docs/open-data.md)
    #[value(name = "contracts-csv")]
    ContractsCsv,
    /// An OCDS 1.1 release package of every round and contract (docs/open-data.md); the ocid prefix
    /// comes from TENDERDESK_OCID_PREFIX
    Ocds,
}

/// Parses the process's arguments. `--help` and `--version` print and exit 0; a mistake in the
/// arguments prints one line on stderr and exits 2.
pub fn parse() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            let text = e.to_string();
            let line =
                text.lines().find(|l| l.starts_with("error:")).unwrap_or("error: the arguments are not understood");
            eprintln!("{line} (see `tenderdesk --help`)");
            std::process::exit(2);
        }
    }
}

/// Failure of a command: one line for stderr.
#[derive(Debug)]
pub enum CliError {
    Api(ApiError),
    Io(std::io::Error),
    /// Something found wrong, already printed in full on stdout.
    Found(String),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            CliError::Api(e) => e.to_string(),
            CliError::Io(e) => format!("cannot write the output: {e}"),
            CliError::Found(s) => s.clone(),
        };
        f.write_str(&text.replace(['\n', '\r'], " "))
    }
}

impl From<ApiError> for CliError {
    fn from(e: ApiError) -> CliError {
        CliError::Api(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> CliError {
        CliError::Io(e)
    }
}

/// What a file use case wrote or read. The command line's destination always answers with the
/// paths it was given, so a use case that asked for something else did nothing.
pub(crate) fn done<T>(finished: Finished<T>) -> Result<T, CliError> {
    finished.detail.ok_or_else(|| CliError::Found("nothing was done: no file or folder was given for it".into()))
}

/// Runs one subcommand, printing to stdout; on failure prints one line on stderr.
pub fn run(cli: &Cli, command: &Command) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match execute(cli, command, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one subcommand, writing what it prints to `out`.
pub fn execute(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<(), CliError> {
    if let Command::Dev(c) = command {
        return dev_cmd::execute(cli, c, out); // `dev generate` needs no store
    }
    let api = Api::open(OpenOptions { data_dir: cli.data_dir.clone(), actor: cli.actor.clone() })?;
    match command {
        Command::Demo => {
            let s = api.load_demo()?;
            writeln!(out, "Loaded the demo data set: {} records into {}.", s.records, api.data_dir().display())?;
            print::counts(out, &s.counts)?;
        }
        Command::Import { file } => {
            let s = done(api.import_dataset_from(&GivenPaths::file(file), &mut ignore_progress)?)?;
            writeln!(out, "Imported {} records from {} (sha256 {}).", s.records, file.display(), s.sha256)?;
            print::counts(out, &s.counts)?;
        }
        Command::Export { out: path, format, include_sealed } => {
            export_cmd::execute(&api, *format, *include_sealed, path, out)?
        }
        Command::Rounds(c) => rounds_cmd::execute(&api, c, out)?,
        Command::Calendar(c) => calendar_cmd::execute(&api, c, out)?,
        Command::Market(c) => market_cmd::execute(&api, c, out)?,
        Command::Report { report } => report_cmd::execute(&api, report, out)?,
        Command::Dev(_) => {}
        Command::List { kind, json } => {
            if *json {
                let records = api.list_records(*kind)?;
                writeln!(out, "{}", serde_json::to_string_pretty(&records).unwrap_or_default())?;
            } else {
                print::summaries(out, *kind, &api.list(*kind)?)?;
            }
        }
        Command::Show { kind, id, json } => {
            let shown = api.show(*kind, id)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string_pretty(&shown).unwrap_or_default())?;
            } else {
                print::shown(out, &shown)?;
            }
        }
        Command::Verify => {
            let report = api.verify()?;
            for p in &report.problems {
                writeln!(out, "PROBLEM: {p}")?;
            }
            if !report.is_ok() {
                return Err(CliError::Found(format!(
                    "the store in {} has {} problem{} (listed above)",
                    api.data_dir().display(),
                    report.problems.len(),
                    if report.problems.len() == 1 { "" } else { "s" }
                )));
            }
            writeln!(
                out,
                "The store is sound: {} records, {} audit entr{}, chain intact.",
                report.records,
                report.audit_entries,
                if report.audit_entries == 1 { "y" } else { "ies" }
            )?;
        }
    }
    Ok(())
}
