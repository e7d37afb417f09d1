//! Reading and writing the dataset document: precise parse errors, stable output.
//!
//! `read` parses a whole document, naming where it is wrong; `stream` feeds a document record by
//! record into an import (read on a second thread), through the serde visitors of `seed`; `write`
//! writes the exported document; `schema` gives its JSON Schema.

mod read;
mod schema;
mod seed;
mod stream;
mod write;

pub use read::parse;
pub use schema::json_schema;
pub use stream::{parse_into, parse_into_with_progress, ImportProgress, PROGRESS_EVERY};
pub use write::{sha256_hex, to_json, write_json};
