#!/usr/bin/env bash
# Every check and every test: installs what is missing, then the UI type check and build, the
# generated files, formatting, lints, the Rust tests, and the end-to-end tests of the real window.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tenderdesk/target}"
export CARGO_TERM_COLOR=never
step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "setup"; bash scripts/setup.sh --e2e
export PATH="$HOME/.cargo/bin:$PATH"
step "UI: type check and build"; bash scripts/build.sh
step "UI: component tests"; (cd ui && npm run --silent test)
step "generated files are current"; cargo xtask codegen --check
step "formatting"; cargo fmt --all --check
step "lints"; cargo clippy --workspace --all-targets --quiet -- -D warnings
step "tests"; cargo test --workspace --quiet
step "end-to-end tests of the window"; xvfb-run -a -s "-screen 0 1280x800x24" cargo test --quiet --test window -- --ignored --test-threads=1
step "all passed"
