//! Project chores, in Rust so they run the same everywhere: `cargo xtask <task>`.
//!
//! - `codegen`          writes docs/dataset.schema.json and ui/src/bindings/*.ts from the Rust types
//! - `codegen --check`  fails if the committed files differ from what the types generate

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(args.iter().any(|a| a == "--check")),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            std::process::exit(2);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_owned).unwrap_or_default()
}

fn codegen(check: bool) -> Result<()> {
    let root = root();
    let mut files = vec![(root.join("docs/dataset.schema.json"), tenderdesk_api::dataset_io::json_schema())];
    for (name, text) in tenderdesk_api::bindings::typescript() {
        files.push((root.join("ui/src/bindings").join(name), text));
    }
    let mut stale = Vec::new();
    for (path, text) in &files {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if &current == text {
            continue;
        }
        if check {
            stale.push(path.strip_prefix(&root).unwrap_or(path).display().to_string());
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            }
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {}", path.strip_prefix(&root).unwrap_or(path).display());
        }
    }
    if !stale.is_empty() {
        bail!("generated files are stale: {}; run `cargo xtask codegen` and commit", stale.join(", "));
    }
    Ok(())
}
