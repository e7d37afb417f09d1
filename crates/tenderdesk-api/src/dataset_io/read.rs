//! A whole dataset parsed at once, and the wording of what is wrong with a file: where (line,
//! column and field) and what, in words an officer can act on.

use tenderdesk_domain::*;

use crate::error::{ApiError, Result};

/// Parses a dataset, naming the line, column and field of the first thing wrong.
pub fn parse(bytes: &[u8], source_name: &str) -> Result<Dataset> {
    let malformed = |message: String| ApiError::Malformed { source_name: source_name.to_owned(), message };
    let bytes = json_text(bytes, source_name)?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let ds: Dataset = match serde_path_to_error::deserialize(&mut de) {
        Ok(ds) => ds,
        Err(e) => {
            let path = e.path().to_string();
            return Err(malformed(located(&path, e.into_inner())));
        }
    };
    de.end().map_err(|e| {
        malformed(format!("line {}, column {}: there is more after the end of the document", e.line(), e.column()))
    })?;
    ds.check_header().map_err(malformed)?;
    Ok(ds)
}

/// The bytes of a dataset as JSON text: UTF-8, without a byte-order mark, starting with `{`.
pub(super) fn json_text<'b>(bytes: &'b [u8], source_name: &str) -> Result<&'b [u8]> {
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
    Ok(bytes)
}

/// A parse error as an officer reads it: where, at which field, and what is wrong.
pub(super) fn located(path: &str, inner: serde_json::Error) -> String {
    let at = if path.is_empty() || path == "." { String::new() } else { format!(", at {path}") };
    let what = if inner.is_eof() {
        "the file ends before the JSON document does (is it cut short?)".to_owned()
    } else {
        inner.to_string().split(" at line ").next().unwrap_or_default().to_owned()
    };
    let what = plain_words(&what);
    format!("line {}, column {}{at}: {what}", inner.line(), inner.column())
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
