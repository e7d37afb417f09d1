//! The exported dataset document: pretty JSON, two-space indent, ending in a newline.

use sha2::{Digest, Sha256};
use tenderdesk_domain::*;

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
