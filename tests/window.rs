//! The real window, driven through WebDriver: `tauri-driver` (on 127.0.0.1:4444) starts the built
//! `tenderdesk` binary under WebKitWebDriver (on 4445), and the tests read what the page shows.
//!
//! They need tauri-driver (`cargo install tauri-driver --version ^2 --locked`), WebKitWebDriver
//! (Debian: `webkit2gtk-driver`) and a display, so they are `#[ignore]`d; run them with
//!
//! ```sh
//! xvfb-run -a cargo test --test window -- --ignored --test-threads=1
//! ```
//!
//! The ports are fixed, so the tests take a lock and run one at a time even without
//! `--test-threads=1`. Set `TENDERDESK_SCREENSHOTS=1` to also save a screenshot of every main screen
//! in docs/screenshots/.

use std::fs::File;
use std::future::Future;
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_tenderdesk");

/// tauri-driver's own port (the default) and the port of the WebKitWebDriver it starts (the default).
const DRIVER_PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;

/// How long tauri-driver may take to listen, a new session (starting the app) may take, and the page
/// may take to show its data. Generous for a loaded 2-core CI machine; a normal run takes seconds.
const DRIVER_START: Duration = Duration::from_secs(20);
const NEW_SESSION: Duration = Duration::from_secs(60);
const PAGE_LOAD: Duration = Duration::from_secs(30);
const APP_EXIT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

const DEMO_KEYS: [&str; 6] =
    ["ARR-HC-FW-2017", "ARR-HC-FW-2025", "ARR-CSF-2019", "ARR-SPOT-ASC", "ARR-DPS-HCSS-CCC", "ARR-HC-SA-2021"];
const DEMO_COUNCIL: &str = "Eastshire County Council";

/// The fixed ports allow one tauri-driver at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[test]
#[ignore = "needs tauri-driver, WebKitWebDriver and a display: run under xvfb-run with --ignored"]
fn the_window_shows_the_demo_arrangements_from_an_empty_store() {
    let data = tempfile::tempdir().expect("create a temporary data folder");

    // An empty folder: the app loads the demo data itself when the window opens.
    with_window(data.path(), |client| async move {
        let shown = read_arrangements(&client).await;
        assert_eq!(shown.caption, "6 arrangements");
        assert_eq!(shown.references(), DEMO_KEYS.to_vec(), "the demo arrangements, in store order");
        let dps = shown.row("ARR-DPS-HCSS-CCC");
        assert_eq!(dps.kind(), "Dynamic purchasing system", "the Kind column of {dps:?}");
        assert_eq!(dps.title(), "Home and Community Support Services DPS (hosted)", "the Title column of {dps:?}");
        assert_eq!(shown.council, DEMO_COUNCIL);

        screenshot(&client, "arrangements").await;
    });

    // The window used the folder it was given (tauri-driver passed `args` through) and has let go of it.
    assert_eq!(stored_keys(data.path()), DEMO_KEYS.to_vec());
}

#[test]
#[ignore = "needs tauri-driver, WebKitWebDriver and a display: run under xvfb-run with --ignored"]
fn the_window_lists_what_the_store_holds_including_an_imported_arrangement() {
    let data = tempfile::tempdir().expect("create a temporary data folder");
    let files = tempfile::tempdir().expect("create a temporary folder for the dataset file");

    // Fill the store through the command line before the window opens: the demo, then one more.
    let demo = cli(data.path(), &["demo"]);
    assert!(demo.contains("Loaded the demo data set"), "{demo}");
    let extra = files.path().join("extra.json");
    std::fs::write(&extra, EXTRA_ARRANGEMENT).expect("write the dataset file");
    let imported = cli(data.path(), &["import", extra.to_str().expect("the temporary path is UTF-8")]);
    assert!(imported.contains("Imported 1 records"), "{imported}");

    with_window(data.path(), |client| async move {
        let shown = read_arrangements(&client).await;
        assert_eq!(shown.caption, "7 arrangements");
        assert_eq!(shown.references(), expected_with_extra());
        let new = shown.row("ARR-E2E-EXTRA");
        assert_eq!(new.title(), "Extra care housing support (end-to-end test)", "{new:?}");
        assert_eq!(new.kind(), "Spot contract", "{new:?}");
        assert_eq!(new.regime(), "Procurement Act 2023", "{new:?}");
        assert_eq!(shown.row("ARR-DPS-HCSS-CCC").kind(), "Dynamic purchasing system");
        // The import had no authority profile: the demo's is still there.
        assert_eq!(shown.council, DEMO_COUNCIL);
    });

    assert_eq!(stored_keys(data.path()), expected_with_extra());
}

#[test]
#[ignore = "needs tauri-driver, WebKitWebDriver and a display: run under xvfb-run with --ignored"]
fn every_main_screen_shows_the_demo_data() {
    let data = tempfile::tempdir().expect("create a temporary data folder");
    with_window(data.path(), |client| async move {
        // The window opens on the dashboard: headline figures and what needs attention.
        wait_for(&client, "main[data-screen='dashboard'] .figures", "the dashboard's headline figures").await;
        wait_for_text_containing(&client, "main h1", "Dashboard").await;
        screenshot(&client, "dashboard").await;

        // An arrangement: its term on the timeline, its lots with zones and rates, its openings.
        open_screen(&client, "arrangements").await;
        click(&client, "#arrangements a[href='#/arrangements/ARR-HC-FW-2025']").await;
        wait_for(&client, "#lots", "the lots of ARR-HC-FW-2025").await;
        wait_for(&client, "main figure svg", "the term timeline").await;
        let lots = text_of(&client, "main").await;
        assert!(lots.contains("Lot 1"), "the arrangement screen lists its lots:\n{lots}");
        screenshot(&client, "arrangement").await;

        // Providers, paged, each with its registration and prerequisites.
        open_screen(&client, "providers").await;
        wait_for(&client, "#providers tbody tr", "a provider row").await;
        let caption = wait_for_text_containing(&client, "#providers caption", "provider").await;
        assert!(caption.ends_with("providers"), "{caption}");
        screenshot(&client, "providers").await;

        // Contracts with their timeline.
        open_screen(&client, "contracts").await;
        wait_for(&client, "#contracts tbody tr", "a contract row").await;
        wait_for(&client, "main figure svg rect", "the contracts timeline's bars").await;
        screenshot(&client, "contracts-timeline").await;

        // Spend against the cap, with its chart.
        open_screen(&client, "spend").await;
        wait_for(&client, "#spend-lines tbody tr", "a spend entry").await;
        wait_for(&client, "main figure svg path", "the spend line").await;
        screenshot(&client, "spend").await;

        // Rates, coverage and activity each show their tables.
        for (screen, css) in
            [("rates", "main table tbody tr"), ("coverage", "main table tbody tr"), ("activity", "#activity tbody tr")]
        {
            open_screen(&client, screen).await;
            wait_for(&client, css, &format!("a row of the {screen} screen")).await;
        }

        // Settings: the demo's authority profile, and the year's bank holidays.
        open_screen(&client, "settings").await;
        wait_for(&client, "#holidays tbody tr", "the bank holidays").await;
        let council = wait_for(&client, "#field-council_name", "the council's name").await;
        assert_eq!(council.prop("value").await.expect("read the council's name").as_deref(), Some(DEMO_COUNCIL));
        screenshot(&client, "settings").await;
    });
}

/// The providers invited, with the bid each makes: (hourly rate, received at, late acceptance).
const BIDS: [(&str, &str, Option<&str>); 3] = [
    ("20.90", "2026-11-12 10:15", None),
    ("22.80", "2026-11-13 09:30", None),
    ("21.50", "2026-11-13 12:40", Some("The e-tendering portal was down from 11:50 to 12:35 (helpdesk ticket 4471)")),
];

/// Each evaluator's marks per bid: Q1–Q4 (written), then INT1–INT2 (interview). The second
/// evaluator declares a conflict with the third bidder and marks only the first two.
const PRIYA: [[u8; 6]; 3] = [[4, 4, 3, 4, 4, 4], [3, 3, 3, 4, 3, 3], [4, 4, 3, 4, 4, 3]];
const TOM: [[u8; 6]; 2] = [[4, 4, 5, 4, 4, 4], [3, 3, 3, 4, 3, 3]];

