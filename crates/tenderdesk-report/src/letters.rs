//! A bidder's award letter (assessment summary): addressed to the bidder, its scores beside the
//! winner's for every criterion, the reasons, the standstill end date and the council's contact.
//! Every figure comes from the evaluation's notices; the letter computes nothing.

use chrono::{DateTime, Utc};
use tenderdesk_domain::Contact;
use tenderdesk_evaluation::{Notice, Outcome, Score};

use crate::format::date;
use crate::{Block, Column, Document, Meta, Orientation, Table};

/// One bidder's letter: its notices (one per lot it bid for) and where to send it.
#[derive(Debug, Clone)]
pub struct LetterInput {
    pub council: String,
    pub directorate: String,
    pub contact: Contact,
    pub bidder_name: String,
    pub bidder_address: Vec<String>,
    pub notices: Vec<Notice>,
    pub created: DateTime<Utc>,
}

fn shown(s: &Option<Score>) -> String {
    s.as_ref().map(|s| s.shown.clone()).unwrap_or_else(|| "–".to_owned())
}

fn mark(m: Option<u32>) -> String {
    m.map(|m| m.to_string()).unwrap_or_else(|| "–".to_owned())
}

pub fn letter(input: &LetterInput) -> Document {
    let first = input.notices.first();
    let round_title = first.map(|n| n.round_title.clone()).unwrap_or_default();
    let round = first.map(|n| n.round.clone()).unwrap_or_default();
    let successful = input.notices.iter().any(|n| n.outcome == Outcome::Successful);
    let title =
        if successful { "Notice of award: your bid was successful" } else { "Notice of the outcome of your bid" };
    let mut d = Document::new(Meta {
        council: input.council.clone(),
        title: format!("{round_title}: {}", input.bidder_name),
        subject: format!("Award decision letter for {} on round {round}", input.bidder_name),
        author: input.directorate.clone(),
        marking: "OFFICIAL".into(),
        created: input.created,
        orientation: Orientation::Portrait,
    });
    // The address block, then the date and references.
    let mut address = vec![input.bidder_name.clone()];
    address.extend(input.bidder_address.iter().cloned());
    d.push(Block::Paragraph(address.join("\n")));
    let mut facts = Vec::new();
    if let Some(n) = first {
        facts.push(("Date".to_owned(), date(n.notices_sent_on)));
        facts.push(("Our reference".to_owned(), n.round.clone()));
    }
    for n in &input.notices {
        facts.push((format!("Your bid, lot {}", n.lot_title), n.submission.clone()));
    }
    d.push(Block::Facts(facts));
    d.push(Block::Title { title: title.into(), subtitle: Some(round_title.clone()) });
    d.push(Block::Paragraph(format!("Dear {},", input.bidder_name)));
    if let Some(n) = first {
        d.push(Block::Paragraph(format!(
            "Thank you for your bid for {round_title}. This letter tells you the council's decision, taken by {} on {} \
             under the {}, and how your bid was assessed against the successful bid for each criterion.",
            n.decision_maker,
            date(n.decided_on),
            n.regime
        )));
    }
    for n in &input.notices {
        lot_section(&mut d, n);
    }
    if let Some(n) = first {
        d.push(Block::Heading("Standstill period".into()));
        d.push(Block::Paragraph(match n.standstill_ends {
            Some(end) => format!(
                "The council will observe a standstill period, which ends at midnight at the end of {}. The council \
                 will not enter into the contract before then. If you have any questions about this decision, please \
                 raise them with the contact below before that date.",
                date(end)
            ),
            None => "No standstill period applies to this award.".to_owned(),
        }));
    }
    d.push(Block::Heading("Contact".into()));
    let c = &input.contact;
    let mut facts = vec![("Name".to_owned(), c.name.clone())];
    if let Some(r) = &c.role {
        facts.push(("Role".to_owned(), r.clone()));
    }
    if let Some(e) = &c.email {
        facts.push(("Email".to_owned(), e.clone()));
    }
    if let Some(p) = &c.phone {
        facts.push(("Telephone".to_owned(), p.clone()));
    }
    d.push(Block::Facts(facts));
    d.push(Block::Paragraph("Yours faithfully,".into()));
    let mut sign = vec![c.name.clone()];
    sign.extend(c.role.clone());
    sign.push(format!("{}, {}", input.directorate, input.council));
    d.push(Block::Paragraph(sign.join("\n")));
    d
}

