//! The authority profile and the bank-holiday calendar's settings.

use tenderdesk_api::forms::settings::SettingsForm;
use tenderdesk_api::ErrorDto;

use super::{run, Shared};

#[tauri::command(rename_all = "snake_case")]
pub async fn settings(api: Shared<'_>) -> Result<SettingsForm, ErrorDto> {
    run(&api, |api| api.settings()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_settings(api: Shared<'_>, form: SettingsForm) -> Result<SettingsForm, ErrorDto> {
    run(&api, move |api| api.save_settings(&form)).await
}