#[test]
#[ignore = "needs tauri-driver, WebKitWebDriver and a display: run under xvfb-run with --ignored"]
fn a_mini_competition_from_set_up_to_award_in_the_window() {
    let data = tempfile::tempdir().expect("create a temporary data folder");
    let dialogs = tempfile::tempdir().expect("create a temporary folder for the dialogs' answers");
    let env = [("TENDERDESK_E2E_DIALOG_DIR", dialogs.path())];
    let shown_standstill = std::sync::Arc::new(Mutex::new(String::new()));
    let standstill = shown_standstill.clone();
    with_window_env(data.path(), &env, |client| async move {
        wait_for(&client, "main[data-screen='dashboard'] .figures", "the dashboard").await;

        // Set up: a refusal first (no title), shown at the top and beside the field; then the round.
        open_screen(&client, "rounds").await;
        click(&client, "#new-round-link").await;
        select(&client, "#field-arrangement", "ARR-CSF-2019").await;
        click(&client, "input[data-lot='LOT-CSF-2019-1']").await;
        select(&client, "#field-model_from", "RND-CSF-L1-MC-2026-02").await;
        fill(&client, "#field-key", "RND-E2E-MC").await;
        fill(&client, "#field-published", "2026-10-01").await;
        fill(&client, "#field-clarification_deadline", "2026-10-30 12:00").await;
        fill(&client, "#field-submission_deadline", "2026-11-13 12:00").await;
        click(&client, "#new-round button[type='submit']").await;
        wait_for(&client, ".error-summary", "the error summary for a round without a title").await;
        let beside = wait_for_text_containing(&client, "#field-title-error", "title").await;
        assert!(beside.contains("title"), "the message beside the title field: {beside}");
        fill(&client, "#field-title", "Home care in the Harling Moor cluster (end-to-end)").await;
        click(&client, "#new-round button[type='submit']").await;
        wait_for_text_containing(&client, "#round-title", "Harling Moor cluster").await;
        wait_for(&client, "#timetable", "the round's timetable").await;
        wait_for(&client, "#questions tbody tr", "the evaluation model's questions").await;
        screenshot(&client, "round-setup").await;

        // Invite the first three providers admitted to the lot.
        click(&client, "a[data-tab='providers']").await;
        wait_for(&client, "#invite-form input[data-provider]", "a provider to invite").await;
        let mut providers = Vec::new();
        for checkbox in client
            .find_all(Locator::Css("#invite-form input[data-provider]"))
            .await
            .expect("find the providers")
            .into_iter()
            .take(3)
        {
            providers
                .push(checkbox.attr("data-provider").await.expect("read a provider").expect("a provider reference"));
            checkbox.click().await.expect("tick a provider");
        }
        assert_eq!(providers.len(), 3, "three providers are admitted to the lot");
        click(&client, "#invite-form button[type='submit']").await;
        wait_for_text_containing(&client, "#invited caption", "3 invited").await;

        // Bids, the third after the deadline (accepted, with the reason).
        click(&client, "a[data-tab='bids']").await;
        for (provider, (price, received, late)) in providers.iter().zip(BIDS) {
            select(&client, "#field-bidder", provider).await;
            fill(&client, "#field-received_at", received).await;
            fill(&client, "#field-prices", price).await;
            select(&client, "#field-status", "compliant").await;
            if let Some(reason) = late {
                fill(&client, "#field-late_acceptance_reason", reason).await;
            }
            click(&client, "#bid-form button[type='submit']").await;
            wait_for(&client, &format!("#bids tr[data-bidder='{provider}']"), "the recorded bid").await;
        }
        wait_for_text_containing(&client, "#bids caption", "3 bids").await;
        let late_row = text_of(&client, &format!("#bids tr[data-bidder='{}']", providers[2])).await;
        assert!(late_row.contains("Late"), "the late bid is flagged: {late_row}");
        let on_time = text_of(&client, &format!("#bids tr[data-bidder='{}']", providers[0])).await;
        assert!(!on_time.contains("Late") && on_time.contains("Sealed"), "an on-time bid, still sealed: {on_time}");
        click(&client, "#open-bids").await;
        wait_for_text_containing(&client, &format!("#bids tr[data-bidder='{}']", providers[0]), "£20.90").await;

        // The panel: two evaluators; Tom declares a conflict with the third bidder.
        click(&client, "a[data-tab='panel']").await;
        for (name, role) in [("Priya Natarajan", "Commissioning manager"), ("Tom Ellery", "Quality assurance lead")] {
            fill(&client, "#evaluator-form #field-name", name).await;
            fill(&client, "#evaluator-form #field-role", role).await;
            click(&client, "#evaluator-form button[type='submit']").await;
            wait_for_text_containing(&client, "#panel", name).await;
        }
        let evaluators = attributes(&client, "#panel tr[data-evaluator]", "data-evaluator").await;
        assert_eq!(evaluators.len(), 2, "{evaluators:?}");
        for (e, evaluator) in evaluators.iter().enumerate() {
            for (b, bidder) in providers.iter().enumerate() {
                select(&client, "#declaration-form #field-evaluator", evaluator).await;
                select(&client, "#declaration-form #field-bidder", bidder).await;
                if e == 1 && b == 2 {
                    select(&client, "#declaration-form #field-conflict", "perceived").await;
                    fill(&client, "#declaration-form #field-resolution", "Former employer: does not mark this bid")
                        .await;
                } else {
                    select(&client, "#declaration-form #field-conflict", "none").await;
                }
                click(&client, "#declaration-form button[type='submit']").await;
                wait_for(
                    &client,
                    &format!("#panel tr[data-evaluator='{evaluator}'] [data-declared='{bidder}']"),
                    "the declaration",
                )
                .await;
            }
        }
        wait_for_text_containing(&client, &format!("#panel tr[data-evaluator='{}']", evaluators[1]), "Conflicted")
            .await;

        // Marks through the keyboard grid: type, Tab to the justification, Enter saves and moves on.
        click(&client, "a[data-tab='marks']").await;
        for (e, marks) in [(0, &PRIYA[..]), (1, &TOM[..])] {
            select(&client, "#grid-evaluator", &evaluators[e]).await;
            for (section, columns) in [("written", 0..4), ("interview", 4..6)] {
                select(&client, "#grid-section", section).await;
                click(&client, "#cell-0-0").await;
                let width = columns.len();
                // The grid has a row for every compliant bid, the conflicted one included.
                let cells = BIDS.len() * width;
                for (n, mark) in marks.iter().flat_map(|row| row[columns.clone()].iter()).enumerate() {
                    keys(&client, &mark.to_string()).await;
                    keys(&client, &Key::Tab.to_string()).await;
                    wait_for_focus(&client, "grid-justification").await;
                    keys(&client, &format!("Mark {mark}: evidence weighed against the descriptors")).await;
                    keys(&client, &Key::Enter.to_string()).await;
                    // Saved, the focus moves to the next cell (the last cell keeps it).
                    let next = (n + 1).min(cells - 1);
                    wait_for_focus(&client, &format!("cell-{}-{}", next / width, next % width)).await;
                }
                if e == 1 && section == "written" {
                    // The conflicted bid's cells cannot be marked; a mark out of range is refused in the cell.
                    let blocked = wait_for(&client, "#cell-2-0", "the conflicted bid's cell").await;
                    assert_eq!(blocked.attr("readonly").await.expect("read readonly").as_deref(), Some("true"));
                    click(&client, "#cell-0-0").await;
                    keys(&client, &format!("9{}", Key::Enter)).await;
                    let error = wait_for_text_containing(&client, "#cell-0-0-error", "").await;
                    assert!(!error.is_empty(), "a refused mark shows why in its cell");
                    keys(&client, &Key::Escape.to_string()).await;
                    keys(&client, &format!("{}{}", Key::Down, Key::Right)).await;
                    let active = client.active_element().await.expect("the focused element");
                    assert_eq!(
                        active.attr("id").await.expect("read id").as_deref(),
                        Some("cell-1-1"),
                        "arrows move between cells"
                    );
                    screenshot(&client, "score-grid").await;
                }
            }
        }

        // Moderation: agree every mark the panel agreed on, then settle the one wide spread.
        click(&client, "a[data-tab='moderation']").await;
        click(&client, "#agree-all").await;
        wait_for_text_containing(&client, "#moderation-status", "1 question still needs").await;
        screenshot(&client, "moderation").await;
        click(
            &client,
            &format!("[data-moderation='{}'] button[data-question='Q3']", bid_key(&client, &providers[0]).await),
        )
        .await;
        fill(&client, "#field-mark", "4").await;
        fill(&client, "#field-rationale", "Strong safeguarding evidence, one gap in escalation: agreed 4").await;
        click(&client, "#moderation-form button[type='submit']").await;
        wait_for_text_containing(&client, "#moderation-status", "Every question").await;

        // The result: ranked on the exact totals.
        click(&client, "a[data-tab='result']").await;
        wait_for(&client, "[data-result-lot='LOT-CSF-2019-1'] tbody tr", "the ranking").await;
        let ranked = attributes(&client, "[data-result-lot='LOT-CSF-2019-1'] tbody tr", "data-bidder").await;
        assert_eq!(ranked, vec![providers[0].clone(), providers[2].clone(), providers[1].clone()]);
        let winner =
            text_of(&client, &format!("[data-result-lot='LOT-CSF-2019-1'] tr[data-bidder='{}']", providers[0])).await;
        assert!(winner.contains("86.00"), "40 quality + 16 interview + 30 price: {winner}");
        wait_for(&client, "main figure svg rect", "the result chart").await;
        screenshot(&client, "result").await;

        // The award decision and its standstill.
        click(&client, "a[data-tab='award']").await;
        fill(&client, "#field-decision_maker", "Director of Adult Social Care").await;
        click(&client, "#award-form button[type='submit']").await;
        let ends = wait_for(&client, "#standstill-ends", "the standstill end date").await;
        *standstill.lock().unwrap_or_else(PoisonError::into_inner) =
            ends.text().await.expect("read the standstill end");
        screenshot(&client, "award").await;

        // The committee report, saved through the (test seam's) save dialog.
        open_screen(&client, "reports").await;
        select(&client, "#committee-form #field-arrangement", "ARR-CSF-2019").await;
        fill(&client, "#committee-form #field-committee", "Adults and Health Scrutiny Committee").await;
        fill(&client, "#committee-form #field-meeting_date", "2026-12-10").await;
        click(&client, "#committee-form button[type='submit']").await;
        wait_for(&client, "#file-result", "the report's saved message").await;
        screenshot(&client, "reports").await;
    });

    // The report is a PDF in the folder the dialog answered with.
    let pdfs: Vec<PathBuf> = std::fs::read_dir(dialogs.path())
        .expect("read the dialogs' folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "one committee report: {pdfs:?}");
    let bytes = std::fs::read(&pdfs[0]).expect("read the committee report");
    assert!(bytes.starts_with(b"%PDF"), "{} is a PDF", pdfs[0].display());

    // What the window showed is what was stored.
    let awards: serde_json::Value =
        serde_json::from_str(&cli(data.path(), &["list", "awards", "--json"])).expect("list --json prints JSON");
    let ours = awards
        .as_array()
        .expect("an array")
        .iter()
        .find(|a| a["round"] == "RND-E2E-MC")
        .expect("the award of the new round");
    let stored = ours["standstill_ends"].as_str().expect("a standstill end date");
    let shown = shown_standstill.lock().unwrap_or_else(PoisonError::into_inner).clone();
    assert_eq!(shown, short_date(stored), "the standstill end shown is the one stored");
}

/// The name the test seam's open dialog answers with (for the import, then for the restore).
const CHOSEN_FILE: &str = "chosen-file";

#[test]
#[ignore = "needs tauri-driver, WebKitWebDriver and a display: run under xvfb-run with --ignored"]
fn data_screen_exports_backs_up_and_restores() {
    let data = tempfile::tempdir().expect("create a temporary data folder");
    let dialogs = tempfile::tempdir().expect("create a temporary folder for the dialogs' answers");
    let dialog_dir = dialogs.path().to_path_buf();
    let data_dir = data.path().to_path_buf();
    let env = [("TENDERDESK_E2E_DIALOG_DIR", dialogs.path()), ("TENDERDESK_E2E_OPEN_FILE", Path::new(CHOSEN_FILE))];
    // The window always loads the demo into an empty store (src-tauri/lib.rs, `load_demo_if_empty`).
    with_window_env(data.path(), &env, |client| async move {
        wait_for(&client, "main[data-screen='dashboard'] .figures", "the dashboard").await;
        open_screen(&client, "data").await;
        wait_for_text_containing(&client, "main h1", "Import, export and backup").await;

        // Export: the (test seam's) save dialog answers a file in the dialogs' folder.
        click_button(&client, "Export the data set…").await;
        let exported = wait_for_text_containing(&client, "#file-result", "Exported the data set").await;
        assert!(exported.contains(".json"), "{exported}");

        // Back up the demo.
        click_button(&client, "Back up the store…").await;
        let backed_up = wait_for_text_containing(&client, "#file-result", "Backed up").await;
        assert!(backed_up.contains(".tdbackup"), "{backed_up}");
        let backup = files_ending(&dialog_dir, ".tdbackup");
        assert_eq!(backup.len(), 1, "one backup: {backup:?}");

        // After the backup, one more arrangement, imported through the window.
        std::fs::write(dialog_dir.join(CHOSEN_FILE), EXTRA_ARRANGEMENT).expect("write the data set to import");
        click_button(&client, "Import a data set…").await;
        wait_for_text_containing(&client, "#file-result", "Imported 1 records from chosen-file").await;
        let shown = read_arrangements(&client).await;
        assert_eq!(shown.references(), expected_with_extra(), "the import is shown");

        // A file that is not a backup is refused, saying why, and the data stays as it is.
        std::fs::write(dialog_dir.join(CHOSEN_FILE), EXTRA_ARRANGEMENT).expect("hand a data set to the open dialog");
        open_screen(&client, "data").await;
        click_button(&client, "Restore a backup…").await;
        click_button(&client, "Choose the backup and restore it").await;
        let refused = wait_for_text_containing(&client, ".error-summary", "is not a usable TenderDesk backup").await;
        assert!(refused.contains(CHOSEN_FILE), "names the file: {refused}");
        assert!(client.find(Locator::Css("#file-result")).await.is_err(), "no success message after a refusal");
        let shown = read_arrangements(&client).await;
        assert_eq!(shown.references(), expected_with_extra(), "the data in use is unchanged after a refusal");

        // Restore the backup: the page says what will happen and where the data here now is kept.
        std::fs::copy(&backup[0], dialog_dir.join(CHOSEN_FILE)).expect("hand the backup to the open dialog");
        open_screen(&client, "data").await;
        click_button(&client, "Restore a backup…").await;
        let warning = wait_for_text_containing(&client, "#restore-confirm", "kept aside").await;
        assert!(warning.contains("replaces the data in this app with the backup"), "{warning}");
        let kept_aside_named = format!("{}-before-restore-", data_dir.display());
        wait_for_text_containing(&client, "#restore-kept-aside", &kept_aside_named).await;
        click_button(&client, "Choose the backup and restore it").await;

        // The window reloads on the restored data and says where the data it replaced is kept.
        let restored = wait_for_text_containing(&client, "#restore-result", "Restored").await;
        assert!(restored.contains("every record and the audit chain check out"), "{restored}");
        assert!(restored.contains(&kept_aside_named), "{restored}");
        assert!(client.find(Locator::Css(".error-summary")).await.is_err(), "no error after the restore");
        screenshot(&client, "data").await;

        // The arrangement imported after the backup is gone from every screen.
        let shown = read_arrangements(&client).await;
        assert_eq!(shown.caption, "6 arrangements");
        assert_eq!(shown.references(), DEMO_KEYS.to_vec(), "the restored data is shown");
        assert_eq!(shown.council, DEMO_COUNCIL);
    });

    // The data the restore replaced is kept, whole, in one folder beside the store's.
    let kept_aside = kept_aside_folders(data.path());
    let cleanup = KeptAside(kept_aside.clone());
    assert_eq!(kept_aside.len(), 1, "one kept-aside folder: {kept_aside:?}");
    assert_eq!(stored_keys(&kept_aside[0]), expected_with_extra(), "the kept-aside folder holds the data as it was");
    assert_eq!(stored_keys(data.path()), DEMO_KEYS.to_vec(), "the store holds the backup's data");
    assert!(cli(data.path(), &["verify"]).contains("The store is sound"), "the restored store verifies");

    // The exported file is a data set with every record of the demo.
    let exports = files_ending(dialogs.path(), ".json");
    assert_eq!(exports.len(), 1, "one exported data set: {exports:?}");
    let window_export = dataset_counts(&exports[0]);
    let demo = tempfile::tempdir().expect("create a temporary folder for a second demo store");
    let loaded = cli(demo.path(), &["demo"]);
    let demo_records: usize = loaded
        .split("Loaded the demo data set: ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the record count in {loaded:?}"));
    assert_eq!(window_export.values().sum::<usize>(), demo_records, "{window_export:?}");

    // … and the same as the command line exports from the restored store.
    let cli_export = dialogs.path().join("cli-export.json");
    cli(data.path(), &["export", "--out", cli_export.to_str().expect("the temporary path is UTF-8")]);
    assert_eq!(window_export, dataset_counts(&cli_export), "the window's export and the restored store's");
    drop(cleanup);
}

