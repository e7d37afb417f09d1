#!/usr/bin/env bash
# Starts the app under Xvfb on a fresh copy of the demo data and saves a screenshot of the window.
# Usage: scripts/screenshot.sh OUT.png [seconds to let it render, default 6]
set -euo pipefail
out=${1:?usage: scripts/screenshot.sh OUT.png [seconds]}
settle=${2:-6}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${CARGO_TARGET_DIR:-$root/target}/debug/tenderdesk"
data=$(mktemp -d)
auth=$(mktemp)
num=$((90 + RANDOM % 100))
xvfb-run --server-num="$num" --auth-file="$auth" -s "-screen 0 1280x800x24" "$bin" --data-dir "$data" &
runner=$!
trap 'kill $runner 2>/dev/null; pkill -f "$bin --data-dir $data" 2>/dev/null; rm -rf "$data" "$auth"' EXIT
# Wait for the window to exist, then give the page time to paint.
for _ in $(seq 1 100); do
  if XAUTHORITY=$auth DISPLAY=:$num xwininfo -root -tree 2>/dev/null | grep -q '"TenderDesk"'; then break; fi
  sleep 0.2
done
sleep "$settle"
XAUTHORITY=$auth DISPLAY=:$num import -window root "$out"
echo "saved $out"
