//! The TenderDesk window: Tauri commands that are one-line delegations to `tenderdesk-api`
//! (`commands/`, one module per screen), how they run (`runtime.rs`: off the main thread, on the
//! open store), native dialogs opened from Rust as the API's file destination (`dialogs.rs`),
//! and the launch-to-ready measurement (`startup.rs`).
//!
//! Each command must also be listed in `COMMANDS` (read by `build.rs`, which generates its
//! `allow-…` permission) and granted in `capabilities/main-window.json`; `tests/capabilities.rs`
//! checks that the three agree.

pub mod commands;
pub mod dialogs;
pub mod runtime;
pub mod startup;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{anyhow, Context as _};
use tenderdesk_api::files::OpenStore;
use tenderdesk_api::{Api, OpenOptions};

include!("command_list.rs");

/// Opens the store, loads the demo data into an empty store, and runs the window until it closes.
pub fn run_window(data_dir: Option<PathBuf>, actor: Option<String>) -> anyhow::Result<()> {
    startup::mark_start();
    ensure_display()?;
    // `{e}` and not `.context()`: the officer reads one sentence, not the error's source chain.
    let api =
        Api::open(OpenOptions { data_dir, actor }).map_err(|e| anyhow!("cannot open the TenderDesk store: {e}"))?;
    api.load_demo_if_empty().map_err(|e| anyhow!("cannot load the demo data into the empty store: {e}"))?;
    let store = Arc::new(OpenStore::new(api));
    warm_dashboard(&store);
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(store)
        .manage(dialogs::DialogSeam::from_env())
        .invoke_handler(tauri::generate_handler![
            commands::dashboard::council_name,
            commands::dashboard::dashboard,
            commands::dashboard::window_ready,
            commands::arrangements::list_arrangements,
            commands::arrangements::arrangement_position,
            commands::arrangements::list_lots,
            commands::arrangements::list_openings,
            commands::arrangements::list_providers,
            commands::arrangements::provider,
            commands::rounds::form_choices,
            commands::rounds::list_rounds,
            commands::rounds::round_view,
            commands::rounds::round_notices,
            commands::rounds::create_round,
            commands::rounds::invite_providers,
            commands::rounds::add_clarification,
            commands::rounds::update_evaluation_model,
            commands::rounds::evaluation_model_form,
            commands::rounds::update_bid,
            commands::rounds::record_drawing,
            commands::rounds::record_bid,
            commands::rounds::open_bids,
            commands::rounds::add_evaluator,
            commands::rounds::declare_interest,
            commands::rounds::enter_mark,
            commands::rounds::enter_moderated_mark,
            commands::rounds::record_award,
            commands::rounds::withdraw_award,
            commands::contracts::list_contracts,
            commands::contracts::contract_position,
            commands::contracts::decide_option,
            commands::market::spend_summary,
            commands::market::activity,
            commands::market::rates,
            commands::market::coverage,
            commands::market::holidays,
            commands::market::standstill,
            commands::settings::settings,
            commands::settings::save_settings,
            commands::files::import_dataset,
            commands::files::export_dataset,
            commands::files::backup_store,
            commands::files::restore_backup,
            commands::files::data_folder,
            commands::files::last_opened_path,
            commands::reports::report_committee,
            commands::reports::report_letters,
            commands::reports::report_matrix,
            commands::reports::report_foi,
            commands::reports::report_register,
            commands::reports::save_committee_notes,
        ])
        .run(tauri::generate_context!())
        .context("the window stopped with an error")
}

/// Works out today's dashboard on a background thread while the webview starts (about a second),
/// so the page's first call finds it kept: on a large county the first dashboard after opening
/// reads tens of thousands of records. A failure here is only a cold first call; the page's own
/// call reports any error.
fn warm_dashboard(store: &Arc<OpenStore>) {
    let store = Arc::clone(store);
    let spawned = std::thread::Builder::new().name("warm-dashboard".into()).spawn(move || {
        let _ = store.with(|api| api.dashboard(runtime::today()));
    });
    if let Err(e) = spawned {
        eprintln!("tenderdesk: the dashboard will be worked out on first use ({e})");
    }
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