/// One arrangement more than the demo has, as a data set.
const EXTRA_ARRANGEMENT: &str = r#"{
  "format": "tenderdesk-dataset",
  "format_version": 1,
  "arrangements": [{
    "key": "ARR-E2E-EXTRA",
    "title": "Extra care housing support (end-to-end test)",
    "kind": "spot_contract",
    "regime": "procurement_act2023",
    "services": ["extra_care"],
    "term": { "start": "2026-01-05", "initial_end": "2028-01-04" },
    "call_off": "spot_purchase"
  }]
}"#;

/// The folders a restore kept beside `data_dir` (`<data_dir>-before-restore-<UTC time>`).
fn kept_aside_folders(data_dir: &Path) -> Vec<PathBuf> {
    let name = data_dir.file_name().expect("the data folder has a name").to_string_lossy().into_owned();
    let prefix = format!("{name}-before-restore-");
    std::fs::read_dir(data_dir.parent().expect("the data folder has a parent"))
        .expect("read the folder around the data folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix)))
        .collect()
}

/// Removes the kept-aside folders (beside a temporary folder, so not removed with it).
struct KeptAside(Vec<PathBuf>);

impl Drop for KeptAside {
    fn drop(&mut self) {
        for folder in &self.0 {
            let _ = std::fs::remove_dir_all(folder);
        }
    }
}

/// The contract whose first option the test exercises (it has two, both available in the demo).
const CONTRACT: &str = "CON-HC-FW-2025-1-BLUEWOOD";

#[test]
#[ignore = "needs tauri-driver, WebKitWebDriver and a display: run under xvfb-run with --ignored"]
fn exercising_a_contract_option_moves_its_end() {
    let data = tempfile::tempdir().expect("create a temporary data folder");
    // The demo, loaded through the command line (as the window would), to choose the contract.
    cli(data.path(), &["demo"]);
    let before = contract_position(data.path(), CONTRACT, None);
    let option = &before["term"]["options"][0];
    assert_eq!(option["number"], 1, "{before}");
    assert_eq!(option["can_exercise"], true, "option 1 of {CONTRACT} is available: {before}");
    let end_before = before["term"]["current_end"].as_str().expect("a current end").to_owned();
    let would_end = option["period_end"].as_str().expect("the option's end").to_owned();
    assert_ne!(end_before, would_end);

    let seen = std::sync::Arc::new(Mutex::new((String::new(), String::new())));
    let seen_in_window = seen.clone();
    let shown_before = short_date(&end_before);
    with_window(data.path(), |client| async move {
        // The list is paged, soonest end first: find the contract by its reference.
        open_screen(&client, "contracts").await;
        fill(&client, "#contract-search", CONTRACT).await;
        click(&client, &format!("#contracts a[href='#/contracts/{CONTRACT}']")).await;
        wait_for(&client, "#options tbody tr", "the contract's options").await;
        let current = summary_value(&client, "Current end").await;
        assert!(current.starts_with(&format!("{shown_before} (")), "the current end before: {current}");

        click_button(&client, "Exercise option 1").await;
        let on = wait_for(&client, "#field-on", "the date of the decision").await;
        let on = on.prop("value").await.expect("read the decision date").expect("a decision date");
        click(&client, "form.panel-box button[type='submit']").await;
        let banner = wait_for_text_containing(&client, ".banner", "Option 1 exercised").await;

        // The screen reads the contract again: the current end moves on.
        let deadline = Instant::now() + PAGE_LOAD;
        let moved = loop {
            let now = summary_value(&client, "Current end").await;
            if !now.starts_with(&format!("{shown_before} (")) {
                break now;
            }
            if Instant::now() > deadline {
                panic!(
                    "the current end still says {now} after {PAGE_LOAD:?}; the page says:\n{}",
                    page_text(&client).await
                );
            }
            tokio::time::sleep(POLL).await;
        };
        assert!(banner.contains(moved.split(" (").next().expect("a date")), "the banner {banner:?} and {moved:?}");
        let row = wait_for_text_containing(&client, "#options tbody tr:first-child", "Exercised").await;
        assert!(!row.contains("Exercise option 1"), "option 1 can no longer be exercised: {row}");
        *seen_in_window.lock().unwrap_or_else(PoisonError::into_inner) = (moved, on);
    });

    // What the command line reports, as at the day of the decision, is what the window showed.
    let (shown, on) = seen.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let after = contract_position(data.path(), CONTRACT, Some(&on));
    let end_after = after["term"]["current_end"].as_str().expect("a current end");
    assert_eq!(end_after, would_end, "the end moves to the end of option 1's period: {after}");
    assert_eq!(after["term"]["options"][0]["status"], "exercised", "{after}");
    let days = after["term"]["days_to_current_end"].as_i64().expect("days to the current end");
    assert_eq!(shown, format!("{} ({days} days)", short_date(end_after)), "the current end shown is the one stored");
}

/// `tenderdesk contract position <key> [--as-of <date>] --json`, parsed.
fn contract_position(data_dir: &Path, key: &str, as_of: Option<&str>) -> serde_json::Value {
    let mut args = vec!["contract", "position", key, "--json"];
    if let Some(date) = as_of {
        args.extend(["--as-of", date]);
    }
    serde_json::from_str(&cli(data_dir, &args)).expect("contract position --json prints JSON")
}

/// The files in `dir` whose names end with `suffix`.
fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .expect("read the dialogs' folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.to_str().is_some_and(|s| s.ends_with(suffix)))
        .collect()
}

/// A data set file's records by kind (the authority profile counts as one record).
fn dataset_counts(file: &Path) -> std::collections::BTreeMap<String, usize> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
    let dataset: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()));
    assert_eq!(dataset["format"], "tenderdesk-dataset", "{}", file.display());
    let object = dataset.as_object().expect("a data set is a JSON object");
    let mut counts: std::collections::BTreeMap<String, usize> =
        object.iter().filter_map(|(k, v)| Some((k.clone(), v.as_array()?.len()))).collect();
    if object.get("authority").is_some_and(|a| !a.is_null()) {
        counts.insert("authority".into(), 1);
    }
    counts
}

