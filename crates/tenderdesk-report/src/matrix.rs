//! The evaluation matrix, for audit: every individual, moderated and interview mark with its
//! justification, and the computed result, lot by lot. Also as CSV, one row per mark.

use chrono::{DateTime, Utc};
use tenderdesk_evaluation::{BidResult, LotResult, RoundResult, Score, Standing};

use crate::{Block, Column, Document, Meta, Orientation, Table};

fn shown(s: &Option<Score>) -> String {
    s.as_ref().map(|s| s.shown.clone()).unwrap_or_else(|| "–".to_owned())
}

pub fn standing(s: Standing) -> &'static str {
    match s {
        Standing::Ranked => "Ranked",
        Standing::BelowThreshold => "Below threshold",
        Standing::Excluded => "Excluded",
        Standing::Withdrawn => "Withdrawn",
        Standing::NotChecked => "Not checked",
        Standing::Incomplete => "Incomplete",
    }
}

pub fn matrix(council: &str, author: &str, r: &RoundResult, created: DateTime<Utc>) -> Document {
    let mut d = Document::new(Meta {
        council: council.to_owned(),
        title: format!("Evaluation matrix: {}", r.title),
        subject: format!("Every mark and the computed result of round {}", r.round),
        author: author.to_owned(),
        marking: "OFFICIAL".into(),
        created,
        orientation: Orientation::Landscape,
    });
    d.push(Block::Title {
        title: format!("Evaluation matrix: {}", r.title),
        subtitle: Some(format!("Round {}", r.round)),
    });
    let mut facts = vec![("Award rule".to_owned(), r.award_rule.clone())];
    if let Some(q) = &r.quality_threshold {
        facts.push(("Quality threshold".to_owned(), q.clone()));
    }
    if !r.tie_break.is_empty() {
        facts.push(("Tie-break".to_owned(), r.tie_break.join("; ")));
    }
    facts.push(("Result complete".to_owned(), if r.complete { "Yes" } else { "No" }.to_owned()));
    d.push(Block::Facts(facts));
    for lot in &r.lots {
        lot_section(&mut d, lot);
    }
    d
}

/// A lot: its prices, the result table, tie-breaks and blockers, then every bid's marks.
fn lot_section(d: &mut Document, lot: &LotResult) {
    d.push(Block::Heading(format!("{} – {}", lot.lot, lot.lot_title)));
    if let Some(p) = &lot.prices {
        d.push(Block::Note(format!(
            "Price: {} on {}; lowest {}, highest {}, mean {} over {} bids.",
            p.formula, p.basis, p.lowest, p.highest, p.mean, p.count
        )));
    }
    d.push(Block::Subheading("Result".into()));
    d.push(Block::Table(result_table(lot)));
    for tb in &lot.tie_breaks {
        d.push(Block::Note(format!("Tie-break: {}", tb.explanation)));
    }
    if !lot.blockers.is_empty() {
        d.push(Block::Subheading("What blocks an award".into()));
        d.push(Block::Bullets(lot.blockers.clone()));
    }
    for b in &lot.bids {
        d.push(Block::Subheading(format!("{} – {} ({})", b.submission, b.bidder_name, standing(b.standing))));
        if !b.reasons.is_empty() {
            d.push(Block::Bullets(b.reasons.clone()));
        }
        if !b.criteria.is_empty() {
            d.push(Block::Table(marks_table(b)));
        }
    }
}

/// One row per bid: its standing, section scores, price, total, rank and award.
fn result_table(lot: &LotResult) -> Table {
    let mut t = Table::new(vec![
        Column::left("Bidder", 3.2),
        Column::left("Standing", 1.5),
        Column::right("Quality", 1.0),
        Column::right("Interview", 1.0),
        Column::right("Social value", 1.1),
        Column::right("Price", 1.1),
        Column::right("Price score", 1.1),
        Column::right("Total", 1.0),
        Column::right("Rank", 0.7),
        Column::left("Awarded", 1.6),
    ]);
    for b in &lot.bids {
        t.row(vec![
            b.bidder_name.clone(),
            standing(b.standing).to_owned(),
            shown(&b.quality),
            shown(&b.interview),
            shown(&b.social_value),
            b.price.clone().unwrap_or_else(|| "–".into()),
            shown(&b.price_score),
            shown(&b.total),
            b.rank.map(|r| format!("{r}{}", if b.rank_shared { "=" } else { "" })).unwrap_or_else(|| "–".into()),
            awarded(b),
        ]);
    }
    t
}

