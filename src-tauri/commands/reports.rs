//! Reports: produced off the main thread, saved where the officer chooses in a native dialog
//! (letters: a folder, all or none), then opened with the system's viewer (`Api::save_report`).

use tauri::ipc::Channel;
use tenderdesk_api::files::{FileOutcome, Progress, ReportKind};
use tenderdesk_api::forms::reports::{CommitteeNotesForm, CommitteeReportForm};
use tenderdesk_api::ErrorDto;

use crate::dialogs::Dialogs;
use crate::runtime::{run, run_file, to_window, Shared};

#[tauri::command(rename_all = "snake_case")]
pub async fn report_committee(
    api: Shared<'_>,
    dialogs: Dialogs,
    form: CommitteeReportForm,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    run_file(&api, move |api| api.save_report(ReportKind::CommitteeForm(form), &dialogs, &mut to_window(&on_progress)))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report_matrix(
    api: Shared<'_>,
    dialogs: Dialogs,
    round: String,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    run_file(&api, move |api| api.save_report(ReportKind::Matrix { round }, &dialogs, &mut to_window(&on_progress)))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report_foi(
    api: Shared<'_>,
    dialogs: Dialogs,
    as_of: Option<chrono::NaiveDate>,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    run_file(&api, move |api| api.save_report(ReportKind::Foi { as_of }, &dialogs, &mut to_window(&on_progress))).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn report_register(
    api: Shared<'_>,
    dialogs: Dialogs,
    as_of: Option<chrono::NaiveDate>,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    run_file(&api, move |api| api.save_report(ReportKind::Register { as_of }, &dialogs, &mut to_window(&on_progress)))
        .await
}

/// The letters to every bidder of an awarded round, one PDF each, into a folder the officer
/// chooses: all written, or none.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_letters(
    api: Shared<'_>,
    dialogs: Dialogs,
    round: String,
    on_progress: Channel<Progress>,
) -> Result<FileOutcome, ErrorDto> {
    run_file(&api, move |api| api.save_report(ReportKind::Letters { round }, &dialogs, &mut to_window(&on_progress)))
        .await
}

/// Stores the committee narrative of an arrangement.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_committee_notes(api: Shared<'_>, form: CommitteeNotesForm) -> Result<(), ErrorDto> {
    run(&api, move |api| api.save_committee_notes(&form)).await
}
