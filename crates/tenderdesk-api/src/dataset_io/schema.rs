//! The JSON Schema of the dataset document (docs/dataset.schema.json).

use tenderdesk_domain::*;

/// The JSON Schema of the dataset document, generated from the Rust types; an error rather than
/// an empty schema when it cannot be written out.
pub fn json_schema() -> std::result::Result<String, serde_json::Error> {
    let schema = schemars::schema_for!(Dataset);
    let mut s = serde_json::to_string_pretty(&schema)?;
    s.push('\n');
    Ok(s)
}
