//! Reports: produced off the main thread, saved where the officer chooses in a native dialog
//! (letters: a folder), then the PDF is opened with the system's viewer.

use std::path::Path;

use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tenderdesk_api::forms::reports::{CommitteeNotesForm, CommitteeReportForm};
use tenderdesk_api::reports::report_creation_time;
use tenderdesk_api::screens::files::{FileOutcome, Progress};
use tenderdesk_api::{Api, ApiError, ErrorDto};

use super::{run, today, Shared};
use crate::dialogs::{self, DialogSeam};

const PDF: dialogs::Filter = ("PDF document", &["pdf"]);

fn write(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    let err = |e: std::io::Error| ApiError::WriteFile { path: path.display().to_string(), reason: e.to_string() };
    let tmp = path.with_extension("tmp-report");
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// Produces one PDF (reporting progress), asks where to save it, writes it and opens it.
fn save_and_open(
    app: &AppHandle,
    seam: &DialogSeam,
    api: &Api,
    progress: Option<&Channel<Progress>>,
    title: &str,
    suggested: &str,
    produce: impl FnOnce(&Api) -> tenderdesk_api::Result<Vec<u8>>,
) -> tenderdesk_api::Result<FileOutcome> {
    let tell = |done, message: &str| {
        if let Some(c) = progress {
            let _ = c.send(Progress { done, total: 3, message: message.to_owned() });
        }
    };
    tell(0, "Producing the report…");
    let bytes = produce(api)?;
    tell(1, "Choosing where to save it…");
    let Some(path) = dialogs::save_file(app, seam, title, suggested, PDF) else {
        return Ok(FileOutcome::cancelled());
    };
    write(&path, &bytes)?;
    tell(2, "Opening it…");
    let opened = dialogs::open_with_system(seam, &path);
    tell(3, "Done.");
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(FileOutcome::done(
        &path,
        match opened {
            Ok(()) => format!("Saved {name} ({} KB) and opened it.", bytes.len().div_ceil(1024)),
            Err(e) => format!("Saved {name} ({} KB), but {e}.", bytes.len().div_ceil(1024)),
        },
    ))
}

fn safe(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report_committee(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    form: CommitteeReportForm,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    let seam = seam.inner().clone();
    run(&api, move |api| {
        let req = form.request(report_creation_time()?)?;
        let name = format!("committee-report-{}-{}.pdf", safe(&req.arrangement), req.meeting_date);
        save_and_open(&app, &seam, api, Some(&on_progress), "Save the committee report", &name, |api| {
            api.report_committee(&req)
        })
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report_matrix(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    round: String,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    let seam = seam.inner().clone();
    run(&api, move |api| {
        let created = report_creation_time()?;
        let name = format!("evaluation-matrix-{}.pdf", safe(&round));
        save_and_open(&app, &seam, api, Some(&on_progress), "Save the evaluation matrix", &name, |api| {
            api.report_matrix(&round, created)
        })
    })
    .await
}

/// A whole-council report as at a date (today unless given): the save dialog's title, the file
/// name's stem, and what produces it.
type DatedReport = (
    &'static str,
    &'static str,
    fn(&Api, chrono::NaiveDate, chrono::DateTime<chrono::Utc>) -> tenderdesk_api::Result<Vec<u8>>,
);

const FOI_PACK: DatedReport = ("Save the FOI pack", "foi-pack", Api::report_foi);
const REGISTER: DatedReport = ("Save the contract register", "contract-register", Api::report_register);

async fn dated_report(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    as_of: Option<chrono::NaiveDate>,
    on_progress: Channel<Progress>,
    (title, stem, produce): DatedReport,
) -> Result<FileOutcome, ErrorDto> {
    let seam = seam.inner().clone();
    run(&api, move |api| {
        let created = report_creation_time()?;
        let as_of = as_of.unwrap_or_else(today);
        let name = format!("{stem}-{as_of}.pdf");
        save_and_open(&app, &seam, api, Some(&on_progress), title, &name, |api| produce(api, as_of, created))
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report_foi(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    as_of: Option<chrono::NaiveDate>,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    dated_report(app, api, seam, as_of, on_progress, FOI_PACK).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report_register(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    as_of: Option<chrono::NaiveDate>,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    dated_report(app, api, seam, as_of, on_progress, REGISTER).await
}

/// The letters to every bidder of an awarded round, one PDF each, into a folder the officer
/// chooses; the folder's first letter is opened.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_letters(
    app: AppHandle,
    api: Shared<'_>,
    seam: State<'_, DialogSeam>,
    round: String,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    let seam = seam.inner().clone();
    run(&api, move |api| {
        let created = report_creation_time()?;
        let _ = on_progress.send(Progress { done: 0, total: 2, message: "Producing the letters…".into() });
        let letters = api.report_letters(&round, created)?;
        let Some(dir) = dialogs::pick_folder(&app, &seam, "Choose a folder for the letters") else {
            return Ok(FileOutcome::cancelled());
        };
        let mut files = Vec::new();
        for l in &letters {
            let path = dir.join(&l.file_name);
            write(&path, &l.bytes)?;
            files.push(path.display().to_string());
        }
        let _ = on_progress.send(Progress { done: 2, total: 2, message: "Done.".into() });
        if let Some(first) = files.first() {
            let _ = dialogs::open_with_system(&seam, Path::new(first));
        }
        Ok(FileOutcome {
            done: true,
            path: Some(dir.display().to_string()),
            message: format!("Saved {} letters to {}.", files.len(), dir.display()),
            files,
        })
    })
    .await
}

/// Stores the committee narrative of an arrangement.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_committee_notes(api: Shared<'_>, form: CommitteeNotesForm) -> Result<(), ErrorDto> {
    run(&api, move |api| api.save_committee_notes(&form)).await
}