/// "2026-12-07" → "7 Dec 2026", as the window writes dates.
fn short_date(iso: &str) -> String {
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let parts: Vec<&str> = iso.split('-').collect();
    let month: usize = parts[1].parse().expect("a month");
    format!("{} {} {}", parts[2].trim_start_matches('0'), months[month - 1], parts[0])
}

fn expected_with_extra() -> Vec<&'static str> {
    let mut keys = DEMO_KEYS.to_vec();
    keys.push("ARR-E2E-EXTRA");
    keys
}

// ---------------------------------------------------------------------------------------------
// The window through WebDriver

/// What the page shows once it has loaded.
#[derive(Debug)]
struct Shown {
    council: String,
    caption: String,
    rows: Vec<Row>,
}

/// One table row: the Reference (the row header) and the data cells, in column order
/// (Title, Kind, Regime, Start, End, Lots, Providers).
#[derive(Debug)]
struct Row {
    reference: String,
    cells: Vec<String>,
}

impl Row {
    fn title(&self) -> &str {
        &self.cells[0]
    }

    fn kind(&self) -> &str {
        &self.cells[1]
    }

    fn regime(&self) -> &str {
        &self.cells[2]
    }
}

impl Shown {
    fn references(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r.reference.as_str()).collect()
    }

    fn row(&self, reference: &str) -> &Row {
        self.rows
            .iter()
            .find(|r| r.reference == reference)
            .unwrap_or_else(|| panic!("no row for {reference} in {:?}", self.references()))
    }
}

