//! Spend against the cap, activity, rates, coverage, and the bank-holiday calendar.

use chrono::NaiveDate;
use tenderdesk_api::calendar::{Holiday, Standstill};
use tenderdesk_api::market::rules::{ActivityReport, CoverageReport};
use tenderdesk_api::screens::rates::RatesView;
use tenderdesk_api::screens::spend::SpendView;
use tenderdesk_api::ErrorDto;
use tenderdesk_domain::{Nation, Regime};

use super::{run, today, Shared};

#[tauri::command(rename_all = "snake_case")]
pub async fn spend_summary(
    api: Shared<'_>,
    arrangement: String,
    as_of: Option<NaiveDate>,
) -> Result<SpendView, ErrorDto> {
    run(&api, move |api| api.spend_view(&arrangement, as_of)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn activity(
    api: Shared<'_>,
    as_of: Option<NaiveDate>,
    arrangements: Vec<String>,
) -> Result<ActivityReport, ErrorDto> {
    run(&api, move |api| api.activity(as_of.unwrap_or_else(today), &arrangements)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rates(
    api: Shared<'_>,
    as_of: Option<NaiveDate>,
    arrangements: Vec<String>,
) -> Result<RatesView, ErrorDto> {
    run(&api, move |api| api.rates_view(as_of.unwrap_or_else(today), &arrangements)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn coverage(
    api: Shared<'_>,
    as_of: Option<NaiveDate>,
    lot: Option<String>,
) -> Result<CoverageReport, ErrorDto> {
    run(&api, move |api| api.coverage(as_of.unwrap_or_else(today), lot.as_deref())).await
}

/// The bank holidays of a year in one nation (None: all three), with the council's own days.
#[tauri::command(rename_all = "snake_case")]
pub async fn holidays(api: Shared<'_>, year: i32, nation: Option<Nation>) -> Result<Vec<Holiday>, ErrorDto> {
    run(&api, move |api| api.holidays_of(year, nation)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn standstill(api: Shared<'_>, regime: Option<Regime>, from: NaiveDate) -> Result<Standstill, ErrorDto> {
    run(&api, move |api| api.standstill(regime, from)).await
}
