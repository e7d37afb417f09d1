// In release builds on Windows, do not open a console window behind the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

/// mimalloc rather than the system allocator: measured 16.1 s → see docs/PERFORMANCE.md for the
/// large import, whose many small allocations glibc served slowly.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = tenderdesk_cli::parse();
    match &cli.command {
        // The command line never touches GTK or the display.
        Some(command) => tenderdesk_cli::run(&cli, command),
        None => match tenderdesk_app::run_window(cli.data_dir.clone(), cli.actor.clone()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("tenderdesk: {error:#}");
                ExitCode::FAILURE
            }
        },
    }
}
