#!/bin/sh
# Browser test of the ems dashboard: installs what it needs (playwright-core from npm into
# ./node_modules, Debian's chromium with apt if missing), then either tests the dashboard at
# URL, or (without URL) builds ems, serves the test fixture on a free port and tests that.
# Usage: tests/browser/run.sh [URL] [OUTDIR]   (OUTDIR default: docs/screenshots)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
out=${2:-$root/docs/screenshots}
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (apt)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends chromium >&2; else sudo apt-get install -y --no-install-recommends chromium >&2; fi
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >&2)
fi
if [ $# -ge 1 ] && [ -n "$1" ]; then
  exec node "$here/dashboard.mjs" "$1" "$out"
fi
cd "$root"
cargo build -p ems >&2
data=$(mktemp -d)
port=${EMS_TEST_PORT:-18931}
"$root/target/debug/ems" serve --fixture --fixture-days 3 --data-dir "$data" --http "127.0.0.1:$port" > "$data/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT INT TERM
i=0
until curl -fs "http://127.0.0.1:$port/api/site" > /dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 240 ] || { cat "$data/serve.log" >&2; echo "ems serve did not start" >&2; exit 1; }
  sleep 0.5
done
node "$here/dashboard.mjs" "http://127.0.0.1:$port/" "$out"
