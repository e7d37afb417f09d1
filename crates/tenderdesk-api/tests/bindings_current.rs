//! The generated files that are committed — the window's TypeScript bindings and the dataset's
//! JSON Schema — are what the Rust types generate now, so `cargo test` fails as soon as a view
//! changes without `cargo xtask codegen`; and the comparison does notice a file changed, missing
//! or left over.

use std::path::{Path, PathBuf};

use tenderdesk_api::codegen::{self, BINDINGS_DIR, SCHEMA_FILE};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_committed_bindings_and_schema_are_what_the_types_generate() {
    let files = codegen::generated().expect("every binding and the schema generate");
    let stale = codegen::compare(&repository(), &files).unwrap();
    assert!(stale.is_empty(), "{stale}: run `cargo xtask codegen` and commit the result");
}

#[test]
fn a_changed_missing_or_extra_generated_file_is_found() {
    let files = codegen::generated().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert_eq!(codegen::write(root, &files).unwrap().len(), files.len(), "everything is written to an empty root");
    assert!(codegen::compare(root, &files).unwrap().is_empty());

    let bindings = root.join(BINDINGS_DIR);
    std::fs::write(bindings.join("RoundView.ts"), "// edited by hand\n").unwrap();
    std::fs::remove_file(bindings.join("SubmissionStatus.ts")).unwrap();
    std::fs::write(bindings.join("Gone.ts"), "export type Gone = string;\n").unwrap();
    std::fs::write(root.join(SCHEMA_FILE), "{}\n").unwrap();
    let stale = codegen::compare(root, &files).unwrap();
    let binding = |name: &str| format!("{BINDINGS_DIR}/{name}");
    assert_eq!(stale.differing, [SCHEMA_FILE.to_owned(), binding("RoundView.ts")]);
    assert_eq!(stale.missing, [binding("SubmissionStatus.ts")]);
    assert_eq!(stale.extra, [binding("Gone.ts")]);

    // Writing again puts each right and takes the stray file away.
    let changed = codegen::write(root, &files).unwrap();
    assert_eq!(changed.len(), 4, "{changed:?}");
    assert!(codegen::compare(root, &files).unwrap().is_empty());
    assert!(!bindings.join("Gone.ts").exists());
}