/// Opens the Arrangements screen from the side navigation, waits until the table has rows and the
/// header has the council's name, then reads them.
async fn read_arrangements(client: &Client) -> Shown {
    open_screen(client, "arrangements").await;
    if let Err(e) = client.wait().at_most(PAGE_LOAD).every(POLL).for_element(Locator::Css("table tbody tr")).await {
        panic!(
            "the arrangements table had no rows after {PAGE_LOAD:?} ({e}); the page says:\n{}",
            page_text(client).await
        );
    }
    let council = wait_for_text(client, ".header__council", "the council's name in the header").await;
    let caption = text_of(client, "table caption").await;
    let mut rows = Vec::new();
    for tr in client.find_all(Locator::Css("table tbody tr")).await.expect("find the table rows") {
        let reference = tr.find(Locator::Css("th")).await.expect("a row has a header cell");
        let reference = reference.text().await.expect("read a row's reference").trim().to_owned();
        let mut cells = Vec::new();
        for td in tr.find_all(Locator::Css("td")).await.expect("find a row's cells") {
            cells.push(td.text().await.expect("read a cell").trim().to_owned());
        }
        assert_eq!(cells.len(), 7, "the row for {reference} should have 7 data cells: {cells:?}");
        rows.push(Row { reference, cells });
    }
    Shown { council, caption, rows }
}

/// Follows the side navigation's link to a screen (`data-screen` on the link) and waits until the
/// main area says it shows that screen.
async fn open_screen(client: &Client, screen: &str) {
    click(client, &format!(".side-nav a[data-screen='{screen}']")).await;
    wait_for(client, &format!("main[data-screen='{screen}']"), &format!("the {screen} screen")).await;
}

/// Clicks the button whose text is `label` (waiting for it, bounded).
async fn click_button(client: &Client, label: &str) {
    let xpath = format!("//button[normalize-space()='{label}']");
    match client.wait().at_most(PAGE_LOAD).every(POLL).for_element(Locator::XPath(&xpath)).await {
        Ok(button) => button.click().await.unwrap_or_else(|e| panic!("click the button {label:?}: {e}")),
        Err(e) => panic!("no button {label:?} after {PAGE_LOAD:?} ({e}); the page says:\n{}", page_text(client).await),
    }
}

/// The value of a summary list's row, by its key (waiting for it, bounded).
async fn summary_value(client: &Client, key: &str) -> String {
    let xpath = format!("//dt[normalize-space()='{key}']/following-sibling::dd");
    match client.wait().at_most(PAGE_LOAD).every(POLL).for_element(Locator::XPath(&xpath)).await {
        Ok(value) => value.text().await.unwrap_or_else(|e| panic!("read {key}: {e}")).trim().to_owned(),
        Err(e) => panic!(
            "no {key:?} in a summary list after {PAGE_LOAD:?} ({e}); the page says:\n{}",
            page_text(client).await
        ),
    }
}

