#!/usr/bin/env bash
# Installs what TenderDesk needs on Debian 12 and is not there yet: the Tauri build libraries,
# Xvfb and WebKitWebDriver for headless runs, poppler and imagemagick for looking at output, and
# (with --e2e) tauri-driver. Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  build-essential pkg-config libssl-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev
  xvfb xauth x11-utils webkit2gtk-driver
  poppler-utils imagemagick fonts-dejavu-core fonts-liberation2
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is missing; install Rust (rustup) and Node.js 20.19 or later" >&2; exit 1; }
done
node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>22||(a===22&&b>=12)||(a===20&&b>=19)||a>20?1:0)')
[ "$node_ok" = 1 ] || { echo "setup: Node.js $(node --version) is too old for Vite; 20.19 or later is needed" >&2; exit 1; }

if [ "${1:-}" = "--e2e" ] && ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi
