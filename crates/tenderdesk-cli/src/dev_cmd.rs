//! Subcommands: dev.

use std::io::Write;

use clap::Subcommand;
use tenderdesk_api::Api;

use crate::CliError;

#[derive(Debug, Subcommand)]
pub enum DevCommand {}

pub fn execute(_api: &Api, command: &DevCommand, _out: &mut dyn Write) -> Result<(), CliError> {
    match *command {}
}