/// Waits for an element to exist (bounded poll), then clicks it.
async fn click(client: &Client, css: &str) {
    let element = wait_for(client, css, css).await;
    element.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Polls until an element matching `css` exists; fails with what the page says after PAGE_LOAD.
async fn wait_for(client: &Client, css: &str, what: &str) -> fantoccini::elements::Element {
    match client.wait().at_most(PAGE_LOAD).every(POLL).for_element(Locator::Css(css)).await {
        Ok(element) => element,
        Err(e) => panic!("no {what} ({css}) after {PAGE_LOAD:?} ({e}); the page says:\n{}", page_text(client).await),
    }
}

/// Polls until the element's text contains `needle`, and returns the whole text.
async fn wait_for_text_containing(client: &Client, css: &str, needle: &str) -> String {
    let deadline = Instant::now() + PAGE_LOAD;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            let text = element.text().await.unwrap_or_default();
            if text.contains(needle) {
                return text;
            }
        }
        if Instant::now() > deadline {
            panic!("{css} never said {needle:?} within {PAGE_LOAD:?}; the page says:\n{}", page_text(client).await);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// With TENDERDESK_SCREENSHOTS set, saves what the window shows as docs/screenshots/<name>.png.
/// The page is scrolled to the top first, and the pending paint awaited (a frame), not a time.
async fn screenshot(client: &Client, name: &str) {
    if std::env::var_os("TENDERDESK_SCREENSHOTS").is_none() {
        return;
    }
    client
        .execute_async("const done = arguments[0]; window.scrollTo(0, 0); requestAnimationFrame(() => requestAnimationFrame(() => done(true)));", vec![])
        .await
        .unwrap_or_else(|e| panic!("wait for a paint before the screenshot {name}: {e}"));
    let png = client.screenshot().await.unwrap_or_else(|e| panic!("take the screenshot {name}: {e}"));
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots").join(format!("{name}.png"));
    std::fs::create_dir_all(file.parent().expect("the screenshot has a folder")).expect("create docs/screenshots");
    std::fs::write(&file, png).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
}

/// Replaces the text of an input with `text`, typed as a user would.
async fn fill(client: &Client, css: &str, text: &str) {
    let element = wait_for(client, css, css).await;
    element.clear().await.unwrap_or_else(|e| panic!("clear {css}: {e}"));
    element.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Chooses the option with `value` in a select list (waiting for the option to be there). Set as
/// the list itself does on a choice (value, then `change`): WebKitWebDriver's option click opens
/// GTK's popup menu, which without a window manager keeps the keyboard afterwards.
async fn select(client: &Client, css: &str, value: &str) {
    wait_for(client, &format!("{css} option[value='{value}']"), &format!("the choice {value} in {css}")).await;
    let script = "const [css, value] = arguments; const list = document.querySelector(css); list.value = value; \
                  list.dispatchEvent(new Event('input', { bubbles: true })); \
                  list.dispatchEvent(new Event('change', { bubbles: true })); return list.value;";
    let chosen = client
        .execute(script, vec![json!(css), json!(value)])
        .await
        .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    assert_eq!(chosen, json!(value), "{css} did not take the choice {value}");
}

/// Types into whatever has the focus.
async fn keys(client: &Client, text: &str) {
    let active = client.active_element().await.expect("find the focused element");
    active.send_keys(text).await.unwrap_or_else(|e| panic!("type {text:?}: {e}"));
}

/// The values of one attribute over every element matching `css`, in page order.
async fn attributes(client: &Client, css: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.unwrap_or_else(|e| panic!("find {css}: {e}")) {
        if let Some(v) = element.attr(name).await.unwrap_or_else(|e| panic!("read {name} of {css}: {e}")) {
            out.push(v);
        }
    }
    out
}

/// Polls until the element with `id` has the focus.
async fn wait_for_focus(client: &Client, id: &str) {
    let deadline = Instant::now() + PAGE_LOAD;
    loop {
        let focused = match client.active_element().await {
            Ok(element) => element.attr("id").await.ok().flatten().unwrap_or_default(),
            Err(_) => String::new(),
        };
        if focused == id {
            return;
        }
        if Instant::now() > deadline {
            panic!(
                "the focus stayed on {focused:?}, not {id}, for {PAGE_LOAD:?}; the page says:\n{}",
                page_text(client).await
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The reference of the bid a bidder made, from the moderation tables.
async fn bid_key(client: &Client, bidder: &str) -> String {
    let table =
        wait_for(client, &format!("[data-moderation][data-bidder='{bidder}']"), "the bidder's moderation table").await;
    table.attr("data-moderation").await.expect("read the bid").expect("a bid reference")
}

/// Polls until the element exists and has text (the header fills in after its own command returns).
async fn wait_for_text(client: &Client, css: &str, what: &str) -> String {
    let deadline = Instant::now() + PAGE_LOAD;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            let text = element.text().await.unwrap_or_default();
            if !text.trim().is_empty() {
                return text.trim().to_owned();
            }
        }
        if Instant::now() > deadline {
            panic!("no {what} ({css}) after {PAGE_LOAD:?}; the page says:\n{}", page_text(client).await);
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn text_of(client: &Client, css: &str) -> String {
    let element = client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("find {css}: {e}"));
    element.text().await.unwrap_or_else(|e| panic!("read the text of {css}: {e}")).trim().to_owned()
}

/// The visible text of the page, for failure messages (an error summary shows up here).
async fn page_text(client: &Client) -> String {
    match client.find(Locator::Css("body")).await {
        Ok(body) => body.text().await.unwrap_or_else(|e| format!("(could not read the page: {e})")),
        Err(e) => format!("(could not find the page body: {e})"),
    }
}

/// Starts tauri-driver, opens the app on `data_dir` in a WebDriver session, runs `body`, then closes
/// the session and stops tauri-driver, whether `body` passed or panicked.
fn with_window<F, Fut>(data_dir: &Path, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_window_env(data_dir, &[], body)
}

/// As `with_window`, with extra environment variables for the app (tauri-driver passes its own
/// environment on to the app it starts).
fn with_window_env<F, Fut>(data_dir: &Path, env: &[(&str, &Path)], body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    // A test that panicked while holding the lock has still cleaned up after itself.
    let _one_at_a_time = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    require_display();
    let scratch = tempfile::tempdir().expect("create a temporary folder for tauri-driver");
    let driver = TauriDriver::start(scratch.path(), env);

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("build a tokio runtime");
    let (outcome, closed) = runtime.block_on(async {
        let client = new_session(data_dir, &driver).await;
        // A panic in a spawned task comes back as an error, so the session is closed either way.
        let outcome = tokio::spawn(body(client.clone())).await;
        (outcome, client.close().await)
    });
    drop(runtime);
    // WebKitWebDriver ends the app only after it has answered the session's DELETE. Stopping
    // tauri-driver (which SIGKILLs WebKitWebDriver) before that leaves the app running, orphaned.
    let exited = wait_until_the_app_exits(data_dir);
    if let Err(e) = outcome {
        match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("the test body did not finish: {e}"),
        }
    }
    closed.expect("close the WebDriver session");
    exited.unwrap_or_else(|e| panic!("{e}"));
    drop(driver); // SIGTERM, and wait for it to exit
}

/// Waits until no process holds the store's lock on `data_dir`: the app has exited.
fn wait_until_the_app_exits(data_dir: &Path) -> Result<(), String> {
    let path = data_dir.join("tenderdesk.lock");
    let lock = match File::open(&path) {
        Ok(file) => file,
        // The app never opened the store.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("open {}: {e}", path.display())),
    };
    let start = Instant::now();
    loop {
        match lock.try_lock_shared() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < APP_EXIT => std::thread::sleep(POLL),
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                return Err(format!(
                    "the app (process {}) still holds {} {APP_EXIT:?} after the WebDriver session closed",
                    holder.trim(),
                    data_dir.display()
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(format!("lock {}: {e}", path.display())),
        }
    }
}

async fn new_session(data_dir: &Path, driver: &TauriDriver) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("wry"));
    capabilities.insert(
        "tauri:options".into(),
        json!({ "application": BIN, "args": ["--data-dir", data_dir.to_str().expect("the temporary path is UTF-8")] }),
    );
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(capabilities);
    let url = format!("http://127.0.0.1:{DRIVER_PORT}");
    match tokio::time::timeout(NEW_SESSION, builder.connect(&url)).await {
        Ok(Ok(client)) => client,
        Ok(Err(e)) => panic!("could not start the app in a WebDriver session: {e}\n{}", driver.log()),
        Err(_) => panic!("no WebDriver session after {NEW_SESSION:?}\n{}", driver.log()),
    }
}

fn require_display() {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        panic!(
            "no display (neither DISPLAY nor WAYLAND_DISPLAY is set): run \
             `xvfb-run -a cargo test --test window -- --ignored --test-threads=1`"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// tauri-driver

/// A running tauri-driver. Dropping it (also when a test panics) stops it with SIGTERM and waits for
/// it to exit: SIGKILL would leave its WebKitWebDriver running on port 4445, and the next run hangs.
struct TauriDriver {
    child: Child,
    log: PathBuf,
}

impl TauriDriver {
    /// Starts tauri-driver with its output (and that of WebKitWebDriver and the app) in a log file in
    /// `scratch`, and waits until both it and its WebKitWebDriver answer.
    fn start(scratch: &Path, env: &[(&str, &Path)]) -> TauriDriver {
        let program = find_tauri_driver();
        for port in [DRIVER_PORT, NATIVE_PORT] {
            wait_until_free(port);
        }
        let log = scratch.join("tauri-driver.log");
        let out = File::create(&log).expect("create the tauri-driver log file");
        let err = out.try_clone().expect("share the tauri-driver log file");
        // The app inherits this environment. Its data comes from `--data-dir`; the XDG folders keep
        // WebKit's caches (and, were `args` ever dropped, the default store) out of the real profile.
        let xdg = |name: &str| {
            let dir = scratch.join(name);
            std::fs::create_dir_all(&dir).expect("create a temporary XDG folder");
            dir
        };
        let child = Command::new(&program)
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .env_remove("TENDERDESK_DATA_DIR")
            .env("XDG_DATA_HOME", xdg("data"))
            .env("XDG_CACHE_HOME", xdg("cache"))
            .env("XDG_CONFIG_HOME", xdg("config"))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", program.display()));
        let mut driver = TauriDriver { child, log };
        driver.wait_until_listening();
        driver
    }

    /// Polls until WebKitWebDriver answers `GET /status` on its port, then until tauri-driver answers it
    /// on its own (it forwards the request). In that order, tauri-driver is never asked before
    /// WebKitWebDriver listens (it would log an error for each such request).
    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + DRIVER_START;
        let mut native_ready = false;
        loop {
            if let Some(status) = self.child.try_wait().expect("check on tauri-driver") {
                panic!("tauri-driver exited at start ({status})\n{}", self.log());
            }
            native_ready = native_ready || answers_status(NATIVE_PORT, Hop::Last);
            if native_ready && answers_status(DRIVER_PORT, Hop::Proxy) {
                return;
            }
            if Instant::now() > deadline {
                let port = if native_ready { DRIVER_PORT } else { NATIVE_PORT };
                panic!("nothing answering on port {port} after {DRIVER_START:?}\n{}", self.log());
            }
            std::thread::sleep(POLL);
        }
    }

    /// What tauri-driver, WebKitWebDriver and the app wrote, for failure messages.
    fn log(&self) -> String {
        match std::fs::read_to_string(&self.log) {
            Ok(text) => format!("--- tauri-driver log ---\n{text}--- end of log ---"),
            Err(e) => format!("(could not read the tauri-driver log: {e})"),
        }
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            terminate(&mut self.child);
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                match self.child.try_wait() {
                    Ok(Some(_)) => break,
                    Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL),
                    _ => {
                        eprintln!("tauri-driver did not stop within 10 s of SIGTERM; killing it");
                        let _ = self.child.kill();
                        let _ = self.child.wait();
                        break;
                    }
                }
            }
        }
        if std::thread::panicking() {
            eprintln!("{}", self.log());
        }
    }
}

/// SIGTERM: tauri-driver then stops its WebKitWebDriver before exiting.
#[cfg(unix)]
fn terminate(child: &mut Child) {
    let pid = libc::pid_t::try_from(child.id()).expect("a process id fits in pid_t");
    // SAFETY: kill(2) takes no pointers. The child has not been reaped yet (try_wait saw it running),
    // so its pid cannot have been reused by another process.
    if unsafe { libc::kill(pid, libc::SIGTERM) } != 0 {
        eprintln!("could not send SIGTERM to tauri-driver: {}", std::io::Error::last_os_error());
    }
}

#[cfg(not(unix))]
fn terminate(child: &mut Child) {
    let _ = child.kill();
}

/// tauri-driver on PATH, else in cargo's bin folder.
fn find_tauri_driver() -> PathBuf {
    let name = if cfg!(windows) { "tauri-driver.exe" } else { "tauri-driver" };
    let on_path = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default();
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|cargo| cargo.join("bin"));
    on_path.into_iter().chain(cargo_bin).map(|dir| dir.join(name)).find(|p| p.is_file()).unwrap_or_else(|| {
        panic!(
            "tauri-driver is not installed (not on PATH nor in ~/.cargo/bin): \
             run `cargo install tauri-driver --version ^2 --locked`"
        )
    })
}

/// Whom a probe talks to: tauri-driver forwards requests, headers and all, over pooled keep-alive
/// connections to WebKitWebDriver.
#[derive(Clone, Copy, PartialEq)]
enum Hop {
    Proxy,
    Last,
}

/// Whether the WebDriver server on `port` answers `GET /status` with 200 OK. Through tauri-driver the
/// request must not say `Connection: close`: tauri-driver would forward it, WebKitWebDriver would close
/// the pooled connection, and tauri-driver could then send the next request (the new session) down
/// the dead connection ("connection closed before message completed"). So read exactly one response
/// (headers, then Content-Length bytes) and hang up between requests, as a client may.
fn answers_status(port: u16, hop: Hop) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), POLL * 4) else {
        return false;
    };
    let connection = if hop == Hop::Last { "Connection: close\r\n" } else { "" };
    let request = format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{connection}\r\n");
    if stream.set_read_timeout(Some(Duration::from_secs(2))).is_err() || stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = Vec::new();
    let mut buffer = [0; 1024];
    let mut read_more = |response: &mut Vec<u8>| match stream.read(&mut buffer) {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            response.extend_from_slice(&buffer[..n]);
            true
        }
    };
    let head_len = loop {
        if let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if !read_more(&mut response) {
            return false;
        }
    };
    let head = String::from_utf8_lossy(&response[..head_len]).to_ascii_lowercase();
    let body_len = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while response.len() < head_len + body_len {
        if !read_more(&mut response) {
            return false;
        }
    }
    head.starts_with("http/1.1 200 ")
}

