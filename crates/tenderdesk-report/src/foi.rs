//! The FOI response pack: the thirteen standard questions and the council's answers as at a
//! date, laid out as a council's response letter. The answers' words and figures are the
//! market crate's; this module only sets them.

use chrono::{DateTime, Utc};
use tenderdesk_market::FoiPack;

use crate::format::date;
use crate::{Block, Document, Meta, Orientation};

pub fn foi(council: &str, author: &str, pack: &FoiPack, created: DateTime<Utc>) -> Document {
    let mut d = Document::new(Meta {
        council: council.to_owned(),
        title: format!("Freedom of Information response: adult social care commissioning, {}", date(pack.as_of)),
        subject: "Answers to the thirteen standard questions on commissioning arrangements".into(),
        author: author.to_owned(),
        marking: "OFFICIAL".into(),
        created,
        orientation: Orientation::Portrait,
    });
    d.push(Block::Title {
        title: "Freedom of Information Act 2000: response".into(),
        subtitle: Some("Commissioning of adult social care".into()),
    });
    let mut facts =
        vec![("Information as at".to_owned(), date(pack.as_of)), ("Council".to_owned(), council.to_owned())];
    if !pack.services.is_empty() {
        facts.push(("Services".to_owned(), pack.services.join(", ")));
    }
    if !pack.arrangements.is_empty() {
        facts.push(("Arrangements".to_owned(), pack.arrangements.join("; ")));
    }
    d.push(Block::Facts(facts));
    d.push(Block::Paragraph(format!(
        "Thank you for your request for information. {council} has considered it under the Freedom of Information Act \
         2000. The answers below give the information the council holds as at {}. Where the council does not hold \
         the information, the answer says so.",
        date(pack.as_of)
    )));
    for a in &pack.answers {
        d.push(Block::Heading(format!("Question {}", a.number)));
        d.push(Block::Subheading(a.question.clone()));
        for p in &a.parts {
            if let Some(h) = &p.heading {
                d.push(Block::Paragraph(format!("{h}:")));
            }
            if p.held {
                d.push(Block::Paragraph(p.text.clone()));
            } else {
                d.push(Block::Note(p.text.clone()));
            }
        }
    }
    d.push(Block::Heading("Your right to complain".into()));
    d.push(Block::Paragraph(
        "If you are unhappy with this response you may ask the council for an internal review within 40 working days \
         of the date of this response. If you remain dissatisfied after the review you may complain to the \
         Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF."
            .into(),
    ));
    d
}
