//! Drawing of lots: the ties in a round's result that no tie-break rule broke, and the form that
//! records the drawing which breaks one (who drew, who witnessed, on what day, the order drawn).
//! The evaluation ranks the tied bids in the order drawn (`tenderdesk-evaluation`, the
//! `DrawingOfLots` rule, which reads the round's latest drawing for the lot).

use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;
use tenderdesk_evaluation::RoundResult;
use tenderdesk_store::ChangeSet;

use super::{refuse, FormCheck};
use crate::screens::round::RoundView;
use crate::{Api, Result};

/// A bid in a tie or a drawing, by reference and bidder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TiedBid {
    pub submission: String,
    pub bidder_name: String,
}

/// Bids of one lot sharing a rank that every tie-break rule left equal: a drawing of lots must
/// separate them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TieToDraw {
    pub lot: String,
    pub lot_title: String,
    pub rank: u32,
    /// The tied bids, as the result lists them.
    pub bids: Vec<TiedBid>,
    /// The tie crosses the award line, so nothing can be awarded on the lot until it is drawn.
    pub blocks_award: bool,
}

/// A drawing of lots as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DrawingView {
    pub lot: String,
    /// First drawn first.
    pub order: Vec<TiedBid>,
    pub drawn_on: chrono::NaiveDate,
    pub drawn_by: String,
    pub witnessed_by: String,
}

/// The "record a drawing of lots" form. Field names in refusals: `lot`, `order`, `drawn_on`,
/// `drawn_by`, `witnessed_by`, `round` (sealed, or locked by an award).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DrawingForm {
    pub round: String,
    pub lot: String,
    /// The tied bids' references in the order drawn, first place first: exactly the bids of one
    /// tie (`TieToDraw.bids`).
    pub order: Vec<String>,
    /// `YYYY-MM-DD`.
    pub drawn_on: String,
    pub drawn_by: String,
    pub witnessed_by: String,
}

/// The ties in a result that no rule broke, lot by lot, best rank first.
pub(crate) fn ties_to_draw(result: Option<&RoundResult>) -> Vec<TieToDraw> {
    let Some(result) = result else { return Vec::new() };
    let mut ties = Vec::new();
    for lot in &result.lots {
        let mut ranks: Vec<u32> = lot.bids.iter().filter(|b| b.rank_shared).filter_map(|b| b.rank).collect();
        ranks.dedup();
        for rank in ranks {
            let bids = lot
                .bids
                .iter()
                .filter(|b| b.rank_shared && b.rank == Some(rank))
                .map(|b| TiedBid { submission: b.submission.clone(), bidder_name: b.bidder_name.clone() })
                .collect();
            let line = format!("tie at rank {rank} across");
            ties.push(TieToDraw {
                lot: lot.lot.clone(),
                lot_title: lot.lot_title.clone(),
                rank,
                bids,
                blocks_award: lot.blockers.iter().any(|b| b.contains(&line)),
            });
        }
    }
    ties
}

/// A round's recorded drawings, bidders named from `name_of` (a submission's key → its bidder's
/// name).
pub(crate) fn drawing_views(round: &Round, name_of: impl Fn(&Key) -> String) -> Vec<DrawingView> {
    round
        .drawings
        .iter()
        .map(|d| DrawingView {
            lot: d.lot.to_string(),
            order: d.order.iter().map(|s| TiedBid { submission: s.to_string(), bidder_name: name_of(s) }).collect(),
            drawn_on: d.drawn_on,
            drawn_by: d.drawn_by.clone(),
            witnessed_by: d.witnessed_by.clone(),
        })
        .collect()
}

fn drawing_field(field: &str) -> Option<String> {
    let Some(rest) = field.strip_prefix("drawings[") else { return Some("round".into()) };
    let sub = rest.split_once("].").map(|(_, s)| s).unwrap_or("order");
    Some(
        match sub {
            "lot" => "lot",
            "drawn_by" => "drawn_by",
            "witnessed_by" => "witnessed_by",
            "drawn_on" => "drawn_on",
            _ => "order",
        }
        .into(),
    )
}

impl Api {
    /// Records a drawing of lots that breaks one tie of the round's result. Refused, naming the
    /// form field and storing nothing, when the bids drawn are not exactly one tie the rules left,
    /// the lot already has a drawing, a name or the date is missing, or the round is awarded.
    pub fn record_drawing(&self, form: &DrawingForm) -> Result<RoundView> {
        let mut round = self.round(form.round.trim())?;
        let key = round.key.to_string();
        let mut f = FormCheck::new(Kind::Rounds, key.clone());
        let drawn_on = f.date("drawn_on", &form.drawn_on);
        let drawn_by = f.required("drawn_by", &form.drawn_by, "who drew the lots");
        let witnessed_by = f.required("witnessed_by", &form.witnessed_by, "who witnessed the drawing");
        let lot = f.key("lot", &form.lot);
        let order: Vec<Key> = form.order.iter().filter_map(|s| f.key("order", s)).collect();
        if let Some(lot) = &lot {
            if !round.lots.contains(lot) {
                f.add("lot", format!("round {key} is not competing for lot {lot}"));
            } else if let Some(d) = round.drawings.iter().find(|d| &d.lot == lot) {
                f.add(
                    "lot",
                    format!(
                        "lot {lot} already has a drawing of lots, drawn on {} by {}; the result takes one drawing \
                         per lot, so it cannot be drawn again",
                        d.drawn_on, d.drawn_by
                    ),
                );
            } else {
                let records = self.round_records(&round)?;
                match tenderdesk_evaluation::evaluate(&records) {
                    Err(e) => f.add("round", format!("there is no result to draw lots on yet: {e}")),
                    Ok(result) => {
                        let ties = ties_to_draw(Some(&result));
                        let tie = ties.iter().filter(|t| t.lot == lot.as_str()).find(|t| {
                            let mut tied: Vec<&str> = t.bids.iter().map(|b| b.submission.as_str()).collect();
                            let mut drawn: Vec<&str> = order.iter().map(Key::as_str).collect();
                            tied.sort_unstable();
                            drawn.sort_unstable();
                            tied == drawn
                        });
                        if tie.is_none() {
                            let open: Vec<String> = ties
                                .iter()
                                .filter(|t| t.lot == lot.as_str())
                                .map(|t| {
                                    let names: Vec<&str> = t.bids.iter().map(|b| b.bidder_name.as_str()).collect();
                                    format!("rank {}: {}", t.rank, names.join(", "))
                                })
                                .collect();
                            f.add(
                                "order",
                                if open.is_empty() {
                                    format!("lot {lot} has no tie left for a drawing of lots to break")
                                } else {
                                    format!(
                                        "put in order exactly the bids of one tie on lot {lot} ({})",
                                        open.join("; ")
                                    )
                                },
                            );
                        }
                    }
                }
            }
        }
        f.finish()?;
        let (Some(lot), Some(drawn_on)) = (lot, drawn_on) else {
            return Err(refuse(Kind::Rounds, &key, "lot", "the form is incomplete"));
        };
        round.drawings.push(DrawingOfLots { lot, order, drawn_on, drawn_by, witnessed_by });
        let mut c = ChangeSet::new();
        c.update(round);
        self.apply_form(c, drawing_field)?;
        self.round_view(&key, None)
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<TiedBid>();
    b.add::<TieToDraw>();
    b.add::<DrawingView>();
    b.add::<DrawingForm>();
}
