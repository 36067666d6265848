#!/usr/bin/env bash
# Regenerates docs/report.png, the README's picture of a report: solves
# plans/colossus.yaml, then has headless Chromium (Debian's `chromium`
# package) screenshot out/colossus/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."

# CAPPLAN=./target/debug/capplan uses a binary already built.
if [ -n "${CAPPLAN:-}" ]; then
  "$CAPPLAN" solve plans/colossus.yaml --out out/colossus --quiet
else
  cargo run --release --quiet -- solve plans/colossus.yaml --out out/colossus --quiet
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --window-size=1400,"${HEIGHT:-5200}" \
  --screenshot="$PWD/docs/report.png" "file://$PWD/out/colossus/report.html" 2>/dev/null
echo "wrote docs/report.png"
