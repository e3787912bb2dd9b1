#!/usr/bin/env bash
# The whole test suite. Installs what it needs, then runs every check. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain: thumbv7em-none-eabihf target, rustfmt, clippy"
rustup target add thumbv7em-none-eabihf >/dev/null
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "format"
cargo fmt --all -- --check

step "clippy (all targets, all features, -D warnings)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "docs (-D warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --quiet

step "no_std builds for thumbv7em-none-eabihf, each feature on its own"
for features in "" "defmt" "serde" "defmt,serde"; do
  echo "  features: '${features:-none}'"
  cargo build --quiet --lib --target thumbv7em-none-eabihf --no-default-features ${features:+--features "$features"}
done

step "host builds, each feature on its own"
for features in "" "std" "serde" "defmt"; do
  cargo check --quiet --lib --no-default-features ${features:+--features "$features"}
done

step "benchmarks build"
cargo bench --no-run --quiet --bench core

step "tests (workspace, all features)"
cargo test --workspace --all-features

step "tests (no default features)"
cargo test --no-default-features --quiet

echo
echo "all checks passed"
