//! Plain-text output for people: aligned lists and `field: value` views of records.

use std::io::{self, Write};

use tenderdesk_api::{RecordSummary, Shown};
use tenderdesk_domain::Kind;

pub fn counts(out: &mut dyn Write, counts: &[(Kind, usize)]) -> io::Result<()> {
    for (kind, n) in counts {
        writeln!(out, "  {:<16} {n:>8}", kind.plural())?;
    }
    Ok(())
}

pub fn summaries(out: &mut dyn Write, kind: Kind, rows: &[RecordSummary]) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "No {} in the store.", kind.plural().replace('_', " "));
    }
    let key_w = rows.iter().map(|r| r.key.chars().count()).max().unwrap_or(3).max(3);
    let id_w = rows.iter().map(|r| r.id.to_string().len()).max().unwrap_or(2).max(2);
    writeln!(out, "{:>id_w$}  {:<key_w$}  TITLE", "ID", "KEY")?;
    for r in rows {
        writeln!(out, "{:>id_w$}  {:<key_w$}  {}", r.id, r.key, r.title)?;
    }
    Ok(())
}

pub fn shown(out: &mut dyn Write, s: &Shown) -> io::Result<()> {
    writeln!(out, "{} id {}", s.kind.singular(), s.id)?;
    let mut lines = Vec::new();
    flatten("", &s.record, &mut lines);
    let w = lines.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    for (k, v) in lines {
        writeln!(out, "  {k:<w$}  {v}")?;
    }
    if !s.history.is_empty() {
        writeln!(out, "history:")?;
        for h in &s.history {
            writeln!(out, "  #{} {} {} by {}", h.seq, h.at, h.action, h.actor)?;
        }
    }
    Ok(())
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&p, v, out);
            }
        }
        serde_json::Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        serde_json::Value::Array(_) => out.push((prefix.to_owned(), "(none)".into())),
        serde_json::Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}
