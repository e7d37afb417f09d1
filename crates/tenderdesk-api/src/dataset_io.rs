//! Reading and writing the dataset document: precise parse errors, stable output.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use sha2::{Digest, Sha256};
use tenderdesk_domain::*;
use tenderdesk_store::{Import, StoreError};

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

/// Reads a dataset record by record into an import, never holding the whole file parsed; refuses
/// a malformed file with the same messages as [`parse`]. On an error the caller drops the import,
/// which undoes whatever it had written.
pub fn parse_into(bytes: &[u8], source_name: &str, import: &mut Import<'_>) -> Result<()> {
    let malformed = |message: String| ApiError::Malformed { source_name: source_name.to_owned(), message };
    let bytes = json_text(bytes, source_name)?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let mut stop = None;
    let read = DatasetSeed { import, stop: &mut stop }
        .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    if let Err(e) = read {
        return Err(match stop {
            Some(Stop::Store(e)) => e.into(),
            Some(Stop::Header(message)) => malformed(message),
            None => malformed(located(&track.path().to_string(), e)),
        });
    }
    de.end().map_err(|e| {
        malformed(format!("line {}, column {}: there is more after the end of the document", e.line(), e.column()))
    })
}

/// The bytes of a dataset as JSON text: UTF-8, without a byte-order mark, starting with `{`.
fn json_text<'b>(bytes: &'b [u8], source_name: &str) -> Result<&'b [u8]> {
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
fn located(path: &str, inner: serde_json::Error) -> String {
    let at = if path.is_empty() || path == "." { String::new() } else { format!(", at {path}") };
    let what = if inner.is_eof() {
        "the file ends before the JSON document does (is it cut short?)".to_owned()
    } else {
        inner.to_string().split(" at line ").next().unwrap_or_default().to_owned()
    };
    let what = plain_words(&what);
    format!("line {}, column {}{at}: {what}", inner.line(), inner.column())
}

/// Why reading stopped other than for the JSON itself.
enum Stop {
    /// The store could not be read or written.
    Store(StoreError),
    /// Not a TenderDesk dataset, or another version of the format.
    Header(String),
}

/// The dataset's top-level fields, as `Dataset` spells them.
const FIELDS: &[&str] = &[
    "format",
    "format_version",
    "authority",
    "providers",
    "arrangements",
    "lots",
    "openings",
    "admissions",
    "rounds",
    "submissions",
    "evaluators",
    "marks",
    "moderated_marks",
    "awards",
    "contracts",
    "activity",
    "spend",
];

/// Reads the top-level object of a dataset, passing each record to the import as it is read.
struct DatasetSeed<'i, 's> {
    import: &'i mut Import<'s>,
    stop: &'i mut Option<Stop>,
}

impl<'de> DeserializeSeed<'de> for DatasetSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_struct("Dataset", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for DatasetSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Dataset")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut seen = [false; FIELDS.len()];
        let mut format: Option<String> = None;
        let mut version: Option<u32> = None;
        while let Some(field) = map.next_key_seed(Field)? {
            if std::mem::replace(&mut seen[field], true) {
                return Err(de::Error::duplicate_field(FIELDS[field]));
            }
            match FIELDS[field] {
                "format" => {
                    let f: String = map.next_value()?;
                    let header = Dataset { format: f.clone(), ..Dataset::default() };
                    if let Err(message) = header.check_header() {
                        *self.stop = Some(Stop::Header(message));
                        return Err(de::Error::custom("not a TenderDesk dataset"));
                    }
                    format = Some(f);
                }
                "format_version" => {
                    let v: u32 = map.next_value()?;
                    let header = Dataset { format_version: v, ..Dataset::default() };
                    if let Err(message) = header.check_header() {
                        *self.stop = Some(Stop::Header(message));
                        return Err(de::Error::custom("another version of the dataset format"));
                    }
                    version = Some(v);
                }
                "authority" => {
                    if let Some(a) = map.next_value::<Option<AuthorityProfile>>()? {
                        if let Err(e) = self.import.add(a) {
                            *self.stop = Some(Stop::Store(e));
                            return Err(de::Error::custom("the store could not be written"));
                        }
                    }
                }
                list => {
                    let import = &mut *self.import;
                    let stop = &mut *self.stop;
                    macro_rules! records {
                        ($($ty:ty),*) => {
                            $(if list == <$ty as Record>::KIND.plural() {
                                map.next_value_seed(Records::<$ty> { import, stop, of: PhantomData })?;
                                continue;
                            })*
                        };
                    }
                    records!(
                        Provider,
                        Arrangement,
                        Lot,
                        Opening,
                        Admission,
                        Round,
                        Submission,
                        Evaluator,
                        Mark,
                        ModeratedMark,
                        AwardDecision,
                        Contract,
                        ActivitySnapshot,
                        SpendEntry
                    );
                    return Err(de::Error::unknown_field(list, FIELDS));
                }
            }
        }
        if format.is_none() {
            return Err(de::Error::missing_field("format"));
        }
        if version.is_none() {
            return Err(de::Error::missing_field("format_version"));
        }
        Ok(())
    }
}

/// A top-level field's name, as its place in [`FIELDS`]; an unknown name is refused while the key
/// is read, so that the error's path names it.
struct Field;

impl<'de> DeserializeSeed<'de> for Field {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Field {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> std::result::Result<usize, E> {
        FIELDS.iter().position(|f| *f == name).ok_or_else(|| E::unknown_field(name, FIELDS))
    }
}

/// Reads one list of records, passing each to the import as soon as it is read.
struct Records<'i, 's, T> {
    import: &'i mut Import<'s>,
    stop: &'i mut Option<Stop>,
    of: PhantomData<T>,
}

impl<'de, T: Listed> DeserializeSeed<'de> for Records<'_, '_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Listed> Visitor<'de> for Records<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(record) = seq.next_element::<T>()? {
            if let Err(e) = self.import.add(record) {
                *self.stop = Some(Stop::Store(e));
                return Err(de::Error::custom("the store could not be written"));
            }
        }
        Ok(())
    }
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
