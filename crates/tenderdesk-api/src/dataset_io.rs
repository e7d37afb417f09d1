//! Reading and writing the dataset document: precise parse errors, stable output.

use std::fmt;
use std::marker::PhantomData;
use std::sync::mpsc;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
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
    parse_into_with_progress(bytes, source_name, import, &mut |_| {})
}

/// How far a read of a dataset has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    /// Records read so far (the authority profile counts as one).
    pub records: u64,
    /// Bytes of the file read so far (up to the latest record read), of `bytes_total`.
    pub bytes_read: u64,
    pub bytes_total: u64,
}

impl ImportProgress {
    /// The share of the file read, from 0 to 100.
    pub fn percent(&self) -> u32 {
        if self.bytes_total == 0 {
            return 100;
        }
        (self.bytes_read.min(self.bytes_total) * 100 / self.bytes_total) as u32
    }
}

/// How many records are read between two reports of progress.
pub const PROGRESS_EVERY: u64 = 500;

/// As [`parse_into`], calling `on_progress` every [`PROGRESS_EVERY`] records read and once more
/// when the whole file is read (then with every record and every byte), so the counts it is given
/// only ever grow. Nothing is reported for a file refused before its first record.
pub fn parse_into_with_progress(
    bytes: &[u8],
    source_name: &str,
    import: &mut Import<'_>,
    on_progress: &mut dyn FnMut(ImportProgress),
) -> Result<()> {
    let text = json_text(bytes, source_name)?;
    // Two threads: this one feeds the import (which holds the store's writer lock and stays
    // here), a second reads the file and sends the records over in batches, so parsing the next
    // records overlaps checking and staging the last ones.
    let (tx, rx) = mpsc::sync_channel::<Sent>(BATCHES_IN_FLIGHT);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_records(bytes, text, source_name, tx));
        let mut refused = None;
        'feed: while let Ok(sent) = rx.recv() {
            match sent {
                Sent::Records(batch) => {
                    for add in batch {
                        if let Err(e) = add(import) {
                            refused = Some(e);
                            break 'feed;
                        }
                    }
                }
                Sent::Progress(p) => on_progress(p),
            }
        }
        // The reader stops at its next send once nothing receives.
        drop(rx);
        let read = match reader.join() {
            Ok(read) => read,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match refused {
            Some(e) => Err(e.into()),
            None => read,
        }
    })
}

/// How many batches of records the reader may be ahead of the import.
const BATCHES_IN_FLIGHT: usize = 8;

