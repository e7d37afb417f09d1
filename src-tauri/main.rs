// In release builds on Windows, do not open a console window behind the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

/// mimalloc rather than the system allocator: an import's millions of small allocations cost
/// glibc a third of its CPU (the large import: 16.1 s → 14.2 s; docs/PERFORMANCE.md).
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
