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
//! `--test-threads=1`. Set `TENDERDESK_SCREENSHOTS=1` to also save docs/screenshots/window-e2e.png.

use std::fs::File;
use std::future::Future;
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

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

        if std::env::var_os("TENDERDESK_SCREENSHOTS").is_some() {
            let png = client.screenshot().await.expect("take a WebDriver screenshot of the window");
            let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots/window-e2e.png");
            std::fs::create_dir_all(file.parent().expect("the screenshot has a folder"))
                .expect("create docs/screenshots");
            std::fs::write(&file, png).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
        }
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
    let dataset = json!({
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
    });
    std::fs::write(&extra, serde_json::to_string_pretty(&dataset).expect("serialise the dataset"))
        .expect("write the dataset file");
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

/// Waits until the table has rows and the header has the council's name, then reads them.
async fn read_arrangements(client: &Client) -> Shown {
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
    // A test that panicked while holding the lock has still cleaned up after itself.
    let _one_at_a_time = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    require_display();
    let scratch = tempfile::tempdir().expect("create a temporary folder for tauri-driver");
    let driver = TauriDriver::start(scratch.path());

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
    fn start(scratch: &Path) -> TauriDriver {
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
