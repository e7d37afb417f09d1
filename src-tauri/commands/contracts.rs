//! Contracts with their positions and options.

use chrono::NaiveDate;
use tenderdesk_api::forms::contracts::OptionForm;
use tenderdesk_api::market::rules::ContractPosition;
use tenderdesk_api::screens::contracts::{ContractPage, ContractQuery};
use tenderdesk_api::ErrorDto;

use super::{run, today, Shared};

#[tauri::command(rename_all = "snake_case")]
pub async fn list_contracts(api: Shared<'_>, query: ContractQuery) -> Result<ContractPage, ErrorDto> {
    run(&api, move |api| api.contract_positions(&query)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contract_position(
    api: Shared<'_>,
    contract: String,
    as_of: Option<NaiveDate>,
) -> Result<ContractPosition, ErrorDto> {
    run(&api, move |api| api.contract_position(&contract, as_of.unwrap_or_else(today))).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn decide_option(api: Shared<'_>, form: OptionForm) -> Result<ContractPosition, ErrorDto> {
    run(&api, move |api| api.decide_option(&form)).await
}
