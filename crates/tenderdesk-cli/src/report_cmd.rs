//! Subcommands: report — the committee update, award letters, the evaluation matrix, the FOI
//! pack and the contract register as PDF, and the committee notes kept with an arrangement.
//!
//! Every file is written to a temporary name beside its target and renamed into place once
//! complete, so a failure leaves nothing half-written; the letters are all written, or none.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use tenderdesk_api::market::{parse_date, Date};
use tenderdesk_api::reports::{report_creation_time, CommitteeNotesChange, CommitteeReportRequest, ReportFile};
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
            let bytes = api.report_committee(&req)?;
            write_atomic(path, &bytes)?;
            wrote(out, "the committee report", path, bytes.len())?;
        }
        ReportCommand::Letters { round, out_dir } => {
            let files = api.report_letters(round, report_creation_time()?)?;
            write_all_or_none(out_dir, &files)?;
            writeln!(
                out,
                "Wrote {} letter{} to {}:",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                out_dir.display()
            )?;
            for f in &files {
                writeln!(out, "  {} ({} bytes)", f.file_name, f.bytes.len())?;
            }
        }
        ReportCommand::Matrix { round, out: path, csv } => {
            let bytes = api.report_matrix(round, report_creation_time()?)?;
            let csv_text = csv.as_ref().map(|_| api.report_matrix_csv(round)).transpose()?;
            write_atomic(path, &bytes)?;
            wrote(out, "the evaluation matrix", path, bytes.len())?;
            if let (Some(p), Some(t)) = (csv, csv_text) {
                write_atomic(p, t.as_bytes())?;
                wrote(out, "the marks as CSV", p, t.len())?;
            }
        }
        ReportCommand::Foi { as_of, out: path } => {
            let bytes = api.report_foi(*as_of, report_creation_time()?)?;
            write_atomic(path, &bytes)?;
            wrote(out, "the FOI response pack", path, bytes.len())?;
        }
        ReportCommand::Register { as_of, out: path } => {
            let bytes = api.report_register(*as_of, report_creation_time()?)?;
            write_atomic(path, &bytes)?;
            wrote(out, "the contract register", path, bytes.len())?;
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

fn wrote(out: &mut dyn Write, what: &str, path: &Path, bytes: usize) -> Result<(), CliError> {
    writeln!(out, "Wrote {what} to {} ({bytes} bytes).", path.display())?;
    Ok(())
}

fn write_error(path: &Path, e: std::io::Error) -> CliError {
    CliError::Found(format!("cannot write {}: {e}; nothing was written", path.display()))
}

/// A temporary file beside the target, renamed over it once complete.
fn temp_for(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
    path.with_file_name(format!(".{name}.tmp-report"))
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let tmp = temp_for(path);
    if let Err(e) = std::fs::write(&tmp, bytes) {
        let _ = std::fs::remove_file(&tmp);
        return Err(write_error(path, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        write_error(path, e)
    })
}

/// Writes every file to a temporary name first; only when all are written are they renamed into
/// place. On a failure the temporary files are removed and nothing is left behind.
fn write_all_or_none(dir: &Path, files: &[ReportFile]) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    for f in files {
        let target = dir.join(&f.file_name);
        let tmp = temp_for(&target);
        if let Err(e) = std::fs::write(&tmp, &f.bytes) {
            let _ = std::fs::remove_file(&tmp);
            for (t, _) in &written {
                let _ = std::fs::remove_file(t);
            }
            return Err(write_error(&target, e));
        }
        written.push((tmp, target));
    }
    for (tmp, target) in &written {
        std::fs::rename(tmp, target).map_err(|e| write_error(target, e))?;
    }
    Ok(())
}
