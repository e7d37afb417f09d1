//! PLACEHOLDER CONTRACT — being replaced by the real command line. Signatures are final.
use std::path::PathBuf;
use std::process::ExitCode;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "tenderdesk", version, about = "Procurement of adult social care: with no subcommand, opens the window")]
pub struct Cli {
    /// Folder holding the store (default: the platform data directory)
    #[arg(long, global = true, env = "TENDERDESK_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Name recorded in the audit log (default: the OS user)
    #[arg(long, global = true, env = "TENDERDESK_ACTOR")]
    pub actor: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the built-in demo data set into an empty store
    Demo,
}

/// Runs one subcommand; prints a one-line message on stderr on failure.
pub fn run(_cli: &Cli, _command: &Command) -> ExitCode { ExitCode::SUCCESS }
