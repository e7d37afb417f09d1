//! `tenderdesk round …`: a round's result, side-by-side comparison, opening the sealed bids, the
//! award decision with its standstill, withdrawing it, and the notices due to each bidder.

use std::io::Write;

use chrono::{NaiveDate, Utc};
use clap::Subcommand;
use tenderdesk_api::rounds::AwardRequest;
use tenderdesk_api::Api;
use tenderdesk_domain::Regime;
use tenderdesk_evaluation::{LotResult, RoundResult, Standing};

use crate::calendar_cmd::RegimeArg;
use crate::CliError;

#[derive(Debug, Subcommand)]
pub enum RoundsCommand {
    /// A round's result, its bids' opening, award decision and notices
    #[command(subcommand)]
    Round(RoundSub),
}

#[derive(Debug, Subcommand)]
pub enum RoundSub {
    /// The result: per lot and bid the weighted scores, threshold failures, rank, tie-breaks and
    /// who is awarded, computed from the moderated marks and the prices
    Results {
        /// The round's id or reference
        round: String,
        /// Print the full result, with every individual and moderated mark, as JSON
        #[arg(long)]
        json: bool,
    },
    /// All bids of a lot side by side, criterion by criterion, with the spread of the panel's marks
    Compare {
        round: String,
        /// The lot (its reference); every lot of the round when left out
        #[arg(long)]
        lot: Option<String>,
    },
    /// Record the opening of the sealed bids (after the submission deadline), by --actor, now
    OpenBids { round: String },
    /// Record the award decision from the computed result and print the standstill end date
    Award {
        round: String,
        /// The date of the decision
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: NaiveDate,
        /// Who took the decision ("Director of Adults and Communities")
        #[arg(long, value_name = "TEXT")]
        decision_maker: String,
        /// The regime [default: the round's, else its arrangement's]
        #[arg(long, value_enum)]
        regime: Option<RegimeArg>,
        /// The day the notices are sent or published [default: the date of the decision]
        #[arg(long, value_name = "YYYY-MM-DD")]
        notices_sent: Option<NaiveDate>,
        /// Observe no standstill (voluntary for light-touch contracts under the 2023 Act)
        #[arg(long)]
        no_standstill: bool,
    },
    /// Withdraw the award decision in force, with the reason; the round's marks unlock
    WithdrawAward {
        /// The round, or the decision's reference
        round: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// The date of the withdrawal [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
    },
    /// What each bidder's letter must say: outcome, its scores and the winner's, reasons, standstill
    Notices {
        round: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn execute(api: &Api, command: &RoundsCommand, out: &mut dyn Write) -> Result<(), CliError> {
    let RoundsCommand::Round(sub) = command;
    match sub {
        RoundSub::Results { round, json } => {
            let result = api.round_result(round)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string_pretty(&result).unwrap_or_default())?;
            } else {
                print_result(out, &result)?;
            }
        }
        RoundSub::Compare { round, lot } => {
            let result = api.round_result(round)?;
            let lots: Vec<&LotResult> =
                result.lots.iter().filter(|l| lot.as_deref().is_none_or(|k| l.lot == k)).collect();
            if lots.is_empty() {
                return Err(CliError::Found(format!(
                    "round {} does not compete for lot {}",
                    result.round,
                    lot.as_deref().unwrap_or("")
                )));
            }
            for l in lots {
                print_comparison(out, l)?;
            }
        }
        RoundSub::OpenBids { round } => {
            let o = api.open_bids(round, Utc::now())?;
            writeln!(
                out,
                "The bids of round {round} are open: opened by {} at {}.",
                o.by,
                tenderdesk_api::uk_time(o.at)
            )?;
        }
        RoundSub::Award { round, date, decision_maker, regime, notices_sent, no_standstill } => {
            let d = api.record_award(&AwardRequest {
                round: round.clone(),
                decided_on: *date,
                decision_maker: decision_maker.clone(),
                regime: regime.map(Regime::from),
                notices_sent_on: *notices_sent,
                standstill: !no_standstill,
            })?;
            writeln!(out, "Recorded award decision {} for round {} ({}).", d.key, d.round, d.regime.label())?;
            for a in &d.awarded {
                let zones = if a.zones.is_empty() { String::new() } else { format!(" (zones {})", a.zones.join(", ")) };
                writeln!(out, "  awarded: {} on {}{zones}", a.provider, a.lot)?;
            }
            match d.standstill_ends {
                Some(end) => writeln!(
                    out,
                    "Notices sent on {}; the standstill ends at the end of {}; the contract may be entered into from {}.",
                    long(d.notices_sent_on),
                    long(end),
                    long(end.succ_opt().unwrap_or(end))
                )?,
                None => writeln!(out, "No standstill is observed; notices sent on {}.", long(d.notices_sent_on))?,
            }
        }
        RoundSub::WithdrawAward { round, reason, on } => {
            let on = on.unwrap_or_else(|| Utc::now().date_naive());
            let d = api.withdraw_award(round, reason, on)?;
            writeln!(out, "Withdrew award decision {} of round {} on {on}; its marks are unlocked.", d.key, d.round)?;
        }
        RoundSub::Notices { round, json } => {
            let notices = api.notices(round)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string_pretty(&notices).unwrap_or_default())?;
            } else {
                for n in &notices {
                    let outcome = match n.outcome {
                        tenderdesk_evaluation::Outcome::Successful => "successful",
                        tenderdesk_evaluation::Outcome::Unsuccessful => "unsuccessful",
                        tenderdesk_evaluation::Outcome::Excluded => "excluded",
                    };
                    let total = n.own.total.as_ref().map_or("–".into(), |t| t.shown.clone());
                    let winner =
                        n.winner.as_ref().and_then(|w| w.total.as_ref()).map_or("–".into(), |t| t.shown.clone());
                    writeln!(
                        out,
                        "{} — {} — {outcome}: total {total}; winner {} {winner}; standstill ends {}",
                        n.bidder_name,
                        n.lot_title,
                        n.winner_name.as_deref().unwrap_or("–"),
                        n.standstill_ends.map_or("(none)".into(), long)
                    )?;
                    for r in &n.reasons {
                        writeln!(out, "    {r}")?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn long(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

fn opt(s: &Option<tenderdesk_evaluation::Score>) -> String {
    s.as_ref().map_or("–".into(), |s| s.shown.clone())
}

fn print_result(out: &mut dyn Write, r: &RoundResult) -> std::io::Result<()> {
    writeln!(out, "{} — {}", r.round, r.title)?;
    writeln!(
        out,
        "Award rule: {}. Quality threshold: {}. Tie-break: {}.",
        r.award_rule,
        r.quality_threshold.as_deref().unwrap_or("none"),
        r.tie_break.join(", then ")
    )?;
    for l in &r.lots {
        writeln!(out)?;
        writeln!(out, "Lot {} — {}", l.lot, l.lot_title)?;
        if let Some(p) = &l.prices {
            writeln!(
                out,
                "Price on {}, scored {}: lowest £{}, highest £{}, mean £{} ({} compared).",
                p.basis, p.formula, p.lowest, p.highest, p.mean, p.count
            )?;
        }
        let name_w = l.bids.iter().map(|b| b.bidder_name.chars().count()).max().unwrap_or(6).max(6);
        writeln!(
            out,
            "{:>4}  {:<name_w$}  {:>7}  {:>9}  {:>7}  {:>7}  {:>7}  {:>7}  RESULT",
            "RANK", "BIDDER", "QUALITY", "INTERVIEW", "SOCIAL", "PRICE £", "PRICE", "TOTAL"
        )?;
        for b in &l.bids {
            let rank = b.rank.map_or("–".into(), |r| format!("{r}{}", if b.rank_shared { "=" } else { "" }));
            let result = match b.standing {
                Standing::Ranked if b.awarded => "awarded".to_owned(),
                Standing::Ranked => "ranked".to_owned(),
                Standing::BelowThreshold => format!("below threshold: {}", b.reasons.join("; ")),
                Standing::Excluded => format!("excluded: {}", b.reasons.join("; ")),
                Standing::Withdrawn => format!("withdrawn: {}", b.reasons.join("; ")),
                Standing::NotChecked => "not yet checked for compliance".to_owned(),
                Standing::Incomplete => format!("incomplete: {}", b.reasons.join("; ")),
            };
            writeln!(
                out,
                "{rank:>4}  {:<name_w$}  {:>7}  {:>9}  {:>7}  {:>7}  {:>7}  {:>7}  {result}",
                b.bidder_name,
                opt(&b.quality),
                opt(&b.interview),
                opt(&b.social_value),
                b.price.as_deref().unwrap_or("–"),
                opt(&b.price_score),
                opt(&b.total),
            )?;
        }
        for t in &l.tie_breaks {
            writeln!(out, "Tie-break: {}.", t.explanation)?;
        }
        for b in &l.bids {
            for c in b.criteria.iter().filter(|c| c.wide_spread) {
                let marks: Vec<String> =
                    c.marks.iter().filter_map(|m| m.mark.map(|v| format!("{} {v}", m.evaluator_name))).collect();
                writeln!(
                    out,
                    "Wide spread: {} on {} — marks {} (spread {}), moderated {}.",
                    b.bidder_name,
                    c.code,
                    marks.join(", "),
                    c.spread.unwrap_or(0),
                    c.moderated.map_or("–".into(), |m| m.to_string())
                )?;
            }
        }
        for x in &l.blockers {
            writeln!(out, "Cannot award yet: {x}.")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Scores are exact; shown rounded half up to two places. Ranks compare exact values.")?;
    Ok(())
}

fn print_comparison(out: &mut dyn Write, l: &LotResult) -> std::io::Result<()> {
    let bids: Vec<_> = l.bids.iter().filter(|b| !b.criteria.is_empty()).collect();
    writeln!(out, "Lot {} — {}: {} bids scored", l.lot, l.lot_title, bids.len())?;
    if bids.is_empty() {
        return Ok(());
    }
    let col = bids.iter().map(|b| b.bidder_name.chars().count()).max().unwrap_or(10).clamp(12, 24);
    write!(out, "{:<36}", "CRITERION (WEIGHT %)")?;
    for b in &bids {
        let name: String = b.bidder_name.chars().take(col).collect();
        write!(out, "  {name:>col$}")?;
    }
    writeln!(out)?;
    let codes: Vec<(String, String, String)> =
        bids[0].criteria.iter().map(|c| (c.code.clone(), c.title.clone(), c.weight.clone())).collect();
    for (code, title, weight) in &codes {
        let label: String = format!("{code} {title}").chars().take(28).collect();
        write!(out, "{:<36}", format!("{label} ({weight})"))?;
        for b in &bids {
            let c = b.criteria.iter().find(|c| &c.code == code);
            let cell = match c {
                Some(c) => {
                    let spread = if c.wide_spread { "!" } else { "" };
                    format!(
                        "{}{spread} → {}",
                        c.moderated.map_or("–".into(), |m| m.to_string()),
                        c.score.as_ref().map_or("–".into(), |s| s.shown.clone())
                    )
                }
                None => "–".into(),
            };
            write!(out, "  {cell:>col$}")?;
        }
        writeln!(out)?;
    }
    for (label, f) in [
        (
            "Price per hour £",
            &(|b: &tenderdesk_evaluation::BidResult| b.price.clone().unwrap_or("–".into()))
                as &dyn Fn(&tenderdesk_evaluation::BidResult) -> String,
        ),
        ("Price score", &|b| opt(&b.price_score)),
        ("Total", &|b| opt(&b.total)),
        ("Rank", &|b| b.rank.map_or("–".into(), |r| r.to_string())),
    ] {
        write!(out, "{label:<36}")?;
        for b in &bids {
            write!(out, "  {:>col$}", f(b))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "Cells show the moderated mark → its weighted score; ! marks a wide spread of the panel's marks.")?;
    Ok(())
}
