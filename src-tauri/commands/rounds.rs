//! Rounds: the list, one round's working view, and every form from set-up to award.

use chrono::NaiveDate;
use tenderdesk_api::forms::bid_update::BidUpdateForm;
use tenderdesk_api::forms::drawing::DrawingForm;
use tenderdesk_api::forms::model::EvaluationModelForm;
use tenderdesk_api::forms::panel::{DeclarationForm, EvaluatorForm, MarkForm, ModeratedMarkForm};
use tenderdesk_api::forms::rounds::{AwardForm, BidForm, BidRecorded, ClarificationForm, CreateRoundForm, InviteForm};
use tenderdesk_api::forms::withdrawal::WithdrawAwardForm;
use tenderdesk_api::forms::FormChoices;
use tenderdesk_api::screens::round::{
    AwardView, EvaluatorView, MarkView, ModeratedView, RoundPage, RoundQuery, RoundView,
};
use tenderdesk_api::ErrorDto;
use tenderdesk_evaluation::Notice;

use super::{run, Shared};

#[tauri::command(rename_all = "snake_case")]
pub fn form_choices() -> FormChoices {
    tenderdesk_api::forms::form_choices()
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_rounds(api: Shared<'_>, query: RoundQuery) -> Result<RoundPage, ErrorDto> {
    run(&api, move |api| api.round_rows(&query)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn round_view(api: Shared<'_>, round: String, as_of: Option<NaiveDate>) -> Result<RoundView, ErrorDto> {
    run(&api, move |api| api.round_view(&round, as_of)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn round_notices(api: Shared<'_>, round: String) -> Result<Vec<Notice>, ErrorDto> {
    run(&api, move |api| api.notices(&round)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_round(api: Shared<'_>, form: CreateRoundForm) -> Result<RoundView, ErrorDto> {
    run(&api, move |api| api.create_round(&form)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn invite_providers(api: Shared<'_>, form: InviteForm) -> Result<RoundView, ErrorDto> {
    run(&api, move |api| api.invite_providers(&form)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_clarification(api: Shared<'_>, form: ClarificationForm) -> Result<RoundView, ErrorDto> {
    run(&api, move |api| api.add_clarification(&form)).await
}

/// The evaluation model form filled in from the round's current model.
#[tauri::command(rename_all = "snake_case")]
pub async fn evaluation_model_form(api: Shared<'_>, round: String) -> Result<EvaluationModelForm, ErrorDto> {
    run(&api, move |api| api.evaluation_model_form(&round)).await
}

/// Changes the evaluation model (refused once the bids are opened or any mark is entered).
#[tauri::command(rename_all = "snake_case")]
pub async fn update_evaluation_model(api: Shared<'_>, form: EvaluationModelForm) -> Result<RoundView, ErrorDto> {
    run(&api, move |api| api.update_evaluation_model(&form)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_bid(api: Shared<'_>, form: BidForm) -> Result<BidRecorded, ErrorDto> {
    run(&api, move |api| api.record_bid(&form)).await
}

/// Changes a recorded bid's status and gate results (refused once the round is awarded).
#[tauri::command(rename_all = "snake_case")]
pub async fn update_bid(api: Shared<'_>, form: BidUpdateForm) -> Result<RoundView, ErrorDto> {
    run(&api, move |api| api.update_bid(&form)).await
}

/// Records the drawing of lots that breaks a tie no tie-break rule broke.
#[tauri::command(rename_all = "snake_case")]
pub async fn record_drawing(api: Shared<'_>, form: DrawingForm) -> Result<RoundView, ErrorDto> {
    run(&api, move |api| api.record_drawing(&form)).await
}

/// Opens the sealed bids now, in the name recorded in the audit log.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_bids(api: Shared<'_>, round: String) -> Result<RoundView, ErrorDto> {
    run(&api, move |api| api.open_bids_now(&round)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_evaluator(api: Shared<'_>, form: EvaluatorForm) -> Result<EvaluatorView, ErrorDto> {
    run(&api, move |api| api.add_evaluator(&form)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn declare_interest(api: Shared<'_>, form: DeclarationForm) -> Result<EvaluatorView, ErrorDto> {
    run(&api, move |api| api.declare_interest(&form)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn enter_mark(api: Shared<'_>, form: MarkForm) -> Result<MarkView, ErrorDto> {
    run(&api, move |api| api.enter_mark(&form)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn enter_moderated_mark(api: Shared<'_>, form: ModeratedMarkForm) -> Result<ModeratedView, ErrorDto> {
    run(&api, move |api| api.enter_moderated_mark(&form)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_award(api: Shared<'_>, form: AwardForm) -> Result<AwardView, ErrorDto> {
    run(&api, move |api| api.award_round(&form)).await
}

/// Withdraws the decision in force for a round, with the reason (required), on the date given
/// (empty: today); the round's bids, panel, marks and model unlock.
#[tauri::command(rename_all = "snake_case")]
pub async fn withdraw_award(api: Shared<'_>, form: WithdrawAwardForm) -> Result<RoundView, ErrorDto> {
    run(&api, move |api| api.withdraw_award_form(&form)).await
}
