#!/usr/bin/env bash
# `ems` on a Raspberry Pi (64-bit Raspberry Pi OS / Debian arm64): cross-builds the `ems`
# binary for aarch64-unknown-linux-gnu with Debian's cross toolchain (the bundled SQLite is C,
# so the cross C compiler is needed too) and runs a smoke test under qemu-user. Installs what
# it needs (apt-get, rustup). Runs on its own from any directory; a dev-profile build is used
# because it is the quickest to build and still exercises the whole binary.
set -euo pipefail
cd "$(dirname "$0")/.."

target=aarch64-unknown-linux-gnu
profile=${EMS_AARCH64_PROFILE:-dev}

need=()
command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
[ -d /usr/aarch64-linux-gnu/include ] && [ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ] || need+=(libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null || command -v qemu-aarch64-static >/dev/null || need+=(qemu-user)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "  aarch64: installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
qemu=$(command -v qemu-aarch64 || command -v qemu-aarch64-static)

rustup target add "$target" >/dev/null 2>&1 || rustup target add "$target"

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar

echo "  aarch64: cargo build -p ems --bin ems --target $target --profile $profile"
cargo build --quiet -p ems --bin ems --target "$target" --profile "$profile"

dir=$profile
[ "$profile" = dev ] && dir=debug
bin="${CARGO_TARGET_DIR:-target}/$target/$dir/ems"
file "$bin" 2>/dev/null | grep -q 'ARM aarch64' || {
  # `file` may be missing; fall back on the ELF header's machine field (0xb7 = AArch64).
  machine=$(od -An -tx1 -j18 -N1 "$bin" | tr -d ' ')
  [ "$machine" = b7 ] || { echo "  aarch64: $bin is not an AArch64 executable" >&2; exit 1; }
}

run() { "$qemu" -L /usr/aarch64-linux-gnu "$bin" "$@"; }

echo "  aarch64: ems --version under $(basename "$qemu")"
run --version

echo "  aarch64: ems check --config examples/ems/plant.toml"
run check --config examples/ems/plant.toml >/dev/null

echo "  aarch64: ems demo --cycles 1 --plain --history 0 (79 simulated meters on an emulated 19200-baud bus, stored)"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
out=$(run demo --cycles 1 --plain --history 0 --http 127.0.0.1:0 --data-dir "$data")
echo "$out" | tail -n 3
echo "$out" | grep -q '^cycle 1: 79 meters polled' || { echo "  aarch64: the demo did not complete a cycle" >&2; exit 1; }
[ -s "$data/ems.sqlite" ] || { echo "  aarch64: the demo stored nothing" >&2; exit 1; }

echo "  aarch64: ok"
