#!/usr/bin/env bash
# The whole test suite. Installs what it needs, then runs every check. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
disk() { df -h . | awk 'NR == 2 { printf "  disk: %s free of %s (%s)\n", $4, $2, $6 }'; }

# A clean clone builds every target once: incremental caches would only take disk (gigabytes
# across ~25 test binaries) and time. Debug info is kept to line tables (Cargo.toml).
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

# Every test run's output is also kept here, to print one total at the end.
results=$(mktemp)
trap 'rm -f "$results"' EXIT
tested() { "$@" 2>&1 | tee -a "$results"; }

step "toolchain: thumbv7em-none-eabihf target, rustfmt, clippy"
disk
rustup target add thumbv7em-none-eabihf >/dev/null
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "peers and tools: socat, mbpoll, poppler-utils, mosquitto, postgresql (Debian), pymodbus (PyPI, in .venv)"
need=()
command -v socat >/dev/null || need+=(socat)
command -v mbpoll >/dev/null || need+=(mbpoll)
# The report tests read the PDFs back with pdftotext and render every page with pdftoppm.
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || need+=(poppler-utils)
# The MQTT sink tests start their own broker (mosquitto lives in /usr/sbin, off a user's PATH)
# and watch it with mosquitto_sub/mosquitto_pub.
{ command -v mosquitto || test -x /usr/sbin/mosquitto; } >/dev/null && command -v mosquitto_sub >/dev/null ||
  need+=(mosquitto mosquitto-clients)
# The PostgreSQL sink tests start throwaway clusters with Debian's server binaries.
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# pymodbus 3.16.1 is the version the interop script was verified with (its simulator API,
# SimData/SimDevice served by the server, exists from 3.12 on).
if ! .venv/bin/python -c "import pymodbus, sys; sys.exit(pymodbus.__version__ != '3.16.1')" 2>/dev/null; then
  rm -rf .venv
  if ! python3 -m venv .venv 2>/dev/null; then
    # Debian's own python3 needs python3-venv for `python3 -m venv`.
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
    rm -rf .venv
    python3 -m venv .venv
  fi
  .venv/bin/pip install -q --disable-pip-version-check "pymodbus==3.16.1" "pyserial==3.5"
fi
export SCHNEIDER_EM_INTEROP=1
export SCHNEIDER_EM_PYTHON="$PWD/.venv/bin/python"
# A missing mosquitto or PostgreSQL fails the sink tests instead of skipping them.
export EMS_SINK_TESTS=1

step "format"
cargo fmt --all -- --check

step "clippy (all targets, all features, -D warnings)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "docs (-D warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --quiet

step "no_std builds for thumbv7em-none-eabihf, each feature on its own"
for features in "" "defmt" "serde" "defmt,serde" "embedded-hal-nb" "embedded-io" "embedded-io-async" "embedded-hal-nb,embedded-io,embedded-io-async,defmt,serde"; do
  echo "  features: '${features:-none}'"
  cargo build --quiet --lib --target thumbv7em-none-eabihf --no-default-features ${features:+--features "$features"}
done

step "host builds, each feature on its own"
for features in "" "std" "serde" "defmt" "serialport" "tcp" "tokio" "embedded-hal-nb" "embedded-io" "embedded-io-async" "sim"; do
  cargo check --quiet --lib --no-default-features ${features:+--features "$features"}
done

step "ems production build: no simulator (--no-default-features)"
cargo build --quiet -p ems --no-default-features
if target/debug/ems --help | grep -qE '^  (demo|sim) '; then echo "the production build still has demo/sim" >&2; exit 1; fi

step "benchmarks build"
cargo bench --no-run --quiet --bench core

step "tests (workspace, all features)"
tested cargo test --workspace --all-features
disk

if [ -f tests/firmware.sh ]; then
  step "firmware example: thumbv7em-none-eabihf build and host tests"
  tested bash tests/firmware.sh
fi

step "ems on a Raspberry Pi: aarch64 cross-build, smoke test under qemu-user"
bash tests/aarch64.sh
disk

step "dashboard in a real browser: headless Chromium (Debian) driven by playwright-core (npm) on ems demo"
demo_dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
cargo build --quiet -p ems
target/debug/ems demo --history 2 --plain --http "127.0.0.1:$port" --data-dir "$demo_dir/data" > "$demo_dir/demo.log" 2>&1 &
demo_pid=$!
i=0
until curl -fs "http://127.0.0.1:$port/api/site" > /dev/null 2>&1; do
  i=$((i + 1))
  if [ $i -ge 600 ] || ! kill -0 $demo_pid 2>/dev/null; then cat "$demo_dir/demo.log" >&2; echo "ems demo did not serve" >&2; exit 1; fi
  sleep 0.5
done
sleep 8 # a few live polls, and the dead meter's first failures
browser_status=0
EMS_OFFLINE_METER="Borewell Pump" sh examples/ems/tests/browser/run.sh "http://127.0.0.1:$port/" "$demo_dir/shots" | tee -a "$results" || browser_status=$?
kill $demo_pid 2>/dev/null || true
wait $demo_pid 2>/dev/null || true
rm -rf "$demo_dir"
[ $browser_status = 0 ] || { echo "browser test failed" >&2; exit 1; }
echo "test result: ok. 1 passed; 0 failed; (dashboard in headless Chromium)" >> "$results"

step "tests (no default features)"
tested cargo test --no-default-features --quiet

echo
disk
echo "all checks passed"
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "tests: %d passed, %d failed\n", passed, failed }' "$results"
