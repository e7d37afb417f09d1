//! Subcommands: market.

use std::io::Write;

use clap::Subcommand;
use tenderdesk_api::Api;

use crate::CliError;

#[derive(Debug, Subcommand)]
pub enum MarketCommand {}

pub fn execute(_api: &Api, command: &MarketCommand, _out: &mut dyn Write) -> Result<(), CliError> {
    match *command {}
}
