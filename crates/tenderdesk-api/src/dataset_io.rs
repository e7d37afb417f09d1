//! Reading and writing the dataset document: precise parse errors, stable output.

use sha2::{Digest, Sha256};
use tenderdesk_domain::Dataset;

use crate::error::{ApiError, Result};

/// Parses a dataset, naming the line, column and field of the first thing wrong.
pub fn parse(bytes: &[u8], source_name: &str) -> Result<Dataset> {
    let malformed = |message: String| ApiError::Malformed { source_name: source_name.to_owned(), message };
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(malformed(format!("the file is not UTF-8 text (bad byte at offset {})", e.valid_up_to())));
    }
    // A byte-order mark, as Windows editors write at the start of a file, is not part of the JSON.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|b| !b.is_ascii_whitespace()).filter(|at| bytes[*at] != b'{') {
        let (first, (line, column)) = (bytes[at], line_and_column(bytes, at));
        return Err(malformed(format!(
            "line {line}, column {column}: a dataset is a JSON object, starting with {{, but this file starts with {}",
            if first.is_ascii_graphic() { format!("\"{}\"", first as char) } else { format!("the byte {first:#04x}") }
        )));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let ds: Dataset = match serde_path_to_error::deserialize(&mut de) {
        Ok(ds) => ds,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let at = if path.is_empty() || path == "." { String::new() } else { format!(", at {path}") };
            let what = if inner.is_eof() {
                "the file ends before the JSON document does (is it cut short?)".to_owned()
            } else {
                inner.to_string().split(" at line ").next().unwrap_or_default().to_owned()
            };
            let what = plain_words(&what);
            return Err(malformed(format!("line {}, column {}{at}: {what}", inner.line(), inner.column())));
        }
    };
    de.end().map_err(|e| {
        malformed(format!("line {}, column {}: there is more after the end of the document", e.line(), e.column()))
    })?;
    ds.check_header().map_err(malformed)?;
    Ok(ds)
}

/// Puts the date library's terse messages into words an officer can act on.
fn plain_words(message: &str) -> String {
    let replaced = match message {
        "input is out of range" => "this date does not exist in the calendar (check the day and the month)",
        "input contains invalid characters" | "premature end of input" | "trailing input" => {
            "this is not a date written as YYYY-MM-DD (or a time written as 2025-06-13T11:00:00Z)"
        }
        "expected value" => {
            "a JSON value (text in quotes, a number, true, false, null, a list or an object) should be here"
        }
        _ => {
            if let Some(field) = message.strip_prefix("duplicate field ") {
                return format!("the field {field} is given twice in the same record");
            }
            message
        }
    };
    replaced.to_owned()
}

/// The line and column (from 1) of a byte offset, as serde_json counts them.
fn line_and_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = offset - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, column)
}

/// The dataset as the exported document: pretty JSON, two-space indent, ending in a newline.
pub fn to_json(ds: &Dataset) -> String {
    let mut s = serde_json::to_string_pretty(ds).unwrap_or_default();
    s.push('\n');
    s
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The JSON Schema of the dataset document, generated from the Rust types.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Dataset);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
