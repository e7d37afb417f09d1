//! The window's commands, one file per screen, each a one-line delegation to `tenderdesk_api`
//! run off the main thread (`crate::runtime`), so the window never freezes. File actions take the
//! window's dialogs (`crate::dialogs::Dialogs`) as the API's destination.
//!
//! Every command is named in `COMMANDS` (which `build.rs` also reads, generating each one's
//! `allow-…` permission) and granted in `capabilities/main-window.json`; a test checks the three
//! agree. Arguments are snake_case on the JavaScript side too (`rename_all = "snake_case"`).

pub mod arrangements;
pub mod contracts;
pub mod dashboard;
pub mod files;
pub mod market;
pub mod reports;
pub mod rounds;
pub mod settings;

pub use crate::runtime::{run, today, Shared};
