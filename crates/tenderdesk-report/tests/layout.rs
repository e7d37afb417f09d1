//! The report layer: tables break cleanly under a repeated header, every page has its header and
//! footer, fonts are embedded and subset, charts are vector, and the bytes are deterministic.

use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};
use tenderdesk_report::*;

fn meta(title: &str) -> Meta {
    Meta {
        council: "Eastshire County Council".into(),
        title: title.into(),
        subject: "A test of the report layer".into(),
        author: "Adult Social Care Commissioning".into(),
        marking: "OFFICIAL".into(),
        created: "2026-11-23T10:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        orientation: Orientation::Portrait,
    }
}

fn long_table(rows: usize) -> Table {
    let mut t = Table::new(vec![
        Column::left("Reference", 2.0),
        Column::left("Provider", 4.0),
        Column::right("Hourly rate", 1.5),
        Column::right("Value", 2.0),
    ]);
    for i in 0..rows {
        let provider = if i % 7 == 3 {
            format!("Provider number {i} with a long trading name that has to wrap onto a second line of its cell")
        } else {
            format!("Provider {i}")
        };
        t.row(vec![format!("ROW-{i:04}"), provider, "£22.35".into(), format!("£{},000.00", 1000 + i)]);
    }
    t
}

fn sample() -> Document {
    let mut d = Document::new(meta("A sample report – £ and en dash"));
    d.push(Block::Title { title: "A sample report".into(), subtitle: Some("Committee: 12 October 2025".into()) });
    d.push(Block::Heading("1. Purpose".into()));
    d.push(Block::Paragraph("Costs are £1,234.56 – a test of the pound sign and en dash. ".repeat(8)));
    d.push(Block::Facts(vec![("Meeting".into(), "12 October 2025".into()), ("Report of".into(), "Director".into())]));
    d.push(Block::Bars(BarChart {
        title: "Spend against the approved cap".into(),
        bars: (1..=6)
            .map(|i| Bar {
                label: format!("Period {i}"),
                value: i as f64 * 10.0,
                value_label: format!("£{i}0.00"),
                highlight: i == 6,
            })
            .collect(),
        reference: Some((55.0, "Approved cap £55.00".into())),
        highlight_means: Some("Over the cap".into()),
    }));
    d.push(Block::Timeline(Timeline {
        title: "Contracts and their options".into(),
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        today_label: "Meeting 23 November 2026".into(),
        rows: vec![TimelineRow {
            label: "Framework".into(),
            segments: vec![
                Segment {
                    from: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
                    to: NaiveDate::from_ymd_opt(2028, 5, 31).unwrap(),
                    kind: SegmentKind::Initial,
                },
                Segment {
                    from: NaiveDate::from_ymd_opt(2028, 6, 1).unwrap(),
                    to: NaiveDate::from_ymd_opt(2029, 5, 31).unwrap(),
                    kind: SegmentKind::Available,
                },
            ],
        }],
    }));
    d.push(Block::Heading("Appendix A. Every row".into()));
    d.push(Block::Table(long_table(120)));
    d
}

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(name)
        .args(args)
        .arg(&path)
        .args(if name == "pdftotext" { vec!["-"] } else { vec![] })
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{name} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The text of each page, as pdftotext reads it.
fn pages(pdf: &[u8]) -> Vec<String> {
    let text = tool("pdftotext", &["-layout"], pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn the_same_document_and_creation_time_give_the_same_bytes() {
    let a = sample().render().unwrap();
    let b = sample().render().unwrap();
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, b);
    let mut later = sample();
    later.meta.created = "2026-11-24T10:00:00Z".parse().unwrap();
    assert_ne!(later.render().unwrap(), a, "the creation date is part of the document");
}

#[test]
fn a_long_table_repeats_its_header_on_every_page_and_cuts_no_row() {
    let pdf = sample().render().unwrap();
    let pages = pages(&pdf);
    assert!(pages.len() >= 4, "120 rows take several pages, got {}", pages.len());
    let table_pages: Vec<&String> = pages.iter().filter(|p| p.contains("ROW-")).collect();
    assert!(table_pages.len() >= 3);
    for p in &table_pages {
        assert!(p.contains("Reference") && p.contains("Hourly rate"), "a table page without the header row:\n{p}");
    }
    // Every row appears exactly once, whole: its reference and its value on the same line.
    let all = pages.join("\n");
    for i in 0..120 {
        let r = format!("ROW-{i:04}");
        let lines: Vec<&str> = all.lines().filter(|l| l.contains(&r)).collect();
        assert_eq!(lines.len(), 1, "{r} appears {} times", lines.len());
        assert!(lines[0].contains(&format!("£{},000.00", 1000 + i)), "{r} is cut: {}", lines[0]);
    }
}

#[test]
fn every_page_has_the_council_the_marking_and_page_n_of_m() {
    let pdf = sample().render().unwrap();
    let pages = pages(&pdf);
    let m = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("Eastshire County Council"), "page {} has no header", i + 1);
        assert_eq!(p.matches("OFFICIAL").count(), 2, "page {} needs the marking at top and bottom", i + 1);
        assert!(p.contains(&format!("Page {} of {m}", i + 1)), "page {} has no page number", i + 1);
    }
}