/// Waits briefly for a port to be free (a previous tauri-driver's WebKitWebDriver may still be going
/// away), then fails with a clear message rather than talking to someone else's server.
fn wait_until_free(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpListener::bind(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            panic!(
                "port {port} is in use: another tauri-driver or WebKitWebDriver is running \
                 (one stopped with SIGKILL leaves WebKitWebDriver behind); stop it and try again"
            );
        }
        std::thread::sleep(POLL);
    }
}

// ---------------------------------------------------------------------------------------------
// The command line

/// Runs a subcommand on `data_dir` (no display needed) and returns its stdout.
fn cli(data_dir: &Path, args: &[&str]) -> String {
    let out: Output = Command::new(BIN)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("TENDERDESK_ACTOR", "window test")
        .output()
        .unwrap_or_else(|e| panic!("run {BIN}: {e}"));
    assert!(out.status.success(), "tenderdesk {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("tenderdesk prints UTF-8")
}

/// The arrangement keys in the store, read with the command line (the app has let go of the folder).
fn stored_keys(data_dir: &Path) -> Vec<String> {
    let list: serde_json::Value =
        serde_json::from_str(&cli(data_dir, &["list", "arrangements", "--json"])).expect("list --json prints JSON");
    list.as_array()
        .expect("list --json prints an array")
        .iter()
        .map(|a| a["key"].as_str().expect("an arrangement has a key").to_owned())
        .collect()
}

/// A round of the demo lot with two compliant bids on equal prices and equal moderated marks: a tie
/// at the award line that only a drawing of lots can break. A second round, still sealed and with
/// no bid, for the model editor. Made through the API's forms, as the window would, before the
/// window opens the folder.
fn round_with_a_tie(data_dir: &Path) -> (String, String) {
    use tenderdesk_api::forms::panel::ModeratedMarkForm;
    use tenderdesk_api::forms::rounds::{BidForm, BidPriceInput, CreateRoundForm, GateInput, InviteForm};
    let api = tenderdesk_api::Api::open(tenderdesk_api::OpenOptions {
        data_dir: Some(data_dir.to_owned()),
        actor: Some("window test".into()),
    })
    .expect("open the store");
    api.load_demo().expect("load the demo");
    let new_round = |key: &str, title: &str| CreateRoundForm {
        key: Some(key.into()),
        title: title.into(),
        lots: vec!["LOT-CSF-2019-1".into()],
        published: "2026-10-01".into(),
        submission_deadline: "2026-10-20T12:00".into(),
        model_from: Some("RND-CSF-L1-MC-2026-02".into()),
        ..CreateRoundForm::default()
    };
    let round =
        api.create_round(&new_round(TIED_ROUND, "Home care: tied bids (end-to-end)")).expect("create the round").key;
    api.create_round(&new_round(MODEL_ROUND, "Home care: model to edit (end-to-end)"))
        .expect("create the second round");
    api.invite_providers(&InviteForm { round: round.clone(), providers: TIED.iter().map(|p| p.to_string()).collect() })
        .expect("invite the bidders");
    let mut bids = Vec::new();
    for bidder in TIED {
        let bid = api
            .record_bid(&BidForm {
                round: round.clone(),
                lot: "LOT-CSF-2019-1".into(),
                bidder: bidder.into(),
                received_at: "2026-10-19T10:00".into(),
                prices: vec![BidPriceInput { zone: None, hourly_pence: 2400 }],
                gates: ["CQC", "INS"].map(|g| GateInput { gate: g.into(), passed: true, note: None }).to_vec(),
                status: Some("compliant".into()),
                ..BidForm::default()
            })
            .expect("record a bid");
        bids.push(bid.key);
    }
    api.open_bids_now(&round).expect("open the bids");
    let questions: Vec<String> =
        api.round_view(&round, None).expect("the round").model.questions.into_iter().map(|q| q.code).collect();
    for bid in &bids {
        for q in &questions {
            api.enter_moderated_mark(&ModeratedMarkForm {
                submission: bid.clone(),
                question: q.clone(),
                mark: 4,
                rationale: "Agreed at moderation".into(),
                agreed_on: "2026-10-25".into(),
            })
            .expect("moderate a mark");
        }
    }
    let view = api.round_view(&round, None).expect("the round");
    assert_eq!(view.ties_to_draw.len(), 1, "one tie to draw: {:?}", view.ties_to_draw);
    (bids[0].clone(), bids[1].clone())
}

const TIED_ROUND: &str = "RND-E2E-TIE";
const MODEL_ROUND: &str = "RND-E2E-MODEL";
const TIED: [&str; 2] = ["PRV-KESTREL-COMMUNITY-CARE", "PRV-OAKAPPLE-HOMECARE"];

/// With TENDERDESK_SCREENSHOTS set, saves what the window shows as docs/screenshots/<name>.png,
/// scrolled so that the element `css` (a form further down the page) is in view.
async fn screenshot_of(client: &Client, name: &str, css: &str) {
    if std::env::var_os("TENDERDESK_SCREENSHOTS").is_none() {
        return;
    }
    client
        .execute_async(
            "const [css, done] = arguments; document.querySelector(css).scrollIntoView({ block: 'center' }); \
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![json!(css)],
        )
        .await
        .unwrap_or_else(|e| panic!("scroll to {css} before the screenshot {name}: {e}"));
    let png = client.screenshot().await.unwrap_or_else(|e| panic!("take the screenshot {name}: {e}"));
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots").join(format!("{name}.png"));
    std::fs::create_dir_all(file.parent().expect("the screenshot has a folder")).expect("create docs/screenshots");
    std::fs::write(&file, png).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
}

/// Waits for a button (bounded poll), then presses it from the keyboard (focus, Enter), as a
/// keyboard user would: independent of where the page is scrolled when it is pressed.
async fn press(client: &Client, css: &str) {
    let button = wait_for(client, css, css).await;
    button.send_keys(&Key::Enter.to_string()).await.unwrap_or_else(|e| panic!("press {css}: {e}"));
}

/// Moves to a route of the window, as following a link would.
async fn go_to(client: &Client, route: &str) {
    client
        .execute("location.hash = arguments[0];", vec![json!(route)])
        .await
        .unwrap_or_else(|e| panic!("go to {route}: {e}"));
}

#[test]
#[ignore = "needs tauri-driver, WebKitWebDriver and a display: run under xvfb-run with --ignored"]
fn a_round_is_corrected_after_recording_in_the_window() {
    let data = tempfile::tempdir().expect("create a temporary data folder");
    let (first, second) = round_with_a_tie(data.path());
    let (first_in, second_in) = (first.clone(), second.clone());
    with_window(data.path(), |client| async move {
        let (first, second) = (first_in, second_in);
        wait_for(&client, "main[data-screen='dashboard'] .figures", "the dashboard").await;

        // The model editor of the sealed round: add a question row, see it, leave unsaved.
        go_to(&client, &format!("#/rounds/{MODEL_ROUND}")).await;
        press(&client, "#edit-model").await;
        press(&client, "#add-question").await;
        fill(&client, "[id='field-questions[6].code']", "Q5").await;
        wait_for(&client, "#field-tie_break li[data-tie-break='drawing_of_lots']", "the tie-break order").await;
        screenshot_of(&client, "model-editor", "#field-gates").await;

        // The tie: a drawing of lots, refused first without who drew it; the summary's link
        // focuses that exact input.
        go_to(&client, &format!("#/rounds/{TIED_ROUND}/result")).await;
        let tie = wait_for_text_containing(&client, "[data-tie]", "tied at rank 1").await;
        assert!(tie.contains("crosses the award line"), "{tie}");
        press(&client, "[data-draw]").await;
        fill(&client, "#field-witnessed_by", "Legal Services").await;
        // The second bid is drawn first.
        press(&client, &format!("[data-move-up='{second}']")).await;
        press(&client, "#drawing-save").await;
        wait_for(&client, ".error-summary", "the refusal without who drew").await;
        press(&client, ".error-summary button").await;
        wait_for_focus(&client, "field-drawn_by").await;
        keys(&client, "Head of Procurement").await;
        screenshot_of(&client, "drawing-of-lots", "#drawing-form").await;
        press(&client, "#drawing-save").await;
        wait_for(&client, "#drawing-recorded", "the drawing recorded").await;
        let ranked = attributes(&client, "[data-result-lot='LOT-CSF-2019-1'] tbody tr", "data-bidder").await;
        assert_eq!(ranked, vec![TIED[1].to_owned(), TIED[0].to_owned()], "ranked in the order drawn");
        let explained =
            wait_for_text_containing(&client, "[data-tie-breaks='LOT-CSF-2019-1']", "drawing of lots").await;
        assert!(explained.contains("Head of Procurement"), "{explained}");
        screenshot(&client, "result-after-drawing").await;

        // Award, then withdraw: a reason is required, a confirmation is asked, the marks unlock.
        click(&client, "a[data-tab='award']").await;
        fill(&client, "#field-decision_maker", "Director of Adult Social Care").await;
        press(&client, "#award-form button[type='submit']").await;
        wait_for(&client, "#award-recorded", "the award decision").await;
        press(&client, "#withdraw-award").await;
        press(&client, "#withdraw-continue").await;
        press(&client, "#withdraw-confirm-yes").await;
        let beside = wait_for_text_containing(&client, "#field-reason-error", "reason").await;
        assert!(beside.contains("reason"), "{beside}");
        fill(&client, "#field-reason", "Challenge upheld: the drawing was not witnessed as the rules require").await;
        press(&client, "#withdraw-continue").await;
        wait_for_text_containing(&client, "#withdraw-confirm", "Challenge upheld").await;
        screenshot_of(&client, "award-withdraw-confirm", "#withdraw-form").await;
        press(&client, "#withdraw-confirm-yes").await;
        wait_for(&client, "#award-withdrawn", "the withdrawal").await;
        let withdrawn = wait_for_text_containing(&client, "#withdrawn-awards", "Challenge upheld").await;
        assert!(withdrawn.contains("(by "), "withdrawn in the officer's name: {withdrawn}");
        screenshot(&client, "award-withdrawn").await;

        // Unlocked: the first bid is withdrawn by its bidder.
        click(&client, "a[data-tab='bids']").await;
        press(&client, &format!("[data-change-bid='{first}']")).await;
        select(&client, "#bid-change-form #field-status", "withdrawn").await;
        fill(&client, "#bid-change-form #field-status_reason", "The provider withdrew its bid by letter").await;
        screenshot_of(&client, "bid-change", "#bid-change-form").await;
        let chosen = client
            .execute("return document.querySelector('#bid-change-form #field-status').value;", vec![])
            .await
            .expect("read the status chosen");
        assert_eq!(chosen, json!("withdrawn"), "the status chosen");
        press(&client, "#bid-change-form button[type='submit']").await;
        wait_for(&client, "#bid-changed", "the bid changed").await;
        wait_for(&client, &format!("#bids tr[data-bid='{first}'] [data-status='withdrawn']"), "the bid withdrawn")
            .await;
        let row = text_of(&client, &format!("#bids tr[data-bid='{first}']")).await;
        assert!(row.contains("The provider withdrew its bid by letter"), "{row}");
    });

    // What the window showed is what was stored.
    let bids: serde_json::Value =
        serde_json::from_str(&cli(data.path(), &["list", "submissions", "--json"])).expect("list --json prints JSON");
    let stored = bids.as_array().expect("an array").iter().find(|b| b["key"] == first.as_str()).expect("the bid");
    assert_eq!(stored["status"], "withdrawn", "{stored}");
    let awards: serde_json::Value =
        serde_json::from_str(&cli(data.path(), &["list", "awards", "--json"])).expect("list --json prints JSON");
    let ours = awards.as_array().expect("an array").iter().find(|a| a["round"] == TIED_ROUND).expect("the award");
    assert!(ours["withdrawn"]["reason"].as_str().is_some_and(|r| r.starts_with("Challenge upheld")), "{ours}");
    let rounds: serde_json::Value =
        serde_json::from_str(&cli(data.path(), &["list", "rounds", "--json"])).expect("list --json prints JSON");
    let round = rounds.as_array().expect("an array").iter().find(|r| r["key"] == TIED_ROUND).expect("the round");
    assert_eq!(round["drawings"][0]["order"], json!([second, first]), "the order drawn is stored: {round}");
    assert_eq!(round["drawings"][0]["drawn_by"], "Head of Procurement");
}

/// The demo's awarded call-off: five bidders, so five letters.
const LETTERS_ROUND: &str = "RND-CSF-L1-MC-2025-01";

#[test]
#[ignore = "needs tauri-driver, WebKitWebDriver and a display: run under xvfb-run with --ignored"]
fn letters_from_the_window_are_all_or_none() {
    let data = tempfile::tempdir().expect("create a temporary data folder");
    let dialogs = tempfile::tempdir().expect("create a temporary folder for the dialogs' answers");
    // The letters' names in the order they are written, from the command line on the same data.
    cli(data.path(), &["demo"]);
    let probe = tempfile::tempdir().expect("create a temporary folder for the command line's letters");
    let probe_dir = probe.path().to_str().expect("the temporary path is UTF-8");
    let said = cli(data.path(), &["report", "letters", "--round", LETTERS_ROUND, "--out-dir", probe_dir]);
    let letters: Vec<&str> =
        said.lines().filter_map(|l| l.strip_prefix("  ")).filter_map(|l| l.split(" (").next()).collect();
    assert_eq!(letters.len(), 5, "five letters: {said}");
    // A folder stands where the third letter must go: the window's third write fails.
    let third = dialogs.path().join(letters[2]);
    std::fs::create_dir(&third).expect("make a folder where the third letter goes");
    let third_named = third.display().to_string();
    let env = [("TENDERDESK_E2E_DIALOG_DIR", dialogs.path())];
    with_window_env(data.path(), &env, |client| async move {
        wait_for(&client, "main[data-screen='dashboard'] .figures", "the dashboard").await;
        open_screen(&client, "reports").await;
        select(&client, "#report-round", LETTERS_ROUND).await;
        click_button(&client, "Letters to every bidder…").await;
        let refused = wait_for_text_containing(&client, ".error-summary", "nothing was written").await;
        assert!(refused.contains(&third_named), "names the third letter: {refused}");
        assert!(client.find(Locator::Css("#file-result")).await.is_err(), "no saved message after a failure");
    });
    // No letter is left, nor any temporary file: only the folder that was in the way.
    let left: Vec<String> = std::fs::read_dir(dialogs.path())
        .expect("read the dialogs' folder")
        .map(|entry| entry.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, [letters[2]], "the folder holds no letter");
}
