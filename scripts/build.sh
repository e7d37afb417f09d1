#!/usr/bin/env bash
# Builds the UI (type-checked) and then the app that embeds it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tenderdesk/target}"
(cd ui && { [ -d node_modules ] && npm ls --silent >/dev/null 2>&1 || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent build)
cargo build --quiet
