//! The TypeScript types of everything that crosses to the window, generated from the Rust types
//! by ts-rs. `cargo xtask codegen` writes them to `ui/src/bindings/`; a test fails when the
//! committed files differ, so the two cannot drift.

use ts_rs::{Config, TS};

use crate::{ArrangementSummary, ErrorCode, ErrorDto, ProblemDto, RecordSummary};

/// Each binding as (file name, TypeScript source).
pub fn typescript() -> Vec<(String, String)> {
    let cfg = Config::new().with_large_int("number");
    let mut all = vec![
        one::<ArrangementSummary>(&cfg),
        one::<RecordSummary>(&cfg),
        one::<ErrorDto>(&cfg),
        one::<ErrorCode>(&cfg),
        one::<ProblemDto>(&cfg),
    ];
    all.extend(crate::market::typescript(&cfg));
    all.extend(crate::lists::typescript(&cfg));
    all.extend(crate::calendar::typescript(&cfg));
    all.extend(crate::rounds::typescript(&cfg));
    all.extend(crate::screens::typescript(&cfg));
    all.extend(crate::forms::typescript(&cfg));
    all
}

/// One binding: its file name and its TypeScript source.
pub(crate) fn one<T: TS + 'static>(cfg: &Config) -> (String, String) {
    let name = T::output_path().map(|p| p.display().to_string()).unwrap_or_else(|| format!("{}.ts", T::name(cfg)));
    let text = T::export_to_string(cfg).unwrap_or_else(|e| format!("// cannot export: {e}\n"));
    (name, text)
}
