//! The Transparency Code contract register as a landscape table: the register's own rows (as
//! the CSV export writes them), the columns a reader scans, money and dates written for people.

use chrono::{DateTime, NaiveDate, Utc};
use tenderdesk_domain::Money;

use crate::format::{count, date, pounds};
use crate::{Block, Column, Document, Meta, Orientation, Table};

/// The register's columns shown in print (CSV column name, heading, width, right-aligned).
pub const PRINTED: [(&str, &str, f32, bool); 11] = [
    ("Contract reference number", "Reference", 3.2, false),
    ("Title of agreement", "Title", 3.6, false),
    ("Supplier name", "Supplier", 3.0, false),
    ("Framework or arrangement reference", "Arrangement", 2.1, false),
    ("Sum to be paid over the length of the contract", "Total value", 1.7, true),
    ("Estimated annual spending", "Annual value", 1.6, true),
    ("Contract start date", "Start", 1.4, false),
    ("Contract end date", "End", 1.4, false),
    ("Latest end date with all extensions", "Latest end", 1.4, false),
    ("Contract status", "Status", 1.3, false),
    ("SME", "SME", 0.8, false),
];

/// A register cell as printed: plain pounds become "£1,234.56", ISO dates "1 June 2025".
pub fn cell(column: &str, raw: &str) -> String {
    if raw.is_empty() {
        return "–".into();
    }
    if column.starts_with("Sum") || column.starts_with("Estimated") {
        return Money::parse(raw).map(pounds).unwrap_or_else(|_| raw.to_owned());
    }
    if column.contains("date") {
        return NaiveDate::parse_from_str(raw, "%Y-%m-%d").map(date).unwrap_or_else(|_| raw.to_owned());
    }
    raw.to_owned()
}

/// `header` and `rows` are the register's CSV header and rows.
pub fn register(
    council: &str,
    author: &str,
    as_of: NaiveDate,
    header: &[String],
    rows: &[Vec<String>],
    created: DateTime<Utc>,
) -> Document {
    let mut d = Document::new(Meta {
        council: council.to_owned(),
        title: format!("Contract register as at {}", date(as_of)),
        subject: "Local Government Transparency Code 2015: contracts".into(),
        author: author.to_owned(),
        marking: "OFFICIAL".into(),
        created,
        orientation: Orientation::Landscape,
    });
    d.push(Block::Title {
        title: format!("Contract register as at {}", date(as_of)),
        subtitle: Some(format!(
            "{council} – adult social care contracts under the Local Government Transparency Code 2015"
        )),
    });
    d.push(Block::Paragraph(format!(
        "{} contracts that had started by {}. The full register, with every column the Code asks for (supplier \
         address, company and charity numbers, irrecoverable VAT, review date, procurement route, VCSE status), is \
         published as open data (CSV).",
        count(rows.len()),
        date(as_of)
    )));
    let idx: Vec<Option<usize>> = PRINTED.iter().map(|(name, ..)| header.iter().position(|h| h == name)).collect();
    let mut t = Table::new(
        PRINTED
            .iter()
            .map(|(_, h, w, right)| if *right { Column::right(h, *w) } else { Column::left(h, *w) })
            .collect(),
    );
    t.size = 7.5;
    for r in rows {
        t.row(
            PRINTED
                .iter()
                .zip(&idx)
                .map(|((name, ..), i)| cell(name, i.and_then(|i| r.get(i)).map(String::as_str).unwrap_or("")))
                .collect(),
        );
    }
    d.push(Block::Table(t));
    d
}
