//! Subcommands: rounds.

use std::io::Write;

use clap::Subcommand;
use tenderdesk_api::Api;

use crate::CliError;

#[derive(Debug, Subcommand)]
pub enum RoundsCommand {}

pub fn execute(_api: &Api, command: &RoundsCommand, _out: &mut dyn Write) -> Result<(), CliError> {
    match *command {}
}