fn lot_section(d: &mut Document, n: &Notice) {
    d.push(Block::Heading(format!("Lot: {}", n.lot_title)));
    let outcome = match n.outcome {
        Outcome::Successful => "Your bid was successful.".to_owned(),
        Outcome::Unsuccessful => format!(
            "We are sorry to tell you that your bid was not successful.{}",
            n.winner_name.as_ref().map(|w| format!(" The successful bidder is {w}.")).unwrap_or_default()
        ),
        Outcome::Excluded => "Your bid was excluded and was not scored.".to_owned(),
    };
    d.push(Block::Paragraph(format!("The council received {} bids for this lot. {outcome}", n.bids_received)));
    if !n.reasons.is_empty() {
        d.push(Block::Bullets(n.reasons.clone()));
    }
    if n.outcome == Outcome::Excluded {
        return;
    }
    let mut t = Table::new(vec![
        Column::left("Criterion", 4.0),
        Column::right("Weight", 1.1),
        Column::right("Your mark", 1.1),
        Column::right("Your score", 1.2),
        Column::right("Winner's mark", 1.3),
        Column::right("Winner's score", 1.4),
    ]);
    for c in &n.criteria {
        t.row(vec![
            format!("{} {}", c.code, c.title),
            c.weight.clone(),
            mark(c.own_mark),
            shown(&c.own_score),
            mark(c.winner_mark),
            shown(&c.winner_score),
        ]);
    }
    d.push(Block::Subheading("Scores for each criterion".into()));
    d.push(Block::Table(t));
    let mut t =
        Table::new(vec![Column::left("", 3.0), Column::right("Your bid", 1.5), Column::right("Successful bid", 1.5)]);
    let w = n.winner.as_ref();
    for (label, own, win) in [
        ("Quality", &n.own.quality, w.map(|w| &w.quality)),
        ("Interview", &n.own.interview, w.map(|w| &w.interview)),
        ("Social value", &n.own.social_value, w.map(|w| &w.social_value)),
        ("Price", &n.own.price, w.map(|w| &w.price)),
    ] {
        if own.is_some() || win.is_some_and(Option::is_some) {
            t.row(vec![label.into(), shown(own), win.map(shown).unwrap_or_else(|| "–".into())]);
        }
    }
    t.row(vec!["Total".into(), shown(&n.own.total), w.map(|w| shown(&w.total)).unwrap_or_else(|| "–".into())]);
    t.bold_rows.push(t.rows.len() - 1);
    t.row(vec!["Rank".into(), mark(n.own.rank), w.map(|w| mark(w.rank)).unwrap_or_else(|| "–".into())]);
    d.push(Block::Subheading("Totals".into()));
    d.push(Block::Table(t));
    let reasons: Vec<String> = n
        .criteria
        .iter()
        .filter(|c| c.reason.is_some() || c.winner_reason.is_some())
        .flat_map(|c| {
            let mut v = Vec::new();
            if let Some(r) = &c.reason {
                v.push(format!("{} {} – your bid: {r}", c.code, c.title));
            }
            if let Some(r) = &c.winner_reason {
                v.push(format!("{} {} – the successful bid: {r}", c.code, c.title));
            }
            v
        })
        .collect();
    if !reasons.is_empty() {
        d.push(Block::Subheading("Reasons".into()));
        d.push(Block::Bullets(reasons));
    }
}
