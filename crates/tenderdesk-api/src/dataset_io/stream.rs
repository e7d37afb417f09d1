//! A dataset read record by record into an import, never holding the whole file parsed: one
//! thread reads the file and sends the records in batches, the importing thread adds them and
//! reports progress.

use std::sync::mpsc;

use serde::de::DeserializeSeed;
use tenderdesk_domain::*;
use tenderdesk_store::{Import, StoreError};

use super::read::{json_text, located};
use super::seed::{DatasetSeed, Stop};
use crate::error::{ApiError, Result};

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
pub(super) struct Feed {
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
pub(super) struct Closed;

impl Feed {
    fn new(bytes: &[u8], tx: mpsc::SyncSender<Sent>) -> Feed {
        Feed { start: bytes.as_ptr() as usize, len: bytes.len(), records: 0, at: 0, batch: Vec::new(), tx }
    }

    /// A record was read; `name` is its first field name when that was read from the file itself.
    pub(super) fn add<T: Listed>(&mut self, record: T, name: Option<&str>) -> std::result::Result<(), Closed> {
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
