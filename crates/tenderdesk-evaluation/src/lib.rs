//! Scoring a round: the price a bid is compared on, the price formulas, the weighted moderated
//! marks, the quality threshold, ranking with the tie-break rule, who is awarded, and what each
//! bidder's notice must say.
//!
//! Every figure is exact (rational arithmetic over integer pence and decimal weights); ranking
//! compares exact values; rounding happens only when a score is shown (half away from zero, two
//! places). `docs/scoring.md` gives the rules with worked examples. Nothing here reads or writes
//! the store: the API gathers a round's records into [`RoundRecords`] and calls [`evaluate`].

pub mod exact;
pub mod notice;
pub mod price;
pub mod result;

pub use exact::{Exact, Score};
pub use notice::{notices, Notice, NoticeCriterion, NoticeTotals, Outcome};
pub use price::{basis_price, price_score, PricePool, PriceProblem};
pub use result::{
    evaluate, is_wide_spread, BidResult, CriterionResult, EvaluationError, IndividualMark, LotResult, PriceComparison,
    RoundRecords, RoundResult, Standing, TieBreakApplied,
};
