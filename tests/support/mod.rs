//! Running the built `tenderdesk` binary as a user would, for the command-line, durability and
//! window tests: no display, a store folder of the test's own, and one line on stderr when a
//! command fails.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_tenderdesk");

/// The binary with `args`, on the store in `dir`, as "cli tester", with no display and no ocid
/// prefix from the environment: ready to run or to spawn.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("TENDERDESK_DATA_DIR", dir)
        .env("TENDERDESK_ACTOR", "cli tester")
        .env_remove("TENDERDESK_OCID_PREFIX")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    cmd
}

/// Runs the binary on the store in `dir` as "cli tester", with extra environment variables.
pub fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = command(dir, args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    run_with(dir, args, &[])
}

/// Runs a command that must succeed; returns its stdout.
pub fn ok_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = run_with(dir, args, env);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

pub fn ok(dir: &Path, args: &[&str]) -> String {
    ok_with(dir, args, &[])
}

/// Runs a command that must fail; returns its one line of stderr.
pub fn fails_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = run_with(dir, args, env);
    assert!(!out.status.success(), "{args:?} should have failed");
    let err = String::from_utf8(out.stderr).expect("UTF-8 output");
    assert_eq!(err.trim_end().lines().count(), 1, "one line on stderr, got: {err}");
    err
}

pub fn fails(dir: &Path, args: &[&str]) -> String {
    fails_with(dir, args, &[])
}

/// A fresh store holding the demo data set.
pub fn demo_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = ok(dir.path(), &["demo"]);
    assert!(out.contains("Loaded the demo data set"), "{out}");
    dir
}
