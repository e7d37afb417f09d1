//! Subcommands: calendar.

use std::io::Write;

use clap::Subcommand;
use tenderdesk_api::Api;

use crate::CliError;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {}

pub fn execute(_api: &Api, command: &CalendarCommand, _out: &mut dyn Write) -> Result<(), CliError> {
    match *command {}
}
