//! The dashboard and the window's start.

use chrono::NaiveDate;
use tenderdesk_api::screens::dashboard::Dashboard;
use tenderdesk_api::ErrorDto;

use super::{run, today, Shared};

#[tauri::command(rename_all = "snake_case")]
pub async fn council_name(api: Shared<'_>) -> Result<Option<String>, ErrorDto> {
    run(&api, |api| api.council_name()).await
}

/// Alerts, rounds in progress with their stage, and headline figures as at `as_of` (None: today).
#[tauri::command(rename_all = "snake_case")]
pub async fn dashboard(api: Shared<'_>, as_of: Option<NaiveDate>) -> Result<Dashboard, ErrorDto> {
    run(&api, move |api| api.dashboard(as_of.unwrap_or_else(today))).await
}

/// The page calls this once the dashboard has painted: logs the time since the process started
/// and the resident memory to stderr (read by `scripts/bench-window.sh`), once.
#[tauri::command(rename_all = "snake_case")]
pub fn window_ready() {
    crate::startup::report_ready();
}