/// A bid's marks: each evaluator's mark and justification per criterion, then the moderated mark
/// (in bold) with its rationale and score.
fn marks_table(b: &BidResult) -> Table {
    let mut t = Table::new(vec![
        Column::left("Criterion", 2.4),
        Column::right("Weight", 0.8),
        Column::left("Evaluator", 1.8),
        Column::right("Mark", 0.7),
        Column::left("Justification", 6.0),
        Column::right("Score", 0.9),
    ]);
    for c in &b.criteria {
        let name = format!("{} {} ({})", c.code, c.title, c.section);
        for m in &c.marks {
            t.row(vec![
                name.clone(),
                c.weight.clone(),
                m.evaluator_name.clone(),
                m.mark.map(|m| m.to_string()).unwrap_or_else(|| "–".into()),
                match &m.abstained {
                    Some(why) => format!("Abstained: {why}"),
                    None => m.justification.clone(),
                },
                String::new(),
            ]);
        }
        t.row(vec![
            name,
            c.weight.clone(),
            format!("Moderated{}", if c.wide_spread { " (wide spread)" } else { "" }),
            c.moderated.map(|m| m.to_string()).unwrap_or_else(|| "–".into()),
            c.rationale.clone().unwrap_or_default(),
            shown(&c.score),
        ]);
        t.bold_rows.push(t.rows.len() - 1);
    }
    t
}

fn awarded(b: &BidResult) -> String {
    if !b.awarded {
        return "No".into();
    }
    if b.awarded_zones.is_empty() {
        "Yes".into()
    } else {
        format!("Yes: {}", b.awarded_zones.join(", "))
    }
}

/// The columns of the matrix CSV.
pub const CSV_COLUMNS: [&str; 17] = [
    "Lot",
    "Submission",
    "Bidder",
    "Standing",
    "Criterion",
    "Section",
    "Weight",
    "Evaluator",
    "Mark",
    "Abstained",
    "Justification",
    "Moderated mark",
    "Moderation rationale",
    "Criterion score",
    "Total",
    "Rank",
    "Awarded",
];

/// One row per individual mark (with its criterion's moderated mark beside it), RFC 4180.
pub fn matrix_csv(r: &RoundResult) -> String {
    let mut out = String::new();
    line(&mut out, CSV_COLUMNS.iter().map(|s| s.to_string()).collect());
    for lot in &r.lots {
        for b in &lot.bids {
            for c in &b.criteria {
                for m in &c.marks {
                    line(
                        &mut out,
                        vec![
                            lot.lot.clone(),
                            b.submission.clone(),
                            b.bidder_name.clone(),
                            standing(b.standing).to_owned(),
                            format!("{} {}", c.code, c.title),
                            c.section.clone(),
                            c.weight.clone(),
                            m.evaluator_name.clone(),
                            m.mark.map(|m| m.to_string()).unwrap_or_default(),
                            m.abstained.clone().unwrap_or_default(),
                            m.justification.clone(),
                            c.moderated.map(|m| m.to_string()).unwrap_or_default(),
                            c.rationale.clone().unwrap_or_default(),
                            c.score.as_ref().map(|s| s.shown.clone()).unwrap_or_default(),
                            b.total.as_ref().map(|s| s.shown.clone()).unwrap_or_default(),
                            b.rank.map(|r| r.to_string()).unwrap_or_default(),
                            if b.awarded { "yes" } else { "no" }.to_owned(),
                        ],
                    );
                }
            }
        }
    }
    out
}

fn line(out: &mut String, cells: Vec<String>) {
    let quoted: Vec<String> = cells
        .into_iter()
        .map(|c| if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c })
        .collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}
