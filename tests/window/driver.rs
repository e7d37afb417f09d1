//! The window's tests' driver: `tauri-driver` (on 127.0.0.1:4444) starts the built `tenderdesk`
//! binary under WebKitWebDriver (on 4445) in a WebDriver session; and [`wait_until`], the one
//! bounded wait every test and every step here uses (for the page, for tauri-driver, for the app).

use std::fmt;
use std::fs::File;
use std::future::Future;
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::support::BIN;

/// tauri-driver's own port (the default) and the port of the WebKitWebDriver it starts (the default).
const DRIVER_PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;

/// How long tauri-driver may take to listen, a new session (starting the app) may take, the page
/// may take to show its data, the app may take to exit, a port may take to be let go of and
/// tauri-driver may take to stop. Generous for a loaded 2-core CI machine; a normal run takes seconds.
const DRIVER_START: Duration = Duration::from_secs(20);
const NEW_SESSION: Duration = Duration::from_secs(60);
pub const PAGE_LOAD: Duration = Duration::from_secs(30);
const APP_EXIT: Duration = Duration::from_secs(15);
const PORT_FREE: Duration = Duration::from_secs(10);
const DRIVER_STOP: Duration = Duration::from_secs(10);

/// How often [`wait_until`] asks again.
const POLL: Duration = Duration::from_millis(50);

/// The fixed ports allow one tauri-driver at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A wait that ran out: what was waited for, and for how long.
#[derive(Debug)]
pub struct TimedOut {
    what: String,
    within: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "waited {:?} for {}, in vain", self.within, self.what)
    }
}

