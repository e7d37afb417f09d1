#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and starts TenderDesk. An empty store opens on the
# built-in demo data. Arguments are passed to the app (e.g. --data-dir DIR, or a subcommand).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
bin="${CARGO_TARGET_DIR:-$HOME/.cache/tenderdesk/target}/debug/tenderdesk"
if [ $# -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display here, so the window starts under Xvfb (screen :99); see it with:"
  echo "     DISPLAY=:99 XAUTHORITY=/tmp/tenderdesk.xauth import -window root shot.png"
  exec xvfb-run --server-num=99 --auth-file=/tmp/tenderdesk.xauth -s "-screen 0 1280x800x24" "$bin"
fi
exec "$bin" "$@"
