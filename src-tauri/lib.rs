//! The TenderDesk window: Tauri commands that are one-line delegations to `tenderdesk-api`.
//!
//! Each command must also be listed in `src-tauri/build.rs` (which generates its `allow-…`
//! permission) and granted in `capabilities/main-window.json`.

use std::path::PathBuf;

use anyhow::{anyhow, Context as _};
use tauri::State;
use tenderdesk_api::{Api, ArrangementSummary, ErrorDto, OpenOptions};

#[tauri::command]
async fn list_arrangements(api: State<'_, Api>) -> Result<Vec<ArrangementSummary>, ErrorDto> {
    api.arrangement_summaries().map_err(|e| e.to_dto())
}

#[tauri::command]
async fn council_name(api: State<'_, Api>) -> Result<Option<String>, ErrorDto> {
    api.council_name().map_err(|e| e.to_dto())
}

/// Opens the store, loads the demo data into an empty store, and runs the window until it closes.
pub fn run_window(data_dir: Option<PathBuf>, actor: Option<String>) -> anyhow::Result<()> {
    ensure_display()?;
    // `{e}` and not `.context()`: the officer reads one sentence, not the error's source chain.
    let api =
        Api::open(OpenOptions { data_dir, actor }).map_err(|e| anyhow!("cannot open the TenderDesk store: {e}"))?;
    api.load_demo_if_empty().map_err(|e| anyhow!("cannot load the demo data into the empty store: {e}"))?;
    tauri::Builder::default()
        .manage(api)
        .invoke_handler(tauri::generate_handler![list_arrangements, council_name])
        .run(tauri::generate_context!())
        .context("the window stopped with an error")
}

/// GTK aborts the process with an unhelpful message when there is no display: say what to do instead.
fn ensure_display() -> anyhow::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd", target_os = "netbsd"))]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        anyhow::bail!(
            "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); \
             run a subcommand instead (see `tenderdesk --help`), or use xvfb-run"
        );
    }
    Ok(())
}
