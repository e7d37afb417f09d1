//! The JSON Schema of the dataset document (docs/dataset.schema.json).

use tenderdesk_domain::*;

/// The JSON Schema of the dataset document, generated from the Rust types.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Dataset);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
