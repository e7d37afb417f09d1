//! Saving a report: produce it, ask where, write it atomically (the letters all or none), show it.

use chrono::NaiveDate;
use tenderdesk_files::{write_all_or_none, write_atomic};

use super::{file_name, kilobytes, step, Destination, FileFilter, FileOutcome, Finished, Progress, Shown, Written};
use super::{CSV, PDF};
use crate::forms::reports::CommitteeReportForm;
use crate::reports::{report_creation_time, CommitteeReportRequest};
use crate::{Api, Result};

/// Which report to save.
#[derive(Debug, Clone)]
pub enum ReportKind {
    /// The committee update, from the window's form (checked first).
    CommitteeForm(CommitteeReportForm),
    /// The committee update, asked for in full (the command line).
    Committee(CommitteeReportRequest),
    /// One award letter per bidder of a round with an award decision: a folder, all or none.
    Letters { round: String },
    /// The evaluation matrix of a round, as PDF.
    Matrix { round: String },
    /// The marks of the evaluation matrix, as CSV.
    MatrixCsv { round: String },
    /// The FOI response pack as at a date (None: today).
    Foi { as_of: Option<NaiveDate> },
    /// The contract register as at a date (None: today).
    Register { as_of: Option<NaiveDate> },
}

/// One report produced, with what the save dialog asks.
struct Produced {
    title: &'static str,
    suggested: String,
    filter: FileFilter,
    bytes: Vec<u8>,
}

impl Api {
    /// Produces a report, asks `to` where to save it, writes it (a temporary file renamed into
    /// place once complete; the letters all or none) and shows it. `progress` hears each step.
    pub fn save_report(
        &self,
        kind: ReportKind,
        to: &dyn Destination,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Finished<Vec<Written>>> {
        match kind {
            ReportKind::Letters { round } => self.save_letters(&round, to, progress),
            one => self.save_one(one, to, progress),
        }
    }

    fn save_one(
        &self,
        kind: ReportKind,
        to: &dyn Destination,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Finished<Vec<Written>>> {
        progress(step(0, 3, "Producing the report…"));
        let report = self.produce(kind)?;
        progress(step(1, 3, "Choosing where to save it…"));
        let Some(path) = to.save_file(report.title, &report.suggested, report.filter) else {
            return Ok(Finished::cancelled());
        };
        write_atomic(&path, &report.bytes)?;
        progress(step(2, 3, "Opening it…"));
        let shown = to.show(&path);
        progress(step(3, 3, "Done."));
        let saved = format!("Saved {} ({})", file_name(&path), kilobytes(report.bytes.len() as u64));
        let message = match shown {
            Shown::Opened => format!("{saved} and opened it."),
            Shown::NotOpened => format!("{saved}."),
            Shown::Failed(why) => format!("{saved}, but {why}."),
        };
        let written = Written { bytes: report.bytes.len() as u64, path: path.clone() };
        Ok(Finished::done(&path, message, vec![written]))
    }

    /// Every report but the letters, with its dialog's title and suggested file name.
    fn produce(&self, kind: ReportKind) -> Result<Produced> {
        let created = report_creation_time()?;
        let pdf = |title, suggested: String, bytes| Produced { title, suggested, filter: PDF, bytes };
        let committee = |req: CommitteeReportRequest| -> Result<Produced> {
            let name = format!("committee-report-{}-{}.pdf", safe(&req.arrangement), req.meeting_date);
            Ok(pdf("Save the committee report", name, self.report_committee(&req)?))
        };
        Ok(match kind {
            ReportKind::CommitteeForm(form) => committee(form.request(created)?)?,
            ReportKind::Committee(req) => committee(req)?,
            ReportKind::Matrix { round } => {
                let name = format!("evaluation-matrix-{}.pdf", safe(&round));
                pdf("Save the evaluation matrix", name, self.report_matrix(&round, created)?)
            }
            ReportKind::MatrixCsv { round } => Produced {
                title: "Save the marks as CSV",
                suggested: format!("evaluation-matrix-{}.csv", safe(&round)),
                filter: CSV,
                bytes: self.report_matrix_csv(&round)?.into_bytes(),
            },
            ReportKind::Foi { as_of } => {
                let as_of = as_of.unwrap_or_else(crate::market::today);
                pdf("Save the FOI pack", format!("foi-pack-{as_of}.pdf"), self.report_foi(as_of, created)?)
            }
            ReportKind::Register { as_of } => {
                let as_of = as_of.unwrap_or_else(crate::market::today);
                let bytes = self.report_register(as_of, created)?;
                pdf("Save the contract register", format!("contract-register-{as_of}.pdf"), bytes)
            }
            ReportKind::Letters { .. } => {
                return Err(crate::ApiError::Refused("the letters are a set of files, saved to a folder".into()))
            }
        })
    }

    /// The letters to every bidder of an awarded round, one PDF each, into a folder: all written,
    /// or none (a failure on any leaves the folder as it was). The first letter is shown.
    fn save_letters(
        &self,
        round: &str,
        to: &dyn Destination,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Finished<Vec<Written>>> {
        let created = report_creation_time()?;
        progress(step(0, 2, "Producing the letters…"));
        let letters = self.report_letters(round, created)?;
        let Some(dir) = to.folder("Choose a folder for the letters") else {
            return Ok(Finished::cancelled());
        };
        let paths = write_all_or_none(&dir, letters.iter().map(|l| (&l.file_name, &l.bytes)))?;
        progress(step(2, 2, "Done."));
        if let Some(first) = paths.first() {
            // The letters are saved whether or not a viewer opens.
            let _ = to.show(first);
        }
        let outcome = FileOutcome {
            done: true,
            path: Some(dir.display().to_string()),
            message: format!("Saved {} letters to {}.", paths.len(), dir.display()),
            files: paths.iter().map(|p| p.display().to_string()).collect(),
        };
        let written = paths.into_iter().zip(&letters).map(|(path, l)| Written { path, bytes: l.bytes.len() as u64 });
        Ok(Finished { outcome, detail: Some(written.collect()) })
    }
}

/// A reference as part of a file name: letters, digits and '-' kept, anything else a '-'.
fn safe(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}
