//! A round's whole working view, one module per tab of the round screen (`ui/src/screens/round/`):
//! set-up (timetable and model), providers and clarifications, bids (sealed until opened, late
//! ones flagged), the panel with its declarations, the marks, moderation, the computed result and
//! the award decision. Also the list of rounds with their stage.

mod award;
mod bids;
mod list;
mod marks;
mod moderation;
mod panel;
mod providers;
mod result;
mod set_up;
mod stage;

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::*;
use tenderdesk_evaluation::{RoundRecords, RoundResult};

pub use self::award::{AwardView, AwardedView};
pub use self::bids::BidView;
pub use self::list::{RoundPage, RoundQuery, RoundRow};
pub use self::marks::MarkView;
pub use self::moderation::{ModeratedView, Spread};
pub use self::panel::{DeclarationView, EvaluatorView};
pub use self::providers::{ClarificationView, ProviderRef};
pub use self::set_up::{Milestone, ModelView, QuestionView};
pub use self::stage::RoundStage;
use crate::forms::drawing::{DrawingView, TieToDraw};
pub use crate::seal::{BidPence, BidPriceView};
use crate::{uk_time, Api, Result};

/// Everything the round screen shows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundView {
    pub key: String,
    pub title: String,
    pub arrangement: String,
    pub arrangement_title: String,
    /// The kind of round, and its reading.
    pub kind: RoundKind,
    pub kind_label: String,
    pub regime: String,
    /// The lots competed for, as (reference, title).
    pub lots: Vec<(String, String)>,
    pub stage: RoundStage,
    pub stage_label: String,
    pub timetable: Vec<Milestone>,
    pub model: ModelView,
    pub invited: Vec<ProviderRef>,
    /// Providers admitted (active) to the round's lots and not yet invited.
    pub invitable: Vec<ProviderRef>,
    pub clarifications: Vec<ClarificationView>,
    pub sealed: bool,
    /// Who opened the bids and when (UK reading).
    pub bids_opened: Option<String>,
    pub bids: Vec<BidView>,
    pub panel: Vec<EvaluatorView>,
    pub marks: Vec<MarkView>,
    pub moderated: Vec<ModeratedView>,
    pub spreads: Vec<Spread>,
    /// The computed result, once the bids are opened.
    pub result: Option<RoundResult>,
    /// Why there is no result yet, when there is none.
    pub result_unavailable: Option<String>,
    pub award: Option<AwardView>,
    /// Earlier decisions, withdrawn.
    pub withdrawn_awards: Vec<AwardView>,
    /// True while an award is in force: bids, panel, marks and model cannot change.
    pub locked: bool,
    /// Ties in the result that no tie-break rule broke: each needs a drawing of lots.
    pub ties_to_draw: Vec<TieToDraw>,
    /// The drawings of lots recorded for the round.
    pub drawings: Vec<DrawingView>,
}

/// The kinds a round's view reads (all but the kinds that come after a round: contracts, activity
/// and spend), so that a field added to the view from any of them is never shown stale.
const ROUND_VIEW_KINDS: [Kind; 12] = [
    Kind::Authority,
    Kind::Providers,
    Kind::Arrangements,
    Kind::Lots,
    Kind::Openings,
    Kind::Admissions,
    Kind::Rounds,
    Kind::Submissions,
    Kind::Evaluators,
    Kind::Marks,
    Kind::ModeratedMarks,
    Kind::Awards,
];

impl Api {
    /// Everything the round screen shows, as at `as_of` (None: today). Kept, per round and date,
    /// until a record of a kind it reads changes.
    pub fn round_view(&self, id_or_key: &str, as_of: Option<NaiveDate>) -> Result<RoundView> {
        let as_of = as_of.unwrap_or_else(crate::market::today);
        let name = format!("screens/round_view/{as_of}/{id_or_key}");
        let view = self.kept(&name, &ROUND_VIEW_KINDS, || self.build_round_view(id_or_key, as_of))?;
        Ok(view.as_ref().clone())
    }

    /// The view, tab by tab.
    fn build_round_view(&self, id_or_key: &str, as_of: NaiveDate) -> Result<RoundView> {
        let round = self.round(id_or_key)?;
        let records = self.round_records(&round)?;
        let (_, arrangement) = self.find_record::<Arrangement>(round.arrangement.as_str())?;
        let awards: Vec<AwardDecision> = self
            .store
            .referring::<AwardDecision>(Kind::Rounds, round.key.as_str())?
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        let live = awards.iter().find(|a| a.withdrawn.is_none());
        let stage = RoundStage::of(&round, live, as_of);
        let (invited, invitable) = providers::invited_and_invitable(self, &round)?;
        let (award, withdrawn_awards) = award::award_tab(self, &awards)?;
        let result = result::result_tab(&records);
        Ok(RoundView {
            key: round.key.to_string(),
            title: round.title.clone(),
            arrangement: arrangement.key.to_string(),
            arrangement_title: arrangement.title.clone(),
            kind: round.kind,
            kind_label: round.kind.label().to_owned(),
            regime: round.regime.unwrap_or(arrangement.regime).label().to_owned(),
            lots: lots(&records),
            stage,
            stage_label: stage.label().to_owned(),
            timetable: set_up::milestones(&round.timetable, as_of),
            model: ModelView::of(&round.model),
            invited,
            invitable,
            clarifications: providers::clarifications(&round),
            sealed: round.bids_opened.is_none(),
            bids_opened: round.bids_opened.as_ref().map(|o| format!("{} at {}", o.by, uk_time(o.at))),
            bids: bids::bids(&records),
            panel: panel::panel(&records),
            marks: marks::marks(&records),
            moderated: moderation::moderated(&records),
            spreads: moderation::spreads(&records),
            result: result.result,
            result_unavailable: result.unavailable,
            award,
            withdrawn_awards,
            locked: live.is_some(),
            ties_to_draw: result.ties_to_draw,
            drawings: result.drawings,
        })
    }
}

/// The lots competed for, as (reference, title); a lot not in the store has no title.
fn lots(records: &RoundRecords) -> Vec<(String, String)> {
    let title = |l: &Key| records.lots.iter().find(|x| &x.key == l).map(|x| x.title.clone()).unwrap_or_default();
    records.round.lots.iter().map(|l| (l.to_string(), title(l))).collect()
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<RoundQuery>().add::<RoundPage>().add::<RoundView>();
}
