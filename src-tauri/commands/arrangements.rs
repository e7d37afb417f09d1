//! Arrangements, lots with their zones and rate cards, openings, providers.

use chrono::NaiveDate;
use tenderdesk_api::market::rules::{ArrangementPosition, OpeningReport};
use tenderdesk_api::screens::catalogue::{LotView, ProviderPage, ProviderQuery, ProviderView};
use tenderdesk_api::{ArrangementSummary, ErrorDto};

use super::{run, today, Shared};

#[tauri::command(rename_all = "snake_case")]
pub async fn list_arrangements(api: Shared<'_>) -> Result<Vec<ArrangementSummary>, ErrorDto> {
    run(&api, |api| api.arrangement_summaries()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn arrangement_position(
    api: Shared<'_>,
    arrangement: String,
    as_of: Option<NaiveDate>,
) -> Result<ArrangementPosition, ErrorDto> {
    run(&api, move |api| api.arrangement_position(&arrangement, as_of.unwrap_or_else(today))).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_lots(api: Shared<'_>, arrangement: Option<String>) -> Result<Vec<LotView>, ErrorDto> {
    run(&api, move |api| api.lot_views(arrangement.as_deref())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_openings(api: Shared<'_>, arrangement: Option<String>) -> Result<Vec<OpeningReport>, ErrorDto> {
    run(&api, move |api| api.openings(arrangement.as_deref())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_providers(api: Shared<'_>, query: ProviderQuery) -> Result<ProviderPage, ErrorDto> {
    run(&api, move |api| api.provider_views(&query)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn provider(api: Shared<'_>, provider: String, as_of: Option<NaiveDate>) -> Result<ProviderView, ErrorDto> {
    run(&api, move |api| api.provider_view(&provider, as_of)).await
}