#[test]
fn fonts_are_embedded_subset_and_render_pound_and_en_dash() {
    let pdf = sample().render().unwrap();
    let fonts = tool("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "regular and bold:\n{fonts}");
    for r in rows {
        assert!(r.contains("+DejaVuSans"), "subset tag missing: {r}");
        let cols: Vec<&str> = r.split_whitespace().collect();
        // name type encoding emb sub uni ...
        let yes: Vec<&&str> = cols.iter().filter(|c| **c == "yes").collect();
        assert!(yes.len() >= 3, "embedded, subset and with a Unicode map: {r}");
    }
    let text = pages(&pdf).join("\n");
    assert!(text.contains("Costs are £1,234.56 – a test"), "£ and – must survive: {text}");
}

#[test]
fn metadata_carries_title_author_subject_and_creation_date() {
    let pdf = sample().render().unwrap();
    let info = tool("pdfinfo", &["-isodates"], &pdf);
    assert!(info.contains("A sample report – £ and en dash"), "{info}");
    assert!(info.contains("Adult Social Care Commissioning"), "{info}");
    assert!(info.contains("A test of the report layer"), "{info}");
    assert!(info.contains("2026-11-23T10:00:00"), "{info}");
}

#[test]
fn charts_are_drawn_as_vector_paths_with_their_labels() {
    let mut d = Document::new(meta("Chart only"));
    d.push(Block::Bars(BarChart {
        title: "Providers per zone".into(),
        bars: vec![
            Bar { label: "N1 Northgate".into(), value: 12.0, value_label: "12".into(), highlight: false },
            Bar { label: "N3 Harling Moor".into(), value: 2.0, value_label: "2".into(), highlight: true },
        ],
        reference: None,
        highlight_means: Some("Weakest zone".into()),
    }));
    let pdf = d.render().unwrap();
    let text = pages(&pdf).join("\n");
    for label in ["Providers per zone", "N1 Northgate", "N3 Harling Moor", "Weakest zone"] {
        assert!(text.contains(label), "{label} missing");
    }
    // No images at all: everything is paths and text.
    let images = tool("pdfimages", &["-list"], &pdf);
    assert_eq!(images.lines().count(), 2, "no images expected:\n{images}");
}

#[test]
fn a_row_taller_than_a_page_is_carried_over_not_lost() {
    let mut t = Table::new(vec![Column::left("Criterion", 1.0), Column::left("Justification", 4.0)]);
    t.row(vec!["Q1".into(), "word ".repeat(3000) + "THE-END"]);
    let mut d = Document::new(meta("Tall row"));
    d.push(Block::Table(t));
    let pdf = d.render().unwrap();
    let pages = pages(&pdf);
    assert!(pages.len() >= 2);
    assert!(pages.last().unwrap().contains("THE-END"));
    for p in &pages {
        assert!(p.contains("Justification"), "header missing on a continued page");
    }
}

#[test]
#[ignore = "writes /tmp/report-sample.pdf to look at"]
fn write_sample() {
    std::fs::write("/tmp/report-sample.pdf", sample().render().unwrap()).unwrap();
}
