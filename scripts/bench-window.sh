#!/usr/bin/env bash
# The window's benchmark: time from launch to the dashboard painted (the page calls `window_ready`
# after its first paint; the app logs the time since it started and its RSS), and the memory once
# idle (the app plus its WebKit processes, from /proc), under Xvfb.
#
#   scripts/bench-window.sh [path of the app binary]   (default target/debug/tenderdesk)
#   RUNS=5 scripts/bench-window.sh target/release/tenderdesk
#
# The first run starts on an empty data folder (the demo data is loaded), the others reopen it.
# DATA=<store folder> runs on an existing store instead (a large county, say); it is not removed.
set -euo pipefail
BIN=${1:-target/debug/tenderdesk}
RUNS=${RUNS:-3}
IDLE_SECONDS=${IDLE_SECONDS:-10}
[ -x "$BIN" ] || { echo "no app binary at $BIN; build it first (bash scripts/build.sh)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "xvfb-run is missing (bash scripts/setup.sh)" >&2; exit 1; }

echo "$BIN: $(du -h "$BIN" | cut -f1), $(nproc) cores"
if [ -n "${DATA:-}" ]; then
  data=$DATA
else
  data=$(mktemp -d)
  trap 'rm -rf "$data"' EXIT
fi

# The resident memory of a process and all its descendants, in KiB.
tree_rss() {
  local pid=$1 total=0 kid
  total=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  for kid in $(pgrep -P "$pid" || true); do
    total=$((total + $(tree_rss "$kid")))
  done
  echo "${total:-0}"
}

for run in $(seq "$RUNS"); do
  log=$(mktemp)
  TENDERDESK_DATA_DIR="$data" xvfb-run -a -s "-screen 0 1280x800x24" "$BIN" 2>"$log" &
  wrapper=$!
  for _ in $(seq 1200); do
    grep -q "window ready" "$log" && break
    sleep 0.1
  done
  line=$(grep -m1 "window ready" "$log" || echo "not ready within 120 s")
  sleep "$IDLE_SECONDS"
  app=$(pgrep -P "$wrapper" -x tenderdesk || true)
  if [ -n "$app" ]; then
    own=$(awk '/^VmRSS:/ {print $2}' "/proc/$app/status")
    all=$(tree_rss "$app")
    # The machine's load says whether other work (builds) shared the cores during the run.
    echo "run $run: $line; idle after ${IDLE_SECONDS} s: app ${own} KiB, app + WebKit ${all} KiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
    kill -TERM "$app"
  else
    echo "run $run: $line; the app was not found running" >&2
    cat "$log" >&2
  fi
  wait "$wrapper" 2>/dev/null || true
  rm -f "$log"
done
