//! Subcommands: report — the committee update, award letters, the evaluation matrix, the FOI
//! pack and the contract register as PDF, and the committee notes kept with an arrangement.
//!
//! Each report is saved by `Api::save_report`, the use case the window calls too, with the paths
//! of `--out`, `--out-dir` and `--csv` as its destination: every file is written to a temporary
//! name beside its target and renamed into place once complete, so a failure leaves nothing
//! half-written; the letters are all written, or none.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use tenderdesk_api::files::{ignore_progress, GivenPaths, ReportKind, Written};
use tenderdesk_api::market::{parse_date, Date};
use tenderdesk_api::reports::{report_creation_time, CommitteeNotesChange, CommitteeReportRequest};
use tenderdesk_api::Api;

use crate::CliError;

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The committee update on an arrangement: rounds, outcome, coverage, rates, terms, spend,
    /// risks and recommendations (bidders named only once the award is complete)
    Committee {
        /// The arrangement's id or reference
        #[arg(long, value_name = "ID")]
        arrangement: String,
        /// The date of the meeting (YYYY-MM-DD): the report is as at this date
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        meeting_date: Date,
        /// The committee's name
        #[arg(long, value_name = "TEXT")]
        committee: String,
        /// The agenda item ("Item 7")
        #[arg(long, value_name = "TEXT")]
        agenda_item: Option<String>,
        /// Whose report it is [default: the arrangement's committee notes, else the directorate]
        #[arg(long, value_name = "TEXT")]
        report_of: Option<String>,
        /// Where to write the PDF
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// One award letter per bidder of a round whose award decision is recorded
    Letters {
        /// The round's id or reference
        #[arg(long, value_name = "ID")]
        round: String,
        /// The folder to write the letters to (made if missing)
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
    },
    /// Every mark, justification and the computed result of a round, for audit
    Matrix {
        /// The round's id or reference
        #[arg(long, value_name = "ID")]
        round: String,
        /// Where to write the PDF
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Also write the marks as CSV here
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
    /// The FOI response pack: the thirteen standard answers as at a date
    Foi {
        /// The date the answers are given as at (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Date,
        /// Where to write the PDF
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The Transparency Code contract register as a landscape table
    Register {
        /// Contracts started by this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Date,
        /// Where to write the PDF
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Set the words the committee report carries for an arrangement (purpose, report of,
    /// risks, contingency, recommendations); each given replaces the one kept, "" removes it
    Notes {
        /// The arrangement's id or reference
        #[arg(long, value_name = "ID")]
        arrangement: String,
        #[arg(long, value_name = "TEXT")]
        purpose: Option<String>,
        #[arg(long, value_name = "TEXT")]
        report_of: Option<String>,
        #[arg(long, value_name = "TEXT")]
        risks: Option<String>,
        #[arg(long, value_name = "TEXT")]
        contingency: Option<String>,
        #[arg(long, value_name = "TEXT")]
        recommendations: Option<String>,
    },
}

pub fn execute(api: &Api, c: &ReportCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match c {
        ReportCommand::Committee { arrangement, meeting_date, committee, agenda_item, report_of, out: path } => {
            let mut req = CommitteeReportRequest::new(arrangement, *meeting_date, committee, report_creation_time()?);
            req.agenda_item = agenda_item.clone();
            req.report_of = report_of.clone();
            let written = save(api, ReportKind::Committee(req), GivenPaths::file(path))?;
            wrote(out, "the committee report", &written)?;
        }
        ReportCommand::Letters { round, out_dir } => {
            let files = save(api, ReportKind::Letters { round: round.clone() }, GivenPaths::folder(out_dir))?;
            writeln!(
                out,
                "Wrote {} letter{} to {}:",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                out_dir.display()
            )?;
            for f in &files {
                let name = f.path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
                writeln!(out, "  {name} ({} bytes)", f.bytes)?;
            }
        }
        ReportCommand::Matrix { round, out: path, csv } => {
            let written = save(api, ReportKind::Matrix { round: round.clone() }, GivenPaths::file(path))?;
            wrote(out, "the evaluation matrix", &written)?;
            if let Some(csv) = csv {
                let written = save(api, ReportKind::MatrixCsv { round: round.clone() }, GivenPaths::file(csv))?;
                wrote(out, "the marks as CSV", &written)?;
            }
        }
        ReportCommand::Foi { as_of, out: path } => {
            let written = save(api, ReportKind::Foi { as_of: Some(*as_of) }, GivenPaths::file(path))?;
            wrote(out, "the FOI response pack", &written)?;
        }
        ReportCommand::Register { as_of, out: path } => {
            let written = save(api, ReportKind::Register { as_of: Some(*as_of) }, GivenPaths::file(path))?;
            wrote(out, "the contract register", &written)?;
        }
        ReportCommand::Notes { arrangement, purpose, report_of, risks, contingency, recommendations } => {
            let change = CommitteeNotesChange {
                purpose: purpose.clone(),
                report_of: report_of.clone(),
                risks: risks.clone(),
                contingency: contingency.clone(),
                recommendations: recommendations.clone(),
            };
            let a = api.set_committee_notes(arrangement, &change)?;
            writeln!(out, "Committee notes of {} ({}) saved.", a.key, a.title)?;
        }
    }
    Ok(())
}

/// Saves a report where the options say, through the use case the window calls too.
fn save(api: &Api, kind: ReportKind, to: GivenPaths) -> Result<Vec<Written>, CliError> {
    crate::done(api.save_report(kind, &to, &mut ignore_progress)?)
}

fn wrote(out: &mut dyn Write, what: &str, written: &[Written]) -> Result<(), CliError> {
    for w in written {
        writeln!(out, "Wrote {what} to {} ({} bytes).", w.path.display(), w.bytes)?;
    }
    Ok(())
}
