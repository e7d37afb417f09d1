#!/usr/bin/env bash
# Starts the app on its own Xvfb screen with a fresh copy of the demo data and saves a screenshot.
# Usage: scripts/screenshot.sh OUT.png [seconds to let it paint, default 6]
set -euo pipefail
out=${1:?usage: scripts/screenshot.sh OUT.png [seconds]}
settle=${2:-6}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${CARGO_TARGET_DIR:-$HOME/.cache/tenderdesk/target}/debug/tenderdesk"
[ -x "$bin" ] || bin="$root/target/debug/tenderdesk"
data=$(mktemp -d)
num=$((90 + RANDOM % 100))
Xvfb ":$num" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
trap '[ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do DISPLAY=":$num" xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done
DISPLAY=":$num" "$bin" --data-dir "$data" &
app=$!
# Wait for the window to exist, then give the page time to paint.
for _ in $(seq 1 100); do
  DISPLAY=":$num" xwininfo -root -tree 2>/dev/null | grep -q '"TenderDesk"' && break
  sleep 0.2
done
sleep "$settle"
DISPLAY=":$num" import -window root "$out"
echo "saved $out"
