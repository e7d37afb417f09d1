//! The result tab: the computed result (once the bids are opened), the ties no rule broke, and
//! the drawings of lots recorded.

use tenderdesk_evaluation::{RoundRecords, RoundResult};

use crate::forms::drawing::{drawing_views, ties_to_draw, DrawingView, TieToDraw};

pub(super) struct ResultTab {
    pub result: Option<RoundResult>,
    pub unavailable: Option<String>,
    pub ties_to_draw: Vec<TieToDraw>,
    pub drawings: Vec<DrawingView>,
}

pub(super) fn result_tab(records: &RoundRecords) -> ResultTab {
    let (result, unavailable) = match tenderdesk_evaluation::evaluate(records) {
        Ok(r) => (Some(r), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let ties_to_draw = ties_to_draw(result.as_ref());
    let drawings = drawing_views(&records.round, |s| {
        let bidder = records.submissions.iter().find(|b| &b.key == s).map(|b| &b.bidder);
        bidder.and_then(|b| records.provider_names.get(b).cloned()).unwrap_or_else(|| s.to_string())
    });
    ResultTab { result, unavailable, ties_to_draw, drawings }
}
