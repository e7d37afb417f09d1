//! Project chores, in Rust so they run the same everywhere: `cargo xtask <task>`.
//!
//! - `codegen`          writes docs/dataset.schema.json and ui/src/bindings/*.ts from the Rust types
//!   (and removes any .ts file there that no type generates)
//! - `codegen --check`  fails if the committed files differ from what the types generate
//!
//! Either fails, writing nothing, when a type cannot be generated.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tenderdesk_api::codegen;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => run_codegen(args.iter().any(|a| a == "--check")),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            std::process::exit(2);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_owned).unwrap_or_default()
}

fn run_codegen(check: bool) -> Result<()> {
    let root = root();
    let files = codegen::generated().context("code generation failed; nothing was written")?;
    if check {
        let stale = codegen::compare(&root, &files)?;
        if !stale.is_empty() {
            bail!("generated files are stale ({stale}); run `cargo xtask codegen` and commit");
        }
        return Ok(());
    }
    for path in codegen::write(&root, &files)? {
        println!("wrote {path}");
    }
    Ok(())
}
