#!/usr/bin/env bash
# The example firmware (examples/firmware): cross-builds it for the STM32F411
# (thumbv7em-none-eabihf) and runs its host tests, which drive `poll_dashboard` over
# embedded-hal-mock. Called by tests/run-all.sh; runs on its own from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."

manifest=examples/firmware/Cargo.toml
host=$(rustc -vV | sed -n 's/^host: //p')

rustup target add thumbv7em-none-eabihf >/dev/null 2>&1 || true

echo "  firmware: format"
cargo fmt --manifest-path "$manifest" -- --check

echo "  firmware: build for thumbv7em-none-eabihf (release)"
cargo build --release --manifest-path "$manifest" --target thumbv7em-none-eabihf

echo "  firmware: clippy for thumbv7em-none-eabihf"
cargo clippy --release --manifest-path "$manifest" --target thumbv7em-none-eabihf -- -D warnings

echo "  firmware: host tests ($host)"
# The crate sets no default target, but name the host anyway so a config elsewhere cannot
# send the tests to the thumb target.
cargo test --manifest-path "$manifest" --lib --target "$host"