/// Asks `condition` until it answers `Some`, pausing [`POLL`] between asks, for at most `within`:
/// its answer, or on time out an error naming `what` was waited for. Every wait of these tests is
/// this one; none sleeps for a fixed time.
pub async fn wait_until<T>(
    what: impl fmt::Display,
    within: Duration,
    mut condition: impl AsyncFnMut() -> Option<T>,
) -> Result<T, TimedOut> {
    let deadline = Instant::now() + within;
    loop {
        if let Some(answer) = condition().await {
            return Ok(answer);
        }
        if Instant::now() >= deadline {
            return Err(TimedOut { what: what.to_string(), within });
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Starts tauri-driver, opens the app on `data_dir` in a WebDriver session, runs `body`, then closes
/// the session, waits for the app to exit and stops tauri-driver, whether `body` passed or
/// panicked. Returns what `body` returns.
pub fn with_window<T, F, Fut>(data_dir: &Path, body: F) -> T
where
    T: 'static,
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = T> + 'static,
{
    with_window_env(data_dir, &[], body)
}

/// As [`with_window`], with extra environment variables for the app (tauri-driver passes its own
/// environment on to the app it starts).
pub fn with_window_env<T, F, Fut>(data_dir: &Path, env: &[(&str, &Path)], body: F) -> T
where
    T: 'static,
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = T> + 'static,
{
    // A test that panicked while holding the lock has still cleaned up after itself.
    let _one_at_a_time = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    require_display();
    let scratch = tempfile::tempdir().expect("create a temporary folder for tauri-driver");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("build a tokio runtime");
    // A local task set: the body runs on this thread, so its future need not be `Send`.
    let local = tokio::task::LocalSet::new();
    runtime.block_on(local.run_until(async {
        let mut driver = TauriDriver::start(scratch.path(), env).await;
        let client = new_session(data_dir, &driver).await;
        // A panic in a spawned task comes back as an error, so the session is closed either way.
        let outcome = tokio::task::spawn_local(body(client.clone())).await;
        let closed = client.close().await;
        // WebKitWebDriver ends the app only after it has answered the session's DELETE. Stopping
        // tauri-driver (which SIGKILLs WebKitWebDriver) before that leaves the app running, orphaned.
        let exited = wait_until_the_app_exits(data_dir).await;
        // Any failure below panics with `driver` still in scope: its drop prints tauri-driver's log.
        driver.stop().await;
        let answer = match outcome {
            Ok(answer) => answer,
            Err(e) => match e.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(e) => panic!("the test body did not finish: {e}"),
            },
        };
        closed.expect("close the WebDriver session");
        exited.unwrap_or_else(|e| panic!("{e}"));
        answer
    }))
}

/// Waits until no process holds the store's lock on `data_dir`: the app has exited.
async fn wait_until_the_app_exits(data_dir: &Path) -> Result<(), String> {
    let path = data_dir.join("tenderdesk.lock");
    let lock = match File::open(&path) {
        Ok(file) => file,
        // The app never opened the store.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("open {}: {e}", path.display())),
    };
    let released = wait_until("the app to let go of the store", APP_EXIT, async || match lock.try_lock_shared() {
        Ok(()) => Some(Ok(())),
        Err(std::fs::TryLockError::WouldBlock) => None,
        Err(std::fs::TryLockError::Error(e)) => Some(Err(format!("lock {}: {e}", path.display()))),
    })
    .await;
    released.unwrap_or_else(|e| {
        let holder = std::fs::read_to_string(&path).unwrap_or_default();
        Err(format!(
            "{e}: the app (process {}) still holds {} after the WebDriver session closed",
            holder.trim(),
            data_dir.display()
        ))
    })
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

/// A running tauri-driver. [`TauriDriver::stop`] stops it with SIGTERM and waits for it to exit:
/// SIGKILL would leave its WebKitWebDriver running on port 4445, and the next run hangs. Dropped
/// still running (a test failed before it was stopped), it is sent SIGTERM; the next start waits
/// for the ports to be free.
struct TauriDriver {
    child: Child,
    log: PathBuf,
}

impl TauriDriver {
    /// Starts tauri-driver with its output (and that of WebKitWebDriver and the app) in a log file in
    /// `scratch`, and waits until both it and its WebKitWebDriver answer.
    async fn start(scratch: &Path, env: &[(&str, &Path)]) -> TauriDriver {
        let program = find_tauri_driver();
        for port in [DRIVER_PORT, NATIVE_PORT] {
            wait_until_free(port).await;
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
        driver.wait_until_listening().await;
        driver
    }

    /// Waits until WebKitWebDriver answers `GET /status` on its port, then until tauri-driver answers it
    /// on its own (it forwards the request). In that order, tauri-driver is never asked before
    /// WebKitWebDriver listens (it would log an error for each such request).
    async fn wait_until_listening(&mut self) {
        let (child, log) = (&mut self.child, &self.log);
        let mut native_ready = false;
        let listening = wait_until("tauri-driver and its WebKitWebDriver to answer", DRIVER_START, async || {
            if let Some(status) = child.try_wait().expect("check on tauri-driver") {
                panic!("tauri-driver exited at start ({status})\n{}", read_log(log));
            }
            native_ready = native_ready || answers_status(NATIVE_PORT, Hop::Last);
            (native_ready && answers_status(DRIVER_PORT, Hop::Proxy)).then_some(())
        })
        .await;
        if let Err(e) = listening {
            let port = if native_ready { DRIVER_PORT } else { NATIVE_PORT };
            panic!("{e}: nothing answering on port {port}\n{}", self.log());
        }
    }

    /// Sends SIGTERM (tauri-driver then stops its WebKitWebDriver) and waits for it to exit; kills
    /// it only if it has not within [`DRIVER_STOP`].
    async fn stop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        terminate(&mut self.child);
        let child = &mut self.child;
        if wait_until("tauri-driver to exit after SIGTERM", DRIVER_STOP, async || child.try_wait().ok().flatten())
            .await
            .is_err()
        {
            eprintln!("tauri-driver did not stop within {DRIVER_STOP:?} of SIGTERM; killing it");
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// What tauri-driver, WebKitWebDriver and the app wrote, for failure messages.
    fn log(&self) -> String {
        read_log(&self.log)
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            terminate(&mut self.child);
        }
        if std::thread::panicking() {
            eprintln!("{}", self.log());
        }
    }
}

fn read_log(log: &Path) -> String {
    match std::fs::read_to_string(log) {
        Ok(text) => format!("--- tauri-driver log ---\n{text}--- end of log ---"),
        Err(e) => format!("(could not read the tauri-driver log: {e})"),
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

/// Waits for a port to be free (a previous tauri-driver's WebKitWebDriver may still be going
/// away), then fails with a clear message rather than talking to someone else's server.
async fn wait_until_free(port: u16) {
    let free = wait_until(format!("port {port} to be free"), PORT_FREE, async || {
        TcpListener::bind(("127.0.0.1", port)).is_ok().then_some(())
    })
    .await;
    if let Err(e) = free {
        panic!(
            "{e}: port {port} is in use: another tauri-driver or WebKitWebDriver is running \
             (one stopped with SIGKILL leaves WebKitWebDriver behind); stop it and try again"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Is a WebDriver server listening?

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
    read_one_response(&mut stream).is_some_and(|head| head.starts_with("http/1.1 200 "))
}

/// Reads one HTTP response (its head, then Content-Length bytes of body): the head, lower-cased;
/// `None` if the connection ends or stalls first.
fn read_one_response(stream: &mut TcpStream) -> Option<String> {
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
            return None;
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
            return None;
        }
    }
    Some(head)
}
