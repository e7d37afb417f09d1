//! Subcommands: dev (synthetic data sets; a stream of changes for the durability test).

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use tenderdesk_api::dev::{Churned, Scale, Shape};
use tenderdesk_api::{Api, OpenOptions};

use crate::{print, Cli, CliError};

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Tools for developers: synthetic data sets
    #[command(subcommand)]
    Dev(Dev),
}

#[derive(Debug, Subcommand)]
pub enum Dev {
    /// Write a synthetic data set in the dataset format (needs no store)
    Generate {
        /// small (about 20,000 records, for tests) or large (a decade of a large county: 1.5
        /// million marks, about 1.9 million records)
        #[arg(long)]
        scale: Scale,
        /// Where to write it
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The same seed always gives the same file
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Add and rename providers one change at a time, printing each committed change (for the
    /// durability test)
    #[command(hide = true)]
    Churn {
        /// Keys are PREFIX-0, PREFIX-1, …
        #[arg(long)]
        prefix: String,
        /// How many providers to add (each is then renamed)
        #[arg(long)]
        count: usize,
    },
}

pub fn execute(cli: &Cli, command: &DevCommand, out: &mut dyn Write) -> Result<(), CliError> {
    let DevCommand::Dev(dev) = command;
    match dev {
        Dev::Generate { scale, out: path, seed } => {
            let counts = tenderdesk_api::dev::generate(&Shape::of(*scale), *seed, path)?;
            let total: usize = counts.iter().map(|(_, n)| n).sum();
            writeln!(out, "Wrote {total} records to {} (seed {seed}).", path.display())?;
            print::counts(out, &counts)?;
        }
        Dev::Churn { prefix, count } => {
            let api = Api::open(OpenOptions { data_dir: cli.data_dir.clone(), actor: cli.actor.clone() })?;
            let mut failed = None;
            api.churn(prefix, *count, |what, key| {
                let line = match what {
                    Churned::Inserted => format!("committed insert {key}"),
                    Churned::Renamed => format!("committed rename {key}"),
                };
                if let Err(e) = writeln!(out, "{line}").and_then(|_| out.flush()) {
                    failed.get_or_insert(e);
                }
            })?;
            if let Some(e) = failed {
                return Err(e.into());
            }
        }
    }
    Ok(())
}