/// One record, read, for the import to add on the importing thread.
type Add = Box<dyn FnOnce(&mut Import<'_>) -> std::result::Result<(), StoreError> + Send>;

/// What the reader sends the importing thread.
enum Sent {
    /// Records in file order, [`PROGRESS_EVERY`] at most.
    Records(Vec<Add>),
    /// How far the reader has got: sent after the records it counts.
    Progress(ImportProgress),
}

/// The reading thread: parses the whole document, sending its records on as they are read.
fn read_records(bytes: &[u8], text: &[u8], source_name: &str, tx: mpsc::SyncSender<Sent>) -> Result<()> {
    let malformed = |message: String| ApiError::Malformed { source_name: source_name.to_owned(), message };
    let mut feed = Feed::new(bytes, tx);
    let mut de = serde_json::Deserializer::from_slice(text);
    let mut track = serde_path_to_error::Track::new();
    let mut stop = None;
    let read = DatasetSeed { feed: &mut feed, stop: &mut stop }
        .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    if let Err(e) = read {
        if let Some(Stop::Closed) = stop {
            // The importing thread stopped taking records; it has the reason.
            return Ok(());
        }
        // The records read before the fault go to the import first, so that a failure of the
        // store on one of them is reported, as it came first in the file.
        let _ = feed.send_records();
        return Err(match stop {
            Some(Stop::Header(message)) => malformed(message),
            _ => malformed(located(&track.path().to_string(), e)),
        });
    }
    de.end().map_err(|e| {
        malformed(format!("line {}, column {}: there is more after the end of the document", e.line(), e.column()))
    })?;
    // A closed channel here means the import failed on one of the last records: it says why.
    let _ = feed.finished();
    Ok(())
}

/// The records read, batched for the importing thread, with a count of them and where in the file
/// the latest one starts, reported as progress.
struct Feed {
    /// The address of the file's first byte and its length: a record's first field name, read
    /// straight from the file, lies between them.
    start: usize,
    len: usize,
    records: u64,
    at: usize,
    batch: Vec<Add>,
    tx: mpsc::SyncSender<Sent>,
}

/// The importing thread has stopped taking records.
struct Closed;

impl Feed {
    fn new(bytes: &[u8], tx: mpsc::SyncSender<Sent>) -> Feed {
        Feed { start: bytes.as_ptr() as usize, len: bytes.len(), records: 0, at: 0, batch: Vec::new(), tx }
    }

    /// A record was read; `name` is its first field name when that was read from the file itself.
    fn add<T: Listed>(&mut self, record: T, name: Option<&str>) -> std::result::Result<(), Closed> {
        if let Some(offset) = name.map(|n| (n.as_ptr() as usize).wrapping_sub(self.start)).filter(|o| *o <= self.len) {
            self.at = self.at.max(offset);
        }
        self.batch.push(Box::new(move |import: &mut Import<'_>| import.add(record)));
        self.records += 1;
        if self.records.is_multiple_of(PROGRESS_EVERY) {
            self.send()?;
        }
        Ok(())
    }

    fn finished(&mut self) -> std::result::Result<(), Closed> {
        self.at = self.len;
        self.send()
    }

    /// Sends the records read since the last send, then the progress they make.
    fn send(&mut self) -> std::result::Result<(), Closed> {
        self.send_records()?;
        let progress =
            ImportProgress { records: self.records, bytes_read: self.at as u64, bytes_total: self.len as u64 };
        self.tx.send(Sent::Progress(progress)).map_err(|_| Closed)
    }

    /// Sends the records read since the last send.
    fn send_records(&mut self) -> std::result::Result<(), Closed> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(PROGRESS_EVERY as usize));
        self.tx.send(Sent::Records(batch)).map_err(|_| Closed)
    }
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
    /// The importing thread stopped taking records (the store could not be read or written).
    Closed,
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
struct DatasetSeed<'i> {
    feed: &'i mut Feed,
    stop: &'i mut Option<Stop>,
}

impl<'de> DeserializeSeed<'de> for DatasetSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_struct("Dataset", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for DatasetSeed<'_> {
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
                        if self.feed.add(a, None).is_err() {
                            *self.stop = Some(Stop::Closed);
                            return Err(de::Error::custom("the store could not be written"));
                        }
                    }
                }
                list => {
                    let feed = &mut *self.feed;
                    let stop = &mut *self.stop;
                    macro_rules! records {
                        ($($ty:ty),*) => {
                            $(if list == <$ty as Record>::KIND.plural() {
                                map.next_value_seed(Records::<$ty> { feed, stop, of: PhantomData })?;
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
struct Records<'i, T> {
    feed: &'i mut Feed,
    stop: &'i mut Option<Stop>,
    of: PhantomData<T>,
}

impl<'de, T: Listed> DeserializeSeed<'de> for Records<'_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Listed> Visitor<'de> for Records<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some((record, name)) = seq.next_element_seed(Located::<T>(PhantomData))? {
            if self.feed.add(record, name).is_err() {
                *self.stop = Some(Stop::Closed);
                return Err(de::Error::custom("the store could not be written"));
            }
        }
        Ok(())
    }
}

/// Reads one record as `T` would be read, and also gives its first field name when that is read
/// straight from the file (no escapes), so the name's address says where in the file the record
/// is. The record is read by `T` itself from the same deserializer, so its errors are unchanged.
struct Located<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Located<T> {
    type Value = (T, Option<&'de str>);

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Located<T> {
    type Value = (T, Option<&'de str>);

    /// As serde's derived records say it ("struct Provider"), for a value that is not a record.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<T>();
        write!(f, "struct {}", name.rsplit("::").next().unwrap_or(name))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        let first = map.next_key_seed(FieldName)?;
        let at = match &first {
            Some(FieldNameRead::InFile(name)) => Some(*name),
            _ => None,
        };
        let record = T::deserialize(de::value::MapAccessDeserializer::new(FirstKeyRead { first, map }))?;
        Ok((record, at))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Self::Value, A::Error> {
        Ok((T::deserialize(de::value::SeqAccessDeserializer::new(seq))?, None))
    }
}

/// A field name as read: borrowed from the file, or rebuilt (it had escapes).
enum FieldNameRead<'de> {
    InFile(&'de str),
    Rebuilt(String),
}

struct FieldName;

impl<'de> DeserializeSeed<'de> for FieldName {
    type Value = FieldNameRead<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for FieldName {
    type Value = FieldNameRead<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
        Ok(FieldNameRead::InFile(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(FieldNameRead::Rebuilt(v.to_owned()))
    }
}

/// A record's fields with the first name already read: hands that name back first, then the rest.
struct FirstKeyRead<'de, A> {
    first: Option<FieldNameRead<'de>>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FirstKeyRead<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> std::result::Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(FieldNameRead::InFile(name)) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::<A::Error>::new(name)).map(Some)
            }
            Some(FieldNameRead::Rebuilt(name)) => {
                seed.deserialize(de::value::StringDeserializer::<A::Error>::new(name)).map(Some)
            }
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> std::result::Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
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

/// Writes the dataset as the exported document, as [`to_json`] gives it, straight to `out`: a
/// large county's 592 MB are never held as one string.
pub fn write_json(ds: &Dataset, mut out: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, ds)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The dataset as the exported document: pretty JSON, two-space indent, ending in a newline —
/// what [`write_json`] writes, held in memory.
pub fn to_json(ds: &Dataset) -> String {
    let mut out = Vec::new();
    if write_json(ds, &mut out).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The JSON Schema of the dataset document, generated from the Rust types; an error rather than
/// an empty schema when it cannot be written out.
pub fn json_schema() -> std::result::Result<String, serde_json::Error> {
    let schema = schemars::schema_for!(Dataset);
    let mut s = serde_json::to_string_pretty(&schema)?;
    s.push('\n');
    Ok(s)
}
